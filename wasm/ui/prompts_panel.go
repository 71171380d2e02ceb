package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/units"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// PromptsPanel is the prompts editor with its presets and file picker.
type PromptsPanel struct {
	P *state.Playground
	// Files opens the picked file.
	Files FileOpener
}

// populate writes the state's text into the editor only when the code
// replaced it (a preset, a file, a share link): never under the user's
// cursor, and without copying a large text on every render. The editor
// element remembers the revision it shows, so that an element the
// renderer creates anew (when the elements above it change) gets the text
// too.
func (c *PromptsPanel) populate(el js.Value) {
	if populated != nil { // a static render (StaticHTML)
		populated.text = c.P.PromptsText
		return
	}
	if shownRev(el) == c.P.PromptsRev {
		return
	}
	el.Set("batchlabRev", c.P.PromptsRev)
	el.Set("value", c.P.PromptsText)
}

// OnPreset loads the chosen preset.
func (c *PromptsPanel) OnPreset(event vugu.DOMEvent) {
	if key := event.PropString("target", "value"); key != "" {
		_ = c.P.LoadPreset(key)
	}
}

// OnFile reads the picked file.
func (c *PromptsPanel) OnFile(event vugu.DOMEvent) {
	c.Files.readInput(event.EventEnv(), event.JSEventTarget())
}

// DownloadPrompts saves the prompts document as a file.
func (c *PromptsPanel) DownloadPrompts() {
	download("prompts.json", "application/json", []byte(c.P.PromptsText))
}

// bigTitle names a hidden document: its prompts, once counted, and size.
func (c *PromptsPanel) bigTitle() string {
	size := units.Size(len(c.P.PromptsText))
	if c.P.Imported == nil {
		return "Prompts of " + size
	}
	return units.Plural(c.P.Imported.Requests, "prompt", "prompts") + " (" + size + ")"
}

// where locates a problem: its JSON path, and line and column if known.
func where(p state.Problem) string {
	s := p.Path
	if p.Line > 0 {
		s += " (line " + strconv.Itoa(p.Line) + ", column " + strconv.Itoa(p.Column) + ")"
	}
	return s + ":"
}
