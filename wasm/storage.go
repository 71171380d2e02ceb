package main

import (
	"runtime"
	"sync"
	"time"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/draft"
	"github.com/batchlab/batchlab/wasm/lesson"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/batchlab/batchlab/wasm/ui"
	"github.com/batchlab/batchlab/wasm/units"
	"github.com/batchlab/batchlab/web/share/link"
	"github.com/vugu/vugu/js"
)

// This file keeps the page's address and the browser's copy of the
// scenario current after runs, and restores that copy on load; package
// draft decides what and when, boot.js's batchlabDraft does the storing.

// restoreDraft restores the draft kept in this browser when package draft
// allows it: at once from localStorage, else later from IndexedDB.
func (c *Root) restoreDraft() {
	if !c.keeper.MayRestore(locationHash(), c.P.Edits) {
		return
	}
	store := js.Global().Get("batchlabDraft")
	if text := store.Call("inline"); text.Type() == js.TypeString {
		c.openDraft(draft.Decode([]byte(text.String())))
		return
	}
	whenDone(store.Call("stored"), func(v js.Value, ok bool) {
		c.ee.Lock()
		may := ok && c.keeper.MayRestore(locationHash(), c.P.Edits)
		c.ee.UnlockOnly()
		if may {
			go c.restoreStored(v)
		}
	})
}

// restoreStored restores the draft v read from IndexedDB (bytes, or text
// kept by an earlier version of the page) in browser tasks of its own:
// copied from JavaScript in slices, decoded, loaded, then shown, unless
// the user changed something meanwhile (the 5 MB draft of a big document
// in one task held the page 240–250 ms). Call it as ui.YieldToBrowser.
func (c *Root) restoreStored(v js.Value) {
	var data []byte
	switch v.Type() {
	case js.TypeString:
		data = []byte(ui.GoString(v))
	case js.TypeObject: // a Uint8Array
		data = ui.GoBytesInTasks(v)
	default:
		return
	}
	ui.YieldToBrowser()
	sc, id, err := draft.Decode(data)
	ui.YieldToBrowser()
	c.ee.Lock()
	if !c.keeper.MayRestore(locationHash(), c.P.Edits) {
		c.ee.UnlockOnly()
		return
	}
	c.openDraft(sc, id, err)
	// The page shows it in a task of its own: the render of the restored
	// page is most of a task as long as loading it.
	c.ee.UnlockOnly()
	ui.YieldToBrowser()
	c.ee.Lock()
	c.ee.UnlockRender()
}

// openDraft loads the scenario sc and the lesson id of a stored draft
// (draft.Decode's results); one that cannot be read (err) is forgotten,
// with a notice.
func (c *Root) openDraft(sc *core.Scenario, id string, err error) {
	if err != nil {
		c.P.Notice = "The scenario kept in this browser could not be restored (" + err.Error() + "); showing the default."
		js.Global().Get("batchlabDraft").Call("clear")
		return
	}
	c.P.Load(sc)
	c.V.Lesson = nil
	if l := lesson.Lookup(id); l != nil {
		c.V.Lesson = lesson.NewProgress(l)
	}
	c.keeper.Reset(c.P.Edits)
	c.Restored = true
}

// StartOver forgets the kept scenario, clears the address's fragment and
// loads the default preset.
func (c *Root) StartOver() {
	js.Global().Get("batchlabDraft").Call("clear")
	clearLocationHash()
	_ = c.P.LoadPreset(preset.Default) // embedded and tested
	c.P.Notice = ""
	c.V.Lesson, c.V.Tab = nil, ""
	c.ShareLink, c.ShareNote = "", ""
	c.Restored = false
	c.keeper.Reset(c.P.Edits)
}

