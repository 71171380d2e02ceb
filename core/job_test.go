package core

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jobScenario is a scenario of n prompts, all arriving at 0, run as a
// fixed-size job with the given dispatch JSON.
func jobScenario(t *testing.T, n int, dispatch string) *Scenario {
	t.Helper()
	prompts := "["
	for i := range n {
		if i > 0 {
			prompts += ","
		}
		prompts += fmt.Sprintf(`{"request_id":"row%02d","prompt":"Summarize note %d in one line.","token_count":%d}`, i, i, 50+i)
	}
	prompts += "]"
	s, err := DecodeScenario([]byte(`{"version":1,"arrivals":{"process":"fixed","gap_ms":0},"prompts":` + prompts + `,"dispatch":` + dispatch + `}`))
	require.NoError(t, err)
	return s
}

func TestFixedJobChunks(t *testing.T) {
	s := jobScenario(t, 23, `{"job":"fixed","batch_size":10,"concurrency":2}`)
	res, err := Simulate(s, Options{})
	require.NoError(t, err)
	require.Len(t, res.Batches, 3)
	sizes := []int{10, 10, 3}
	for k, b := range res.Batches {
		assert.Equal(t, sizes[k], b.Size)
		ids := res.RequestIDs(&res.Batches[k])
		assert.Equal(t, fmt.Sprintf("row%02d", 10*k), ids[0], "consecutive rows")
	}
	assert.Equal(t, CloseFlush, res.Batches[2].CloseReason)
	d := res.Dispatch
	assert.Equal(t, JobFixed, d.Job)
	assert.Equal(t, []Pool{{Name: "global", Slots: 2}}, d.Pools)
	// Two slots: batches 1 and 2 start at once, 3 when one of them ends.
	assert.Equal(t, int64(0), d.Batches[0].StartMs)
	assert.Equal(t, int64(0), d.Batches[1].StartMs)
	assert.Equal(t, min(d.Batches[0].EndMs, d.Batches[1].EndMs), d.Batches[2].StartMs)
	assert.Equal(t, 2, d.Metrics.MaxInFlight)
	assert.Equal(t, 23, d.Metrics.SuccessfulRows)
	// The shared-prompt-free job costs the same tokens as one call per row.
	assert.Equal(t, d.Baseline.TokensIn, d.Metrics.TokensIn)
}

func TestFixedJobShuffleKeepsInputOrder(t *testing.T) {
	plain, err := Simulate(jobScenario(t, 40, `{"job":"fixed","batch_size":7}`), Options{})
	require.NoError(t, err)
	shuffled, err := Simulate(jobScenario(t, 40, `{"job":"fixed","batch_size":7,"shuffle":true}`), Options{})
	require.NoError(t, err)
	assert.NotEqual(t, plain.RequestIDs(&plain.Batches[0]), shuffled.RequestIDs(&shuffled.Batches[0]), "the seed shuffles the rows")
	for _, res := range []*Result{plain, shuffled} {
		outs := res.Dispatch.RequestOutcomes()
		require.Len(t, outs, 40)
		for i, o := range outs {
			assert.Equal(t, i, o.Index)
			assert.Equal(t, fmt.Sprintf("row%02d", i), o.RequestID, "results in input order")
			assert.Equal(t, OutcomeOK, o.Outcome)
			assert.Contains(t, res.RequestIDs(&res.Batches[o.Batch-1]), o.RequestID)
		}
	}
	// The same seed shuffles the same way; another seed differently.
	again, err := Simulate(jobScenario(t, 40, `{"job":"fixed","batch_size":7,"shuffle":true}`), Options{})
	require.NoError(t, err)
	assert.Equal(t, shuffled.RequestIDs(&shuffled.Batches[0]), again.RequestIDs(&again.Batches[0]))
	s := jobScenario(t, 40, `{"job":"fixed","batch_size":7,"shuffle":true}`)
	s.Seed = 99
	other, err := Simulate(s, Options{})
	require.NoError(t, err)
	assert.NotEqual(t, shuffled.RequestIDs(&shuffled.Batches[0]), other.RequestIDs(&other.Batches[0]))
}

// TestStopOnExhaustion: a batch that fails for good cancels the batches not
// yet started, and the partial result says what succeeded.
func TestStopOnExhaustion(t *testing.T) {
	// Batch 3 is too large for the context window: HTTP 400, not retried.
	s := jobScenario(t, 30, `{"job":"fixed","batch_size":5,"concurrency":1,"model":"gpt-3.5-turbo"}`)
	s.Catalog.Models = append(s.Catalog.Models, []byte(`{"name":"gpt-3.5-turbo","context_tokens":500}`))
	require.NoError(t, s.Validate())
	res, err := Simulate(s, Options{})
	require.NoError(t, err)
	d := res.Dispatch
	m := d.Metrics
	assert.True(t, m.Stopped)
	assert.Equal(t, OutcomeOK, d.Batches[0].Outcome)
	failed := slices.IndexFunc(d.Batches, func(o BatchOutcome) bool { return o.Outcome == OutcomeFailed })
	require.GreaterOrEqual(t, failed, 0)
	assert.Equal(t, m.StoppedAtMs, d.Batches[failed].EndMs)
	for _, o := range d.Batches[failed+1:] {
		assert.Equal(t, OutcomeCancelled, o.Outcome)
	}
	assert.Equal(t, 5*failed, m.SuccessfulRows)
	assert.Equal(t, 5, m.FailedRows)
	assert.Equal(t, 30-5*failed-5, m.CancelledRows)
	a := res.Attempts[len(res.Attempts)-1]
	assert.Equal(t, ClassContext, a.Class)
	assert.Equal(t, int16(400), a.Status)
	assert.Equal(t, OutcomeFailed, a.Outcome)

	// Without stop_on_exhaustion every other batch still runs.
	s.Dispatch.StopOnExhaustion = false
	res, err = Simulate(s, Options{})
	require.NoError(t, err)
	assert.False(t, res.Dispatch.Metrics.Stopped)
	assert.Zero(t, res.Dispatch.Metrics.CancelledRows)
}

// TestRetryHoldsSlot: with one slot, a batch that retries keeps it through
// its backoff, so the next batch waits for its last attempt.
func TestRetryHoldsSlot(t *testing.T) {
	s := jobScenario(t, 4, `{"job":"fixed","batch_size":2,"concurrency":1,"stop_on_exhaustion":false,"failures":{"server_error":1}}`)
	res, err := Simulate(s, Options{})
	require.NoError(t, err)
	require.Len(t, res.Attempts, 8, "two batches × (1 + 3 retries)")
	first, second := res.Dispatch.Batches[0], res.Dispatch.Batches[1]
	assert.Equal(t, OutcomeFailed, first.Outcome)
	assert.Equal(t, first.EndMs, second.StartMs)
	for _, a := range res.Attempts[:3] {
		assert.Equal(t, OutcomeRetry, a.Outcome)
		assert.Contains(t, []int16{500, 502, 503, 504}, a.Status)
	}
	assert.Equal(t, 6, res.Dispatch.Metrics.Retries)
	assert.Zero(t, res.Dispatch.Metrics.TokensIn, "HTTP errors consume no tokens")
}
