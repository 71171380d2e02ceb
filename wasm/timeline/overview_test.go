package timeline

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSpread(t *testing.T) {
	tests := []struct {
		name       string
		start, end int64
		want       []int64
	}{
		{"inside one bin", 12, 18, []int64{0, 6, 0, 0}},
		{"across two bins", 5, 15, []int64{5, 5, 0, 0}},
		{"over whole bins", 5, 35, []int64{5, 10, 10, 5}},
		{"exactly two bins", 10, 30, []int64{0, 10, 10, 0}},
		{"clipped on both sides", -50, 500, []int64{10, 10, 10, 10}},
		{"outside", 40, 90, []int64{0, 0, 0, 0}},
		{"empty", 20, 20, []int64{0, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSpread(0, 10, 4)
			s.add(tt.start, tt.end)
			assert.Equal(t, tt.want, s.sums())
		})
	}
}

func TestOverviewCountsEveryBatch(t *testing.T) {
	res := simulate(t, 10000, 100)
	full := Full(res)
	d := Overview(res, full, OverviewBins)
	require.Len(t, d.Lanes, len(res.Metrics.Models))
	assert.Positive(t, d.BinMs)
	total, requests := 0, 0
	for li := range d.Lanes {
		l := &d.Lanes[li]
		assert.LessOrEqual(t, len(l.Bins), OverviewBins)
		assert.GreaterOrEqual(t, int64(len(l.Bins))*d.BinMs, full.Width(), "the bins cover the run")
		for _, b := range l.Bins {
			total += b.Batches
			requests += b.Requests
			assert.LessOrEqual(t, d.Rate(b), l.MaxRate)
		}
		assert.Contains(t, d.RatePath(l), "M0 1")
		assert.Contains(t, d.Summary(l), l.Model)
	}
	assert.Equal(t, len(res.Batches), total)
	assert.Equal(t, len(res.Requests), requests)
}

// At 10,000 batches the overview varies where the traffic does: a burst
// shows as a peak, a lull as nothing, where the detailed bars would be one
// striped aggregate.
func TestOverviewShowsVariation(t *testing.T) {
	var reqs []map[string]any
	for i := range 10000 {
		at := int64(i) * 50
		if i%2000 < 1000 { // alternating busy and quiet stretches
			at = int64(i/2000)*100_000 + int64(i%2000)*10
		}
		reqs = append(reqs, map[string]any{"request_id": fmt.Sprint(i), "created_at_ms": at, "prompt": "Write a Python function"})
	}
	raw, _ := json.Marshal(reqs)
	sc := core.DefaultScenario()
	sc.Prompts = raw
	res, err := core.Simulate(&sc, core.Options{})
	require.NoError(t, err)
	d := Overview(res, Full(res), OverviewBins)
	lo, hi := 1e18, 0.0
	for _, l := range d.Lanes {
		for _, b := range l.Bins {
			lo, hi = min(lo, d.Rate(b)), max(hi, d.Rate(b))
		}
	}
	assert.Zero(t, lo)
	assert.Greater(t, hi, 1.0)
}

func TestOverviewDispatchLoad(t *testing.T) {
	sc := core.DefaultScenario()
	sc.Prompts = json.RawMessage(`["Write a Python function", "Write a Python class", "Summarize the doc", "Explain why"]`)
	sc.Dispatch.Failures.Server = 0.5
	sc.Seed = 3
	res, err := core.Simulate(&sc, core.Options{})
	require.NoError(t, err)
	require.NotNil(t, res.Dispatch)
	d := Overview(res, Full(res), 50)
	var callMs int64
	for _, l := range d.Lanes {
		for _, b := range l.Bins {
			callMs += b.CallMs
		}
	}
	var want int64
	for _, a := range res.Attempts {
		want += a.EndMs - a.StartMs
	}
	assert.Equal(t, want, callMs, "every ms of every call is in one bin")
	for i := range d.Lanes {
		if d.Lanes[i].MaxLoad > 0 {
			assert.NotEmpty(t, d.LoadPath(&d.Lanes[i]))
			assert.Contains(t, d.BinText(&d.Lanes[i], 0), "calls in flight")
		}
	}
	assert.Empty(t, Overview(nil, Full(nil), 10).Lanes)
}

func TestBrush(t *testing.T) {
	full := View{0, 100_000}
	left, width := Brush(View{25_000, 50_000}, full)
	assert.InDelta(t, 25.0, left, 1e-9)
	assert.InDelta(t, 25.0, width, 1e-9)
	tests := []struct {
		name   string
		view   View
		x0, x1 float64
		want   View
	}{
		{"drag outside selects", full, 100, 300, View{10_000, 30_000}},
		{"backwards too", full, 300, 100, View{10_000, 30_000}},
		{"drag inside moves", View{10_000, 30_000}, 200, 400, View{30_000, 50_000}},
		{"moving stops at the end", View{10_000, 30_000}, 200, 2000, View{80_000, 100_000}},
		{"a press centres a tenth of the run", full, 500, 500, View{45_000, 55_000}},
		{"a press outside centres the window", View{10_000, 30_000}, 800, 800, View{70_000, 90_000}},
		{"a tiny drag is at least the narrowest view", full, 500, 500.05, View{50_000, 50_000 + MinWidthMs}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, BrushDrag(tt.view, full, tt.x0, tt.x1, 1000))
		})
	}
}

func BenchmarkOverview100k(b *testing.B) {
	sc := core.DefaultScenario()
	prompts := make([]string, 100_000)
	for i := range prompts {
		prompts[i] = "Write a Python function"
	}
	raw, _ := json.Marshal(prompts)
	sc.Prompts = raw
	sc.Arrivals.GapMs = 100
	sc.Policy.MaxBatchSize = 1
	res, err := core.Simulate(&sc, core.Options{})
	require.NoError(b, err)
	require.GreaterOrEqual(b, len(res.Batches), 100_000)
	full := Full(res)
	b.ReportAllocs()
	for b.Loop() {
		Overview(res, full, OverviewBins)
	}
}
