package core

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rowsAtZero is a prompts document of n rows, all arriving at t = 0.
func rowsAtZero(n int) string {
	rows := make([]string, n)
	for i := range rows {
		rows[i] = fmt.Sprintf(`{"prompt":"Summarize row %d","created_at_ms":0}`, i)
	}
	return "[" + strings.Join(rows, ",") + "]"
}

// issueExample is the fidelity issue's run: 60 rows at t = 0,
// `--job fixed --batch-size 5 --fail-429 0.5 --fail-4xx 0.15 --seed 1`.
func issueExample(t *testing.T, semantics string) *Result {
	return simulateJSON(t, `{"version":1,"seed":1,"prompts":`+rowsAtZero(60)+`,
		"dispatch":{"job":"fixed","batch_size":5,"semantics":"`+semantics+`","failures":{"rate_limit":0.5,"client_error":0.15}}}`)
}

// attemptsOf returns the attempts of batch id.
func attemptsOf(res *Result, id int32) []Attempt {
	var out []Attempt
	for _, a := range res.Attempts {
		if a.Batch == id {
			out = append(out, a)
		}
	}
	return out
}

// TestSemanticsIssueExample: batch 1 fails for good at 1507 ms while batch 2
// waits out a backoff (until 3568 ms). batchlab cancels batch 2 at the stop
// and starts nothing more; Smelt starts batch 4 in the slot batch 1 freed,
// cancels batch 2 when it wakes, the queued batches at the next release,
// and counts every cancelled batch as failed.
func TestSemanticsIssueExample(t *testing.T) {
	clean := issueExample(t, "")
	smelt := issueExample(t, SemanticsSmelt)
	for _, res := range []*Result{clean, smelt} {
		m := &res.Dispatch.Metrics
		assert.True(t, m.Stopped)
		assert.Equal(t, int64(1507), m.StoppedAtMs)
		assert.Equal(t, OutcomeFailed, res.Dispatch.Batches[0].Outcome)
		b2 := attemptsOf(res, 2)
		require.Len(t, b2, 2)
		assert.Equal(t, int64(1478+2090), b2[1].EndMs+b2[1].BackoffMs, "batch 2 was due to retry at 3568 ms")
	}

	// batchlab: nothing starts after the stop; batch 2 is cancelled at it.
	b := clean.Dispatch
	assert.Equal(t, OutcomeCancelled, b.Batches[1].Outcome)
	assert.Equal(t, int64(1507), b.Batches[1].EndMs)
	assert.Equal(t, OutcomeCancelled, b.Batches[3].Outcome)
	for _, a := range clean.Attempts {
		assert.LessOrEqual(t, a.StartMs, int64(1507))
	}
	assert.Equal(t, 6, b.Metrics.Attempts)
	assert.Equal(t, 3, b.Metrics.Retries)
	assert.Equal(t, 1, b.Metrics.FailedBatches)
	assert.Equal(t, 10, b.Metrics.CancelledBatches)
	assert.Equal(t, int64(2008), b.Metrics.WallMs)
	assert.Nil(t, b.Metrics.Smelt)

	// Smelt: one extra call (batch 4 at the stop instant), batch 2
	// cancelled when it wakes, the queued batches when batch 4 frees its
	// slot.
	s := smelt.Dispatch
	assert.Equal(t, OutcomeOK, s.Batches[3].Outcome)
	assert.Equal(t, int64(1507), s.Batches[3].StartMs)
	assert.Equal(t, OutcomeCancelled, s.Batches[1].Outcome)
	assert.Equal(t, int64(3568), s.Batches[1].EndMs)
	for _, o := range s.Batches[4:] {
		assert.Equal(t, OutcomeCancelled, o.Outcome)
		assert.Equal(t, s.Batches[3].EndMs, o.EndMs, "queued batches are cancelled at the next slot release")
	}
	assert.Equal(t, 7, s.Metrics.Attempts)
	assert.Equal(t, &SmeltMetrics{
		TotalRows: 60, SuccessfulRows: 10, FailedRows: 50,
		TotalBatches: 12, SuccessfulBatches: 2, FailedBatches: 10,
		TotalRetries: 4, InputTokens: s.Metrics.Smelt.InputTokens, OutputTokens: s.Metrics.Smelt.OutputTokens,
		WallTimeSeconds: 3.568,
	}, s.Metrics.Smelt)
	// Tokens of the two replies only (batches 3 and 4), not of the 429s
	// and the 4xx.
	var in int64
	for _, a := range smelt.Attempts {
		if a.Class == ClassNone {
			in += a.TokensIn
		}
	}
	assert.Equal(t, in, s.Metrics.Smelt.InputTokens)
}

