package ui

import (
	"unicode/utf16"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// pasteInOneGo is the longest paste, in UTF-16 code units, taken in the
// paste's own event handler; a longer one is copied from JavaScript in
// slices, a browser task each (GoString).
const pasteInOneGo = 1 << 16

// ListenForPastes watches the pastes into the prompts editor, the element
// with the given id, outside Vugu's event handling (which renders the
// whole page after every event). It takes a paste that makes the editor's
// text big, or brings a long line (p's TakesPaste), before the browser
// puts it into the textarea, which would then lay the whole text out for
// seconds: the document goes to typed, and the page shows its summary, the
// document one element per line, or the page of a big document (which
// the paste would make bigger than state.BigPrompts) laid out in pages
// again, instead. A paste longer than
// pasteInOneGo is always taken, and copied off the event handler (a 5 MB
// paste: 0.1–0.2 s of copying); the editor is read-only meanwhile, and
// shows the text it makes once it is copied, unless its text was replaced
// since (the last edit wins). The page renders only when a paste was
// taken.
func ListenForPastes(ee vugu.EventEnv, id string, p *state.Playground, typed func(text string)) {
	onPaste := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		ev := args[0]
		el := ev.Get("target")
		data := ev.Get("clipboardData")
		if el.Get("id").String() != id || !data.Truthy() {
			return nil
		}
		clip := data.Call("getData", "text")
		if stringObject(clip).Get("length").Int() > pasteInOneGo {
			ev.Call("preventDefault")
			go takeBigPaste(ee, el, clip, p, typed)
			return nil
		}
		value := el.Get("value").String()
		from, to := byteOffset(value, el.Get("selectionStart").Int()), byteOffset(value, el.Get("selectionEnd").Int())
		text := value[:from] + clip.String() + value[to:]
		ee.Lock()
		if !p.TakesPaste(text) {
			ee.UnlockOnly() // the browser puts it in; the input event follows
			return nil
		}
		ev.Call("preventDefault")
		typed(text)
		ee.UnlockRender()
		return nil
	})
	js.Global().Get("document").Call("addEventListener", "paste", onPaste)
}

// takeBigPaste copies a paste of clip into the editor el (see
// ListenForPastes) and gives typed the editor's text with it.
func takeBigPaste(ee vugu.EventEnv, el, clip js.Value, p *state.Playground, typed func(text string)) {
	value := stringObject(el.Get("value"))
	from, to := el.Get("selectionStart").Int(), el.Get("selectionEnd").Int()
	el.Set("readOnly", true) // no keystroke before the paste is in
	ee.Lock()
	rev, before := p.PromptsRev, p.PromptsText()
	ee.UnlockOnly()
	YieldToBrowser() // the clipboard's copy is the paste's task
	text := GoString(value.Call("substring", 0, from), clip, value.Call("substring", to))
	ee.Lock()
	el.Set("readOnly", false)
	if p.PromptsRev != rev || p.PromptsText() != before { // replaced since
		ee.UnlockOnly()
		return
	}
	typed(text)
	p.ShowPromptsText() // the browser did not put it in
	ee.UnlockRender()
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
