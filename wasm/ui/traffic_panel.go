package ui

import (
	"strings"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/state"
)

// TrafficPanel holds the traffic rules (core.TrafficRules): the shaping of
// imported rows, the reading of requests without text, and what the rules
// did in the last result. It is folded unless the scenario holds imported
// traffic, a traffic field has a problem, or the user opened it.
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

// shaping are the transforms' number fields; classifying the token bands
// of requests without text.
func (c *TrafficPanel) shaping() []*state.Field {
	return fieldsWhere(func(f *state.Field) bool { return !isBand(f) })
}

func (c *TrafficPanel) classifying() []*state.Field { return fieldsWhere(isBand) }

func isBand(f *state.Field) bool { return strings.HasSuffix(f.Path, "_from_tokens") }

func fieldsWhere(keep func(*state.Field) bool) []*state.Field {
	var out []*state.Field
	for _, f := range state.TrafficFields {
		if keep(f) {
			out = append(out, f)
		}
	}
	return out
}

func (c *TrafficPanel) source() string {
	src := c.P.Scenario.Traffic.Source
	if src == (core.TrafficSource{}) {
		return "No imported traffic: the rules apply to prompts that carry token counts without text."
	}
	return "Imported from " + strings.TrimSpace(src.File+" ("+src.Format+")") + "."
}

func (c *TrafficPanel) summary() string {
	t := &c.P.Scenario.Traffic
	if t.IsZero() {
		return ": now the defaults"
	}
	return ": now changed"
}
