package ui

import (
	"math"
	"strconv"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/timeline"
	"github.com/batchlab/batchlab/wasm/units"
	"github.com/vugu/vugu"
)

// timelineColumns is the resolution of a lane: bars narrower than
// 1/timelineColumns of its width merge.
const timelineColumns = 800

// TimelinePanel draws the batches per model with zoom and pan.
type TimelinePanel struct {
	P *state.Playground

	view   timeline.View
	zoomed bool
	// dragMoved is set once a drag has moved the view: the click that ends
	// it selects no batch.
	dragMoved bool
	layout    timeline.Layout

	laidRuns int
	laidView timeline.View
	laidRes  *core.Result
	// loads is the playground's Loads the view belongs to.
	loads int
}

// Compute lays out the visible part of the result when it or the view
// changed.
func (c *TimelinePanel) Compute(ctx vugu.ComputeCtx) {
	res := c.P.Result
	full := timeline.Full(res)
	if c.loads != c.P.Loads { // a new scenario starts on its whole run
		c.loads, c.zoomed = c.P.Loads, false
	}
	if !c.zoomed {
		c.view = full
	} else {
		c.view = c.view.Pan(0, full)
	}
	if res != c.laidRes || c.view != c.laidView || c.P.Runs != c.laidRuns {
		c.layout = timeline.Build(res, c.view, timelineColumns)
		c.laidRes, c.laidView, c.laidRuns = res, c.view, c.P.Runs
	}
}

// Rendered tells the page (and its tests) that the new result is on screen.
func (c *TimelinePanel) Rendered(ctx vugu.RenderedCtx) {
	markRendered(c.P.Runs)
}

func (c *TimelinePanel) zoom(factor float64) {
	full := timeline.Full(c.P.Result)
	c.view = c.view.Zoom(factor, 0.5, full)
	c.zoomed = c.view != full
}

func (c *TimelinePanel) pan(frac float64) {
	c.view = c.view.Pan(frac, timeline.Full(c.P.Result))
}

func (c *TimelinePanel) reset() { c.zoomed = false }

// OnKey: + and − zoom, arrows pan, 0 resets.
func (c *TimelinePanel) OnKey(event vugu.DOMEvent) {
	switch event.PropString("key") {
	case "+", "=":
		c.zoom(0.5)
	case "-", "_":
		c.zoom(2)
	case "ArrowLeft":
		c.pan(-0.2)
	case "ArrowRight":
		c.pan(0.2)
	case "0", "Home":
		c.reset()
	default:
		return
	}
	event.PreventDefault()
}

// dragThresholdPx is how far the pointer moves before a press is a drag
// rather than a click.
const dragThresholdPx = 4

// OnWheel zooms around the pointer. Scrolling down over the whole run is
// left to the page.
func (c *TimelinePanel) OnWheel(event vugu.DOMEvent) {
	full := timeline.Full(c.P.Result)
	factor := timeline.WheelFactor(event.PropFloat64("deltaY"), int(event.PropFloat64("deltaMode")))
	if factor == 1 || (factor > 1 && c.view == full) {
		return
	}
	event.PreventDefault()
	left, width := trackBox(event.JSEventCurrentTarget())
	c.view = c.view.Zoom(factor, timeline.At(event.PropFloat64("clientX")-left, width), full)
	c.zoomed = c.view != full
}

// OnPointerDown starts a drag: until the button is released the view
// follows the pointer.
func (c *TimelinePanel) OnPointerDown(event vugu.DOMEvent) {
	if event.PropFloat64("button") != 0 {
		return
	}
	_, width := trackBox(event.JSEventCurrentTarget())
	startX, start := event.PropFloat64("clientX"), c.view
	c.dragMoved = false
	dragPointer(event.EventEnv(), func(x float64) bool {
		dx := x - startX
		if !c.dragMoved && math.Abs(dx) < dragThresholdPx {
			return false
		}
		c.dragMoved = true
		full := timeline.Full(c.P.Result)
		v := start.Drag(dx, width, full)
		if v == c.view {
			return false
		}
		c.view, c.zoomed = v, v != full
		return true
	})
}

// OnBar selects a batch, or zooms into an aggregate.
func (c *TimelinePanel) OnBar(bar timeline.Bar) {
	if c.dragMoved { // the end of a drag, not a click
		c.dragMoved = false
		return
	}
	if bar.Batch != 0 {
		c.P.Select(bar.Batch)
		return
	}
	res := c.P.Result
	if res == nil || bar.First < 1 || bar.Last > len(res.Batches) {
		return
	}
	from, to := res.Batches[bar.First-1].CreatedAt, res.Batches[bar.Last-1].ClosedAt
	pad := max((to-from)/10, 5)
	full := timeline.Full(res)
	c.view = timeline.View{From: from - pad, To: to + pad}.Pan(0, full)
	c.zoomed = c.view != full
}

func (c *TimelinePanel) barClass(bar timeline.Bar) string {
	if bar.Batch != 0 && bar.Batch == c.P.Selected {
		return bar.Class() + " selected"
	}
	return bar.Class()
}

// batchAttr is data-batch: set on bars of one batch only.
func (c *TimelinePanel) batchAttr(bar timeline.Bar) interface{} {
	if bar.Batch == 0 {
		return nil
	}
	return strconv.Itoa(bar.Batch)
}

// batchesAttr is data-batches: the ID range of an aggregate.
func (c *TimelinePanel) batchesAttr(bar timeline.Bar) interface{} {
	if bar.Batch != 0 {
		return nil
	}
	return bar.DataBatch()
}

func (c *TimelinePanel) rangeText() string {
	return units.Clock(c.view.From) + " to " + units.Clock(c.view.To) + " (" + units.Duration(float64(c.view.Width())) + ")"
}

func (c *TimelinePanel) statsText() string {
	l := &c.layout
	s := units.Count(l.Total) + " batches, " + units.Count(l.Drawn) + " bars drawn"
	if l.Aggregated > 0 {
		s += ", " + units.Count(l.Aggregated) + " batches merged into striped bars"
	}
	return s + "."
}
