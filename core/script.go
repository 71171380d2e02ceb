package core

import (
	"cmp"
	"slices"
	"strconv"
)

// A ScriptedFailure forces one attempt of the batched run to fail, for
// teaching and for testing retry logic ("the first two calls get 429, then
// success"). It names the attempt either by Batch and Attempt, as numbered
// in the output (batches from 1, attempts from 0), or by Call, the n-th
// call overall (from 1, in start order); never both. A scripted attempt
// fails as the script says whatever the probabilities, the rate buckets
// and the context window; the baseline of one call per request is never
// scripted.
type ScriptedFailure struct {
	Batch   int `json:"batch,omitempty"`
	Attempt int `json:"attempt,omitempty"`
	Call    int `json:"call,omitempty"`
	// Failure is the class: rate_limit, server_error, timeout,
	// client_error or parse.
	Failure string `json:"failure"`
	// Status is the HTTP status: 429 for rate_limit, 500 (default), 502,
	// 503 or 504 for server_error, 400 (default), 401 or 403 for
	// client_error; none for timeout and parse.
	Status int `json:"status,omitempty"`
}

// scriptable are the classes a script may force, with their statuses (the
// first the default; none for a time-out, 200 for a reply that does not
// parse).
var scriptable = []struct {
	class    FailureClass
	statuses []int16
}{
	{ClassRateLimit, []int16{429}},
	{ClassServer, serverStatuses[:]},
	{ClassTimeout, []int16{0}},
	{ClassClient, clientStatuses[:]},
	{ClassParse, []int16{200}},
}

// ScriptableFailures returns the failure names a script may give, in the
// order an editor offers them.
func ScriptableFailures() []string {
	names := make([]string, len(scriptable))
	for i, s := range scriptable {
		names[i] = s.class.String()
	}
	return names
}

// maxScriptCall bounds Batch and Call.
const maxScriptCall = 1 << 30

// scripted returns the class and status of entry f, and whether its
// failure name is scriptable.
func (f *ScriptedFailure) scripted() (FailureClass, int16, bool) {
	for _, s := range scriptable {
		if s.class.String() == f.Failure {
			if f.Status == 0 {
				return s.class, s.statuses[0], true
			}
			return s.class, int16(f.Status), true
		}
	}
	return ClassNone, 0, false
}

// validateScript checks a script under path ("$.dispatch.script"): known
// failure names (with a did-you-mean hint), statuses of their class, an
// attempt within maxRetries, a batch or a call within bounds but not both,
// and no attempt named twice.
func validateScript(script []ScriptedFailure, maxRetries int, path string, errs *errorList) {
	if n := len(script); n > MaxScriptedFailures {
		errs.addf(path, ErrTooLarge, "want at most %d scripted failures, got %d", MaxScriptedFailures, n)
		return
	}
	names := ScriptableFailures()
	for i := range script {
		f := &script[i]
		at := path + "[" + strconv.Itoa(i) + "]"
		class, status, ok := f.scripted()
		switch {
		case !ok:
			msg := "want rate_limit, server_error, timeout, client_error or parse, got " + strconv.Quote(f.Failure)
			if s, ok := suggestName(f.Failure, names); ok {
				msg += "; did you mean " + strconv.Quote(s) + "?"
			}
			errs.addf(at+".failure", ErrInvalid, "%s", msg)
		case f.Status != 0 && (f.Status != int(status) || !slices.Contains(classStatuses(class), status) || class == ClassTimeout || class == ClassParse):
			errs.addf(at+".status", ErrInvalid, "want a status of %s (%s), got %d", f.Failure, statusList(classStatuses(class)), f.Status)
		}
		switch {
		case f.Batch != 0 && f.Call != 0:
			errs.addf(at, ErrInvalid, "give batch (with attempt) or call, not both")
		case f.Call != 0 && f.Attempt != 0:
			errs.addf(at+".attempt", ErrInvalid, "an attempt goes with a batch, not with a call")
		case f.Batch == 0 && f.Call == 0:
			errs.addf(at, ErrRequired, "want batch (from 1, with attempt from 0) or call (from 1)")
		}
		if f.Batch < 0 || f.Batch > maxScriptCall {
			errs.addf(at+".batch", ErrInvalid, "want 1 to %d, got %d", maxScriptCall, f.Batch)
		}
		if f.Call < 0 || f.Call > maxScriptCall {
			errs.addf(at+".call", ErrInvalid, "want 1 to %d, got %d", maxScriptCall, f.Call)
		}
		if f.Attempt < 0 || f.Attempt > max(0, maxRetries) {
			errs.addf(at+".attempt", ErrInvalid, "want 0 to %d (max_retries), got %d", max(0, maxRetries), f.Attempt)
		}
	}
	keys := make([]scriptKey, 0, len(script))
	for i := range script {
		keys = append(keys, scriptKey{script[i].Batch, script[i].Attempt, script[i].Call, i})
	}
	slices.SortFunc(keys, scriptKey.compare)
	for k := 1; k < len(keys); k++ {
		if a, b := keys[k-1], keys[k]; a.batch == b.batch && a.attempt == b.attempt && a.call == b.call {
			errs.addf(path+"["+strconv.Itoa(b.index)+"]", ErrDuplicate, "the same attempt as %s[%d]", path, a.index)
		}
	}
}

