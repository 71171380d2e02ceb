package main

import (
	"github.com/batchlab/batchlab/web/share/link"
	"time"

	"github.com/batchlab/batchlab/wasm/draft"
	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/ui"
	"github.com/batchlab/batchlab/wasm/units"
	"github.com/vugu/vugu"
)

// The page waits DebounceControls after a control edit, DebounceTyping
// after a keystroke in the prompts editor, before it simulates again: edits
// closer together run once. DebounceTyping is longer than the gap
// between a typist's keys (200 ms at 60 words a minute), so that a run
// comes when typing pauses, not between two keys. A control edit runs at
// once, in the same render, while the last run took less than
// RunAtOnceBelow and the prompts text is at most RunAtOnceText: debouncing
// pays only when runs are slow, and a big new text (a paste, a file) is
// decoded, which the last run's time does not foretell (a 5 MB paste ran
// at once after the default preset's 2 ms run: one task of 0.6 s). A debounced run
// computes off the event handlers, in slices the browser's input and
// painting come between, and stops when an edit comes (runner.go).
const (
	DebounceControls = 30 * time.Millisecond
	DebounceTyping   = 300 * time.Millisecond
	RunAtOnceBelow   = 15 * time.Millisecond
	RunAtOnceText    = 64 << 10
)

// Root is the page: it owns the playground state and re-runs the
// simulation, debounced, after every edit.
//
// Its template (root.vugu) is thin: the header, the notes above the
// view tabs, the tabs and the tabs' panel are components of package ui
// (PageHeader, TopNotes, ViewTabs, ViewPanel), so that no Build is big
// enough for V8 to recompile it while the page starts (see package ui).
// The elements that come and go (the notes above the view tabs, the
// lesson's panel) stay inside wrappers that are always there (TopNotes,
// LessonSlot): Vugu's renderer matches an element's children by
// position, so one note appearing among main's children made it rebuild
// the view tabs and the whole playground after it (the render of a
// restored 5 MB draft created 1,051 elements, now 47). The lesson's
// wrapper starts with a space, a child that is always there: the renderer
// removes the children left over after the last it syncs, and none from
// an element it builds without any.
type Root struct {
	P *state.Playground

	ee        vugu.EventEnv
	timer     *time.Timer
	scheduled int
	typing    bool // the last edit came from the prompts editor
	lastRun   time.Duration
	// running: a run computes off the event handlers (runner.go); rerun:
	// another is due when it ends.
	running, rerun bool

	ShareLink string
	ShareNote string
	// ShortLinks: the server has the API, so the page offers short links
	// (see shortlink.go).
	ShortLinks bool
	// ConfirmShare shows the question asked before the first short link
	// that uploads prompt text; textsShared: the user agreed once.
	ConfirmShare bool
	textsShared  bool

	// shareIsFragment: ShareLink is a fragment link (not a short link),
	// which keepFragment renews after edits. shortRuns is P.Runs when the
	// short link was asked for: keepFragment keeps a short link made
	// after the run it keeps (in its SaveAfter).
	shareIsFragment bool
	shortRuns       int

	// keeper decides when the scenario is kept in the browser (storage.go);
	// keepTimer waits before keeping it. Restored: the scenario shown was
	// restored from the browser's copy and is not edited since.
	keeper    draft.Keeper
	keepTimer *time.Timer
	Restored  bool
	// keptPrompts: the prompts of the last big draft, copied (storage.go).
	keptPrompts promptsBlob

	// V is the view shown and the teaching views' state (views.go).
	V Views

	// Below: the playground's panels below the first view are rendered,
	// from the render after the first (firstview.go); belowMarked: that
	// render is marked.
	Below       bool
	belowMarked bool
}

// Init builds the state: a share link in the URL fragment wins over the
// scenario kept in this browser, which wins over the default preset.
func (c *Root) Init(ctx vugu.InitCtx) {
	c.ee = ctx.EventEnv()
	mark("batchlab:init")
	c.P = state.NewUnrun()     // run once below, after a link or a draft
	c.openLink(locationHash()) // a share link, perhaps with a lesson
	c.keeper.Reset(c.P.Edits)
	c.restoreDraft()
	c.probeShortLinks()
	ui.ListenForDrops(c.ee, c.Files())
	ui.ListenForKeystrokes(c.ee, "prompts-input", c.keystroke)
	ui.ListenForNumbers(c.ee, c.numberTyped)
	ui.ListenForPastes(c.ee, "prompts-input", c.P, c.OnPromptsTyped)
	c.run()          // also times the first run for the status line
	c.P.RunDefault() // when the link or the draft does not run
	mark("batchlab:simulated")
	c.scheduled = c.P.Edits
}

// Compute schedules a debounced run when an edit happened since the last.
func (c *Root) Compute(ctx vugu.ComputeCtx) { c.schedule() }

