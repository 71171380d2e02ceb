package core

import (
	"fmt"
	"math"
	"slices"
)

// MaxSweepPoints bounds the points of one sweep.
const MaxSweepPoints = 1000

// Knobs returns the settings a sweep can vary: the numbers of the settings
// table that have a typical range.
func Knobs() []Setting {
	var out []Setting
	for _, st := range settings {
		if st.Sweepable() {
			out = append(out, st)
		}
	}
	return out
}

// LookupKnob returns the setting at path name if a sweep can vary it.
func LookupKnob(name string) (Setting, bool) {
	st, ok := LookupSetting(name)
	return st, ok && st.Sweepable()
}

// A Sweep varies one knob from From to To (inclusive) by Step.
type Sweep struct {
	Knob string  `json:"knob"`
	From float64 `json:"from"`
	To   float64 `json:"to"`
	Step float64 `json:"step"`
}

// Values returns the knob values of the sweep, or field errors naming the
// bad setting ($.knob, $.from, $.to, $.step).
func (sw Sweep) Values() ([]float64, error) {
	var errs errorList
	k, ok := LookupKnob(sw.Knob)
	if !ok {
		var names []string
		for _, k := range Knobs() {
			names = append(names, k.Path)
		}
		errs.addf("$.knob", ErrInvalid, "want one of %v, got %q", names, sw.Knob)
		return nil, errs.err()
	}
	finite := func(path string, v float64) bool {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			errs.addf(path, ErrInvalid, "want a number, got %v", v)
			return false
		}
		return true
	}
	inRange := func(path string, v float64) {
		if !finite(path, v) {
			return
		}
		if v < k.Min || v > k.Max {
			errs.addf(path, ErrInvalid, "want %s from %s to %s %s, got %s", k.Label, formatBound(k.Min), formatBound(k.Max), k.Unit, formatBound(v))
		} else if k.Kind == KindInt && v != math.Trunc(v) {
			errs.addf(path, ErrInvalid, "want a whole number of %s, got %v", k.Unit, v)
		}
	}
	inRange("$.from", sw.From)
	inRange("$.to", sw.To)
	if finite("$.step", sw.Step) {
		switch {
		case sw.Step <= 0:
			errs.addf("$.step", ErrInvalid, "want a positive step, got %v", sw.Step)
		case k.Kind == KindInt && sw.Step != math.Trunc(sw.Step):
			errs.addf("$.step", ErrInvalid, "want a whole number of %s, got %v", k.Unit, sw.Step)
		}
	}
	if errs.len() > 0 {
		return nil, errs.err()
	}
	if sw.To < sw.From {
		errs.addf("$.to", ErrInvalid, "want to ≥ from (%v), got %v", sw.From, sw.To)
		return nil, errs.err()
	}
	n := math.Floor((sw.To-sw.From)/sw.Step+1e-9) + 1
	if n > MaxSweepPoints {
		errs.addf("$.step", ErrTooLarge, "the sweep would run %.0f points; at most %d", n, MaxSweepPoints)
		return nil, errs.err()
	}
	values := make([]float64, int(n))
	for i := range values {
		v := sw.From + float64(float64(i)*sw.Step)
		if k.Kind == KindInt {
			v = math.Round(v)
		}
		values[i] = min(v, sw.To)
	}
	return values, nil
}

// points returns the knob and its values, having checked that the
// scenario of every point, s with the knob set, is valid.
func (sw Sweep) points(s *Scenario) (Setting, []float64, error) {
	values, err := sw.Values()
	if err != nil {
		return Setting{}, nil, err
	}
	k, _ := LookupKnob(sw.Knob)
	for _, v := range values {
		t := *s
		k.Apply(&t, v)
		if err := t.Validate(); err != nil {
			return k, nil, fmt.Errorf("%s = %v: %w", k.Path, v, err)
		}
	}
	return k, values, nil
}

