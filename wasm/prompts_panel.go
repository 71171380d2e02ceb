package main

import (
	"strconv"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// PromptsPanel is the prompts editor with its presets and file picker.
type PromptsPanel struct {
	P    *state.Playground
	Root *Root

	shownRev int
}

// populate writes the state's text into the editor only when the code
// replaced it (a preset, a file, a share link): never under the user's
// cursor, and without copying a large text on every render.
func (c *PromptsPanel) populate(el js.Value) {
	if c.shownRev == c.P.PromptsRev {
		return
	}
	c.shownRev = c.P.PromptsRev
	el.Set("value", c.P.PromptsText)
}

// OnPreset loads the chosen preset.
func (c *PromptsPanel) OnPreset(event vugu.DOMEvent) {
	if key := event.PropString("target", "value"); key != "" {
		_ = c.P.LoadPreset(key)
	}
}

// OnFile reads the picked file into the playground.
func (c *PromptsPanel) OnFile(event vugu.DOMEvent) {
	readFile(event.EventEnv(), event.JSEventTarget(), c.P.LoadFile)
}

// where locates a problem: its JSON path, and line and column if known.
func where(p state.Problem) string {
	s := p.Path
	if p.Line > 0 {
		s += " (line " + strconv.Itoa(p.Line) + ", column " + strconv.Itoa(p.Column) + ")"
	}
	return s + ":"
}
