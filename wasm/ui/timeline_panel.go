package ui

import (
	"strconv"
	"strings"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/timeline"
	"github.com/batchlab/batchlab/wasm/units"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// timelineColumns is the resolution of a lane: bars narrower than
// 1/timelineColumns of its width merge.
const timelineColumns = 800

// Hit-testing slop: how far from a bar, in CSS px, a mouse pointer and a
// finger still hit it.
const (
	mouseSlopPx = 4
	touchSlopPx = 12
)

// TimelinePanel draws the overview of the whole run and, below it, the
// batches per model in the view the overview's brush picks. The lanes are
// one focusable widget: the arrow keys move a mark between the bars.
//
// The parts of its markup are components of their own (TimelineToolbar,
// TimelineLegend, TimelineOverview, TimelineLanes and the cards), so
// that each generated Build is small: V8 compiles a Build whole and
// recompiles a big one with TurboFan after a single render. The cards are
// built only when shown. The parts show the panel's state (their field
// T) and call its methods.
type TimelinePanel struct {
	P *state.Playground

	view    timeline.View
	zoomed  bool
	gesture timeline.Gesture
	layout  timeline.Layout
	density timeline.Density
	legend  []timeline.LegendEntry

	// cursor is the keyboard's (or the last click's) bar, hover the
	// pointer's; the card shows hover, else cursor. cursorBatch is the
	// first batch of cursor's bar: the mark follows it when the bars are
	// laid out again.
	cursor, hover timeline.Mark
	cursorBatch   int
	started       bool
	// column is the overview's column under the pointer (or the last
	// tap), whose card shows its figures.
	column overviewColumn

	laidRuns int
	laidView timeline.View
	laidRes  *core.Result
	laidGen  int // counts the layouts
	// lanes are the lanes' markup (timeline_html.go), made from drawnFor;
	// drawings counts the times they were made.
	lanes     []laneHTML
	drawnFor  drawnLanes
	drawings  int
	denseRes  *core.Result
	denseRuns int
	// loads is the playground's Loads the view belongs to.
	loads int
}

// TimelineToolbar is the panel's zoom and pan buttons.
type TimelineToolbar struct{ T *TimelinePanel }

// TimelineLegend says what the bars' marks and colours mean.
type TimelineLegend struct{ T *TimelinePanel }

// TimelineOverview is the whole run, with the brush over the view.
type TimelineOverview struct{ T *TimelinePanel }

// OverviewCard shows the figures of the overview's column under the
// pointer.
type OverviewCard struct{ T *TimelinePanel }

// TimelineLanes is the bars of the view, one lane per model.
type TimelineLanes struct{ T *TimelinePanel }

// TimelineCard shows the details of the bar under the pointer, or else
// the keyboard's.
type TimelineCard struct{ T *TimelinePanel }

// Compute lays out the visible part of the result when it or the view
// changed, and the overview when the result changed.
func (c *TimelinePanel) Compute(ctx vugu.ComputeCtx) {
	if !c.started {
		c.started, c.cursor, c.hover = true, timeline.NoMark, timeline.NoMark
	}
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
	if res != c.denseRes || c.P.Runs != c.denseRuns {
		if preparedFor(res, full) {
			c.density = prepared.density
		} else {
			c.density = timeline.Overview(res, full, timeline.OverviewBins)
		}
		c.legend = timeline.Legend(res != nil && res.Dispatch != nil)
		c.denseRes, c.denseRuns = res, c.P.Runs
	}
	if res != c.laidRes || c.view != c.laidView || c.P.Runs != c.laidRuns {
		if preparedFor(res, c.view) {
			c.layout = prepared.layout
			prepared.res = nil // taken: the panel keeps it
		} else {
			c.layout = timeline.Build(res, c.view, timelineColumns)
		}
		c.laidRes, c.laidView, c.laidRuns = res, c.view, c.P.Runs
		c.laidGen++
		c.hover = timeline.NoMark
		if c.cursor.Lane >= 0 {
			c.cursor = c.layout.Find(c.cursorBatch)
		}
	}
	c.drawLanes()
}

// Rendered tells the page (and its tests) that the new result is on
// screen, and starts following the mouse for the hover card.
func (c *TimelinePanel) Rendered(ctx vugu.RenderedCtx) {
	markRendered(c.P.Runs)
	if ctx.First() {
		c.followHover(ctx.EventEnv())
	}
}

// followHover moves the hover card with the mouse. The listener sits on
// the document and renders only when the bar under the pointer changes.
func (c *TimelinePanel) followHover(ee vugu.EventEnv) {
	onMove := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		ev := args[0]
		if ev.Get("pointerType").String() == "touch" {
			return nil // a finger shows the card with a tap
		}
		ee.Lock()
		m, col := timeline.NoMark, overviewColumn{}
		if !c.gesture.Active() {
			m = c.markAt(ev.Get("target"), ev.Get("clientX").Float(), mouseSlopPx)
			col = c.columnAt(ev.Get("target"), ev.Get("clientX").Float())
		}
		if m == c.hover && col == c.column {
			ee.UnlockOnly()
			return nil
		}
		c.hover, c.column = m, col
		ee.UnlockRender()
		return nil
	})
	js.Global().Get("document").Call("addEventListener", "pointermove", onMove)
}

