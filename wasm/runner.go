package main

import (
	"errors"
	"time"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/ui"
	"github.com/batchlab/batchlab/wasm/units"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// A run computed off the event handlers works runSlice at a time, each
// slice a browser task of its own: between two, the browser handles
// input and paints. It says how long it has taken in the status line
// every progressEvery.
const (
	runSlice      = 10 * time.Millisecond
	progressEvery = time.Second
)

// errSuperseded stops a run when the playground was edited since it
// started: the last edit wins.
var errSuperseded = errors.New("edited since the run started")

// startRun starts a run of the playground off the event handlers (compute),
// or, when one is computing, notes that another is due once it ends. Call
// it under the event lock.
func (c *Root) startRun() {
	if c.running {
		c.rerun = true
		return
	}
	c.running = true
	showStatus("Simulating…")
	go c.compute(c.P.StartRun(), c.P.Edits)
}

// compute computes job j, started at the playground's edit count edits,
// in slices (a pacer), then, under the event lock, installs its result and
// renders, unless the playground was edited since: then it starts the run
// that is due, if any.
func (c *Root) compute(j *state.RunJob, edits int) {
	pace := pacer{ee: c.ee, edits: edits, p: c.P, start: time.Now()}
	pace.resumed = pace.start
	j.Compute(pace.pause)
	ui.YieldToBrowser()
	c.ee.Lock()
	if c.P.Edits == edits { // the timeline's layout in a task of its own
		ui.PrepareTimeline(j.Result())
	}
	c.ee.UnlockOnly()
	ui.YieldToBrowser() // the render in a task of its own
	c.ee.Lock()
	c.running = false
	if c.P.FinishRun(j) {
		c.ran(j.Took)
		c.ee.UnlockRender()
		return
	}
	if c.rerun {
		c.rerun = false
		c.startRun()
	}
	c.ee.UnlockOnly() // nothing new to show
}

// A pacer is the core's pause hook (core.Options.Pause) for a run computed
// off the event handlers: after each runSlice of work it hands the browser
// a task, and it stops the run when the playground was edited since it
// started.
type pacer struct {
	ee             vugu.EventEnv
	p              *state.Playground
	edits          int // the playground's edits when the run started
	start, resumed time.Time
	shown          time.Duration // the time taken the status line says
}

func (pc *pacer) pause() error {
	if time.Since(pc.resumed) < runSlice {
		return nil
	}
	ui.YieldToBrowser()
	pc.resumed = time.Now()
	pc.ee.Lock()
	defer pc.ee.UnlockOnly()
	if pc.p.Edits != pc.edits {
		return errSuperseded
	}
	if took := pc.resumed.Sub(pc.start); took-pc.shown >= progressEvery {
		pc.shown = took.Truncate(progressEvery)
		showStatus("Simulating… " + units.Duration(float64(pc.shown.Milliseconds())))
	}
	return nil
}

// showStatus puts text in the status line at once, without a render of
// the page, which a long run would wait for: the next render shows
// Status, which says the same while the run computes.
func showStatus(text string) {
	if el := js.Global().Get("document").Call("getElementById", "run-status"); el.Truthy() {
		el.Call("replaceChildren", text)
	}
}
