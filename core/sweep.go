package core

import (
	"fmt"
	"math"
	"slices"
)

// MaxSweepPoints bounds the points of one sweep.
const MaxSweepPoints = 1000

// A Knob is a scenario setting a sweep can vary. Name is its JSON path in
// the scenario, without the leading "$.".
type Knob struct {
	Name        string  `json:"name"`
	Label       string  `json:"label"`
	Unit        string  `json:"unit"`
	Integer     bool    `json:"integer"`
	Min         float64 `json:"min"`
	Max         float64 `json:"max"`
	Description string  `json:"description"`

	set func(s *Scenario, v float64)
}

var knobs = []Knob{
	{Name: "policy.wait_ms", Label: "wait (every tolerance)", Unit: "ms", Integer: true, Max: maxWaitMs,
		Description: "sets the wait of every latency tolerance and widens the clamp to include it; per-model tuning still caps low-latency models at 80 ms",
		set: func(s *Scenario, v float64) {
			w := int64(v)
			p := &s.Policy
			p.BaseWaitMs, p.WaitLowMs, p.WaitHighMs = w, w, w
			p.MinWaitMs, p.MaxWaitMs = min(p.MinWaitMs, w), max(p.MaxWaitMs, w)
		}},
	{Name: "policy.max_wait_ms", Label: "max wait", Unit: "ms", Integer: true, Max: maxWaitMs,
		Description: "the upper end of the wait clamp (the lower end follows when it would exceed it)",
		set: func(s *Scenario, v float64) {
			s.Policy.MaxWaitMs = int64(v)
			s.Policy.MinWaitMs = min(s.Policy.MinWaitMs, int64(v))
		}},
	{Name: "policy.base_wait_ms", Label: "base wait", Unit: "ms", Integer: true, Max: maxWaitMs,
		Description: "the wait of medium-tolerance requests, before the clamp",
		set:         func(s *Scenario, v float64) { s.Policy.BaseWaitMs = int64(v) }},
	{Name: "policy.max_batch_size", Label: "max batch size", Unit: "requests", Integer: true, Min: 1, Max: 1_000_000,
		Description: "requests per batch before per-model tuning",
		set:         func(s *Scenario, v float64) { s.Policy.MaxBatchSize = int(v) }},
	{Name: "policy.max_batch_tokens", Label: "max batch tokens", Unit: "tokens", Integer: true, Min: 1, Max: 1 << 40,
		Description: "effective tokens per batch before per-model tuning",
		set:         func(s *Scenario, v float64) { s.Policy.MaxBatchTokens = int(v) }},
	{Name: "dispatch.concurrency", Label: "concurrency", Unit: "calls", Integer: true, Min: 1, Max: maxConcurrency,
		Description: "calls at once over all models (switches the slots to global)",
		set: func(s *Scenario, v float64) {
			s.Dispatch.Concurrency = int(v)
			s.Dispatch.Slots = SlotsGlobal
		}},
	{Name: "dispatch.batch_size", Label: "fixed batch size", Unit: "rows", Integer: true, Min: 1, Max: maxJobBatch,
		Description: "rows per chunk of a fixed-size job (switches the job to fixed)",
		set: func(s *Scenario, v float64) {
			s.Dispatch.BatchSize = int(v)
			s.Dispatch.Job = JobFixed
		}},
	{Name: "dispatch.max_retries", Label: "max retries", Unit: "retries", Integer: true, Max: maxRetries,
		Description: "retries of a failed batch",
		set:         func(s *Scenario, v float64) { s.Dispatch.MaxRetries = int(v) }},
	{Name: "dispatch.failures.rate_limit", Label: "429 rate", Unit: "probability", Max: 1,
		Description: "chance of an HTTP 429 per attempt",
		set:         func(s *Scenario, v float64) { s.Dispatch.Failures.RateLimit = v }},
	{Name: "dispatch.failures.server_error", Label: "5xx rate", Unit: "probability", Max: 1,
		Description: "chance of an HTTP 500/502/503/504 per attempt",
		set:         func(s *Scenario, v float64) { s.Dispatch.Failures.Server = v }},
	{Name: "dispatch.failures.timeout", Label: "timeout rate", Unit: "probability", Max: 1,
		Description: "chance that an attempt hangs until the request timeout",
		set:         func(s *Scenario, v float64) { s.Dispatch.Failures.Timeout = v }},
	{Name: "dispatch.failures.parse_per_row", Label: "parse failure per row", Unit: "probability", Max: 1,
		Description: "added chance, per row in the batch, that a reply does not parse",
		set:         func(s *Scenario, v float64) { s.Dispatch.Failures.ParsePerRow = v }},
	{Name: "shared_prompt_tokens", Label: "shared prompt", Unit: "tokens", Integer: true, Max: 10_000_000,
		Description: "instruction tokens sent once per call",
		set:         func(s *Scenario, v float64) { s.SharedPromptTokens = int(v) }},
}