// classStatuses returns the statuses a script may give class c.
func classStatuses(c FailureClass) []int16 {
	for _, s := range scriptable {
		if s.class == c {
			return s.statuses
		}
	}
	return nil
}

// statusList is "500, 502, 503 or 504", or "none" for a class without a
// status of its own.
func statusList(statuses []int16) string {
	if len(statuses) == 1 && (statuses[0] == 0 || statuses[0] == 200) {
		return "none"
	}
	out := ""
	for i, s := range statuses {
		switch {
		case i == 0:
		case i == len(statuses)-1:
			out += " or "
		default:
			out += ", "
		}
		out += strconv.Itoa(int(s))
	}
	return out
}

// A scriptKey names the attempt of a script entry, for sorting.
type scriptKey struct{ batch, attempt, call, index int }

func (a scriptKey) compare(b scriptKey) int {
	return cmp.Or(cmp.Compare(a.batch, b.batch), cmp.Compare(a.attempt, b.attempt), cmp.Compare(a.call, b.call), cmp.Compare(a.index, b.index))
}

// A script is a dispatch script ready for the dispatcher: the forced
// failures by (batch ID, attempt) and by call number.
type script struct {
	byAttempt map[[2]int]scriptEntry
	byCall    map[int]scriptEntry
	// used[i] is whether entry i of the script forced an attempt.
	used []bool
}

// A scriptEntry is a forced failure, entry index of the script.
type scriptEntry struct {
	class  FailureClass
	status int16
	index  int
}

// newScript indexes the valid entries of s; nil when there are none.
func newScript(s []ScriptedFailure) *script {
	if len(s) == 0 {
		return nil
	}
	sc := &script{byAttempt: map[[2]int]scriptEntry{}, byCall: map[int]scriptEntry{}, used: make([]bool, len(s))}
	for i := range s {
		f := &s[i]
		class, status, ok := f.scripted()
		if !ok {
			continue
		}
		e := scriptEntry{class, status, i}
		if f.Call > 0 {
			sc.byCall[f.Call] = e
		} else if f.Batch > 0 {
			sc.byAttempt[[2]int{f.Batch, f.Attempt}] = e
		}
	}
	return sc
}

// lookup returns the forced failure of attempt a of batch id, the call-th
// call of the run, if the script names it (by call first).
func (sc *script) lookup(id, a, call int) (scriptEntry, bool) {
	e, ok := sc.byCall[call]
	if !ok {
		e, ok = sc.byAttempt[[2]int{id, a}]
	}
	if ok {
		sc.used[e.index] = true
	}
	return e, ok
}

// unused returns a warning for each entry of s that forced no attempt: its
// batch, attempt or call never came (or another entry named the same one).
func (sc *script) unused(s []ScriptedFailure) []string {
	if sc == nil {
		return nil
	}
	var out []string
	for i, used := range sc.used {
		if used {
			continue
		}
		f := &s[i]
		what := "call " + strconv.Itoa(f.Call)
		if f.Call == 0 {
			what = "attempt " + strconv.Itoa(f.Attempt) + " of batch " + strconv.Itoa(f.Batch)
		}
		out = append(out, "$.dispatch.script["+strconv.Itoa(i)+"]: "+what+" never happened in this run (or another entry named it), so this entry changed nothing")
	}
	return out
}
