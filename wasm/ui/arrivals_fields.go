package ui

import "github.com/batchlab/batchlab/wasm/state"

// ArrivalsFields is how arrivals are made for prompts without
// created_at_ms (process and its numbers), in the PolicyPanel's folded
// group.
type ArrivalsFields struct {
	P *state.Playground
}