// markAt hit-tests the lanes at clientX for an event on target.
func (c *TimelinePanel) markAt(target js.Value, clientX, slopPx float64) timeline.Mark {
	if target.IsUndefined() || target.IsNull() || target.Get("closest").Type() != js.TypeFunction {
		return timeline.NoMark
	}
	tl := target.Call("closest", "#timeline")
	laneEl := target.Call("closest", ".lane")
	if tl.IsNull() || laneEl.IsNull() {
		return timeline.NoMark
	}
	li, err := strconv.Atoi(laneEl.Get("dataset").Get("lane").String())
	left, width := trackBox(tl)
	if err != nil || width <= 0 {
		return timeline.NoMark
	}
	calls := !target.Call("closest", ".lane-calls").IsNull()
	if i, err := strconv.Atoi(target.Get("dataset").Get("i").String()); err == nil {
		if m := (timeline.Mark{Lane: li, Calls: calls, Index: i}); c.layout.Bar(m) != nil {
			return m // the bar drawn on top under the pointer
		}
	}
	return c.layout.Hit(li, calls, 100*(clientX-left)/width, 100*slopPx/width)
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

func (c *TimelinePanel) showBatching() {
	c.view = timeline.Batching(c.P.Result)
	c.zoomed = c.view != timeline.Full(c.P.Result)
}

// OnKey: the arrows, Home and End move between bars, Enter opens the
// marked one, Escape drops the mark; Shift+arrows and Page Up/Down pan,
// + and − zoom, 0 resets, B shows the batching alone.
func (c *TimelinePanel) OnKey(event vugu.DOMEvent) {
	key := event.PropString("key")
	shift := event.JSEvent().Get("shiftKey").Bool()
	switch {
	case key == "+" || key == "=":
		c.zoom(0.5)
	case key == "-" || key == "_":
		c.zoom(2)
	case key == "PageUp" || (shift && key == "ArrowLeft"):
		c.pan(-0.2)
	case key == "PageDown" || (shift && key == "ArrowRight"):
		c.pan(0.2)
	case key == "0":
		c.reset()
	case key == "b" || key == "B":
		c.showBatching()
	case key == "Enter" || key == " ":
		if c.layout.Bar(c.cursor) == nil {
			return
		}
		c.open(c.cursor)
	case key == "Escape":
		c.cursor, c.hover = timeline.NoMark, timeline.NoMark
	default:
		m, ok := c.layout.Step(c.cursor, key)
		if !ok {
			return
		}
		c.hover = timeline.NoMark
		if m == c.cursor && c.panToNext(key) {
			break
		}
		c.setCursor(m)
	}
	event.PreventDefault()
}

// panToNext pans past the edge of the view when ArrowRight (ArrowLeft)
// stays on the lane's last (first) bar in view: to the lane's next
// (previous) batch, which the mark then follows. It reports false when
// there is none or for other keys.
func (c *TimelinePanel) panToNext(key string) bool {
	dir := 0
	switch key {
	case "ArrowRight":
		dir = 1
	case "ArrowLeft":
		dir = -1
	}
	if dir == 0 || c.cursor.Calls || c.cursor.Lane < 0 || c.cursor.Lane >= len(c.layout.Lanes) {
		return false
	}
	full := timeline.Full(c.P.Result)
	v, id, ok := timeline.Beyond(c.P.Result, c.layout.Lanes[c.cursor.Lane].Model, c.view, full, dir)
	if !ok {
		return false
	}
	c.view, c.zoomed, c.cursorBatch = v, v != full, id
	return true
}

func (c *TimelinePanel) setCursor(m timeline.Mark) {
	c.cursor = m
	if b := c.layout.Bar(m); b != nil {
		c.cursorBatch = b.First
	}
}

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

// OnPointerDown adds a pointer to the gesture: one drags the view, two
// (fingers) pinch-zoom it, until they are released.
func (c *TimelinePanel) OnPointerDown(event vugu.DOMEvent) {
	if event.PropFloat64("button") != 0 {
		return
	}
	left, width := trackBox(event.JSEventCurrentTarget())
	id := event.JSEvent().Get("pointerId").Int()
	c.gesture.Down(id, event.PropFloat64("clientX")-left, c.view)
	followPointer(event.EventEnv(), id, func(x float64) bool {
		full := timeline.Full(c.P.Result)
		v, changed := c.gesture.Move(id, x-left, width, full)
		if !changed || v == c.view {
			return false
		}
		c.view, c.zoomed, c.hover = v, v != full, timeline.NoMark
		return true
	}, func(float64) bool {
		c.gesture.Up(id, c.view)
		return false
	})
}

// OnClick opens the bar under the pointer (or nearest to a finger), unless
// the click ends a drag.
func (c *TimelinePanel) OnClick(event vugu.DOMEvent) {
	if c.gesture.Moved {
		return
	}
	ev := event.JSEvent()
	slop := float64(mouseSlopPx)
	if ev.Get("pointerType").String() == "touch" {
		slop = touchSlopPx
	}
	m := c.markAt(ev.Get("target"), event.PropFloat64("clientX"), slop)
	if c.layout.Bar(m) == nil {
		return
	}
	c.open(m)
}

// open shows the batch of a bar or call, or zooms into an aggregate; the
// card stays on it.
func (c *TimelinePanel) open(m timeline.Mark) {
	bar := c.layout.Bar(m)
	c.setCursor(m)
	c.hover = timeline.NoMark
	if bar.Batch != 0 {
		c.P.Select(bar.Batch)
		return
	}
	res := c.P.Result
	if m.Calls || res == nil || bar.First < 1 || bar.Last > len(res.Batches) {
		return
	}
	from, to := res.Batches[bar.First-1].CreatedAt, res.Batches[bar.Last-1].ClosedAt
	pad := max((to-from)/10, 5)
	full := timeline.Full(res)
	c.view = timeline.View{From: from - pad, To: to + pad}.Pan(0, full)
	c.zoomed = c.view != full
}

// OnOverviewDown moves the brush: a drag across the overview picks the
// stretch the bars show, a drag inside the brush moves it, a press centres
// it.
func (c *TimelinePanel) OnOverviewDown(event vugu.DOMEvent) {
	if event.PropFloat64("button") != 0 {
		return
	}
	event.PreventDefault()
	if event.JSEvent().Get("pointerType").String() == "touch" { // a tap shows the column's card
		c.column = c.columnAt(event.JSEvent().Get("target"), event.PropFloat64("clientX"))
	}
	r := event.JSEventCurrentTarget().Call("getBoundingClientRect")
	left, width := r.Get("left").Float(), r.Get("width").Float()
	x0, start := event.PropFloat64("clientX")-left, c.view
	moved := false
	brush := func(x float64) bool {
		v := timeline.BrushDrag(start, timeline.Full(c.P.Result), x0, x, width)
		if v == c.view {
			return false
		}
		c.view, c.zoomed = v, v != timeline.Full(c.P.Result)
		return true
	}
	followPointer(event.EventEnv(), event.JSEvent().Get("pointerId").Int(), func(x float64) bool {
		moved = moved || x-left-x0 >= timeline.DragThresholdPx || x0-(x-left) >= timeline.DragThresholdPx
		return moved && brush(x-left)
	}, func(x float64) bool {
		if moved {
			return brush(x - left)
		}
		return brush(x0)
	})
}

// followPointer follows pointer id until it is released: move and up get
// its clientX under the event environment's lock, and the page renders
// when they report a change. The listeners sit on the window, so a drag
// continues outside the element and only a drag (not every hover) costs
// renders.
func followPointer(ee vugu.EventEnv, id int, move, up func(clientX float64) bool) {
	w := js.Global()
	var onMove, onUp js.Func
	call := func(f func(float64) bool, ev js.Value) {
		ee.Lock()
		if f(ev.Get("clientX").Float()) {
			ee.UnlockRender()
		} else {
			ee.UnlockOnly()
		}
	}
	onMove = js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		if args[0].Get("pointerId").Int() == id {
			call(move, args[0])
		}
		return nil
	})
	onUp = js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		if args[0].Get("pointerId").Int() != id {
			return nil
		}
		w.Call("removeEventListener", "pointermove", onMove)
		w.Call("removeEventListener", "pointerup", onUp)
		w.Call("removeEventListener", "pointercancel", onUp)
		onMove.Release()
		onUp.Release()
		call(up, args[0])
		return nil
	})
	w.Call("addEventListener", "pointermove", onMove)
	w.Call("addEventListener", "pointerup", onUp)
	w.Call("addEventListener", "pointercancel", onUp)
}

