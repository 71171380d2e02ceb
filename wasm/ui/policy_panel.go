package ui

import (
	"slices"
	"strings"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/units"
)

// PolicyPanel holds the policy, mode and arrival controls. Its groups are
// components of their own (PolicyWaits, PolicyOverrides, PolicyMode,
// PolicyArrivals), which keeps each generated Build small, quick for V8 to
// compile; the less used groups fold, and their larger parts
// (NumberFields, OverridesEditor, ArrivalsFields) are compiled only when
// they are first opened.
type PolicyPanel struct {
	P *state.Playground
}

// PolicyWaits is the policy panel's folded adaptive wait per latency
// tolerance.
type PolicyWaits struct {
	P *state.Playground

	// Open unfolds the waits.
	Open bool
}

// PolicyOverrides is the policy panel's folded per-model overrides.
type PolicyOverrides struct {
	P *state.Playground

	// Open unfolds the overrides editor.
	Open bool
}

// PolicyMode is the policy panel's close mode (ModeRadios), token counts,
// per-model tuning and scenario numbers.
type PolicyMode struct {
	P *state.Playground
}

// ModeRadios is the policy panel's close mode.
type ModeRadios struct {
	P *state.Playground
}

// PolicyArrivals is the policy panel's folded arrivals of prompts without
// created_at_ms.
type PolicyArrivals struct {
	P *state.Playground

	// Open unfolds the arrival fields.
	Open bool
}

// OtherProblems lists the problems no control shows.
type OtherProblems struct {
	P *state.Playground
}

// tokensHint is the hint below the token counts' select.
const tokensHint = "Exact counts load the tokenizer of each model that names one (o200k_base 3.6 MB, cl100k_base 1.7 MB) when turned on; until it is here, and in seed mode, counts are estimates."

func (c *ModeRadios) mode() string {
	if c.P.Scenario.Mode == "" {
		return "timer"
	}
	return string(c.P.Scenario.Mode)
}

// problemUnder reports a problem of a field under prefix, but of those
// at the paths except: a folded group with a problem opens.
func problemUnder(p *state.Playground, prefix string, except ...string) bool {
	for _, pr := range p.Problems {
		if strings.HasPrefix(pr.Path, prefix) && !slices.Contains(except, pr.Path) {
			return true
		}
	}
	return p.HasTypingProblems()
}

// problem reports a problem of a field the adaptive-wait group holds
// (state.WaitFields: the waits per tolerance and their clamp), not of
// another policy field that starts alike: that group opens.
func (c *PolicyWaits) problem() bool {
	for _, f := range state.WaitFields {
		if c.P.ProblemAt(f.JSONPath()) != "" {
			return true
		}
	}
	return c.P.HasTypingProblems()
}

func (c *PolicyWaits) summary() string {
	p := &c.P.Scenario.Policy
	return ": now low " + units.Millis(p.WaitLowMs) + ", medium " + units.Millis(p.BaseWaitMs) + ", high " + units.Millis(p.WaitHighMs) +
		", clamped to " + units.Count(int(p.MinWaitMs)) + "–" + units.Millis(p.MaxWaitMs)
}

func (c *PolicyArrivals) summary() string {
	a := &c.P.Scenario.Arrivals
	switch a.Process {
	case "poisson":
		return "Now: poisson, " + units.Decimal(a.RatePerSec) + " per second from " + units.Millis(a.StartMs) + "."
	case "burst":
		return "Now: bursts of " + units.Requests(a.BurstSize) + " every " + units.Millis(a.BurstGapMs) + "."
	}
	return "Now: one every " + units.Millis(a.GapMs) + " from " + units.Millis(a.StartMs) + "."
}

// expanded is an aria-expanded value.
func expanded(open bool) string {
	if open {
		return "true"
	}
	return "false"
}

func (c *PolicyOverrides) summary() string {
	ovs := c.P.Overrides()
	if len(ovs) == 0 {
		return ": none now"
	}
	parts := make([]string, len(ovs))
	for i, o := range ovs {
		var limits []string
		if o.WaitMs > 0 {
			limits = append(limits, "wait "+units.Millis(o.WaitMs))
		}
		if o.MaxBatchSize > 0 {
			limits = append(limits, "size "+units.Requests(o.MaxBatchSize))
		}
		if o.MaxBatchTokens > 0 {
			limits = append(limits, units.Tokens(o.MaxBatchTokens))
		}
		if len(limits) == 0 {
			limits = append(limits, "keeps every limit")
		}
		parts[i] = o.Model + " " + strings.Join(limits, ", ")
	}
	return ": now " + strings.Join(parts, "; ")
}
