package main

import (
	"errors"
	"strconv"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/ui"
	"github.com/vugu/vugu/js"
)

// progressRender is how many bytes of a rank file arrive between two
// renders of its progress.
const progressRender = 256 << 10

// loadVocab fetches the next tokenizer the playground needs for exact
// counts (state.Vocabularies.Next), if any, next to main.wasm, showing
// its progress; when it is here the page runs again with exact counts,
// and fetches the next one.
func (c *Root) loadVocab() {
	name := c.P.Vocab.Next(c.P)
	if name == "" {
		return
	}
	c.P.Vocab.Start(name)
	ee := c.ee
	xhr := js.Global().Get("XMLHttpRequest").New()
	xhr.Call("open", "GET", core.RanksFile(name))
	xhr.Set("responseType", "arraybuffer")
	var onProgress, onEnd js.Func
	var shown int64 // the bytes received when the page last rendered
	onProgress = js.FuncOf(func(_ js.Value, args []js.Value) interface{} {
		ev := args[0]
		var total int64
		if ev.Get("lengthComputable").Bool() {
			total = int64(ev.Get("total").Float())
		}
		received := int64(ev.Get("loaded").Float())
		ee.Lock()
		c.P.Vocab.Progress(received, total)
		// A render redraws the whole page, which takes a while with many
		// requests: one per progressRender bytes.
		if received-shown < progressRender {
			ee.UnlockOnly()
			return nil
		}
		shown = received
		ee.UnlockRender()
		return nil
	})
	onEnd = js.FuncOf(func(js.Value, []js.Value) interface{} {
		onProgress.Release()
		onEnd.Release()
		var data []byte
		var err error
		if status := xhr.Get("status").Int(); status != 200 {
			err = errors.New("HTTP status " + strconv.Itoa(status))
		} else {
			data = ui.GoBytes(js.Global().Get("Uint8Array").New(xhr.Get("response")))
		}
		ee.Lock()
		c.P.VocabDone(data, err)
		c.loadVocab()
		ee.UnlockRender()
		return nil
	})
	xhr.Call("addEventListener", "progress", onProgress)
	xhr.Call("addEventListener", "loadend", onEnd)
	xhr.Call("send")
}
