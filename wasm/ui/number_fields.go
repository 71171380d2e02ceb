package ui

import "github.com/batchlab/batchlab/wasm/state"

// NumberFields is a folded group's number fields, a NumberInput each, in
// a <div>: a component of its own, so that a panel's code for the group
// is compiled only when the group is first opened.
type NumberFields struct {
	P      *state.Playground
	Fields []*state.Field
}