func (c *TimelinePanel) barClass(li, i int, bar timeline.Bar) string {
	s := bar.Class()
	if bar.Batch != 0 && bar.Batch == c.P.Selected {
		s += " selected"
	}
	if c.cursor == (timeline.Mark{Lane: li, Index: i}) {
		s += " cursor"
	}
	return s
}

func (c *TimelinePanel) callClass(li, i int, call timeline.Bar) string {
	if c.cursor == (timeline.Mark{Lane: li, Calls: true, Index: i}) {
		return call.CallClass() + " cursor"
	}
	return call.CallClass()
}

// activeID is the id of the keyboard's bar, for aria-activedescendant.
const activeID = "timeline-active"

func (c *TimelinePanel) activeID() interface{} {
	if c.cursor.Calls || c.layout.Bar(c.cursor) == nil {
		return nil
	}
	return activeID
}

func (c *TimelinePanel) ariaSelected(li, i int) string {
	return strconv.FormatBool(c.cursor == timeline.Mark{Lane: li, Index: i})
}

// barName is a bar's accessible name; the card and the live region give
// the details.
func (c *TimelinePanel) barName(bar timeline.Bar) string {
	if bar.Batch != 0 {
		return "Batch #" + strconv.Itoa(bar.Batch) + ", " + bar.Reason
	}
	return units.Count(bar.Count) + " batches, #" + strconv.Itoa(bar.First) + " to #" + strconv.Itoa(bar.Last)
}

