package main

import "github.com/batchlab/batchlab/wasm/state"

// DispatchPanel will hold the dispatch settings once the core simulates
// dispatch.
type DispatchPanel struct {
	P *state.Playground
}
