package sweepchart

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// A Dot is one sweep point drawn at X, Y.
type Dot struct {
	// Index is the point's index in the sweep.
	Index  int
	X, Y   float64
	Pareto bool
	// Title is the hover text: the knob value and the point's numbers.
	Title string
}

// XText is X for an SVG attribute.
func (d Dot) XText() string { return num(d.X) }

// YText is Y for an SVG attribute.
func (d Dot) YText() string { return num(d.Y) }

// Class is the dot's CSS class.
func (d Dot) Class() string {
	if d.Pareto {
		return "dot pareto"
	}
	return "dot"
}

// A Chart is one SVG chart: axes with ticks, a line and dots.
type Chart struct {
	// Key names the chart (its HTML id is "sweep-chart-" + Key).
	Key    string
	Title  string
	XLabel string
	YLabel string
	// Path is the line: through every dot of a metric chart, along the
	// Pareto front of the scatter.
	Path   string
	Dots   []Dot
	XTicks []Tick
	YTicks []Tick
}

// ViewBox is the chart's SVG viewBox.
func (c *Chart) ViewBox() string { return "0 0 " + num(Width) + " " + num(Height) }

// Left is the plot area's left edge, where the y axis runs.
func (c *Chart) Left() string { return num(left) }

// Right is the plot area's right edge.
func (c *Chart) Right() string { return num(Width - right) }

// Top is the plot area's top edge.
func (c *Chart) Top() string { return num(top) }

// Bottom is the plot area's bottom edge, where the x axis runs.
func (c *Chart) Bottom() string { return num(Height - bottom) }

// XLabelX is the middle of the x axis, where its title goes.
func (c *Chart) XLabelX() string { return num((left + Width - right) / 2) }

// XLabelY is the baseline of the x axis's title.
func (c *Chart) XLabelY() string { return num(Height - 6) }

// TickLabelY is the baseline of the x ticks' labels.
func (c *Chart) TickLabelY() string { return num(Height - bottom + 15) }

// YTickLabelX is where the y ticks' labels end.
func (c *Chart) YTickLabelX() string { return num(left - 6) }

// A Series is a number of a sweep point that a chart can draw.
type Series struct {
	Key, Label string
	// Integer series get ticks at whole numbers only.
	Integer bool
	value   func(p *core.SweepPoint) float64
	format  func(v float64) string
}

func duration(v float64) string { return units.Duration(v) }
func count(v float64) string    { return units.Count(int(v)) }

// The series the Sweep view draws against the knob.
var (
	P95Latency = Series{Key: "p95-latency", Label: "p95 latency",
		value: func(p *core.SweepPoint) float64 { return float64(p.P95LatencyMs) }, format: duration}
	Cost = Series{Key: "cost", Label: "cost",
		value: func(p *core.SweepPoint) float64 { return p.CostUSD }, format: units.USD}
	Calls = Series{Key: "calls", Label: "LLM calls", Integer: true,
		value: func(p *core.SweepPoint) float64 { return float64(p.Calls) }, format: count}
	Retries = Series{Key: "retries", Label: "retries", Integer: true,
		value: func(p *core.SweepPoint) float64 { return float64(p.Retries) }, format: count}
)

// Metrics are the series charted against the knob, in order.
var Metrics = []Series{P95Latency, Cost, Calls, Retries}

// KnobValue formats a value of knob k with its unit: "120 ms", "5 %".
func KnobValue(k core.Setting, v float64) string {
	switch k.Unit {
	case "ms":
		return units.Duration(v)
	case "probability":
		return units.Percent(v)
	case "requests", "tokens", "calls", "rows", "retries":
		return units.Count(int(v)) + " " + k.Unit
	}
	return units.Decimal(v) + " " + k.Unit
}

// knobTick labels a tick of the knob axis, without the unit for counts.
func knobTick(k core.Setting) func(float64) string {
	switch k.Unit {
	case "ms":
		return duration
	case "probability":
		return units.Percent
	}
	return units.Decimal
}

// describe is a dot's hover text.
func describe(k core.Setting, p *core.SweepPoint) string {
	s := k.Label + " " + KnobValue(k, p.Value) + ": p95 latency " + units.Duration(float64(p.P95LatencyMs)) +
		", " + units.USD(p.CostUSD) + ", " + units.Count(p.Calls) + " calls, " + units.Count(p.Retries) + " retries"
	if p.Pareto {
		s += " (Pareto-optimal)"
	}
	return s + ". Click to load this policy."
}