// card is the mark the card shows: the pointer's, else the keyboard's.
func (c *TimelinePanel) card() timeline.Mark {
	if c.layout.Bar(c.hover) != nil {
		return c.hover
	}
	return c.cursor
}

// cardStyle centres the card on its bar, kept inside the track.
func (c *TimelinePanel) cardStyle() string {
	b := c.layout.Bar(c.card())
	x := strconv.FormatFloat(min(max(b.Left+b.Width/2, 0), 100), 'f', 2, 64)
	return "left:" + x + "%;transform:translateX(-" + x + "%)"
}

func (c *TimelinePanel) cardHead() string { return cardHead(c.layout.Bar(c.card()).Title) }

func (c *TimelinePanel) cardLines() []string { return cardLines(c.layout.Bar(c.card()).Title) }

// cardHead is the first line of a card's text, in bold.
func cardHead(text string) string {
	head, _, _ := strings.Cut(text, "\n")
	return head
}

// cardLines are the lines of a card's text after the first.
func cardLines(text string) []string {
	_, rest, _ := strings.Cut(text, "\n")
	if rest == "" {
		return nil
	}
	return strings.Split(rest, "\n")
}

// An overviewColumn is one column of one lane of the overview; on is
// false for none.
type overviewColumn struct {
	lane, bin int
	on        bool
}

