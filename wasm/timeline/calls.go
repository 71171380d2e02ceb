package timeline

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// A segment is one stretch of a batch's dispatch: waiting for a slot, one
// call, or the backoff before the next call.
type segment struct {
	from, to int64
	batch    int
	kind     string // queued, ok, retry, failed, backoff, cancelled
	title    string
	scripted bool // a call the dispatch script made fail
}

// buildCalls fills each lane's Calls: the dispatch of its batches, after
// the bars. Thin segments merge as bars do, and so do segments that start
// in the same column: a lane draws at most about two elements a column,
// whatever the concurrency.
func buildCalls(out *Layout, res *core.Result, lane map[string]int, v View, columns int) {
	d := res.Dispatch
	if d == nil || len(d.Batches) != len(res.Batches) {
		return
	}
	perLane := make([][]segment, len(out.Lanes))
	add := func(b *core.Batch, s segment) {
		li, ok := lane[b.Model]
		if !ok || s.to < v.From || s.from > v.To {
			return
		}
		perLane[li] = append(perLane[li], s)
	}
	for i := range d.Batches {
		o := &d.Batches[i]
		b := &res.Batches[i]
		switch {
		case o.Outcome == core.OutcomeCancelled:
			add(b, segment{from: o.EndMs, to: o.EndMs, batch: b.ID, kind: "cancelled",
				title: "Batch #" + strconv.Itoa(b.ID) + " was cancelled at " + units.Clock(o.EndMs) + ": another batch failed for good (stop on exhaustion)"})
		case o.StartMs > o.ReadyMs:
			add(b, segment{from: o.ReadyMs, to: o.StartMs, batch: b.ID, kind: "queued",
				title: "Batch #" + strconv.Itoa(b.ID) + " waited " + units.Duration(float64(o.StartMs-o.ReadyMs)) + " for a free slot"})
		}
	}
	for i := range res.Attempts {
		a := &res.Attempts[i]
		if a.Batch < 1 || int(a.Batch) > len(res.Batches) {
			continue
		}
		b := &res.Batches[a.Batch-1]
		add(b, segment{from: a.StartMs, to: a.EndMs, batch: b.ID, kind: a.Outcome.String(), title: describeAttempt(a), scripted: a.Scripted})
		if a.BackoffMs > 0 {
			// A stop may cut the backoff short: it ends with the batch.
			add(b, segment{from: a.EndMs, to: min(a.EndMs+a.BackoffMs, d.Batches[a.Batch-1].EndMs), batch: b.ID, kind: "backoff",
				title: "Batch #" + strconv.Itoa(b.ID) + " backs off " + units.Duration(float64(a.BackoffMs)) + " before attempt " + strconv.Itoa(int(a.Number)+2)})
		}
	}
	scale := float64(columns) / float64(v.Width())
	for li, segs := range perLane {
		slices.SortStableFunc(segs, func(x, y segment) int {
			return cmp.Or(cmp.Compare(x.from, y.from), cmp.Compare(x.to, y.to), cmp.Compare(x.batch, y.batch))
		})
		// g is the element being drawn, kept until the next segment
		// shows whether it merges; from gx0 to gx1 in columns.
		var g *Bar
		var gx0, gx1 float64
		flush := func() {
			if g != nil {
				out.Lanes[li].Calls = append(out.Lanes[li].Calls, *g)
				g = nil
			}
		}
		for _, s := range segs {
			x0 := float64(s.from-v.From) * scale
			x1 := float64(s.to-v.From) * scale
			thin := x1-x0 < 1
			// A segment merges with the element before it when it
			// starts in the same column (concurrent calls overlap: drawn
			// one by one, thousands of them would cover each other), or
			// when it is thin and touches a group of thin ones.
			if g != nil && (x0-gx0 < 1 || thin && g.Batch == 0 && x0 <= gx1+1) {
				g.Batch = 0
				g.Count++
				g.Last = s.batch
				gx1 = max(gx1, x1)
				g.Width = 100 * (min(gx1, float64(columns)) - g.Left*float64(columns)/100) / float64(columns)
				if s.kind == "failed" || s.kind == "retry" {
					g.Reason = "failed"
				}
				g.Scripted = g.Scripted || s.scripted
				g.Title = units.Plural(g.Count, "dispatch step", "dispatch steps") + " of batches #" + strconv.Itoa(g.First) + " to #" + strconv.Itoa(g.Last) + ": zoom in to see each."
				continue
			}
			flush()
			left := max(x0, 0)
			right := min(x1, float64(columns))
			g = &Bar{Batch: s.batch, First: s.batch, Last: s.batch, Count: 1, Reason: s.kind, Title: s.title, Scripted: s.scripted,
				Left: 100 * left / float64(columns), Width: 100 * max(right-left, 0) / float64(columns)}
			if thin {
				// A thin segment starts a group; it keeps its batch
				// while alone.
				g.Batch = 0
			}
			gx0, gx1 = x0, x1
		}
		flush()
		for k := range out.Lanes[li].Calls {
			c := &out.Lanes[li].Calls[k]
			if c.Batch == 0 && c.Count == 1 {
				c.Batch = c.First
			}
			out.Calls++
		}
	}
}

// CallClass is a dispatch segment's CSS class list.
func (b *Bar) CallClass() string {
	c := "seg s-" + b.Reason
	if b.Batch == 0 {
		c += " agg"
	}
	if b.Scripted {
		c += " scripted"
	}
	return c
}

// describeAttempt is the hover text of one call.
func describeAttempt(a *core.Attempt) string {
	s := "Batch #" + strconv.Itoa(int(a.Batch)) + ", attempt " + strconv.Itoa(int(a.Number)+1) + ": "
	if a.Scripted {
		s += "scripted, "
	}
	switch a.Outcome {
	case core.OutcomeOK:
		s += "ok"
	case core.OutcomeRetry:
		s += "failed, retried"
	default:
		s += "failed for good"
	}
	if a.Class != core.ClassNone {
		s += " (" + a.Class.String()
		if a.Status != 0 {
			s += ", HTTP " + strconv.Itoa(int(a.Status))
		}
		s += ")"
	}
	s += "\n" + units.Clock(a.StartMs) + " to " + units.Clock(a.EndMs) + ", " + units.Duration(float64(a.EndMs-a.StartMs)) +
		"\n" + units.Count(int(a.TokensIn)) + " tokens in, " + units.Count(int(a.TokensOut)) + " out, " + units.USD(a.CostUSD)
	if a.BackoffMs > 0 {
		s += "\nthen backs off " + units.Duration(float64(a.BackoffMs))
	}
	return s
}
