package ui

import (
	"strconv"
	"unicode/utf16"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/units"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// PromptsPanel is the prompts editor with its presets and file picker.
// Its parts are components of their own, so that each generated Build is
// small (V8 compiles a Build whole, and recompiles a big one with TurboFan
// after a single render); what it seldom shows (a file's problems, the
// summary of an import, a big document's summary and pager) is built, and
// compiled, only once shown.
type PromptsPanel struct {
	P *state.Playground
	// Files opens the picked file.
	Files FileOpener
}

// PromptsSource picks the prompts: a preset, or a file to open.
type PromptsSource struct {
	P *state.Playground
	// Files opens the picked file.
	Files FileOpener
}

// FileProblems says why the last file could not be opened.
type FileProblems struct {
	P *state.Playground
}

// ImportSummary says what the last file (or imported scenario) held.
type ImportSummary struct {
	P *state.Playground
}

// InputProblems lists the editor's problems, hidden when there are none.
type InputProblems struct {
	P *state.Playground
}

// populate writes the state's text into the editor only when the code
// replaced it (a preset, a file, a share link): never under the user's
// cursor, and without copying a large text on every render. The editor
// element remembers the revision it shows, so that an element the
// renderer creates anew (when the elements above it change) gets the text
// too.
func (c *PromptsPanel) populate(el js.Value) {
	if populated != nil { // a static render (StaticHTML)
		populated.text = c.P.EditorText()
		return
	}
	if shownRev(el) == c.P.PromptsRev {
		return
	}
	el.Set("batchlabRev", c.P.PromptsRev)
	text := c.P.EditorText()
	el.Set("value", text)
	if g := c.P.Pager(); g != nil && g.Caret >= 0 { // a line gone to: the caret at its start, in view
		at := utf16Len(text[:g.Caret])
		el.Call("focus")
		el.Call("setSelectionRange", at, at)
		el.Call("blur") // focusing again scrolls the caret into view
		el.Call("focus")
	}
}

// utf16Len is the length of s in UTF-16 code units, as the browser
// counts a selection.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// editorLabel names the editor: the page it shows, if it shows one.
func (c *PromptsPanel) editorLabel() string {
	if c.P.Pager() != nil {
		return "Prompts JSON, page " + units.Count(c.P.Pager().Page())
	}
	return "Prompts JSON"
}

// OnPreset loads the chosen preset.
func (c *PromptsSource) OnPreset(event vugu.DOMEvent) {
	if key := event.PropString("target", "value"); key != "" {
		_ = c.P.LoadPreset(key)
	}
}

// OnFile reads the picked file.
func (c *PromptsSource) OnFile(event vugu.DOMEvent) {
	c.Files.readInput(event.EventEnv(), event.JSEventTarget())
}

// where locates a problem: its JSON path, and line and column if known.
func where(p state.Problem) string {
	s := p.Path
	if p.Line > 0 {
		s += " (line " + strconv.Itoa(p.Line) + ", column " + strconv.Itoa(p.Column) + ")"
	}
	return s + ":"
}