// afterRun schedules keeping the scenario of the run just made: the
// address bar's fragment, the share box and the stored draft, SaveAfter
// later (a newer run wins), never on the typing path.
func (c *Root) afterRun() {
	if c.keepTimer != nil {
		c.keepTimer.Stop()
	}
	gen, ee := c.P.Runs, c.ee
	c.keepTimer = time.AfterFunc(draft.SaveAfter, func() {
		ee.Lock()
		before := c.keptNotes()
		var sc *core.Scenario
		var size int
		var write func()
		if c.P.Runs == gen {
			sc, size, write = c.keep()
		}
		shown := c.P.ResultScenario
		c.unlockKept(before)
		if write != nil {
			write()
		}
		if sc == nil {
			link.Prepare() // nothing to keep: the page is idle
			warmUp(shown)
			return
		}
		// The link in the address bar in a task of its own: deflating the
		// scenario as tightly as flate can takes a while in the page.
		ui.YieldToBrowser()
		ee.Lock()
		before = c.keptNotes()
		if c.P.Runs == gen {
			c.keepFragment(sc, size)
		}
		c.unlockKept(before)
	})
}

// unlockKept releases the event lock, rendering the page only when
// keeping the scenario changed what the page shows since before.
func (c *Root) unlockKept(before keptNotes) {
	if c.keptNotes() != before {
		c.ee.UnlockRender()
		return
	}
	c.ee.UnlockOnly() // nothing on the page changed: no render
}

// keptNotes are what keeping the scenario may change on the page: the
// share box and the note that the scenario was restored.
type keptNotes struct {
	link, note string
	restored   bool
}

func (c *Root) keptNotes() keptNotes { return keptNotes{c.ShareLink, c.ShareNote, c.Restored} }

// keep saves the scenario of the last run when package draft says so,
// and returns it with the size of its draft, for keepFragment: nil when
// it saved nothing. A draft for IndexedDB is finished by write, to call
// without the event lock (nil when there is nothing left to do).
func (c *Root) keep() (sc *core.Scenario, size int, write func()) {
	p := c.P
	if !c.keeper.Due(p.Edits, p.RanEdits, len(p.Problems) == 0 && !p.HasTypingProblems() && p.ResultScenario != nil) {
		return nil, 0, nil
	}
	c.keeper.Saved(p.Edits)
	c.Restored = false
	sc = p.ResultScenario
	head, tail, err := draft.Frame(sc, c.lessonID())
	if err != nil {
		return nil, 0, nil
	}
	size = len(head) + len(sc.Prompts) + len(tail)
	store := js.Global().Get("batchlabDraft")
	switch draft.PlaceFor(size) {
	case draft.Inline:
		if store.Call("saveInline", string(head)+string(sc.Prompts)+string(tail)).Bool() {
			break
		}
		fallthrough // localStorage full or off
	case draft.Database:
		w := store.Call("begin")
		w.Call("add", ui.JSBytes(head))
		if kept := c.keptPrompts; kept.of(sc.Prompts) {
			w.Call("add", kept.blob)
			w.Call("add", ui.JSBytes(tail))
			w.Call("done")
			break
		}
		write = func() { c.writeDraft(w, sc.Prompts, tail) }
	case draft.Nowhere:
		store.Call("clear")
	}
	return sc, size, write
}

// draftSlice is how many bytes of prompts writeDraft copies to
// JavaScript in one browser task.
const draftSlice = 256 << 10

// writeDraft finishes the draft w begun for IndexedDB (batchlabDraft's
// begin): its prompts, copied draftSlice bytes a browser task through one
// buffer into Blobs (5 MB joined, copied and stored at once held the page
// 50–560 ms; with a new buffer for each slice, once a task of 99 ms amid
// the slices), and tail. It gives
// up when a newer save or a clear made w stale. Call it as
// ui.YieldToBrowser, without the event lock.
func (c *Root) writeDraft(w js.Value, prompts, tail []byte) {
	g := js.Global()
	parts := g.Get("Array").New()
	buf := g.Get("Uint8Array").New(min(draftSlice, len(prompts)))
	for at := 0; at < len(prompts); at += draftSlice {
		ui.YieldToBrowser()
		if !w.Call("live").Bool() {
			return
		}
		n := js.CopyBytesToJS(buf, prompts[at:min(at+draftSlice, len(prompts))])
		parts.Call("push", g.Get("Blob").New(g.Get("Array").Call("of", buf.Call("subarray", 0, n)))) // a Blob copies its bytes
	}
	blob := g.Get("Blob").New(parts) // of the slices' Blobs: no copy
	w.Call("add", blob)
	w.Call("add", ui.JSBytes(tail))
	w.Call("done")
	c.ee.Lock()
	c.keptPrompts = promptsBlob{prompts, blob}
	c.ee.UnlockOnly()
}

