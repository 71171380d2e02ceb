package ui

import (
	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/state"
	"github.com/vugu/vugu"
)

// ExportPanel writes the playground's policy for Triton, Ray Serve and as
// JSON (core.ExportPolicy).
type ExportPanel struct {
	P *state.Playground
	// All exports every catalog model instead of those the traffic used.
	All bool

	exp        *core.PolicyExport
	err        string
	doneRuns   int
	doneAll    bool
	doneExport bool
}

// Compute exports the policy of the last good result when it changed.
func (c *ExportPanel) Compute(ctx vugu.ComputeCtx) {
	if c.doneExport && c.doneRuns == c.P.Runs && c.doneAll == c.All {
		return
	}
	c.doneExport, c.doneRuns, c.doneAll = true, c.P.Runs, c.All
	sc := c.P.BuildScenario()
	if c.P.ResultScenario != nil {
		sc = *c.P.ResultScenario
	}
	var names []string
	if !c.All && c.P.Result != nil {
		for _, m := range c.P.Result.Metrics.Models {
			names = append(names, m.Model)
		}
	}
	c.exp, c.err = nil, ""
	exp, err := core.ExportPolicy(&sc, names)
	if err != nil {
		c.err = err.Error()
		return
	}
	c.exp = exp
}
