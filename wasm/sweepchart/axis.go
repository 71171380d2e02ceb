// Package sweepchart lays out a sweep's points as small SVG charts: a
// metric against the knob, and p95 latency against cost with the Pareto
// front marked. Coordinates are in the SVG's own units (see Width and
// Height); nothing here touches the DOM.
package sweepchart

import (
	"math"
	"strconv"
)

// The size of every chart's viewBox and the margins around its plot.
const (
	Width, Height = 420.0, 230.0
	left, right   = 70.0, 14.0
	top, bottom   = 14.0, 40.0
)

// A Tick is a labelled mark of an axis at Pos (x for the horizontal axis,
// y for the vertical one).
type Tick struct {
	Pos   float64
	Label string
}

// PosText is Pos for an SVG attribute.
func (t Tick) PosText() string { return num(t.Pos) }

// scale maps [lo, hi] onto [from, to].
type scale struct{ lo, hi, from, to float64 }

func (s scale) at(v float64) float64 {
	if s.hi == s.lo {
		return (s.from + s.to) / 2
	}
	return s.from + (v-s.lo)/(s.hi-s.lo)*(s.to-s.from)
}

// niceRange widens [lo, hi] to round numbers and returns about five ticks'
// worth of step.
func niceRange(lo, hi float64) (float64, float64, float64) {
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		if lo == 0 {
			return 0, 1, 0.2
		}
		pad := math.Abs(lo) * 0.1
		lo, hi = lo-pad, hi+pad
	}
	step := niceStep((hi - lo) / 5)
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step, step
}

// niceStep rounds x up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*p >= x*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// ticks returns the marks from lo to hi by step, placed by s and labelled
// by label.
func ticks(lo, hi, step float64, s scale, label func(float64) string) []Tick {
	var out []Tick
	for i := 0; ; i++ {
		v := lo + float64(i)*step
		if v > hi+step*1e-6 || i > 50 {
			break
		}
		v = math.Round(v/step) * step // no 0.30000000000000004
		out = append(out, Tick{Pos: s.at(v), Label: label(v)})
	}
	return out
}

// num formats an SVG coordinate with one decimal at most.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
