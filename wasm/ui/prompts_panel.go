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
	// OnType gets the editor's text after a paste the page takes
	// (state's TakesPaste); keystrokes go to ListenForKeystrokes' typed.
	OnType func(text string)
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
	if shown := el.Get("batchlabRev"); shown.Type() == js.TypeNumber && shown.Int() == c.P.PromptsRev {
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

// OnPaste takes a paste that makes the editor's text big, or brings a
// long line (state's TakesPaste), before the browser puts it into the
// textarea, which would then lay the whole text out for seconds: the
// document goes to the state, and the page shows its summary, or the
// document one element per line, instead.
func (c *PromptsPanel) OnPaste(event vugu.DOMEvent) {
	ev := event.JSEvent()
	data := ev.Get("clipboardData")
	if !data.Truthy() {
		return
	}
	clip := data.Call("getData", "text").String()
	el := ev.Get("target")
	value := el.Get("value").String()
	from, to := byteOffset(value, el.Get("selectionStart").Int()), byteOffset(value, el.Get("selectionEnd").Int())
	text := value[:from] + clip + value[to:]
	if !c.P.TakesPaste(text) {
		return
	}
	event.PreventDefault()
	c.OnType(text)
}

// byteOffset is the byte offset in s of its n-th UTF-16 code unit, as the
// browser counts a selection.
func byteOffset(s string, n int) int {
	for i, r := range s {
		if n <= 0 {
			return i
		}
		n -= utf16.RuneLen(r)
	}
	return len(s)
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
