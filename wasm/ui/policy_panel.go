package ui

import (
	"strings"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/units"
)

// PolicyPanel holds the policy, mode and arrival controls. The less used
// groups fold, which keeps every render of the page short; the larger
// ones (OverridesEditor, ArrivalsFields) are components of their own, so
// that their code is compiled only when they are first opened.
type PolicyPanel struct {
	P *state.Playground

	OpenWaits, OpenArrivals, OpenOverrides bool
}

func (c *PolicyPanel) mode() string {
	if c.P.Scenario.Mode == "" {
		return "timer"
	}
	return string(c.P.Scenario.Mode)
}

// problemUnder reports a problem of a field under prefix: a folded group
// with a problem opens.
func (c *PolicyPanel) problemUnder(prefix string) bool {
	for _, pr := range c.P.Problems {
		if strings.HasPrefix(pr.Path, prefix) {
			return true
		}
	}
	return c.P.HasTypingProblems()
}

// waitsProblem reports a problem of a field the adaptive-wait group holds
// (state.WaitFields: the waits per tolerance and their clamp), not of
// another policy field that starts alike: that group opens.
func (c *PolicyPanel) waitsProblem() bool {
	for _, f := range state.WaitFields {
		if c.P.ProblemAt(f.JSONPath()) != "" {
			return true
		}
	}
	return c.P.HasTypingProblems()
}

func (c *PolicyPanel) waitsSummary() string {
	p := &c.P.Scenario.Policy
	return ": now low " + units.Millis(p.WaitLowMs) + ", medium " + units.Millis(p.BaseWaitMs) + ", high " + units.Millis(p.WaitHighMs) +
		", clamped to " + units.Count(int(p.MinWaitMs)) + "–" + units.Millis(p.MaxWaitMs)
}

func (c *PolicyPanel) arrivalsSummary() string {
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

func (c *PolicyPanel) overridesSummary() string {
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
