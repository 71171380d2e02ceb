package core

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// TrafficRules say how imported traffic is read: how requests that carry
// token counts but no text are classified and routed, and how the rows
// are shaped before the simulation. They are part of the scenario, so the
// playground, share links and sweeps keep them; the rows themselves stay
// in the scenario's prompts, untransformed.
//
// A request without text cannot be analysed, so it gets:
//
//   - intent general and no compliance need;
//   - complexity low below MediumFromTokens input tokens, high from
//     HighFromTokens, medium between (the prompt analyser's word bands
//     would make almost every trace request high);
//   - expected output short below MediumOutputFromTokens output tokens,
//     long from LongOutputFromTokens, medium between (medium when the
//     output is unknown);
//   - latency tolerance LatencyTolerance.
//
// Any request's model is, in this order: the selected_model it names; its
// trace model ("model") when the catalog has a model of that name, or as
// ModelMap maps it; Model when set; else the cost-first selection over the
// analysis, as for text.
//
// The transforms apply in this order, to rows in input order: FirstN
// keeps the first rows; FromMs and ToMs keep the rows that arrive in
// [FromMs, ToMs) (rows without a time are kept); DropFailed drops rows
// the log marks failed; Sample keeps each row with that probability
// (seeded); RateScale divides every given arrival time by k, so k = 2
// replays the traffic twice as fast.
type TrafficRules struct {
	// Source notes where the rows came from; it changes nothing.
	Source TrafficSource `json:"source,omitzero"`

	LatencyTolerance       string `json:"latency_tolerance"`
	MediumFromTokens       int    `json:"medium_from_tokens"`
	HighFromTokens         int    `json:"high_from_tokens"`
	MediumOutputFromTokens int    `json:"medium_output_from_tokens"`
	LongOutputFromTokens   int    `json:"long_output_from_tokens"`

	ModelMap []ModelMapping `json:"model_map"`
	Model    string         `json:"model"`

	FirstN     int     `json:"first_n"`
	FromMs     int64   `json:"from_ms"`
	ToMs       int64   `json:"to_ms"`
	DropFailed bool    `json:"drop_failed"`
	Sample     float64 `json:"sample"`
	RateScale  float64 `json:"rate_scale"`
}

// TrafficSource says where imported rows came from.
type TrafficSource struct {
	Format string `json:"format,omitempty"`
	File   string `json:"file,omitempty"`
}

// A ModelMapping routes a trace's model name to a catalog model.
type ModelMapping struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// DefaultTrafficRules: medium tolerance; complexity bands at 1,000 and
// 4,000 input tokens; output bands at 100 and 500 tokens; BurstGPT's
// ChatGPT and GPT-4 mapped to gpt-3.5-turbo and gpt-4o; no transform.
func DefaultTrafficRules() TrafficRules {
	return TrafficRules{
		LatencyTolerance: "medium", MediumFromTokens: 1000, HighFromTokens: 4000,
		MediumOutputFromTokens: 100, LongOutputFromTokens: 500,
		ModelMap:  []ModelMapping{{"ChatGPT", "gpt-3.5-turbo"}, {"GPT-4", "gpt-4o"}},
		Sample:    1,
		RateScale: 1,
	}
}

// IsZero reports whether the rules are the defaults, which a scenario
// leaves out of its JSON: scenarios without imported traffic keep the
// form (and the share ids) they had before the rules existed.
func (t TrafficRules) IsZero() bool {
	d := DefaultTrafficRules()
	return t.Equal(&d)
}

// Equal reports whether t and u are the same rules, field for field (a
// nil and an empty model map are the same). It takes no reflection: the
// playground's first render asks IsZero, and reflect.DeepEqual cost the
// browser its compilation then, and, hot at once, an optimized one.
func (t *TrafficRules) Equal(u *TrafficRules) bool {
	return t.Source == u.Source && t.LatencyTolerance == u.LatencyTolerance &&
		t.MediumFromTokens == u.MediumFromTokens && t.HighFromTokens == u.HighFromTokens &&
		t.MediumOutputFromTokens == u.MediumOutputFromTokens && t.LongOutputFromTokens == u.LongOutputFromTokens &&
		slices.Equal(t.ModelMap, u.ModelMap) && t.Model == u.Model && t.FirstN == u.FirstN && t.FromMs == u.FromMs &&
		t.ToMs == u.ToMs && t.DropFailed == u.DropFailed && t.Sample == u.Sample && t.RateScale == u.RateScale
}

// Shapes reports whether any transform is set, so that the rows kept are
// not simply the rows given.
func (t *TrafficRules) Shapes() bool {
	return t.FirstN > 0 || t.FromMs > 0 || t.ToMs != 0 || t.DropFailed || t.Sample < 1 || t.RateScale != 1
}

// validate checks what the settings table cannot: bands in order, the
// window in order, and the models named.
func (t *TrafficRules) validate(prefix string, cat *Catalog, errs *errorList) {
	if t.HighFromTokens < t.MediumFromTokens {
		errs.addf(prefix+".high_from_tokens", ErrInvalid, "want at least medium_from_tokens (%d), got %d", t.MediumFromTokens, t.HighFromTokens)
	}
	if t.LongOutputFromTokens < t.MediumOutputFromTokens {
		errs.addf(prefix+".long_output_from_tokens", ErrInvalid, "want at least medium_output_from_tokens (%d), got %d", t.MediumOutputFromTokens, t.LongOutputFromTokens)
	}
	if t.ToMs != 0 && t.ToMs <= t.FromMs {
		errs.addf(prefix+".to_ms", ErrInvalid, "want 0 (no end) or more than from_ms (%d), got %d", t.FromMs, t.ToMs)
	}
	if cat == nil {
		return
	}
	if t.Model != "" {
		if _, ok := cat.Lookup(t.Model); !ok {
			errs.addf(prefix+".model", ErrUnknownModel, "model %q is not in the catalog", t.Model)
		}
	}
	if slices.Equal(t.ModelMap, DefaultTrafficRules().ModelMap) {
		return // the default mapping routes only to the models the catalog has
	}
	for i, m := range t.ModelMap {
		p := prefix + ".model_map[" + strconv.Itoa(i) + "]"
		if m.From == "" {
			errs.addf(p+".from", ErrRequired, "want the trace's model name")
		}
		if _, ok := cat.Lookup(m.To); !ok {
			errs.addf(p+".to", ErrUnknownModel, "model %q is not in the catalog", m.To)
		}
	}
}

