package ui

import (
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// setInputValue shows v in an input unless the user is typing in it:
// vugu's :value sets only the attribute, which stops showing once the user
// has edited the field. The check runs in boot.js, in one call.
func setInputValue(el js.Value, v string) {
	js.Global().Call("batchlabSetValue", el, v)
}

// setChecked sets a checkbox or radio button.
func setChecked(el js.Value, on bool) {
	js.Global().Call("batchlabSetChecked", el, on)
}

// download offers data to the user as a file.
func download(name, mimeType string, data []byte) {
	g := js.Global()
	arr := g.Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	blob := g.Get("Blob").New(g.Get("Array").Call("of", arr), map[string]interface{}{"type": mimeType})
	url := g.Get("URL").Call("createObjectURL", blob)
	a := g.Get("document").Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	g.Get("document").Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	g.Get("URL").Call("revokeObjectURL", url)
}

// readFile reads the first file of a file input and hands its name and
// contents to done, under the event environment's lock.
func readFile(ee vugu.EventEnv, input js.Value, done func(name string, data []byte)) {
	files := input.Get("files")
	if files.IsUndefined() || files.Length() == 0 {
		return
	}
	file := files.Index(0)
	name := file.Get("name").String()
	var then js.Func
	then = js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		then.Release()
		ee.Lock()
		done(name, []byte(args[0].String()))
		ee.UnlockRender()
		return nil
	})
	file.Call("text").Call("then", then)
	input.Set("value", "")
}

// CopyText puts text on the clipboard when the browser allows it.
func CopyText(text string) {
	clip := js.Global().Get("navigator").Get("clipboard")
	if clip.IsUndefined() || clip.IsNull() {
		return
	}
	p := clip.Call("writeText", text)
	noop := js.FuncOf(func(js.Value, []js.Value) interface{} { return nil })
	p.Call("catch", noop) // denied in some contexts: the link is shown anyway
}

// markRendered records, for the browser tests and the status line, when
// the timeline last showed a new result (ms since navigation).
func markRendered(runs int) {
	g := js.Global()
	now := g.Get("performance").Call("now").Float()
	if g.Get("batchlabFirstRender").IsUndefined() {
		g.Set("batchlabFirstRender", now)
	}
	g.Set("batchlabRenderedRuns", runs)
	g.Set("batchlabRenderedAt", now)
}

// trackBox returns the left edge and the width, in CSS pixels, of the
// timeline's track (the part of the lanes right of their labels, which its
// axis spans).
func trackBox(timelineEl js.Value) (left, width float64) {
	if timelineEl.IsUndefined() || timelineEl.IsNull() {
		return 0, 0
	}
	axis := timelineEl.Call("querySelector", ".axis")
	if axis.IsNull() {
		return 0, 0
	}
	r := axis.Call("getBoundingClientRect")
	return r.Get("left").Float(), r.Get("width").Float()
}

// dragPointer follows the pointer after a pointerdown until a button is
// released: move gets its clientX on every move, under the event
// environment's lock, and the page renders when move reports a change.
// The listeners sit on the window, so a drag continues outside the element
// and only a drag (not every hover) costs renders.
func dragPointer(ee vugu.EventEnv, move func(clientX float64) bool) {
	w := js.Global()
	var onMove, onUp js.Func
	onMove = js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		x := args[0].Get("clientX").Float()
		ee.Lock()
		if move(x) {
			ee.UnlockRender()
		} else {
			ee.UnlockOnly()
		}
		return nil
	})
	onUp = js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		w.Call("removeEventListener", "pointermove", onMove)
		w.Call("removeEventListener", "pointerup", onUp)
		w.Call("removeEventListener", "pointercancel", onUp)
		onMove.Release()
		onUp.Release()
		return nil
	})
	w.Call("addEventListener", "pointermove", onMove)
	w.Call("addEventListener", "pointerup", onUp)
	w.Call("addEventListener", "pointercancel", onUp)
}
