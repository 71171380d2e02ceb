package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/wasm/state"
)

// NumberInput is one numeric control: label, number input, optional
// slider, and its problem if any.
type NumberInput struct {
	P *state.Playground
	F *state.NumberField
}

func (c *NumberInput) step() string { return strconv.FormatFloat(c.F.Step, 'f', -1, 64) }

func (c *NumberInput) class() string {
	if c.P.ProblemAt(c.F.Path) != "" {
		return "field invalid"
	}
	return "field"
}
