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

// pageStatus says which lines the page shown holds, as "Lines 2,001–3,000
// of 10,002 (page 3 of 11)".
func (c *PromptsPanel) pageStatus() string {
	g := c.P.Pager()
	lines := "Line " + units.Count(g.FirstLine())
	if last := g.LastLine(); last > g.FirstLine() {
		lines = "Lines " + units.Count(g.FirstLine()) + "–" + units.Count(last)
	}
	return lines + " of " + units.Count(g.Lines()) + " (page " + units.Count(g.Page()) + " of " + units.Count(g.Pages()) + ")"
}

// OnGoToLine shows the page of the line number the form holds.
func (c *PromptsPanel) OnGoToLine(event vugu.DOMEvent) {
	event.PreventDefault()
	line := event.JSEventTarget().Get("elements").Call("namedItem", "line").Get("value").String()
	if n, err := strconv.Atoi(line); err == nil {
		c.P.GoToLine(n)
	}
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
	download("prompts.json", "application/json", []byte(c.P.PromptsText()))
}

// bigTitle names a hidden document: its prompts, once counted, and size.
func (c *PromptsPanel) bigTitle() string {
	size := units.Size(c.P.PromptsSize())
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
