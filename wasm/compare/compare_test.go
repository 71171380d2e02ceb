package compare

import (
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func load(t *testing.T, key string) core.Scenario {
	t.Helper()
	sc, err := preset.Load(key)
	require.NoError(t, err)
	return *sc
}

func TestACopyChangesNothing(t *testing.T) {
	s := New(load(t, "coding-day"))
	require.Empty(t, s.Err)
	require.NotNil(t, s.Comparison)
	assert.Zero(t, s.Comparison.Moved)
	for _, row := range s.MetricRows() {
		assert.Equal(t, "no change", row.Delta, row.Key)
		assert.Equal(t, row.A, row.B, row.Key)
	}
	rows, total := s.RequestRows()
	assert.Equal(t, 100, total)
	assert.Len(t, rows, 100)
	assert.Equal(t, s.LayoutA, s.LayoutB, "the same run draws the same timeline")
}

func TestEditingBComparesOnOneAxis(t *testing.T) {
	s := New(load(t, "steady-chat"))
	s.SetField(Fields[0], "300")
	require.Empty(t, s.Err)
	assert.Equal(t, "300", s.Value(Fields[0]))
	assert.Equal(t, "80", s.ValueA(Fields[0]))

	want, _, _, err := core.CompareScenarios(&s.A, &s.B, core.Options{})
	require.NoError(t, err)
	assert.Equal(t, want.Delta, s.Comparison.Delta)
	assert.Less(t, s.Comparison.Delta.Batches, 0, "longer waits, fewer batches")

	rows := s.MetricRows()
	byKey := map[string]MetricRow{}
	for _, r := range rows {
		byKey[r.Key] = r
	}
	assert.Equal(t, "80 ms", byKey["p95-wait"].A)
	assert.Equal(t, "300 ms", byKey["p95-wait"].B)
	assert.Equal(t, "+220 ms", byKey["p95-wait"].Delta)
	assert.Equal(t, "worse", byKey["p95-wait"].Trend)
	assert.Equal(t, "better", byKey["calls"].Trend)
	assert.Empty(t, byKey["batches"].Trend, "fewer batches is neither better nor worse")

	// Both timelines share one axis that holds both runs.
	full := s.Full()
	assert.Equal(t, full, s.LayoutA.View)
	assert.Equal(t, full, s.LayoutB.View)
	assert.Equal(t, s.Comparison.A.Batches, s.LayoutA.Total)
	assert.Equal(t, s.Comparison.B.Batches, s.LayoutB.Total)

	s.MovedOnly = true
	moved, total := s.RequestRows()
	assert.Equal(t, s.Comparison.Moved, total)
	for _, r := range moved {
		assert.True(t, r.Moved)
	}
}

func TestSeedVsTimer(t *testing.T) {
	s := &Session{}
	s.SeedVsTimer(load(t, "overnight"))
	require.Empty(t, s.Err)
	assert.Equal(t, core.ModeSeed, s.A.Mode)
	assert.Equal(t, core.ModeTimer, s.B.Mode)
	assert.Greater(t, s.Comparison.A.P95QueueWaitMs, int64(60_000), "seed mode notices time-outs minutes late on sparse traffic")
	assert.Equal(t, int64(80), s.Comparison.B.P95QueueWaitMs)
	assert.Equal(t, s.Comparison.Faster, len(s.Comparison.Requests)-1, "every request but the flushed last one waits less")
}

func TestBadInputKeepsTheLastComparison(t *testing.T) {
	s := New(load(t, "burst"))
	before := s.Comparison
	s.SetField(Fields[1], "many")
	assert.Contains(t, s.Err, "want a whole number")
	s.SetField(Fields[1], "0")
	assert.Contains(t, s.Err, "$.policy.max_batch_size")
	assert.Same(t, before, s.Comparison)
	s.SetField(Fields[1], "4")
	assert.Empty(t, s.Err)
	assert.NotSame(t, before, s.Comparison)
}

// TestBConcurrencyTakesEffect: B's concurrency switches B to global slots,
// so it changes the run instead of sizing a pool nothing uses.
func TestBConcurrencyTakesEffect(t *testing.T) {
	s := New(load(t, "steady-chat"))
	conc := Fields[3]
	require.Equal(t, "dispatch.concurrency", conc.Path)
	assert.NotEmpty(t, s.Idle(conc), "per-model slots: says it does nothing yet")
	s.SetField(conc, "1")
	require.Empty(t, s.Err)
	assert.Equal(t, core.SlotsGlobal, s.B.Dispatch.Slots)
	assert.Empty(t, s.Idle(conc))
	assert.NotEqual(t, s.Comparison.A.P95LatencyMs, s.Comparison.B.P95LatencyMs, "one slot for every call queues them")

	s.SetField(ModeField, "seed")
	assert.Equal(t, core.ModeSeed, s.B.Mode)
	s.SetField(TuningField, "false")
	assert.False(t, s.On(TuningField))
	s.SetField(ModeField, "fast")
	assert.Contains(t, s.Err, `B: Close mode: want "timer" or "seed", got "fast"`)
}

func TestZoomAndPanMoveBothTimelines(t *testing.T) {
	s := New(load(t, "burst"))
	full := s.Full()
	s.Zoom(0.25)
	assert.True(t, s.Zoomed)
	assert.Less(t, s.View.Width(), full.Width())
	assert.Equal(t, s.View, s.LayoutA.View)
	assert.Equal(t, s.View, s.LayoutB.View)
	before := s.View
	s.Pan(0.5)
	assert.Greater(t, s.View.From, before.From)
	s.Reset()
	assert.Equal(t, full, s.View)
}

func TestSigned(t *testing.T) {
	tests := []struct {
		d    float64
		want string
	}{{0, "no change"}, {120, "+120 ms"}, {-1500, "−1.5 s"}}
	for _, tt := range tests {
		assert.Equal(t, tt.want, signed(durationOf, tt.d))
	}
}
