package core

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mixedScenario(t *testing.T) Scenario {
	t.Helper()
	data, err := os.ReadFile("../testdata/prompts/mixed.json")
	require.NoError(t, err)
	s := DefaultScenario()
	s.Prompts = data
	return s
}

// TestSweepPointsEqualRuns checks that every point of a sweep equals a run
// of the scenario with that setting, for every knob.
func TestSweepPointsEqualRuns(t *testing.T) {
	s := mixedScenario(t)
	s.Dispatch.Failures.Server = 0.05
	s.Policy.ModelTuning = false
	sweeps := []Sweep{
		{Knob: "policy.wait_ms", From: 0, To: 200, Step: 100},
		{Knob: "policy.max_wait_ms", From: 20, To: 120, Step: 50},
		{Knob: "policy.base_wait_ms", From: 40, To: 120, Step: 40},
		{Knob: "policy.max_batch_size", From: 1, To: 11, Step: 5},
		{Knob: "policy.max_batch_tokens", From: 50, To: 450, Step: 200},
		{Knob: "dispatch.concurrency", From: 1, To: 7, Step: 3},
		{Knob: "dispatch.batch_size", From: 5, To: 25, Step: 10},
		{Knob: "dispatch.max_retries", From: 0, To: 4, Step: 2},
		{Knob: "dispatch.failures.rate_limit", From: 0, To: 0.5, Step: 0.25},
		{Knob: "dispatch.failures.server_error", From: 0, To: 0.2, Step: 0.1},
		{Knob: "dispatch.failures.timeout", From: 0, To: 0.1, Step: 0.05},
		{Knob: "dispatch.failures.parse_per_row", From: 0, To: 0.02, Step: 0.01},
		{Knob: "shared_prompt_tokens", From: 0, To: 1000, Step: 500},
		{Knob: "policy.wait_low_ms", From: 40, To: 120, Step: 40},
		{Knob: "policy.wait_high_ms", From: 0, To: 80, Step: 40},
		{Knob: "policy.min_wait_ms", From: 0, To: 120, Step: 60},
		{Knob: "arrivals.gap_ms", From: 0, To: 100, Step: 50},
		{Knob: "arrivals.rate_per_s", From: 10, To: 200, Step: 95},
		{Knob: "arrivals.burst_size", From: 1, To: 9, Step: 4},
		{Knob: "arrivals.burst_gap_ms", From: 0, To: 200, Step: 100},
		{Knob: "dispatch.backoff_base_ms", From: 0, To: 2000, Step: 1000},
		{Knob: "dispatch.backoff_cap_ms", From: 0, To: 2000, Step: 1000},
		{Knob: "dispatch.timeout_ms", From: 500, To: 4500, Step: 2000},
		{Knob: "dispatch.failures.client_error", From: 0, To: 0.2, Step: 0.1},
		{Knob: "dispatch.failures.parse_base", From: 0, To: 0.4, Step: 0.2},
		{Knob: "traffic.sample", From: 0.2, To: 1, Step: 0.4},
		{Knob: "traffic.rate_scale", From: 0.5, To: 4.5, Step: 2},
	}
	require.Len(t, sweeps, len(Knobs()), "every knob is tested")
	untimed := s
	data, err := os.ReadFile("../testdata/prompts/untimed.json")
	require.NoError(t, err)
	untimed.Prompts = data
	for _, sw := range sweeps {
		t.Run(sw.Knob, func(t *testing.T) {
			s := s
			if k, _ := LookupKnob(sw.Knob); k.Group == GroupArrivals {
				s = untimed // arrivals time only prompts without created_at_ms
			}
			calls := 0
			points, err := RunSweep(&s, sw, Options{PromptsPath: "$"}, func(done, total int) {
				calls++
				assert.Equal(t, calls, done)
				assert.Equal(t, 3, total)
			})
			require.NoError(t, err)
			require.Len(t, points, 3)
			distinct := map[Summary]bool{}
			r, err := NewSweepRun(&s, sw, Options{})
			require.NoError(t, err)
			for i, p := range points {
				one := r.Scenario(i)
				res, err := Simulate(&one, Options{})
				require.NoError(t, err)
				assert.Equal(t, res.Summary(), p.Summary, "%s = %v", sw.Knob, p.Value)
				distinct[p.Summary] = true
			}
			assert.Greater(t, len(distinct), 1, "the knob changes the outcome")
		})
	}
}