// quirkScenario is a fixed job of n rows at t = 0 (or one every gapMs) in
// chunks of 1, with concurrency slots, a script and the semantics.
func quirkScenario(t *testing.T, semantics string, n, slots int, gapMs int64, script string) *Result {
	rows := make([]string, n)
	for i := range rows {
		rows[i] = fmt.Sprintf(`{"prompt":"Row %d","created_at_ms":%d}`, i, int64(i)*gapMs)
	}
	return simulateJSON(t, fmt.Sprintf(`{"version":1,"seed":7,"prompts":[%s],
		"dispatch":{"job":"fixed","batch_size":1,"concurrency":%d,"backoff_base_ms":1000,"semantics":%q,"baseline":false,"script":%s}}`,
		strings.Join(rows, ","), slots, semantics, script))
}

// TestSemanticsQuirks: each of Smelt's quirks 4-7, and batchlab's clean
// stop in the same scenario.
func TestSemanticsQuirks(t *testing.T) {
	// Batch 1 is rate-limited (backoff ≥ 1 s); batch 2 fails for good
	// (400) while batch 1 waits.
	inBackoff := `[{"batch":1,"failure":"rate_limit"},{"batch":2,"failure":"client_error"}]`
	// Batch 1 fails for good while batches 3 and 4 wait for a slot.
	queued := `[{"batch":1,"failure":"client_error"}]`
	tests := []struct {
		name, semantics, script string
		n, slots                int
		gapMs                   int64
		check                   func(t *testing.T, res *Result)
	}{
		{"4: Smelt cancels a batch in backoff when it wakes", SemanticsSmelt, inBackoff, 2, 2, 0, func(t *testing.T, res *Result) {
			o, a := res.Dispatch.Batches[0], attemptsOf(res, 1)
			require.Len(t, a, 1)
			assert.Equal(t, OutcomeCancelled, o.Outcome)
			assert.Equal(t, a[0].EndMs+a[0].BackoffMs, o.EndMs)
			assert.Greater(t, o.EndMs, res.Dispatch.Metrics.StoppedAtMs)
		}},
		{"4: batchlab cancels a batch in backoff at the stop", "", inBackoff, 2, 2, 0, func(t *testing.T, res *Result) {
			o := res.Dispatch.Batches[0]
			assert.Equal(t, OutcomeCancelled, o.Outcome)
			assert.Equal(t, res.Dispatch.Metrics.StoppedAtMs, o.EndMs)
			assert.Equal(t, int32(0), o.Slot, "it keeps the slot it held")
			assert.Equal(t, 1, o.Attempts)
		}},
		{"5: Smelt starts the next waiting batch after the stop", SemanticsSmelt, queued, 4, 2, 0, func(t *testing.T, res *Result) {
			d := res.Dispatch
			stop := d.Metrics.StoppedAtMs
			assert.Equal(t, OutcomeOK, d.Batches[2].Outcome)
			assert.Equal(t, stop, d.Batches[2].StartMs, "one extra call at the stop")
			assert.Equal(t, OutcomeCancelled, d.Batches[3].Outcome)
			next := min(d.Batches[1].EndMs, d.Batches[2].EndMs)
			assert.Equal(t, next, d.Batches[3].EndMs, "cancelled at the next slot release")
			assert.Greater(t, next, stop)
		}},
		{"5: batchlab cancels the queue at the stop", "", queued, 4, 2, 0, func(t *testing.T, res *Result) {
			d := res.Dispatch
			for _, o := range d.Batches[2:] {
				assert.Equal(t, OutcomeCancelled, o.Outcome)
				assert.Equal(t, d.Metrics.StoppedAtMs, o.EndMs)
			}
			assert.Equal(t, OutcomeOK, d.Batches[1].Outcome, "a call running at the stop ends")
		}},
		{"6: Smelt's counts", SemanticsSmelt, `[{"batch":1,"failure":"timeout"},{"batch":2,"failure":"client_error"}]`, 2, 2, 0, func(t *testing.T, res *Result) {
			m := res.Dispatch.Metrics
			s := m.Smelt
			require.NotNil(t, s)
			assert.Equal(t, 0, m.Retries, "batchlab: no retry ran")
			assert.Equal(t, 1, s.TotalRetries, "Smelt: the retry cancelled in its backoff counts")
			assert.Equal(t, m.FailedBatches+m.CancelledBatches, s.FailedBatches)
			assert.Equal(t, 2, s.FailedBatches, "batch 1 cancelled in backoff, batch 2 failed")
			assert.Equal(t, 2, s.FailedRows)
			assert.Positive(t, m.TokensIn, "batchlab: the time-out consumed its input")
			assert.Zero(t, s.InputTokens, "Smelt: a time-out adds no tokens")
			b1 := res.Dispatch.Batches[0]
			assert.Equal(t, float64(b1.EndMs)/1000, s.WallTimeSeconds, "Smelt's wall time runs until the cancelled batch wakes")
			assert.Less(t, m.WallMs, b1.EndMs)
		}},
		{"7: Smelt starts every chunk at the first arrival, in index order", SemanticsSmelt, `[]`, 3, 3, 500, func(t *testing.T, res *Result) {
			for _, o := range res.Dispatch.Batches {
				assert.Equal(t, int64(0), o.ReadyMs)
				assert.Equal(t, int64(0), o.StartMs)
			}
		}},
		{"7: batchlab makes a chunk ready at its last arrival", "", `[]`, 3, 3, 500, func(t *testing.T, res *Result) {
			for i, o := range res.Dispatch.Batches {
				assert.Equal(t, int64(i)*500, o.ReadyMs)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, quirkScenario(t, tt.semantics, tt.n, tt.slots, tt.gapMs, tt.script))
		})
	}
}

