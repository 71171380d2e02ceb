package ui

import (
	"strings"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/state"
)

// TrafficRules is the TrafficPanel's fields, shown when it is open.
type TrafficRules struct {
	P *state.Playground
}

// shaping are the transforms' number fields; classifying the token bands
// of requests without text.
func (c *TrafficRules) shaping() []*state.Field {
	return fieldsWhere(func(f *state.Field) bool { return !isBand(f) })
}

func (c *TrafficRules) classifying() []*state.Field { return fieldsWhere(isBand) }

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

func (c *TrafficRules) source() string {
	src := c.P.Scenario.Traffic.Source
	if src == (core.TrafficSource{}) {
		return "No imported traffic: the rules apply to prompts that carry token counts without text."
	}
	return "Imported from " + strings.TrimSpace(src.File+" ("+src.Format+")") + "."
}