func TestSweepValues(t *testing.T) {
	v, err := Sweep{Knob: "policy.max_batch_size", From: 1, To: 10, Step: 4}.Values()
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 5, 9}, v)
	v, err = Sweep{Knob: "dispatch.failures.rate_limit", From: 0, To: 0.3, Step: 0.1}.Values()
	require.NoError(t, err)
	assert.Len(t, v, 4, "0, 0.1, 0.2, 0.3 despite rounding")

	for _, tt := range []struct {
		sw   Sweep
		want string
	}{
		{Sweep{Knob: "nope", Step: 1}, "$.knob: want one of"},
		{Sweep{Knob: "policy.max_batch_size", From: 0, To: 5, Step: 1}, "$.from: want Max batch size from 1 to 1000000 requests, got 0"},
		{Sweep{Knob: "policy.max_batch_size", From: 1, To: 5, Step: 0.5}, "$.step: want a whole number of requests"},
		{Sweep{Knob: "policy.max_batch_size", From: 5, To: 1, Step: 1}, "$.to: want to ≥ from"},
		{Sweep{Knob: "policy.max_batch_size", From: 1, To: 5, Step: 0}, "$.step: want a positive step"},
		{Sweep{Knob: "policy.wait_ms", From: 0, To: 10000, Step: 1}, "$.step: the sweep would run 10001 points; at most 1000"},
		{Sweep{Knob: "dispatch.failures.timeout", From: 0, To: 2, Step: 1}, "$.to: want Hangs (timeout) from 0 to 1 probability, got 2"},
	} {
		_, err := tt.sw.Values()
		require.Error(t, err)
		assert.Contains(t, err.Error(), tt.want)
	}
	s := DefaultScenario()
	_, err = RunSweep(&s, Sweep{Knob: "dispatch.failures.rate_limit", From: 0.5, To: 1, Step: 0.5}, Options{}, nil)
	require.NoError(t, err, "an empty trace sweeps fine")
	s.Dispatch.Failures.Server = 0.8
	_, err = RunSweep(&s, Sweep{Knob: "dispatch.failures.rate_limit", From: 0, To: 0.5, Step: 0.5}, Options{}, nil)
	require.Error(t, err, "a point whose failure chances add up over 1 is refused")
	assert.Contains(t, err.Error(), "dispatch.failures.rate_limit = 0.5: ")
}

func TestSweepParetoMarked(t *testing.T) {
	s := mixedScenario(t)
	points, err := RunSweep(&s, Sweep{Knob: "policy.wait_ms", From: 0, To: 200, Step: 20}, Options{}, nil)
	require.NoError(t, err)
	xs, ys := []float64{}, []float64{}
	for _, p := range points {
		xs = append(xs, float64(p.P95LatencyMs))
		ys = append(ys, p.CostUSD)
	}
	front := ParetoFront(xs, ys)
	n := 0
	for i, p := range points {
		assert.Equal(t, front[i], p.Pareto)
		if p.Pareto {
			n++
		}
	}
	assert.Positive(t, n)
}

func TestCompareSeedAndTimer(t *testing.T) {
	data, err := os.ReadFile("../testdata/prompts/worked-example.json")
	require.NoError(t, err)
	a, b := DefaultScenario(), DefaultScenario()
	a.Prompts, b.Prompts = data, data
	a.Mode, b.Mode = ModeSeed, ModeTimer
	a.Dispatch.Enabled, b.Dispatch.Enabled = false, false
	c, ra, rb, err := CompareScenarios(&a, &b, Options{})
	require.NoError(t, err)
	require.NotNil(t, ra)
	require.NotNil(t, rb)
	assert.Equal(t, int64(200), c.A.P95QueueWaitMs)
	assert.Equal(t, int64(50), c.B.P95QueueWaitMs)
	assert.Equal(t, int64(-150), c.Delta.P95QueueWaitMs)
	require.Len(t, c.Requests, 5)
	assert.Equal(t, RequestChange{RequestID: "a", BatchA: 1, BatchB: 1, SizeA: 2, SizeB: 2, WaitA: 200, WaitB: 50, WaitDeltaMs: -150}, c.Requests[0])
	assert.Equal(t, 0, c.Moved, "the same groups, only sent earlier")
	assert.Equal(t, 4, c.Faster)
	assert.Equal(t, 1, c.Slower, "e waits 50 ms instead of being flushed at once")

	other := DefaultScenario()
	other.Prompts = []byte(`["x"]`)
	ro, err := Simulate(&other, Options{})
	require.NoError(t, err)
	_, err = Compare(ra, ro)
	assert.ErrorContains(t, err, "not the same trace")
}

// TestCompareDuplicateIDs compares two seed-mode runs of prompts whose ids
// repeat (the reference keeps duplicates): requests are matched by their
// place in the input, so each keeps its own batch.
func TestCompareDuplicateIDs(t *testing.T) {
	a, b := DefaultScenario(), DefaultScenario()
	a.Prompts = []byte(`[{"prompt":"Summarize this","request_id":"q","created_at_ms":0},
		{"prompt":"Write Python code","request_id":"q","created_at_ms":10},
		{"prompt":"Summarize that","request_id":"q","created_at_ms":20}]`)
	b.Prompts = a.Prompts
	a.Mode, b.Mode = ModeSeed, ModeSeed
	a.Dispatch.Enabled, b.Dispatch.Enabled = false, false
	b.Policy.MaxBatchSize, b.Policy.ModelTuning = 1, false
	c, ra, rb, err := CompareScenarios(&a, &b, Options{})
	require.NoError(t, err)
	require.Len(t, c.Requests, 3)
	for i, ch := range c.Requests {
		assert.Equal(t, "q", ch.RequestID)
		assert.Equal(t, ra.Requests[i].Batch, ch.BatchA, "request %d", i)
		assert.Equal(t, rb.Requests[i].Batch, ch.BatchB, "request %d", i)
	}
	assert.Equal(t, 3, c.B.Batches, "every request alone in B")
	assert.Equal(t, 2, c.Moved, "the two summaries shared a batch in A")
}
