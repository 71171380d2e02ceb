package timeline

import (
	"math"
	"strconv"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// A TimeUnit is the unit one axis is labelled in: every tick of the axis
// is a number of it with the same number of decimals.
type TimeUnit struct {
	Name string
	Ms   int64
}

// The units of the time axis, smallest first. Seconds also label steps
// below one second, with decimals ("0.25 s"): a millisecond is too small
// a unit for the clock times of a run.
var timeUnits = []TimeUnit{{"s", 1000}, {"min", 60_000}, {"h", 3_600_000}}

// TickTarget is about how many ticks an axis gets: the step is the round
// step at or above the view's width divided by it.
const TickTarget = 8

// AxisStep returns the unit and the step, in ms, of the axis of a view
// width ms wide: the step is 1, 2 or 5 × 10^k of the unit (k may be
// negative for seconds), the smallest at or above width/TickTarget, and the
// unit is the largest one the step is at least one of.
func AxisStep(width int64) (TimeUnit, float64) {
	raw := max(float64(width)/TickTarget, 1)
	unit := timeUnits[0]
	for _, u := range timeUnits[1:] {
		if raw >= float64(u.Ms) {
			unit = u
		}
	}
	step := niceStep(raw / float64(unit.Ms))
	return unit, step * float64(unit.Ms)
}

// niceStep rounds x > 0 up to 1, 2 or 5 × 10^k, k any integer.
func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5} {
		if m*p >= x*(1-1e-12) {
			return m * p
		}
	}
	return 10 * p
}

// ticks returns the labelled marks of view v: at every multiple of the
// axis step inside v, each labelled as a number of the axis' unit with the
// decimals the step needs, one format for the whole axis.
func ticks(v View) []Tick {
	if v.Width() <= 0 {
		return nil
	}
	unit, step := AxisStep(v.Width())
	decimals := 0
	for s := step / float64(unit.Ms); s < 1-1e-9 && decimals < 3; s *= 10 {
		decimals++
	}
	w := float64(v.Width())
	var out []Tick
	for k := math.Ceil(float64(v.From) / step); k*step <= float64(v.To); k++ {
		t := k * step
		out = append(out, Tick{Left: 100 * (t - float64(v.From)) / w, Label: tickNumber(t/float64(unit.Ms), decimals) + " " + unit.Name})
	}
	return out
}

// tickNumber formats x with the given decimals and commas between
// thousands: "1,250", "0.25".
func tickNumber(x float64, decimals int) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	whole, frac := s, ""
	for i := range s {
		if s[i] == '.' {
			whole, frac = s[:i], s[i:]
			break
		}
	}
	n, err := strconv.Atoi(whole)
	if err != nil {
		return s
	}
	return core.FormatCount(n) + frac
}

// Label is the view's range for people, both ends in one clock format
// (with hours on both when either has them): "0:05:57.002 to 1:16:03.409
// (1 h 10 min)".
func (v View) Label() string {
	from, to := units.Clock(v.From), units.Clock(v.To)
	if v.To >= 3_600_000 && v.From < 3_600_000 {
		from = "0:" + from
	}
	return from + " to " + to + " (" + units.Duration(float64(v.Width())) + ")"
}
