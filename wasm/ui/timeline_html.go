package ui

import (
	"html"
	"strconv"
	"strings"

	"github.com/batchlab/batchlab/wasm/timeline"
	"github.com/vugu/vugu/js"
)

// laneHTML is the markup of a lane's bars and of its dispatch segments.
// The lanes are drawn as HTML rather than one Vugu node per bar, set by
// showLane only when it was drawn again (not passed to Vugu's renderer,
// which sent the whole markup to the page's script at every render: 40%
// of a render with 10,000 requests), so a render of the page (every edit
// of a control) skips the hundreds of bars, and a new layout is parsed by
// the browser at once instead of node by node.
type laneHTML struct{ bars, calls string }

// drawnLanes is what the lanes' markup was made from: it is made again
// when any of it changes.
type drawnLanes struct {
	layout   int // the layout's generation
	cursor   timeline.Mark
	selected int
}

// drawLanes makes the markup of every lane when the layout, the keyboard's
// bar or the selected batch changed since the last time.
func (c *TimelinePanel) drawLanes() {
	key := drawnLanes{c.laidGen, c.cursor, c.P.Selected}
	if c.lanes != nil && c.drawnFor == key {
		return
	}
	c.drawnFor = key
	c.drawings++
	c.lanes = make([]laneHTML, len(c.layout.Lanes))
	var b strings.Builder
	for li := range c.layout.Lanes {
		lane := &c.layout.Lanes[li]
		b.Reset()
		for i := range lane.Bars {
			bar := &lane.Bars[i]
			head := ` role="option" aria-selected="` + c.ariaSelected(li, i) + `" aria-label="` + html.EscapeString(c.barName(*bar)) + `"`
			id, data := "", "data-batches"
			if c.cursor == (timeline.Mark{Lane: li, Index: i}) {
				id = activeID
			}
			if bar.Batch != 0 {
				data = "data-batch"
			}
			writeSpan(&b, head, id, c.barClass(li, i, *bar), bar.Style(), i, data, bar.DataBatch())
		}
		c.lanes[li].bars = b.String()
		b.Reset()
		for i := range lane.Calls {
			call := &lane.Calls[i]
			writeSpan(&b, "", "", c.callClass(li, i, *call), call.Style(), i, "data-call", call.DataBatch())
		}
		c.lanes[li].calls = b.String()
	}
}

// writeSpan writes an empty span with the attributes head (written as
// they are), an id (none when ""), a class, a style, data-i and the data
// attribute data. Its parts go through writeAll: with each WriteString
// inlined, writeSpan was 11 KB of WebAssembly, which V8 recompiled with
// TurboFan during the page's start (100–125 ms of a background thread's
// CPU, beside the first render, on 2 cores): every jump of Go's
// WebAssembly counts against a function's budget by its size.
func writeSpan(b *strings.Builder, head, id, class, style string, i int, data, value string) {
	var num [20]byte
	if id != "" {
		writeAll(b, `<span`, head, ` id="`, id, `" class="`)
	} else {
		writeAll(b, `<span`, head, ` class="`)
	}
	writeAll(b, html.EscapeString(class), `" style="`, style, `" data-i="`, string(strconv.AppendInt(num[:0], int64(i), 10)),
		`" `, data, `="`, html.EscapeString(value), `"></span>`)
}

// writeAll writes the parts to b, one after the other.
//
//go:noinline
func writeAll(b *strings.Builder, parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

// showBars and showCalls put lane li's markup into el, its track or its
// dispatch row (vg-js-populate), unless el shows it already.
func (c *TimelinePanel) showBars(el js.Value, li int) { c.showLane(el, li, "bars", c.lanes[li].bars) }
func (c *TimelinePanel) showCalls(el js.Value, li int) {
	c.showLane(el, li, "calls", c.lanes[li].calls)
}

// showLane sets el's markup to markup, part of lane li, when el shows
// another drawing, lane or part: the element remembers what it shows.
func (c *TimelinePanel) showLane(el js.Value, li int, part, markup string) {
	if populated != nil { // a static render (StaticHTML)
		populated.html = markup
		return
	}
	shown := strconv.Itoa(c.drawings) + "/" + strconv.Itoa(li) + "/" + part
	if was := el.Get("batchlabShows"); was.Type() == js.TypeString && was.String() == shown {
		return
	}
	el.Set("batchlabShows", shown)
	el.Set("innerHTML", markup)
}
