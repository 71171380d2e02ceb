package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDispatchWorstCase(t *testing.T) {
	def := DefaultDispatch()
	heavy := def
	heavy.MaxRetries = 20
	noBaseline := heavy
	noBaseline.Baseline = false
	fixed := heavy
	fixed.Job, fixed.BatchSize = JobFixed, 10
	off := heavy
	off.Enabled = false
	for _, tc := range []struct {
		name     string
		set      Dispatch
		requests int
		attempts int64
		text     string
	}{
		{"defaults", def, 10_000, 80_000, "10,000 batches × 4 attempts × 2 with the baseline"},
		{"issue 11", heavy, 10_000, 420_000, "10,000 batches × 21 attempts × 2 with the baseline"},
		{"no baseline", noBaseline, 10_000, 210_000, "10,000 batches × 21 attempts"},
		{"fixed job", fixed, 10_001, 231_042, "(1,001 batches + 10,001 baseline calls) × 21 attempts"},
		{"off", off, 10_000, 0, ""},
		{"no requests", heavy, 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.set.WorstCase(tc.requests)
			assert.Equal(t, tc.attempts, w.Attempts())
			if tc.text != "" {
				assert.Equal(t, tc.text, w.String())
			}
		})
	}
}

// TestWorstCaseBoundsTheDispatch checks the bound against runs whose every
// call fails to parse and whose failures stop nothing: they make exactly
// the worst case.
func TestWorstCaseBoundsTheDispatch(t *testing.T) {
	for _, job := range []string{JobBatches, JobFixed} {
		sc, err := DecodeScenario([]byte(`{"version":1,"policy":{"max_batch_size":1,"model_tuning":false},
			"dispatch":{"job":"` + job + `","batch_size":3,"slots":"global","concurrency":2,"max_retries":4,
				"backoff_base_ms":1,"backoff_cap_ms":1,"stop_on_exhaustion":false,"failures":{"parse_base":1}},
			"prompts":` + notePrompts(50) + `}`))
		require.NoError(t, err)
		res, err := Simulate(sc, Options{})
		require.NoError(t, err)
		w := sc.Dispatch.WorstCase(50)
		made := int64(res.Dispatch.Metrics.Attempts + res.Dispatch.Baseline.Attempts)
		assert.Equal(t, w.Attempts(), made, job)
		assert.Equal(t, int64(len(res.Attempts)), int64(res.Dispatch.Metrics.Attempts), job)
	}
}