// TestScriptedFailures: "the first two calls get 429, then success"; by
// batch and attempt, by call; the baseline is never scripted.
func TestScriptedFailures(t *testing.T) {
	res := simulateJSON(t, `{"version":1,"seed":3,"prompts":`+rowsAtZero(6)+`,
		"dispatch":{"job":"fixed","batch_size":2,"concurrency":1,"failures":{"server_error":0},
		"script":[{"call":1,"failure":"rate_limit"},{"call":2,"failure":"rate_limit"},
		          {"batch":2,"attempt":0,"failure":"server_error","status":503},{"batch":3,"attempt":1,"failure":"parse"}]}}`)
	var got []string
	for _, a := range res.Attempts {
		got = append(got, fmt.Sprintf("%d/%d %s %d %v", a.Batch, a.Number, a.Outcome, a.Status, a.Scripted))
	}
	assert.Equal(t, []string{
		"1/0 retry 429 true", "1/1 retry 429 true", "1/2 ok 200 false",
		"2/0 retry 503 true", "2/1 ok 200 false",
		"3/0 ok 200 false",
	}, got, "batch 3 succeeds at once, so its scripted attempt 1 never happens")
	b1 := attemptsOf(res, 1)
	assert.Equal(t, b1[0].EndMs+b1[0].BackoffMs, b1[1].StartMs, "the backoff follows the scripted 429")
	assert.Equal(t, res.Dispatch.Metrics.Attempts-2-1, res.Dispatch.Baseline.Attempts-res.Dispatch.Baseline.Retries-3,
		"the baseline's calls are not scripted: 6 requests, one call each")
	assert.Zero(t, res.Dispatch.Baseline.Failures.RateLimit)

	data, err := json.Marshal(res.Attempts[0])
	require.NoError(t, err)
	assert.Contains(t, string(data), `"scripted":true`)
	assert.Equal(t, []string{"$.dispatch.script[3]: attempt 1 of batch 3 never happened in this run (or another entry named it), so this entry changed nothing"},
		res.Warnings, "an entry that changed nothing is not dropped silently")
}

