package timeline

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// A segment is one stretch of a batch's dispatch: waiting for a slot, one
// call, or the backoff before the next call. It holds no strings (no
// pointers to copy while sorting thousands of them): its hover text is
// written only when it is drawn alone (describe).
type segment struct {
	from, to int64
	batch    int32 // the batch's ID
	attempt  int32 // index into the result's attempts; -1 for a wait or a cancellation
	seq      int32 // the order it was found in, the last sort key
	kind     segmentKind
	scripted bool // a call the dispatch script made fail
}

// A segmentKind is what a segment shows; its name is the CSS class suffix.
type segmentKind uint8

const (
	segQueued segmentKind = iota
	segCancelled
	segBackoff
	segCall // + the attempt's outcome
)

// name is the kind's CSS class suffix: queued, cancelled, backoff, or the
// call's outcome (ok, retry, failed).
func (s *segment) name(res *core.Result) string {
	switch s.kind {
	case segQueued:
		return "queued"
	case segCancelled:
		return "cancelled"
	case segBackoff:
		return "backoff"
	}
	return res.Attempts[s.attempt].Outcome.String()
}

// failed reports whether the segment is a call that failed.
func (s *segment) failed(res *core.Result) bool {
	if s.kind != segCall {
		return false
	}
	o := res.Attempts[s.attempt].Outcome
	return o == core.OutcomeRetry || o == core.OutcomeFailed
}

// describe is the segment's hover text.
func (s *segment) describe(res *core.Result) string {
	id := strconv.Itoa(int(s.batch))
	o := &res.Dispatch.Batches[s.batch-1]
	switch s.kind {
	case segQueued:
		return "Batch #" + id + " waited " + units.Duration(float64(o.StartMs-o.ReadyMs)) + " for a free slot"
	case segCancelled:
		return "Batch #" + id + " was cancelled at " + units.Clock(o.EndMs) + ": another batch failed for good (stop on exhaustion)"
	case segBackoff:
		a := &res.Attempts[s.attempt]
		return "Batch #" + id + " backs off " + units.Duration(float64(a.BackoffMs)) + " before attempt " + strconv.Itoa(int(a.Number)+2)
	}
	return describeAttempt(&res.Attempts[s.attempt])
}

// buildCalls fills each lane's Calls: the dispatch of its batches, after
// the bars. Thin segments merge as bars do, and so do segments that start
// in the same column: a lane draws at most about two elements a column,
// whatever the concurrency.
func buildCalls(out *Layout, res *core.Result, laneOf []int32, v View, columns int) {
	d := res.Dispatch
	if d == nil || len(d.Batches) != len(res.Batches) {
		return
	}
	perLane := make([][]segment, len(out.Lanes))
	var seq int32
	add := func(s segment) {
		li := laneOf[s.batch-1]
		if li < 0 || s.to < v.From || s.from > v.To {
			return
		}
		s.seq = seq
		seq++
		perLane[li] = append(perLane[li], s)
	}
	for i := range d.Batches {
		o := &d.Batches[i]
		id := int32(res.Batches[i].ID)
		switch {
		case o.Outcome == core.OutcomeCancelled:
			add(segment{from: o.EndMs, to: o.EndMs, batch: id, attempt: -1, kind: segCancelled})
		case o.StartMs > o.ReadyMs:
			add(segment{from: o.ReadyMs, to: o.StartMs, batch: id, attempt: -1, kind: segQueued})
		}
	}
	for i := range res.Attempts {
		a := &res.Attempts[i]
		if a.Batch < 1 || int(a.Batch) > len(res.Batches) {
			continue
		}
		add(segment{from: a.StartMs, to: a.EndMs, batch: int32(a.Batch), attempt: int32(i), kind: segCall, scripted: a.Scripted})
		if a.BackoffMs > 0 {
			// A stop may cut the backoff short: it ends with the batch.
			add(segment{from: a.EndMs, to: min(a.EndMs+a.BackoffMs, d.Batches[a.Batch-1].EndMs), batch: int32(a.Batch), attempt: int32(i), kind: segBackoff})
		}
	}
	scale := float64(columns) / float64(v.Width())
	for li, segs := range perLane {
		slices.SortFunc(segs, func(x, y segment) int {
			return cmp.Or(cmp.Compare(x.from, y.from), cmp.Compare(x.to, y.to), cmp.Compare(x.batch, y.batch), cmp.Compare(x.seq, y.seq))
		})
		// g is the element being drawn, kept until the next segment
		// shows whether it merges; from gx0 to gx1 in columns, its first
		// segment first.
		var g *Bar
		var first segment
		var gx0, gx1 float64
		flush := func() {
			if g == nil {
				return
			}
			if g.Count == 1 {
				g.Batch, g.Title = g.First, first.describe(res)
			} else {
				g.Title = units.Plural(g.Count, "dispatch step", "dispatch steps") + " of batches #" + strconv.Itoa(g.First) + " to #" + strconv.Itoa(g.Last) + ": zoom in to see each."
			}
			out.Lanes[li].Calls = append(out.Lanes[li].Calls, *g)
			out.Calls++
			g = nil
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
				g.Last = int(s.batch)
				gx1 = max(gx1, x1)
				g.Width = 100 * (min(gx1, float64(columns)) - g.Left*float64(columns)/100) / float64(columns)
				if s.failed(res) {
					g.Reason = "failed"
				}
				g.Scripted = g.Scripted || s.scripted
				continue
			}
			flush()
			left := max(x0, 0)
			right := min(x1, float64(columns))
			g = &Bar{Batch: int(s.batch), First: int(s.batch), Last: int(s.batch), Count: 1, Reason: s.name(res), Scripted: s.scripted,
				Left: 100 * left / float64(columns), Width: 100 * max(right-left, 0) / float64(columns)}
			if thin {
				// A thin segment starts a group; it keeps its batch
				// while alone.
				g.Batch = 0
			}
			first, gx0, gx1 = s, x0, x1
		}
		flush()
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
