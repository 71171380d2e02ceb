package timeline

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// simulate runs n untimed prompts arriving every gap ms.
func simulate(t testing.TB, n int, gap int64) *core.Result {
	prompts := make([]string, n)
	for i := range prompts {
		prompts[i] = fmt.Sprintf("Write a Python function number %d", i)
	}
	raw, _ := json.Marshal(prompts)
	sc := core.DefaultScenario()
	sc.Prompts = raw
	sc.Arrivals.GapMs = gap
	res, err := core.Simulate(&sc, core.Options{})
	require.NoError(t, err)
	return res
}

func TestFullView(t *testing.T) {
	res := simulate(t, 10, 100)
	v := Full(res)
	assert.LessOrEqual(t, v.From, res.Requests[0].CreatedAt)
	assert.GreaterOrEqual(t, v.To, res.Batches[len(res.Batches)-1].ClosedAt)
	assert.Equal(t, View{0, 1000}, Full(nil))
}

func TestBatchingView(t *testing.T) {
	sc := core.DefaultScenario()
	sc.Prompts = json.RawMessage(`["Write a Python function", "Write a Python class", "Summarize the doc", "Explain why"]`)
	sc.Dispatch.Failures.Server = 0.9
	sc.Dispatch.BackoffBaseMs = 20_000
	sc.Seed = 3
	res, err := core.Simulate(&sc, core.Options{})
	require.NoError(t, err)
	full, b := Full(res), Batching(res)
	assert.Less(t, b.Width(), full.Width()/4, "the dispatch outlasts the batching")
	assert.GreaterOrEqual(t, b.From, full.From)
	assert.LessOrEqual(t, b.To, full.To)
	for i := range res.Batches {
		assert.True(t, res.Batches[i].CreatedAt >= b.From && res.Batches[i].ClosedAt <= b.To)
	}
	assert.Equal(t, Full(nil), Batching(nil))
}

func TestEveryBatchDrawnWhenWide(t *testing.T) {
	res := simulate(t, 20, 100) // one batch per prompt, 80 ms of 2 s each
	l := Build(res, Full(res), 1000)
	require.Len(t, l.Lanes, len(res.Metrics.Models))
	assert.Equal(t, len(res.Batches), l.Total)
	assert.Equal(t, len(res.Batches), l.Drawn)
	assert.Zero(t, l.Aggregated)
	seen := 0
	for _, lane := range l.Lanes {
		for _, b := range lane.Bars {
			require.NotZero(t, b.Batch)
			assert.Equal(t, "r-time", strings.Fields(b.Class())[1])
			assert.Contains(t, b.Title, "Batch #")
			assert.Contains(t, b.Title, "waited 80 ms")
			assert.Equal(t, fmt.Sprint(b.Batch), b.DataBatch())
			assert.GreaterOrEqual(t, b.Left, 0.0)
			assert.LessOrEqual(t, b.Left+b.Width, 100.0001)
			seen++
		}
	}
	assert.Equal(t, len(res.Batches), seen)
	assert.NotEmpty(t, l.Ticks)
}

func TestThinBarsAggregate(t *testing.T) {
	res := simulate(t, 10000, 100) // 10,000 batches over 1,000 s
	l := Build(res, Full(res), 800)
	assert.Equal(t, 10000, l.Total)
	assert.LessOrEqual(t, l.Drawn, 800*len(l.Lanes))
	assert.Greater(t, l.Aggregated, 9000)
	agg := l.Lanes[0].Bars[0]
	assert.Zero(t, agg.Batch)
	assert.Contains(t, agg.Class(), "agg")
	assert.Contains(t, agg.Title, "zoom in")
	assert.Equal(t, fmt.Sprintf("%d-%d", agg.First, agg.Last), agg.DataBatch())
}

func TestOnlyVisibleBarsDrawn(t *testing.T) {
	res := simulate(t, 1000, 100)
	v := View{From: 50_000, To: 52_000}
	l := Build(res, v, 1000)
	assert.Equal(t, 1000, l.Total)
	assert.LessOrEqual(t, l.Drawn, 22)
	assert.GreaterOrEqual(t, l.Drawn, 19)
	for _, lane := range l.Lanes {
		for _, b := range lane.Bars {
			bt := res.Batches[b.Batch-1]
			assert.True(t, bt.ClosedAt >= v.From && bt.CreatedAt <= v.To)
		}
	}
}

