package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/wasm/state"
)

// NumberInput is one numeric control: label, number input, optional
// slider over the setting's typical range, why it has no effect if so,
// and its problem if any. What is typed into the number input reaches the
// playground through ListenForNumbers (the page's Root), not a Vugu event
// handler, so that a keystroke need not render the page.
type NumberInput struct {
	P *state.Playground
	F *state.Field
}

func (c *NumberInput) step() string { return strconv.FormatFloat(c.F.Step, 'f', -1, 64) }

// id, problem and idle stay out of line (go:noinline): inlined, each of
// their several calls in the generated Build copied their bodies there,
// which made it a function of 23 KB, one V8 optimizes at the page's start
// (it is called for every number field).
//
//go:noinline
func (c *NumberInput) id() string { return c.F.ID() }

//go:noinline
func (c *NumberInput) problem() string { return c.P.ProblemAt(c.F.JSONPath()) }

//go:noinline
func (c *NumberInput) idle() string { return c.P.Idle(c.F) }

func (c *NumberInput) class() string {
	if c.problem() != "" {
		return "field invalid"
	}
	return "field"
}
