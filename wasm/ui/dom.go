package ui

import (
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// setInputValue shows v in an input unless the user is typing in it:
// vugu's :value sets only the attribute, which stops showing once the user
// has edited the field. The check runs in boot.js, in one call.
func setInputValue(el js.Value, v string) {
	if populated != nil { // a static render (StaticHTML)
		populated.text = v
		return
	}
	js.Global().Call("batchlabSetValue", el, v)
}

// setChecked sets a checkbox or radio button.
func setChecked(el js.Value, on bool) {
	if populated != nil { // a static render (StaticHTML)
		populated.checkbox, populated.checked = true, on
		return
	}
	js.Global().Call("batchlabSetChecked", el, on)
}

// JSBytes copies data into a new JavaScript Uint8Array.
func JSBytes(data []byte) js.Value {
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	return arr
}

// GoBytes copies the JavaScript Uint8Array arr into a new slice.
func GoBytes(arr js.Value) []byte {
	data := make([]byte, arr.Get("length").Int())
	js.CopyBytesToGo(data, arr)
	return data
}

// download offers data to the user as a file.
func download(name, mimeType string, data []byte) {
	g := js.Global()
	blob := g.Get("Blob").New(g.Get("Array").Call("of", JSBytes(data)), map[string]interface{}{"type": mimeType})
	url := g.Get("URL").Call("createObjectURL", blob)
	a := g.Get("document").Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	g.Get("document").Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	g.Get("URL").Call("revokeObjectURL", url)
}

// A FileOpener opens a file the user picked or dropped: Start is called
// (under the event environment's lock) when reading begins, Parse when the
// bytes are in and about to be parsed, Done with the bytes. The page
// renders after Start and after Parse, so the user sees what is happening
// while a large file is read and parsed.
type FileOpener struct {
	Start, Parse func(name string, size int)
	Done         func(name string, data []byte)
}

// readFile reads a File object (of a file input or a drop) through
// FileOpener; the caller holds the lock and renders after it returns.
func (o FileOpener) readFile(ee vugu.EventEnv, file js.Value) {
	name := file.Get("name").String()
	size := file.Get("size").Int()
	o.Start(name, size)
	var then js.Func
	then = js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		then.Release()
		text := args[0].String()
		ee.Lock()
		o.Parse(name, size)
		ee.UnlockRender()
		AfterPaint(func() {
			ee.Lock()
			o.Done(name, []byte(text))
			ee.UnlockRender()
		})
		return nil
	})
	file.Call("text").Call("then", then)
}

// readInput reads the first file of a file input and clears the input, so
// that picking the same file again opens it again.
func (o FileOpener) readInput(ee vugu.EventEnv, input js.Value) {
	files := input.Get("files")
	if files.IsUndefined() || files.Length() == 0 {
		return
	}
	o.readFile(ee, files.Index(0))
	input.Set("value", "")
}

// ListenForDrops opens a file dropped anywhere on the page through o, as
// the file picker does.
func ListenForDrops(ee vugu.EventEnv, o FileOpener) {
	w := js.Global()
	onOver := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		ev := args[0]
		ev.Call("preventDefault") // allows the drop
		if dt := ev.Get("dataTransfer"); !dt.IsUndefined() && !dt.IsNull() {
			dt.Set("dropEffect", "copy")
		}
		return nil
	})
	onDrop := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		ev := args[0]
		dt := ev.Get("dataTransfer")
		if dt.IsUndefined() || dt.IsNull() || dt.Get("files").Length() == 0 {
			return nil
		}
		ev.Call("preventDefault") // the browser would open the file itself
		ee.Lock()
		o.readFile(ee, dt.Get("files").Index(0))
		ee.UnlockRender()
		return nil
	})
	w.Call("addEventListener", "dragover", onOver)
	w.Call("addEventListener", "drop", onDrop)
}

// AfterPaint calls f once the browser has painted what is rendered now,
// in a task of its own (boot.js's batchlabAfterPaint: a timer set from the
// next animation frame, or 100 ms when no frame comes, as in a hidden
// tab).
func AfterPaint(f func()) {
	var painted js.Func
	painted = js.FuncOf(func(js.Value, []js.Value) interface{} {
		painted.Release()
		f()
		return nil
	})
	js.Global().Call("batchlabAfterPaint", painted)
}

// CopyText puts text on the clipboard and calls done, from a promise's
// callback (so never before copyText returns), with whether the browser
// allowed it: no clipboard, as on an insecure origin, or a refusal, false.
func CopyText(text string, done func(ok bool)) {
	var written js.Value
	if clip := js.Global().Get("navigator").Get("clipboard"); clip.IsUndefined() || clip.IsNull() {
		written = js.Global().Get("Promise").Call("reject")
	} else {
		written = clip.Call("writeText", text)
	}
	var ok, refused js.Func
	settle := func(allowed bool) js.Func {
		return js.FuncOf(func(js.Value, []js.Value) interface{} {
			ok.Release()
			refused.Release()
			done(allowed)
			return nil
		})
	}
	ok, refused = settle(true), settle(false)
	written.Call("then", ok, refused)
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