// Line charts series s of the points against knob k.
func Line(points []core.SweepPoint, k core.Setting, s Series) Chart {
	c := Chart{Key: s.Key, Title: s.Label + " against " + k.Label, XLabel: k.Label + " (" + k.Unit + ")", YLabel: s.Label}
	if len(points) == 0 {
		return c
	}
	xs, ys := make([]float64, len(points)), make([]float64, len(points))
	for i := range points {
		xs[i], ys[i] = points[i].Value, s.value(&points[i])
	}
	c.place(points, k, xs, ys, knobTick(k), s, false)
	return c
}

// Scatter charts p95 latency against cost for every point (against calls
// when nothing cost anything, as the Pareto front then does), with the
// Pareto-optimal points marked and joined.
func Scatter(points []core.SweepPoint, k core.Setting) Chart {
	y := Cost
	for i := range points {
		if points[i].CostUSD > 0 {
			break
		}
		if i == len(points)-1 {
			y = Calls
		}
	}
	c := Chart{Key: "pareto", Title: "p95 latency against " + y.Label + ", Pareto front marked", XLabel: "p95 latency", YLabel: y.Label}
	if len(points) == 0 {
		return c
	}
	xs, ys := make([]float64, len(points)), make([]float64, len(points))
	for i := range points {
		xs[i], ys[i] = float64(points[i].P95LatencyMs), y.value(&points[i])
	}
	c.place(points, k, xs, ys, duration, y, true)
	return c
}

// place scales the points into the plot, makes the ticks and the line.
// Both axes span round numbers around the points.
func (c *Chart) place(points []core.SweepPoint, k core.Setting, xs, ys []float64, xLabel func(float64) string, y Series, front bool) {
	xlo, xhi := slices.Min(xs), slices.Max(xs)
	if xlo == xhi { // one value: in the middle
		pad := max(math.Abs(xlo)/2, 1)
		xlo, xhi = xlo-pad, xhi+pad
	}
	xlo, xhi, xstep := niceRange(xlo, xhi)
	ylo, yhi, ystep := niceRange(min(slices.Min(ys), 0), slices.Max(ys))
	if y.Integer && ystep < 1 {
		ylo, yhi, ystep = math.Floor(ylo), math.Max(math.Ceil(yhi), ylo+1), 1
	}
	sx := scale{xlo, xhi, left, Width - right}
	sy := scale{ylo, yhi, Height - bottom, top}
	c.XTicks = ticks(xlo, xhi, xstep, sx, xLabel)
	c.YTicks = ticks(ylo, yhi, ystep, sy, y.format)
	c.Dots = make([]Dot, len(points))
	for i := range points {
		c.Dots[i] = Dot{Index: i, X: sx.at(xs[i]), Y: sy.at(ys[i]), Pareto: points[i].Pareto, Title: describe(k, &points[i])}
	}
	line := c.Dots
	if front {
		line = nil
		for _, d := range c.Dots {
			if d.Pareto {
				line = append(line, d)
			}
		}
		slices.SortStableFunc(line, func(a, b Dot) int { return cmp.Compare(a.X, b.X) })
	}
	var path strings.Builder
	for i, d := range line {
		if i == 0 {
			path.WriteString("M")
		} else {
			path.WriteString(" L")
		}
		path.WriteString(num(d.X) + " " + num(d.Y))
	}
	c.Path = path.String()
}

// ParetoText lists the Pareto-optimal knob values: "Pareto-optimal: 0,
// 20 and 40 ms".
func ParetoText(points []core.SweepPoint, k core.Setting) string {
	var vals []string
	for i := range points {
		if points[i].Pareto {
			vals = append(vals, KnobValue(k, points[i].Value))
		}
	}
	switch len(vals) {
	case 0:
		return ""
	case 1:
		return "Pareto-optimal: " + vals[0] + " (no other point is as fast and as cheap)."
	}
	return "Pareto-optimal (" + strconv.Itoa(len(vals)) + " of " + strconv.Itoa(len(points)) + "): " +
		strings.Join(vals[:len(vals)-1], ", ") + " and " + vals[len(vals)-1] + ": no other point beats them on both p95 latency and cost."
}
