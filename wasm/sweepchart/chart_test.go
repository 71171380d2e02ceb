package sweepchart

import (
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func knob(t *testing.T, name string) core.Setting {
	t.Helper()
	k, ok := core.LookupKnob(name)
	require.True(t, ok)
	return k
}

func points() []core.SweepPoint {
	return []core.SweepPoint{
		{Value: 0, Summary: core.Summary{P95LatencyMs: 500, CostUSD: 0.004, Calls: 60}, Pareto: true},
		{Value: 100, Summary: core.Summary{P95LatencyMs: 800, CostUSD: 0.002, Calls: 30}, Pareto: true},
		{Value: 200, Summary: core.Summary{P95LatencyMs: 1200, CostUSD: 0.003, Calls: 25}},
	}
}

func TestLineChartPlacesEveryPoint(t *testing.T) {
	c := Line(points(), knob(t, "policy.wait_ms"), P95Latency)
	require.Len(t, c.Dots, 3)
	assert.Equal(t, "p95 latency against Wait, every tolerance", c.Title)
	assert.InDelta(t, left, c.Dots[0].X, 1e-9, "the smallest value at the left edge")
	assert.InDelta(t, Width-right, c.Dots[2].X, 1e-9, "the largest at the right edge")
	assert.Greater(t, c.Dots[0].Y, c.Dots[1].Y, "a larger latency is drawn higher")
	assert.Equal(t, "M70 119.6 L238 77.4 L406 21", c.Path)
	assert.Equal(t, "0 0 420 230", c.ViewBox())
	assert.Contains(t, c.Dots[1].Title, "Wait, every tolerance 100 ms: p95 latency 800 ms, $0.0020, 30 calls, 0 retries (Pareto-optimal)")

	var xs, ys []string
	for _, tk := range c.XTicks {
		xs = append(xs, tk.Label)
	}
	for _, tk := range c.YTicks {
		ys = append(ys, tk.Label)
	}
	assert.Equal(t, []string{"0 ms", "50 ms", "100 ms", "150 ms", "200 ms"}, xs)
	assert.Equal(t, []string{"0 ms", "250 ms", "500 ms", "750 ms", "1 s", "1.25 s"}, ys)
	assert.Equal(t, c.Bottom(), c.YTicks[0].PosText(), "the y axis starts at zero, on the x axis")
}

func TestScatterJoinsTheParetoFront(t *testing.T) {
	c := Scatter(points(), knob(t, "policy.wait_ms"))
	assert.Equal(t, "p95 latency against cost, Pareto front marked", c.Title)
	require.Len(t, c.Dots, 3)
	assert.Equal(t, []string{"dot pareto", "dot pareto", "dot"}, []string{c.Dots[0].Class(), c.Dots[1].Class(), c.Dots[2].Class()})
	assert.Equal(t, 2, len(splitPath(c.Path)), "the line joins the two Pareto points only")
	assert.Less(t, c.Dots[0].X, c.Dots[1].X)
}

func TestScatterUsesCallsWithoutCost(t *testing.T) {
	pts := points()
	for i := range pts {
		pts[i].CostUSD = 0
	}
	c := Scatter(pts, knob(t, "policy.wait_ms"))
	assert.Equal(t, "LLM calls", c.YLabel)
}

func TestOnePointAndNoPoints(t *testing.T) {
	k := knob(t, "policy.max_batch_size")
	c := Line(points()[:1], k, Calls)
	require.Len(t, c.Dots, 1)
	assert.InDelta(t, (left+Width-right)/2, c.Dots[0].X, 1e-9, "a single value sits in the middle")
	assert.NotEmpty(t, c.XTicks)
	empty := Line(nil, k, Calls)
	assert.Empty(t, empty.Dots)
	assert.Empty(t, empty.Path)
}

func TestKnobValue(t *testing.T) {
	tests := []struct {
		knob string
		v    float64
		want string
	}{
		{"policy.wait_ms", 1500, "1.5 s"},
		{"policy.max_batch_size", 8, "8 requests"},
		{"dispatch.failures.rate_limit", 0.05, "5 %"},
		{"shared_prompt_tokens", 1200, "1,200 tokens"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, KnobValue(knob(t, tt.knob), tt.v))
	}
}

func TestParetoText(t *testing.T) {
	k := knob(t, "policy.wait_ms")
	assert.Equal(t, "Pareto-optimal (2 of 3): 0 ms and 100 ms: no other point beats them on both p95 latency and cost.", ParetoText(points(), k))
	assert.Empty(t, ParetoText(nil, k))
}

func TestNiceRange(t *testing.T) {
	tests := []struct{ lo, hi, wlo, whi, wstep float64 }{
		{0, 1234, 0, 1250, 250},
		{0.0012, 0.0047, 0.001, 0.005, 0.001},
		{5, 5, 4.4, 5.6, 0.2},
		{0, 0, 0, 1, 0.2},
	}
	for _, tt := range tests {
		lo, hi, step := niceRange(tt.lo, tt.hi)
		assert.InDelta(t, tt.wlo, lo, 1e-12)
		assert.InDelta(t, tt.whi, hi, 1e-12)
		assert.InDelta(t, tt.wstep, step, 1e-12)
	}
}

func splitPath(p string) []string {
	var out []string
	start := 0
	for i := 1; i <= len(p); i++ {
		if i == len(p) || p[i] == 'L' {
			out = append(out, p[start:i])
			start = i
		}
	}
	return out
}

func TestCountsTickAtWholeNumbers(t *testing.T) {
	c := Line(points(), knob(t, "policy.wait_ms"), Retries) // every point has 0 retries
	var ys []string
	for _, tk := range c.YTicks {
		ys = append(ys, tk.Label)
	}
	assert.Equal(t, []string{"0", "1"}, ys)
}

func TestScatterAxesSpanRoundNumbers(t *testing.T) {
	c := Scatter(points(), knob(t, "policy.wait_ms"))
	var xs []string
	for _, tk := range c.XTicks {
		xs = append(xs, tk.Label)
	}
	assert.Equal(t, []string{"400 ms", "600 ms", "800 ms", "1 s", "1.2 s"}, xs, "ticks reach both edges around 500 to 1,200 ms")
}
