package timeline

import (
	"encoding/json"
	"fmt"
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
	assert.Equal(t, 1.0, niceStep(0.3))
	assert.Equal(t, 2.0, niceStep(1.5))
	assert.Equal(t, 500.0, niceStep(260))
	assert.Equal(t, 1000.0, niceStep(600))
	ts := ticks(View{0, 10_000})
	require.NotEmpty(t, ts)
	assert.Equal(t, "0 s", ts[0].Label)
	assert.Len(t, ts, 6)
}

func TestDescribeReasons(t *testing.T) {
	for _, b := range []core.Batch{
		{CloseReason: core.CloseTime}, {CloseReason: core.CloseSize}, {CloseReason: core.CloseTokens},
		{CloseReason: core.CloseTokens, Oversize: true}, {CloseReason: core.CloseFlush},
	} {
		assert.Contains(t, Describe(&b), "closed by "+b.CloseReason.String())
	}
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
