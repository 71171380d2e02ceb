package ui

import (
	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/state"
)

// TrafficPanel holds the traffic rules (core.TrafficRules): the shaping of
// imported rows, the reading of requests without text, and what the rules
// did in the last result. It is folded unless the scenario holds imported
// traffic, a traffic field has a problem, or the user opened it; the
// fields are a component of their own (TrafficRules), so that their code
// is compiled only when they are first shown.
type TrafficPanel struct {
	P *state.Playground

	opened, toggled bool
}

func (c *TrafficPanel) open() bool {
	if c.P.HasProblemUnder("$.traffic") {
		return true
	}
	if c.toggled {
		return c.opened
	}
	return c.P.Scenario.Traffic.Source != (core.TrafficSource{})
}

func (c *TrafficPanel) toggle() {
	c.opened, c.toggled = !c.open(), true
}

func (c *TrafficPanel) summary() string {
	t := &c.P.Scenario.Traffic
	if t.IsZero() {
		return ": now the defaults"
	}
	return ": now changed"
}