func TestZoomAndPan(t *testing.T) {
	full := View{0, 10_000}
	v := full.Zoom(0.5, 0.5, full)
	assert.Equal(t, View{2500, 7500}, v)
	assert.Equal(t, View{5000, 10_000}, v.Pan(1, full), "stops at the right end")
	assert.Equal(t, View{0, 5000}, v.Pan(-1, full), "stops at the left end")
	assert.Equal(t, full, v.Zoom(4, 0.5, full), "cannot zoom out past the whole")
	tiny := full
	for range 20 {
		tiny = tiny.Zoom(0.5, 0.2, full)
	}
	assert.Equal(t, int64(MinWidthMs), tiny.Width())
	left := full.Zoom(0.1, 0, full)
	assert.Equal(t, View{0, 1000}, left, "zoom at the left edge keeps the left edge")
}

func TestNiceTicks(t *testing.T) {
	ts := ticks(View{0, 10_000})
	require.NotEmpty(t, ts)
	assert.Equal(t, "0 s", ts[0].Label)
	assert.Len(t, ts, 6)
}

// TestBarTitleExplains checks that a bar's hover text gives why its batch
// closed in core's words, the text the batch detail shows.
func TestBarTitleExplains(t *testing.T) {
	res := simulate(t, 200, 7)
	l := Build(res, Full(res), 100_000)
	n := 0
	for _, lane := range l.Lanes {
		for _, bar := range lane.Bars {
			if bar.Batch == 0 {
				continue
			}
			b := &res.Batches[bar.Batch-1]
			require.Equal(t, bar.Batch, b.ID)
			assert.Equal(t, Describe(b)+"\n"+res.Explain(b).Text+dispatchNote(res, b), bar.Title)
			n++
		}
	}
	assert.Positive(t, n)
}

func BenchmarkBuild10k(b *testing.B) {
	res := simulate(b, 10000, 7)
	v := Full(res)
	for b.Loop() {
		Build(res, v, 1000)
	}
}

func TestDispatchCallsDrawnAfterTheBars(t *testing.T) {
	sc := core.DefaultScenario()
	sc.Prompts = json.RawMessage(`["Write a Python function", "Write a Python class", "Summarize the doc", "Explain why"]`)
	sc.Dispatch.Failures.Server = 0.5
	sc.Dispatch.BackoffBaseMs = 500
	sc.Seed = 3
	res, err := core.Simulate(&sc, core.Options{})
	require.NoError(t, err)
	require.NotNil(t, res.Dispatch)
	l := Build(res, Full(res), 1000)
	kinds := map[string]int{}
	for _, lane := range l.Lanes {
		for _, c := range lane.Calls {
			kinds[c.Reason]++
			assert.Contains(t, c.CallClass(), "seg s-")
			assert.NotEmpty(t, c.Title)
		}
	}
	assert.Positive(t, l.Calls)
	assert.Positive(t, kinds["ok"]+kinds["failed"], "calls are drawn")
	assert.Positive(t, kinds["retry"], "failed attempts are marked: %v", kinds)
	assert.Positive(t, kinds["backoff"], "backoff gaps are drawn: %v", kinds)

	full := Full(res)
	for i := range res.Dispatch.Batches {
		assert.LessOrEqual(t, res.Dispatch.Batches[i].EndMs, full.To, "the view covers the dispatch")
	}
}

func TestWheelFactor(t *testing.T) {
	tests := []struct {
		name      string
		deltaY    float64
		deltaMode int
		want      float64
	}{
		{"no delta", 0, 0, 1},
		{"one notch up zooms in", -100, 0, math.Exp2(-1.0 / 3)},
		{"one notch down zooms out", 100, 0, math.Exp2(1.0 / 3)},
		{"a trackpad's small delta zooms a little", -3, 0, math.Exp2(-0.01)},
		{"a fling is capped at halving", -5000, 0, 0.5},
		{"and at doubling", 5000, 0, 2},
		{"lines", -3, 1, math.Exp2(-120.0 / 300)},
		{"pages", 1, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, WheelFactor(tt.deltaY, tt.deltaMode), 1e-12)
		})
	}
}

