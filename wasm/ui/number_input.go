package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/wasm/state"
)

// NumberInput is one numeric control: label, number input, optional
// slider over the setting's typical range, why it has no effect if so,
// and its problem if any.
type NumberInput struct {
	P *state.Playground
	F *state.Field
}

func (c *NumberInput) step() string { return strconv.FormatFloat(c.F.Step, 'f', -1, 64) }

func (c *NumberInput) class() string {
	if c.P.ProblemAt(c.F.JSONPath()) != "" {
		return "field invalid"
	}
	return "field"
}