// schedule starts a debounced run when an edit happened since the last
// run or schedule.
func (c *Root) schedule() {
	if !c.P.Dirty() || c.scheduled == c.P.Edits {
		return
	}
	gen := c.P.Edits
	c.scheduled = gen
	if c.timer != nil {
		c.timer.Stop()
	}
	if !c.typing && c.lastRun < RunAtOnceBelow && c.P.PromptsSize() <= RunAtOnceText && !c.running {
		c.run()
		return
	}
	delay := DebounceControls
	if c.typing {
		delay = DebounceTyping
	}
	c.typing = false
	ee := c.ee
	c.timer = time.AfterFunc(delay, func() {
		ee.Lock()
		if c.P.Edits == gen && c.P.PageUnspliced() { // typed in a page: its splice into the document in a task of its own
			c.P.PromptsText()
			ee.UnlockOnly()
			ui.YieldToBrowser()
			ee.Lock()
		}
		if c.P.Edits == gen {
			c.startRun()
		}
		ee.UnlockOnly() // the run renders when it ends
	})
}

func (c *Root) run() { c.ran(c.P.Run()) }

// ran follows a run that installed its result, which took took: the
// tokenizers it may want, and the keeping of the scenario.
func (c *Root) ran(took time.Duration) {
	c.lastRun = took
	c.loadVocab()
	c.afterRun()
}

// Files opens a file picked in the prompts panel or dropped on the page
// into the playground, which it shows.
func (c *Root) Files() ui.FileOpener {
	return ui.FileOpener{
		Start: c.P.StartReading,
		Parse: c.P.Parsing,
		Done: func(name string, data []byte) {
			c.P.LoadFile(name, data)
			c.V.Tab = ""
		},
	}
}

// OnPromptsTyped takes the editor's text; typing waits a little longer
// before re-running.
func (c *Root) OnPromptsTyped(text string) {
	c.typing = true
	c.P.SetPrompts(text)
}

// keystroke takes the editor's text after a keystroke (from
// ui.ListenForKeystrokes) and schedules the run. The page renders only
// when the editor's text was replaced (its summary shown instead, put one
// prompt per line, or a page grown by a paste laid out in pages again):
// else the run renders it, once typing pauses, and a keystroke costs no
// render of the page.
func (c *Root) keystroke(text string) (render bool) {
	rev, hidden := c.P.PromptsRev, c.P.PromptsHidden
	c.OnPromptsTyped(text)
	c.schedule()
	return c.P.PromptsRev != rev || c.P.PromptsHidden != hidden
}

// numberTyped takes a number field's text after a keystroke (from
// ui.ListenForNumbers) and schedules the run. The page renders at once
// when the run ran at once (a small document: it installed its result or
// its problems) or the field's own problem came or went; else the run
// renders it when it is done, and a keystroke costs no render of the page.
func (c *Root) numberTyped(f *state.Field, text string) (render bool) {
	ran, problem := c.P.RanEdits, c.P.ProblemAt(f.JSONPath())
	c.P.SetText(f, text)
	c.schedule()
	return c.P.RanEdits != ran || c.P.ProblemAt(f.JSONPath()) != problem
}

// OnShare puts a link to the scenario into the address bar and shows it.
func (c *Root) OnShare() {
	frag, err := c.P.ShareFragment()
	if err != nil {
		c.ShareLink, c.ShareNote = "", err.Error()
		return
	}
	frag, fits := c.withLesson(frag)
	if !fits {
		c.ShareLink = ""
		c.ShareNote = "This scenario makes a link of " + units.Count(len(frag)) + " characters, too long for a URL (at most " +
			units.Count(link.MaxFragmentChars) + "). "
		if c.ShortLinks {
			c.ShareNote += "Use Short link: the server keeps the scenario and the link stays short."
		} else {
			c.ShareNote += "This page's server makes no short links: open the playground from `batchlab serve` for short links, or run the file with `batchlab simulate`."
		}
		return
	}
	c.ShareLink, c.shareIsFragment = setLocationHash(frag), true
	c.ShareNote = "Link to this scenario (" + units.Count(len(c.ShareLink)) + " characters), also in the address bar."
	c.copyShareLink()
}

// copyShareLink puts the link shown on the clipboard and adds to the note
// whether it is there.
func (c *Root) copyShareLink() {
	link, ee := c.ShareLink, c.ee
	ui.CopyText(link, func(ok bool) {
		ee.Lock()
		defer ee.UnlockRender()
		switch {
		case c.ShareLink != link: // another link since
		case ok:
			c.ShareNote += " Copied to the clipboard."
		default:
			c.ShareNote += " Not copied: the browser refused the clipboard; copy it from the box."
		}
	})
}

// Status is the line under the header: what ran and how fast.
func (c *Root) Status() string {
	p := c.P
	switch {
	case p.Dirty():
		return "Simulating…"
	case p.HasTypingProblems() || len(p.Problems) > 0:
		return "Fix the marked input to simulate again; showing the last good result."
	case p.Result == nil:
		return ""
	}
	m := &p.Result.Metrics
	return units.Requests(m.Requests) + " → " + units.Plural(m.Batches, "batch", "batches") + ", simulated in " +
		units.Duration(float64(c.lastRun.Microseconds())/1000)
}