func TestAt(t *testing.T) {
	tests := []struct{ x, width, want float64 }{
		{0, 800, 0}, {200, 800, 0.25}, {800, 800, 1},
		{-20, 800, 0}, {900, 800, 1}, // outside the track: its edge
		{10, 0, 0.5}, // no track yet
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, At(tt.x, tt.width), "x %v of %v", tt.x, tt.width)
	}
}

// Zooming with the wheel keeps the time under the pointer where it is.
func TestWheelZoomKeepsThePointedTime(t *testing.T) {
	full := View{0, 100_000}
	tests := []struct {
		name   string
		view   View
		deltaY float64
		at     float64
		want   View
	}{
		{"in at the left quarter", full, -WheelPxPerDoubling, 0.25, View{12_500, 62_500}},
		{"in at the right edge", full, -WheelPxPerDoubling, 1, View{50_000, 100_000}},
		{"out from a zoomed view", View{40_000, 50_000}, WheelPxPerDoubling, 0.5, View{35_000, 55_000}},
		{"out past the whole run", View{0, 60_000}, WheelPxPerDoubling, 0.5, full},
		{"out at the edge stays within the run", View{80_000, 100_000}, WheelPxPerDoubling, 0.9, View{60_000, 100_000}},
		{"in stops at the narrowest view", View{1000, 1012}, -WheelPxPerDoubling, 0.5, View{1001, 1011}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.view.Zoom(WheelFactor(tt.deltaY, 0), tt.at, full)
			assert.Equal(t, tt.want, got)
			assert.GreaterOrEqual(t, got.Width(), int64(MinWidthMs))
		})
	}
}

func TestDrag(t *testing.T) {
	full := View{0, 100_000}
	start := View{40_000, 50_000}
	tests := []struct {
		name      string
		view      View
		dx, width float64
		want      View
	}{
		{"no move", start, 0, 800, start},
		{"right shows earlier times", start, 80, 800, View{39_000, 49_000}},
		{"left shows later times", start, -400, 800, View{45_000, 55_000}},
		{"stops at the start of the run", start, 8000, 800, View{0, 10_000}},
		{"stops at the end of the run", start, -8000, 800, View{90_000, 100_000}},
		{"the whole run does not move", full, 300, 800, full},
		{"no track yet", start, 50, 0, start},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.view.Drag(tt.dx, tt.width, full))
		})
	}
}

// Concurrent calls overlap: a lane draws at most about two elements a
// column of them, the rest merged into aggregates that count every step;
// zoomed in far enough, each call is drawn alone again.
func TestOverlappingCallsMerge(t *testing.T) {
	prompts := make([]string, 3000)
	for i := range prompts {
		prompts[i] = strings.Repeat("word ", 2000) + fmt.Sprint(i)
	}
	raw, _ := json.Marshal(prompts)
	sc := core.DefaultScenario()
	sc.Prompts = raw
	sc.Arrivals.GapMs = 1
	sc.Dispatch.Concurrency = 64
	res, err := core.Simulate(&sc, core.Options{})
	require.NoError(t, err)
	require.NotNil(t, res.Dispatch)
	const columns = 500
	l := Build(res, Full(res), columns)
	steps := 0
	for _, lane := range l.Lanes {
		assert.LessOrEqual(t, len(lane.Calls), 2*columns+2, lane.Model)
		for _, c := range lane.Calls {
			steps += c.Count
		}
	}
	assert.GreaterOrEqual(t, steps, len(res.Attempts), "every call is counted (and the waits for a slot)")
	assert.Greater(t, steps, 4*columns, "drawn one by one, they would be too many")

	first := res.Attempts[0]
	zoomed := Build(res, View{From: first.StartMs, To: first.StartMs + 2}, columns)
	alone := false
	for _, lane := range zoomed.Lanes {
		for _, c := range lane.Calls {
			alone = alone || c.Batch == int(first.Batch) && c.Count == 1
		}
	}
	assert.True(t, alone, "zoomed in, the first call is drawn alone")
}
