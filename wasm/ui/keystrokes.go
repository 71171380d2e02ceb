package ui

import (
	"sync/atomic"
	"time"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// A text longer than bigText UTF-16 code units is copied from the editor
// off the keystrokes, once typing pauses for copyAfter: copying 5 MB from
// JavaScript at every key took 0.2 s of the key's task, beside the
// browser's own layout of the text. A big document is edited a page at a
// time (state.Pager), so that only a document just over
// state.BigPrompts once put one prompt per line still comes here. copyAfter
// is longer than the gap between a typist's keys (200 ms).
const (
	bigText   = 1 << 18
	copyAfter = 250 * time.Millisecond
)

// ListenForKeystrokes passes the text of the element with the given id,
// after each change the user makes to it (an input event), to typed,
// under ee's lock: outside Vugu's event handling, which renders the whole
// page after every event. The page renders only when typed says so. A
// text over bigText is copied once typing pauses (GoString, in slices),
// and only the last keystroke's: the last edit wins.
func ListenForKeystrokes(ee vugu.EventEnv, id string, typed func(text string) (render bool)) {
	var keys atomic.Int64 // keystrokes so far
	pass := func(text string, still func() bool) {
		underLock(ee, func() bool { return still() && typed(text) })
	}
	always := func() bool { return true }
	onInput := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		el := args[0].Get("target")
		if el.Get("id").String() != id {
			return nil
		}
		key := keys.Add(1)
		value := el.Get("value")
		if stringObject(value).Get("length").Int() <= bigText {
			pass(value.String(), always)
			return nil
		}
		go func() {
			if time.Sleep(copyAfter); keys.Load() != key {
				return // a later keystroke copies
			}
			shown := shownRev(el)
			text := GoString(el.Get("value"))
			pass(text, func() bool { // no later keystroke, and the code did not replace the text
				return keys.Load() == key && el.Get("isConnected").Bool() && shownRev(el) == shown
			})
		}()
		return nil
	})
	js.Global().Get("document").Call("addEventListener", "input", onInput)
}

// ListenForNumbers passes the text of a number field of the playground
// (state.NumberFieldByID), after each change the user makes to it (an
// input event), to typed, under ee's lock: outside Vugu's event handling,
// which renders the whole page after every event, sending the page's
// script every element's attributes and text (with 10,000 long prompts
// loaded, 3,156 strings: 10–34 ms of each key, before its frame). The
// page renders only when typed says so.
func ListenForNumbers(ee vugu.EventEnv, typed func(f *state.Field, text string) (render bool)) {
	onInput := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		el := args[0].Get("target")
		if el.Get("type").String() != "number" {
			return nil
		}
		f := state.NumberFieldByID(el.Get("id").String())
		if f == nil {
			return nil
		}
		text := el.Get("value").String()
		underLock(ee, func() bool { return typed(f, text) })
		return nil
	})
	js.Global().Get("document").Call("addEventListener", "input", onInput)
}

// underLock calls f under ee's lock, then renders the page if f says so.
func underLock(ee vugu.EventEnv, f func() (render bool)) {
	ee.Lock()
	if f() {
		ee.UnlockRender()
	} else {
		ee.UnlockOnly()
	}
}

// shownRev is the revision of the text the code last put into the editor
// el (PromptsPanel's populate), -1 for none.
func shownRev(el js.Value) int {
	if rev := el.Get("batchlabRev"); rev.Type() == js.TypeNumber {
		return rev.Int()
	}
	return -1
}
