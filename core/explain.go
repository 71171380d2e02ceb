package core

import (
	"strconv"
)

// An Explanation says why a batch closed: the rule that fired and by how
// much, with the other limits for context.
type Explanation struct {
	Batch       int         `json:"batch"`
	CloseReason CloseReason `json:"close_reason"`
	Size        int         `json:"size"`
	MaxSize     int         `json:"max_size"`
	Tokens      int         `json:"tokens_effective"`
	MaxTokens   int         `json:"max_tokens"`
	WaitMs      int64       `json:"wait_ms"`
	// WaitLimitMs is how long the batch could wait: its deadline minus its
	// creation.
	WaitLimitMs int64 `json:"wait_limit_ms"`
	// LateMs is how much longer than its limit the batch waited (seed mode
	// notices time-outs only at the next arrival).
	LateMs int64 `json:"late_ms,omitempty"`
	// DeadlineBy is the member whose arrival + wait set the deadline.
	DeadlineBy string `json:"deadline_by,omitempty"`
	// ClosedBy is the request that did not fit, and NeededTokens its
	// effective tokens, when a batch closed before it was full.
	ClosedBy     string `json:"closed_by,omitempty"`
	NeededTokens int    `json:"needed_tokens,omitempty"`
	// Text says all of it in one sentence.
	Text string `json:"text"`
}

// Explain returns why batch b of the result closed, as the batcher
// recorded it. It takes time in b's size: the requests involved are found
// by index, never by id.
func (r *Result) Explain(b *Batch) Explanation {
	w := &b.why
	e := Explanation{
		Batch: b.ID, CloseReason: b.CloseReason, Size: b.Size, MaxSize: b.MaxSize,
		Tokens: b.TokensEffective, MaxTokens: b.MaxTokens, WaitMs: b.WaitMs,
		WaitLimitMs: b.DeadlineAt - b.CreatedAt, ClosedBy: b.ClosedBy,
	}
	if i, ok := w.deadlineSetter(); ok && i < len(r.Requests) {
		e.DeadlineBy = r.Requests[i].ID
	}
	if i, ok := w.closer(); ok && i < len(r.Requests) {
		e.NeededTokens = r.Requests[i].EffectiveTokens
	}
	e.LateMs = max(0, e.WaitMs-e.WaitLimitMs)
	e.Text = e.text(b)
	return e
}

// Explanations returns the explanation of every batch, in batch order.
func (r *Result) Explanations() []Explanation {
	out := make([]Explanation, len(r.Batches))
	for i := range r.Batches {
		out[i] = r.Explain(&r.Batches[i])
	}
	return out
}

func (e *Explanation) text(b *Batch) string {
	_, closed := b.why.closer()
	// Appended piece by piece (no fmt): a run explains every batch, and
	// 40,000 batches must take milliseconds.
	out := make([]byte, 0, 160)
	size := func(out []byte) []byte {
		out = appendCount(out, e.Size)
		out = append(out, '/')
		out = appendCount(out, e.MaxSize)
		return append(out, " requests"...)
	}
	tokens := func(out []byte) []byte {
		out = append(out, "tokens "...)
		out = appendCount(out, e.Tokens)
		out = append(out, '/')
		return appendCount(out, e.MaxTokens)
	}
	waited := func(out []byte) []byte {
		out = append(out, "waited "...)
		out = strconv.AppendInt(out, e.WaitMs, 10)
		out = append(out, " of "...)
		out = strconv.AppendInt(out, e.WaitLimitMs, 10)
		return append(out, " ms"...)
	}
	sep := func(out []byte) []byte { return append(out, "; "...) }
	switch {
	case b.Oversize:
		out = append(out, "sent alone at once: "...)
		out = appendCount(out, e.Tokens)
		out = append(out, " effective tokens are over the "...)
		out = appendCount(out, e.MaxTokens)
		out = append(out, "-token limit on their own"...)
	case e.CloseReason == CloseSize:
		out = append(out, "closed on size: "...)
		out = waited(sep(tokens(sep(size(out)))))
	case e.CloseReason == CloseTokens && closed:
		out = append(out, "closed on tokens: "...)
		out = append(tokens(out), ", and "...)
		out = append(out, e.ClosedBy...)
		out = append(out, " needed "...)
		out = appendCount(out, e.NeededTokens)
		out = append(out, " more"...)
		out = waited(sep(size(sep(out))))
	case e.CloseReason == CloseTokens:
		out = append(out, "closed on tokens: "...)
		out = append(tokens(out), " reached"...)
		out = waited(sep(size(sep(out))))
	case e.CloseReason == CloseTime && e.LateMs > 0:
		out = append(out, "closed on time, noticed only at the next arrival: waited "...)
		out = strconv.AppendInt(out, e.WaitMs, 10)
		out = append(out, " ms against a "...)
		out = strconv.AppendInt(out, e.WaitLimitMs, 10)
		out = append(out, " ms limit ("...)
		out = strconv.AppendInt(out, e.LateMs, 10)
		out = append(out, " ms late, set by "...)
		out = append(out, e.DeadlineBy...)
		out = append(out, ')')
		out = tokens(sep(size(sep(out))))
	case e.CloseReason == CloseTime:
		out = append(out, "closed on time: "...)
		out = append(waited(out), " (deadline set by "...)
		out = append(out, e.DeadlineBy...)
		out = append(out, ')')
		out = tokens(sep(size(sep(out))))
	default:
		out = append(out, "flushed at the last arrival: "...)
		out = tokens(sep(size(sep(waited(out)))))
	}
	return string(out)
}

// FormatCount formats n with thousands separators: 12,345.
func FormatCount(n int) string { return string(appendCount(nil, n)) }

// appendCount appends n with thousands separators.
func appendCount(out []byte, n int) []byte {
	var digits [24]byte
	s := strconv.AppendInt(digits[:0], int64(n), 10)
	if n < 0 {
		out = append(out, '-')
		s = s[1:]
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return out
}