// columnAt is the overview's column under clientX for an event on
// target, if any.
func (c *TimelinePanel) columnAt(target js.Value, clientX float64) overviewColumn {
	if target.IsUndefined() || target.IsNull() || target.Get("closest").Type() != js.TypeFunction {
		return overviewColumn{}
	}
	svg := target.Call("closest", ".ov-lane")
	if svg.IsNull() {
		return overviewColumn{}
	}
	li, err := strconv.Atoi(svg.Get("dataset").Get("lane").String())
	r := svg.Call("getBoundingClientRect")
	width, bins := r.Get("width").Float(), c.overviewBins()
	if err != nil || width <= 0 || bins == 0 {
		return overviewColumn{}
	}
	k := int(float64(bins) * (clientX - r.Get("left").Float()) / width)
	return overviewColumn{lane: li, bin: min(max(k, 0), bins-1), on: true}
}

// columnText is the card of the overview's column under the pointer, ""
// for none.
func (c *TimelinePanel) columnText() string {
	col := c.column
	if !col.on || col.lane >= len(c.density.Lanes) {
		return ""
	}
	return c.density.BinText(&c.density.Lanes[col.lane], col.bin)
}

// columnCardStyle puts the column's card under its lane, centred on the
// column and kept inside the overview.
func (c *TimelinePanel) columnCardStyle() string {
	x := strconv.FormatFloat(100*(float64(c.column.bin)+0.5)/float64(max(c.overviewBins(), 1)), 'f', 2, 64)
	return "left:" + x + "%;transform:translateX(-" + x + "%);top:calc(" + strconv.Itoa(c.column.lane+1) + " * 1.5rem + 2px)"
}

// cardText is what the live region reads: the keyboard's bar.
func (c *TimelinePanel) cardText() string {
	if b := c.layout.Bar(c.cursor); b != nil {
		return strings.ReplaceAll(b.Title, "\n", ". ")
	}
	return ""
}

func (c *TimelinePanel) overviewBins() int {
	if len(c.density.Lanes) == 0 {
		return 0
	}
	return len(c.density.Lanes[0].Bins)
}

func (c *TimelinePanel) overviewBox() string {
	return "0 0 " + strconv.Itoa(max(c.overviewBins(), 1)) + " 1"
}

func (c *TimelinePanel) brushStyle() string {
	return timeline.SpanStyle(timeline.Brush(c.view, c.density.View))
}

func (c *TimelinePanel) statsText() string {
	l := &c.layout
	s := units.Plural(l.Total, "batch", "batches") + ", " + units.Plural(l.Drawn, "bar", "bars") + " drawn"
	if l.Aggregated > 0 {
		s += ", " + units.Plural(l.Aggregated, "batch", "batches") + " merged into striped bars"
	}
	return s + "."
}