// A SweepPoint is the outcome of one knob value.
type SweepPoint struct {
	Value float64 `json:"value"`
	Summary
	// Pareto marks the points no other point beats on both p95 latency and
	// cost (calls when dispatch is off).
	Pareto bool `json:"pareto"`
}

// A SweepRun runs a sweep one point at a time, so that a caller (the
// browser) can spread the work and show progress. The trace is decoded
// once; each point runs on a copy.
type SweepRun struct {
	base   Scenario
	knob   Setting
	values []float64
	trace  *Trace
	cat    *Catalog
	opts   Options
	points []SweepPoint
	// err is why the run stopped early (ErrCancelled), or nil.
	err error
	// retrace: the knob shapes or times the requests, so each point
	// decodes them anew.
	retrace bool
}

// NewSweepRun validates the sweep against scenario s and decodes its
// prompts.
func NewSweepRun(s *Scenario, sw Sweep, opts Options) (*SweepRun, error) {
	k, values, err := sw.points(s)
	if err != nil {
		return nil, err
	}
	cat, err := s.BuildCatalog()
	if err != nil {
		return nil, err
	}
	tr, err := s.Trace(cat, opts)
	if err != nil {
		return nil, err
	}
	return &SweepRun{base: *s, knob: k, values: values, trace: tr, cat: cat, opts: opts, retrace: k.Group == GroupArrivals || k.Group == GroupTraffic}, nil
}

// Len returns the number of points.
func (r *SweepRun) Len() int { return len(r.values) }

// Done returns how many points have run.
func (r *SweepRun) Done() int { return len(r.points) }

// Scenario returns the scenario of point i: the base with the knob set.
func (r *SweepRun) Scenario(i int) Scenario {
	s := r.base
	r.knob.Apply(&s, r.values[i])
	return s
}

// Next runs the next point and reports whether any remain. A run whose
// Options.Done is closed stops: Next returns false and Err ErrCancelled.
func (r *SweepRun) Next() bool {
	if len(r.points) == len(r.values) || r.err != nil {
		return false
	}
	i := len(r.points)
	s := r.Scenario(i)
	tr := r.trace.Clone()
	if r.retrace {
		tr, _ = s.Trace(r.cat, r.opts) // decoded once already: cannot fail
	}
	res, err := s.RunTrace(tr, r.cat, r.opts)
	if err != nil {
		r.err = err
		return false
	}
	r.points = append(r.points, SweepPoint{Value: r.values[i], Summary: res.Summary()})
	return len(r.points) < len(r.values)
}

// Err returns why Next stopped before the last point (ErrCancelled), or
// nil.
func (r *SweepRun) Err() error { return r.err }

// Points returns the points run so far, with the Pareto front marked among
// them.
func (r *SweepRun) Points() []SweepPoint {
	return markPareto(slices.Clone(r.points))
}

// markPareto marks the points of the Pareto front of pts (see
// SweepPoint.Pareto) and returns pts.
func markPareto(pts []SweepPoint) []SweepPoint {
	xs, ys := make([]float64, len(pts)), make([]float64, len(pts))
	costly := false
	for _, p := range pts {
		costly = costly || p.CostUSD > 0
	}
	for i, p := range pts {
		xs[i] = float64(p.P95LatencyMs)
		ys[i] = float64(p.Calls)
		if costly {
			ys[i] = p.CostUSD
		}
	}
	for i, on := range ParetoFront(xs, ys) {
		pts[i].Pareto = on
	}
	return pts
}

// RunSweep runs every point of the sweep, calling progress (if not nil)
// after each, and returns the points; ErrCancelled when opts.Done closes
// first.
func RunSweep(s *Scenario, sw Sweep, opts Options, progress func(done, total int)) ([]SweepPoint, error) {
	r, err := NewSweepRun(s, sw, opts)
	if err != nil {
		return nil, err
	}
	for more := r.Len() > 0; more; {
		more = r.Next()
		if progress != nil {
			progress(r.Done(), r.Len())
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return r.Points(), nil
}