// TestScriptValidation names every bad entry by its path.
func TestScriptValidation(t *testing.T) {
	tests := []struct {
		script string
		want   []string
	}{
		{`[{"batch":1,"failure":"rate_limt"}]`, []string{`$.dispatch.script[0].failure: want rate_limit, server_error, timeout, client_error or parse, got "rate_limt"; did you mean "rate_limit"?`}},
		{`[{"batch":1,"failure":"server_error","status":429}]`, []string{`$.dispatch.script[0].status: want a status of server_error (500, 502, 503 or 504), got 429`}},
		{`[{"batch":1,"failure":"timeout","status":504}]`, []string{`$.dispatch.script[0].status: want a status of timeout (none), got 504`}},
		{`[{"batch":1,"call":2,"failure":"timeout"}]`, []string{`$.dispatch.script[0]: give batch (with attempt) or call, not both`}},
		{`[{"call":2,"attempt":1,"failure":"timeout"}]`, []string{`$.dispatch.script[0].attempt: an attempt goes with a batch, not with a call`}},
		{`[{"failure":"timeout"}]`, []string{`$.dispatch.script[0]: want batch (from 1, with attempt from 0) or call (from 1)`}},
		{`[{"batch":-1,"failure":"parse"}]`, []string{`$.dispatch.script[0].batch: want 1 to 1073741824, got -1`}},
		{`[{"call":-3,"failure":"parse"}]`, []string{`$.dispatch.script[0].call: want 1 to 1073741824, got -3`}},
		{`[{"batch":1,"attempt":4,"failure":"parse"}]`, []string{`$.dispatch.script[0].attempt: want 0 to 3 (max_retries), got 4`}},
		{`[{"batch":1,"failure":"parse"},{"batch":1,"attempt":0,"failure":"timeout"}]`, []string{`$.dispatch.script[1]: the same attempt as $.dispatch.script[0]`}},
		{`[{"batch":1,"failure":"parse","when":3}]`, []string{`$.dispatch.script[0].when: unknown field; want one of batch, attempt, call, failure, status`}},
	}
	for _, tt := range tests {
		t.Run(tt.script, func(t *testing.T) {
			sc, err := DecodeScenario([]byte(`{"version":1,"dispatch":{"script":` + tt.script + `}}`))
			if err == nil {
				err = sc.Validate()
			}
			require.Error(t, err)
			var got []string
			for _, fe := range FieldErrors(err) {
				got = append(got, fe.Error())
			}
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					found = found || strings.HasPrefix(g, w)
				}
				assert.True(t, found, "want %q in %q", w, got)
			}
		})
	}

	long := make([]string, MaxScriptedFailures+1)
	for i := range long {
		long[i] = fmt.Sprintf(`{"call":%d,"failure":"timeout"}`, i+1)
	}
	_, err := DecodeScenario([]byte(`{"version":1,"dispatch":{"script":[` + strings.Join(long, ",") + `]}}`))
	assert.ErrorIs(t, err, ErrTooLarge)
}
