package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/wasm/state"
)

// ScriptEditor is the dispatch's scripted failures, a row each, in the
// DispatchPanel's folded group.
type ScriptEditor struct {
	P *state.Playground
}

func (c *ScriptEditor) scriptRowID(row int) string { return "script-" + strconv.Itoa(row) }

// scriptPlaceholder says what an empty number of a script row means.
func scriptPlaceholder(key string) string {
	if key == "status" {
		return "default"
	}
	return "—"
}