// A promptsBlob is the prompts of the last draft written in parts and
// their copy in JavaScript: a draft with the same prompts (after an edit
// of the policy) reuses it rather than copying them again.
type promptsBlob struct {
	prompts []byte
	blob    js.Value // a Blob
}

// of reports whether b holds prompts: the same slice, which is the same
// document, since the prompts of a run are never written to (runs of the
// same text share its bytes, state.Playground.BuildScenario). Comparing
// the bytes would cost up to a pass over 5 MB in the page.
func (b promptsBlob) of(prompts []byte) bool {
	return len(b.prompts) > 0 && len(prompts) == len(b.prompts) && &prompts[0] == &b.prompts[0]
}

// keepFragment puts the link of sc (size bytes of JSON) in the address
// bar, or clears the fragment when sc does not fit a link, so that a
// reload never opens an older scenario; a fragment link in the share box
// is replaced too, a short link dropped.
func (c *Root) keepFragment(sc *core.Scenario, size int) {
	frag, fits := "", false
	if draft.FitsLink(size, link.MaxFragmentChars) {
		if f, err := link.Encode(sc); err == nil {
			frag, fits = c.withLesson(f)
		}
	}
	if !fits {
		clearLocationHash()
		if c.ShareLink != "" {
			c.ShareLink, c.ShareNote = "", ""
		}
		return
	}
	href := setLocationHash(frag)
	switch {
	case c.ShareLink == "":
	case c.shareIsFragment:
		c.ShareLink = href
		c.ShareNote = "Link to this scenario as edited (" + units.Count(len(href)) + " characters), also in the address bar."
	case c.shortRuns == c.P.Runs: // made after this run, of its scenario: still right
	default:
		c.ShareLink, c.ShareNote = "", "The scenario changed since the short link was made: make a new one to share the edits."
	}
}

// withLesson is the link fragment frag of a scenario with the lesson
// open, if any; fits says whether it is short enough for a URL
// (link.MaxFragmentChars). Both the share box and the address bar use it.
func (c *Root) withLesson(frag string) (string, bool) {
	frag = lesson.WithLesson(frag, c.lessonID())
	return frag, len(frag) <= link.MaxFragmentChars
}

// whenDone calls done with a promise's value (ok) or its error (not ok).
func whenDone(promise js.Value, done func(v js.Value, ok bool)) {
	var onOK, onFail js.Func
	finish := func(v js.Value, ok bool) {
		onOK.Release()
		onFail.Release()
		done(v, ok)
	}
	onOK = js.FuncOf(func(_ js.Value, args []js.Value) interface{} {
		finish(args[0], true)
		return nil
	})
	onFail = js.FuncOf(func(_ js.Value, args []js.Value) interface{} {
		finish(js.Undefined(), false)
		return nil
	})
	promise.Call("then", onOK, onFail)
}

// warmed: warmUp ran.
var warmed sync.Once

// warmUp runs once, while the page is idle after it loaded, the code the
// first edit would run first, in tasks of their own: V8 compiles the
// page's code on first use, which made the first collection of the heap
// take 60 ms rather than 10 (in the render after the first edit's run),
// and the first link of an edited scenario 66 ms. sc is the scenario
// shown, whose link is made and dropped; it is never changed.
func warmUp(sc *core.Scenario) {
	warmed.Do(func() {
		ui.YieldToBrowser()
		runtime.GC()
		if sc != nil {
			ui.YieldToBrowser()
			_, _ = link.Encode(sc)
		}
	})
}
