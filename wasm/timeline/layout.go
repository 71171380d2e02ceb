package timeline

import (
	"strconv"
	"strings"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// A Bar is one batch, or an aggregate of neighbouring batches too thin to
// draw apart, placed in percent of the lane's width.
type Bar struct {
	// Batch is the batch's ID; 0 for an aggregate.
	Batch int
	// First and Last are the IDs of the first and last batch of an
	// aggregate; Count how many it holds.
	First, Last, Count int
	Left, Width        float64
	// Reason is the close reason (of most of an aggregate's batches).
	Reason string
	// Oversize marks a batch whose one request exceeds the token limit.
	Oversize bool
	// Scripted marks a call the dispatch script made fail.
	Scripted bool
	// Title is the hover text.
	Title string
}

// Class is the bar's CSS class list.
func (b *Bar) Class() string {
	c := "bar r-" + b.Reason
	if b.Batch == 0 {
		c += " agg"
	}
	if b.Oversize {
		c += " oversize"
	}
	return c
}

// Style places the bar in its lane.
func (b *Bar) Style() string { return SpanStyle(b.Left, b.Width) }

// SpanStyle is the CSS that places a box left percent from its parent's
// left edge, width percent wide (a bar, the overview's brush).
func SpanStyle(left, width float64) string {
	return "left:" + pct(left) + ";width:" + pct(width)
}

// DataBatch is the value of the bar's data-batch attribute: the batch ID,
// or "first-last" for an aggregate.
func (b *Bar) DataBatch() string {
	if b.Batch != 0 {
		return strconv.Itoa(b.Batch)
	}
	return strconv.Itoa(b.First) + "-" + strconv.Itoa(b.Last)
}

// A Lane is one model's row of bars.
type Lane struct {
	Model string
	// Batches counts all of the model's batches, drawn or not.
	Batches int
	Bars    []Bar
	// Calls are the dispatch of the lane's batches: waits for a slot,
	// calls (ok or failed) and backoffs, when the result has a dispatch.
	Calls []Bar
}

// A Tick is a labelled mark of the time axis.
type Tick struct {
	Left  float64
	Label string
}

// Style places the tick on the axis.
func (t *Tick) Style() string { return "left:" + pct(t.Left) }

// A Layout is what the timeline draws for one view.
type Layout struct {
	View  View
	Lanes []Lane
	Ticks []Tick
	// Total batches, Drawn bars, and the batches inside aggregates.
	Total, Drawn, Aggregated int
	// Calls counts the dispatch segments drawn.
	Calls int
}

// Build lays out res in view v with the lane width divided into columns:
// bars narrower than one column merge with their neighbours. Lanes follow
// the order of the result's per-model metrics (the catalog's order).
func Build(res *core.Result, v View, columns int) Layout {
	out := Layout{View: v}
	if res == nil || v.Width() <= 0 || columns < 1 {
		return out
	}
	laneOf, models := lanes(res)
	for _, m := range models {
		out.Lanes = append(out.Lanes, Lane{Model: m})
	}
	groups := make([]group, len(out.Lanes))
	scale := float64(columns) / float64(v.Width())
	for i := range res.Batches {
		b := &res.Batches[i]
		li := laneOf[i]
		if li < 0 {
			continue
		}
		out.Total++
		out.Lanes[li].Batches++
		if b.ClosedAt < v.From || b.CreatedAt > v.To {
			continue
		}
		x0 := float64(b.CreatedAt-v.From) * scale
		x1 := float64(b.ClosedAt-v.From) * scale
		g := &groups[li]
		if x1-x0 >= 1 {
			g.flush(&out.Lanes[li], columns, res)
			g.start(b, x0, x1)
			g.flush(&out.Lanes[li], columns, res)
			continue
		}
		if g.count > 0 && (x0 > g.x1+1 || x1-g.x0 > AggregateColumns) {
			g.flush(&out.Lanes[li], columns, res)
		}
		if g.count == 0 {
			g.start(b, x0, x1)
		} else {
			g.add(b, x1)
		}
	}
	for li := range out.Lanes {
		groups[li].flush(&out.Lanes[li], columns, res)
		for _, bar := range out.Lanes[li].Bars {
			out.Drawn++
			if bar.Batch == 0 {
				out.Aggregated += bar.Count
			}
		}
	}
	buildCalls(&out, res, laneOf, v, columns)
	out.Ticks = ticks(v)
	return out
}

// AggregateColumns is the widest an aggregate bar grows, in columns: a
// dense stretch becomes a row of aggregates, each of which zooms into a
// small part of it, rather than one bar over the whole run.
const AggregateColumns = 8

// group gathers neighbouring thin batches of one lane.
type group struct {
	count       int
	first, last *core.Batch
	x0, x1      float64
	reasons     [4]int
	oversize    int
}

func (g *group) start(b *core.Batch, x0, x1 float64) {
	*g = group{count: 1, first: b, last: b, x0: x0, x1: x1}
	g.note(b)
}

func (g *group) add(b *core.Batch, x1 float64) {
	g.count++
	g.last = b
	g.x1 = max(g.x1, x1)
	g.note(b)
}

func (g *group) note(b *core.Batch) {
	if int(b.CloseReason) < len(g.reasons) {
		g.reasons[b.CloseReason]++
	}
	if b.Oversize {
		g.oversize++
	}
}

func (g *group) flush(l *Lane, columns int, res *core.Result) {
	if g.count == 0 {
		return
	}
	left := max(g.x0, 0)
	right := min(g.x1, float64(columns))
	bar := Bar{
		Left:  100 * left / float64(columns),
		Width: 100 * max(right-left, 0) / float64(columns),
		First: g.first.ID, Last: g.last.ID, Count: g.count,
	}
	if g.count == 1 {
		b := g.first
		bar.Batch = b.ID
		bar.Reason = b.CloseReason.String()
		bar.Oversize = b.Oversize
		bar.Title = Describe(b) + "\n" + res.Explain(b).Text + dispatchNote(res, b)
	} else {
		best := 0
		for r, n := range g.reasons {
			if n > g.reasons[best] {
				best = r
			}
		}
		bar.Reason = core.CloseReason(best).String()
		bar.Title = units.Plural(g.count, "batch", "batches") + " (#" + strconv.Itoa(g.first.ID) + " to #" + strconv.Itoa(g.last.ID) +
			"), too close together to draw apart at this zoom: zoom in to see each."
	}
	l.Bars = append(l.Bars, bar)
	*g = group{}
}

// Describe is what a batch is: model, size, tokens and wait. Why it closed
// is core's explanation (core.Result.Explain), which the hover text adds
// and the batch detail shows above it.
func Describe(b *core.Batch) string {
	var s strings.Builder
	s.WriteString("Batch #" + strconv.Itoa(b.ID) + " · " + b.Model + "\n")
	s.WriteString(units.Requests(b.Size) + " of at most " + units.Count(b.MaxSize) + "\n")
	s.WriteString(units.Tokens(b.TokensEffective) + " effective of " + units.Count(b.MaxTokens) + " (" + units.Count(b.TokensIn) + " prompt)\n")
	s.WriteString("open " + units.Clock(b.CreatedAt) + ", closed " + units.Clock(b.ClosedAt) + ": waited " + units.Duration(float64(b.WaitMs)))
	return s.String()
}

// dispatchNote is the line the hover text of a batch gets from its
// dispatch, "" without one.
func dispatchNote(res *core.Result, b *core.Batch) string {
	if res.Dispatch == nil || b.ID < 1 || b.ID > len(res.Dispatch.Batches) {
		return ""
	}
	o := &res.Dispatch.Batches[b.ID-1]
	s := "\ndispatched: " + o.Outcome.String()
	if o.Outcome == core.OutcomeCancelled && o.Attempts == 0 {
		return s + " before any call"
	}
	s += " after " + units.Plural(o.Attempts, "call", "calls")
	return s + ", answered " + units.Clock(o.EndMs) + ", " + units.USD(o.CostUSD)
}

func pct(f float64) string {
	var buf [32]byte
	return string(append(appendFixed3(buf[:0], f), '%'))
}