// A ShapingReport says what the traffic rules did to the rows: how many came in,
// how many each transform dropped, how many were routed how.
type ShapingReport struct {
	// Source is where the rows came from (the scenario's note).
	Source        TrafficSource `json:"source,omitzero"`
	Rows          int           `json:"rows"`
	AfterFirstN   int           `json:"dropped_first_n,omitempty"`
	OutsideWindow int           `json:"dropped_window,omitempty"`
	Failed        int           `json:"dropped_failed,omitempty"`
	NotSampled    int           `json:"dropped_sample,omitempty"`
	Kept          int           `json:"kept"`
	// TokenOnly counts the kept requests without text, classified by the
	// rules; Mapped those routed by their trace model; Unmapped those whose
	// trace model no mapping names (routed by Model or by selection).
	TokenOnly int      `json:"token_only,omitempty"`
	Mapped    int      `json:"mapped,omitempty"`
	Unmapped  int      `json:"unmapped,omitempty"`
	Notes     []string `json:"notes,omitempty"`
}

// shape applies the transforms to reqs (in input order, before arrivals)
// and returns the rows kept, renumbered 0…n−1 in input order.
func (t *TrafficRules) shape(reqs []Request, seed uint64, rep *ShapingReport) []Request {
	sh := t.shaper(seed, rep)
	kept := 0
	for i := range reqs { // in place: a copy of each request (192 bytes) only after a drop
		if sh.keep(&reqs[i]) {
			if kept != i {
				reqs[kept] = reqs[i]
			}
			kept++
		}
	}
	return reqs[:kept]
}

// A rowShaper applies the transforms to rows one at a time, in input order.
type rowShaper struct {
	t   *TrafficRules
	rng *rand.Rand
	rep *ShapingReport
}

// shaper returns a rowShaper counting into rep.
func (t *TrafficRules) shaper(seed uint64, rep *ShapingReport) rowShaper {
	return rowShaper{t: t, rng: newRand(seed, streamSample), rep: rep}
}

// keep counts row r and reports whether the transforms keep it; a kept
// row is rate-scaled and numbered.
func (s rowShaper) keep(r *Request) bool {
	t, rep := s.t, s.rep
	rep.Rows++
	switch {
	case t.FirstN > 0 && rep.Rows > t.FirstN:
		rep.AfterFirstN++
		return false
	case r.hasTime && (t.FromMs > 0 && r.CreatedAt < t.FromMs || t.ToMs != 0 && r.CreatedAt >= t.ToMs):
		rep.OutsideWindow++
		return false
	case t.DropFailed && r.Failed:
		rep.Failed++
		return false
	case t.Sample < 1 && s.rng.Float64() >= t.Sample:
		rep.NotSampled++
		return false
	}
	if t.RateScale != 1 && t.RateScale > 0 && r.hasTime {
		r.CreatedAt = int64(math.Floor(float64(r.CreatedAt) / t.RateScale))
	}
	r.Index = rep.Kept
	rep.Kept++
	return true
}

// classify gives requests without text their analysis, and every request
// with a trace model and no selected_model its model, by the rules.
func (t *TrafficRules) classify(reqs []Request, cat *Catalog, rep *ShapingReport) {
	tol := Medium
	switch t.LatencyTolerance {
	case "low":
		tol = Low
	case "high":
		tol = High
	}
	// routes maps a trace model to its catalog model: its own name when the
	// catalog has it, else the first mapping to a model the catalog has.
	routes := make(map[string]string, len(t.ModelMap))
	for _, m := range t.ModelMap {
		if _, ok := cat.Lookup(m.To); ok && routes[m.From] == "" {
			routes[m.From] = m.To
		}
	}
	for i := range reqs {
		r := &reqs[i]
		if r.Text == "" && !r.hasAnalysis {
			rep.TokenOnly++
			r.Analysis = Analysis{Intent: IntentGeneral, Complexity: band(r.TokenCount, t.MediumFromTokens, t.HighFromTokens), LatencyTolerance: tol}
			r.OutputLength = MediumLength
			if r.hasOutput {
				r.OutputLength = Length(band(r.OutputTokens, t.MediumOutputFromTokens, t.LongOutputFromTokens))
			}
			r.hasAnalysis = true
		}
		if r.hasModel || (r.TraceModel == "" && t.Model == "") {
			continue
		}
		name := ""
		if r.TraceModel != "" {
			if _, ok := cat.Lookup(r.TraceModel); ok {
				name = r.TraceModel
			} else {
				name = routes[r.TraceModel]
			}
			if name != "" {
				rep.Mapped++
			} else {
				rep.Unmapped++
			}
		}
		if name == "" {
			name = t.Model
		}
		if _, ok := cat.Lookup(name); ok {
			r.Model, r.hasModel = name, true
		}
	}
}

// band is 0 below lo, 2 from hi, 1 between.
func band(v, lo, hi int) Level {
	switch {
	case v >= hi:
		return High
	case v >= lo:
		return Medium
	}
	return Low
}
