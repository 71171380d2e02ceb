package main

import "github.com/batchlab/batchlab/wasm/state"

// PolicyPanel holds the policy, mode and arrival controls.
type PolicyPanel struct {
	P *state.Playground
}

func (c *PolicyPanel) mode() string {
	if c.P.Scenario.Mode == "" {
		return "timer"
	}
	return string(c.P.Scenario.Mode)
}