// Apply sets the knob to v in s (v is taken as a whole number for integer
// knobs); it does not validate.
func (k Knob) Apply(s *Scenario, v float64) { k.set(s, v) }

// Knobs returns every knob a sweep can vary.
func Knobs() []Knob { return slices.Clone(knobs) }

// LookupKnob returns the knob called name.
func LookupKnob(name string) (Knob, bool) {
	for _, k := range knobs {
		if k.Name == name {
			return k, true
		}
	}
	return Knob{}, false
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
		names := make([]string, len(knobs))
		for i, k := range knobs {
			names[i] = k.Name
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
			errs.addf(path, ErrInvalid, "want %s from %v to %v %s, got %v", k.Label, k.Min, k.Max, k.Unit, v)
		} else if k.Integer && v != math.Trunc(v) {
			errs.addf(path, ErrInvalid, "want a whole number of %s, got %v", k.Unit, v)
		}
	}
	inRange("$.from", sw.From)
	inRange("$.to", sw.To)
	if finite("$.step", sw.Step) {
		switch {
		case sw.Step <= 0:
			errs.addf("$.step", ErrInvalid, "want a positive step, got %v", sw.Step)
		case k.Integer && sw.Step != math.Trunc(sw.Step):
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
		if k.Integer {
			v = math.Round(v)
		}
		values[i] = min(v, sw.To)
	}
	return values, nil
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
	knob   Knob
	values []float64
	reqs   []Request
	cat    *Catalog
	opts   Options
	points []SweepPoint
}

// NewSweepRun validates the sweep against scenario s and decodes its
// prompts.
func NewSweepRun(s *Scenario, sw Sweep, opts Options) (*SweepRun, error) {
	values, err := sw.Values()
	if err != nil {
		return nil, err
	}
	k, _ := LookupKnob(sw.Knob)
	for _, v := range values {
		t := *s
		k.set(&t, v)
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("%s = %v: %w", k.Name, v, err)
		}
	}
	cat, err := s.BuildCatalog()
	if err != nil {
		return nil, err
	}
	reqs, err := s.Trace(cat, opts)
	if err != nil {
		return nil, err
	}
	return &SweepRun{base: *s, knob: k, values: values, reqs: reqs, cat: cat, opts: opts}, nil
}

// Len returns the number of points.
func (r *SweepRun) Len() int { return len(r.values) }

// Done returns how many points have run.
func (r *SweepRun) Done() int { return len(r.points) }

// Scenario returns the scenario of point i: the base with the knob set.
func (r *SweepRun) Scenario(i int) Scenario {
	s := r.base
	r.knob.set(&s, r.values[i])
	return s
}

// Next runs the next point and reports whether any remain.
func (r *SweepRun) Next() bool {
	if len(r.points) == len(r.values) {
		return false
	}
	i := len(r.points)
	s := r.Scenario(i)
	res := s.RunTrace(slices.Clone(r.reqs), r.cat, r.opts)
	r.points = append(r.points, SweepPoint{Value: r.values[i], Summary: res.Summary()})
	return len(r.points) < len(r.values)
}

// Points returns the points run so far, with the Pareto front marked among
// them.
func (r *SweepRun) Points() []SweepPoint {
	pts := slices.Clone(r.points)
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
// after each, and returns the points.
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
	return r.Points(), nil
}
