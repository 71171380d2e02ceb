package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/wasm/state"
)

// OverridesEditor is the policy's per-model overrides, a row each, in
// the PolicyPanel's folded group.
type OverridesEditor struct {
	P *state.Playground
}

func (c *OverridesEditor) overrideRowID(row int) string { return "override-" + strconv.Itoa(row) }

func (c *OverridesEditor) overrideProblem(row int, key string) string {
	return c.P.ProblemAt(state.OverridePath(row, key))
}

func (c *OverridesEditor) overrideClass(row int, key string) string {
	if c.overrideProblem(row, key) != "" {
		return "field invalid"
	}
	return "field"
}
