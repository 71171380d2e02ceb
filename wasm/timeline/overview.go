package timeline

import (
	"strconv"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// OverviewBins is how many columns the overview divides the whole run into.
const OverviewBins = 160

// A Density is the overview of a whole run: per lane and per column of
// time, how many batches closed, their requests, and how many batches
// waited for a slot and how many calls were in flight on average. It stays
// informative at any number of batches, where the bars merge.
type Density struct {
	View  View
	BinMs int64
	Lanes []DensityLane
}

// A DensityLane is one model's row of the overview.
type DensityLane struct {
	Model string
	Bins  []DensityBin
	// MaxRate is the largest batches per second of a bin; MaxLoad the
	// largest calls in flight plus batches queued.
	MaxRate, MaxLoad float64
}

// A DensityBin is one column of a lane: the batches that closed in it and
// the ms of waiting for a slot and of calls that overlap it.
type DensityBin struct {
	Batches, Requests int
	QueuedMs, CallMs  int64
}

// Rate is the bin's batches per second.
func (d *Density) Rate(b DensityBin) float64 { return float64(b.Batches) * 1000 / float64(d.BinMs) }

// Queued is the mean number of the bin's batches waiting for a slot.
func (d *Density) Queued(b DensityBin) float64 { return float64(b.QueuedMs) / float64(d.BinMs) }

// InFlight is the mean number of calls in flight in the bin.
func (d *Density) InFlight(b DensityBin) float64 { return float64(b.CallMs) / float64(d.BinMs) }

// Overview bins res over the view full (the whole run) into at most bins
// columns of a whole number of ms each: O(batches + calls + bins).
//
// Its loops are functions of their own (binBatches, spreadQueued,
// spreadCalls, finishLane): in one function of 9 KB of WebAssembly, V8
// recompiled it with TurboFan during the page's start (90–130 ms of a
// background thread's CPU, beside the first render, on 2 cores), as every
// jump of Go's WebAssembly counts against a function's budget by its
// size.
func Overview(res *core.Result, full View, bins int) Density {
	d := Density{View: full}
	if res == nil || full.Width() <= 0 || bins < 1 {
		return d
	}
	d.BinMs = (full.Width() + int64(bins) - 1) / int64(bins)
	n := int((full.Width() + d.BinMs - 1) / d.BinMs)
	laneOf, models := lanes(res)
	d.Lanes = make([]DensityLane, len(models))
	queued := make([]spread, len(models))
	calls := make([]spread, len(models))
	for i, m := range models {
		d.Lanes[i] = DensityLane{Model: m, Bins: make([]DensityBin, n)}
		queued[i] = newSpread(full.From, d.BinMs, n)
		calls[i] = newSpread(full.From, d.BinMs, n)
	}
	d.binBatches(res.Batches, laneOf)
	if dp := res.Dispatch; dp != nil && len(dp.Batches) == len(res.Batches) {
		spreadQueued(queued, dp.Batches, laneOf)
		spreadCalls(calls, res.Attempts, laneOf)
	}
	for li := range d.Lanes {
		d.finishLane(&d.Lanes[li], &queued[li], &calls[li])
	}
	return d
}

// binBatches counts the batches, and their requests, that close in each
// bin of their lane (laneOf, by batch).
//
//go:noinline
func (d *Density) binBatches(batches []core.Batch, laneOf []int32) {
	for i := range batches {
		b := &batches[i]
		li := laneOf[i]
		if li < 0 || b.ClosedAt < d.View.From {
			continue
		}
		k := int((b.ClosedAt - d.View.From) / d.BinMs)
		if k >= len(d.Lanes[li].Bins) {
			continue
		}
		d.Lanes[li].Bins[k].Batches++
		d.Lanes[li].Bins[k].Requests += b.Size
	}
}

// spreadQueued adds each batch's wait for a slot to its lane's spread.
//
//go:noinline
func spreadQueued(queued []spread, outcomes []core.BatchOutcome, laneOf []int32) {
	for i := range outcomes {
		if li := laneOf[i]; li >= 0 {
			queued[li].add(outcomes[i].ReadyMs, outcomes[i].StartMs)
		}
	}
}

// spreadCalls adds each call (attempt) to its batch's lane's spread.
//
//go:noinline
func spreadCalls(calls []spread, attempts []core.Attempt, laneOf []int32) {
	for i := range attempts {
		a := &attempts[i]
		if a.Batch < 1 || int(a.Batch) > len(laneOf) {
			continue
		}
		if li := laneOf[a.Batch-1]; li >= 0 {
			calls[li].add(a.StartMs, a.EndMs)
		}
	}
}

// finishLane sets the lane's bins' ms queued and in calls (from their
// spreads), and its largest rate and load.
//
//go:noinline
func (d *Density) finishLane(l *DensityLane, queuedSpread, callsSpread *spread) {
	queued, calls := queuedSpread.sums(), callsSpread.sums()
	for k := range l.Bins {
		b := &l.Bins[k]
		b.QueuedMs, b.CallMs = queued[k], calls[k]
		l.MaxRate = max(l.MaxRate, d.Rate(*b))
		l.MaxLoad = max(l.MaxLoad, d.Queued(*b)+d.InFlight(*b))
	}
}

// lanes gives each model of the result's per-model metrics a lane, in the
// metrics' (the catalog's) order: the lane of each of the result's batches
// (-1 for a model without one), and the lanes' models. (Out of line, as
// Overview's loops are.)
//
//go:noinline
func lanes(res *core.Result) (laneOf []int32, models []string) {
	lane := make(map[string]int32, len(res.Metrics.Models))
	models = make([]string, 0, len(res.Metrics.Models))
	for _, mm := range res.Metrics.Models {
		lane[mm.Model] = int32(len(models))
		models = append(models, mm.Model)
	}
	laneOf = make([]int32, len(res.Batches))
	for i := range res.Batches {
		li, ok := lane[res.Batches[i].Model]
		if !ok {
			li = -1
		}
		laneOf[i] = li
	}
	return laneOf, models
}

// A spread adds up how many ms of a set of intervals fall in each bin, in
// O(1) per interval: partial bins directly, whole bins through a
// difference array summed at the end.
type spread struct {
	from, bin int64
	part      []int64
	whole     []int64
}

func newSpread(from, bin int64, n int) spread {
	return spread{from: from, bin: bin, part: make([]int64, n), whole: make([]int64, n+1)}
}

func (s *spread) add(start, end int64) {
	n := int64(len(s.part))
	start, end = max(start, s.from)-s.from, min(end, s.from+n*s.bin)-s.from
	if end <= start {
		return
	}
	i, j := start/s.bin, end/s.bin
	if i == j {
		s.part[i] += end - start
		return
	}
	s.part[i] += (i+1)*s.bin - start
	s.whole[i+1]++
	s.whole[j]--
	if j < n {
		s.part[j] += end - j*s.bin
	}
}

//go:noinline
func (s *spread) sums() []int64 {
	out := make([]int64, len(s.part))
	var run int64
	for k := range out {
		run += s.whole[k]
		out[k] = s.part[k] + run*s.bin
	}
	return out
}

// RatePath is an SVG path (viewBox 0 0 bins 1, y down) of the lane's
// batches per second as an area, scaled to its largest bin.
func (d *Density) RatePath(l *DensityLane) string {
	return area(l.Bins, func(b DensityBin) float64 {
		if l.MaxRate == 0 {
			return 0
		}
		return d.Rate(b) / l.MaxRate
	})
}

// LoadPath is the SVG path of the lane's calls in flight plus batches
// queued, scaled to its largest bin; "" without a dispatch.
func (d *Density) LoadPath(l *DensityLane) string {
	if l.MaxLoad == 0 {
		return ""
	}
	return area(l.Bins, func(b DensityBin) float64 { return (d.Queued(b) + d.InFlight(b)) / l.MaxLoad })
}

// QueuePath is the SVG path of the batches queued alone, drawn over the
// load so that waiting shows apart from calls; "" when nothing waited.
func (d *Density) QueuePath(l *DensityLane) string {
	if l.MaxLoad == 0 {
		return ""
	}
	waited := false
	for _, b := range l.Bins {
		waited = waited || b.QueuedMs > 0
	}
	if !waited {
		return ""
	}
	return area(l.Bins, func(b DensityBin) float64 { return d.Queued(b) / l.MaxLoad })
}

// area draws a step area of height f(bin) (0 to 1) per bin.
func area(bins []DensityBin, f func(DensityBin) float64) string {
	s := make([]byte, 0, 4+16*len(bins))
	s = append(s, "M0 1"...)
	for k, b := range bins {
		s = append(appendFixed3(append(s, 'V'), 1-min(max(f(b), 0), 1)), 'H')
		s = strconv.AppendInt(s, int64(k+1), 10)
	}
	return string(append(s, "V1Z"...))
}

// Summary describes a lane's overview for people and screen readers.
func (d *Density) Summary(l *DensityLane) string {
	n, busiest := 0, 0
	for k, b := range l.Bins {
		n += b.Batches
		if b.Batches > l.Bins[busiest].Batches {
			busiest = k
		}
	}
	s := l.Model + ": " + units.Count(n) + " batches, at most " + units.Decimal(l.MaxRate) + " per second"
	if n > 0 {
		s += " (around " + units.Clock(d.View.From+int64(busiest)*d.BinMs) + ")"
	}
	if l.MaxLoad > 0 {
		s += ", up to " + units.Decimal(l.MaxLoad) + " calls in flight or queued"
	}
	return s
}

// BinText describes column k of a lane: what the overview's hover card
// shows.
func (d *Density) BinText(l *DensityLane, k int) string {
	if k < 0 || k >= len(l.Bins) {
		return ""
	}
	b := l.Bins[k]
	from := d.View.From + int64(k)*d.BinMs
	s := l.Model + ", " + units.Clock(from) + " to " + units.Clock(from+d.BinMs) + "\n" +
		units.Count(b.Batches) + " batches closed (" + units.Decimal(d.Rate(b)) + " per second)"
	if b.Batches > 0 {
		s += ", mean size " + units.Decimal(float64(b.Requests)/float64(b.Batches))
	}
	return s + "\nqueue depth " + units.Decimal(d.Queued(b)) + ", calls in flight " + units.Decimal(d.InFlight(b)) + " (means)"
}

// Brush is where the view v sits on the overview of full, in percent of
// its width.
func Brush(v, full View) (left, width float64) {
	if full.Width() <= 0 {
		return 0, 100
	}
	w := float64(full.Width())
	left = 100 * float64(max(v.From, full.From)-full.From) / w
	right := 100 * float64(min(v.To, full.To)-full.From) / w
	return left, max(right-left, 0)
}

// BrushDrag is the view after a drag on the overview of full (width px
// wide) from x0 to x1 px: a drag that starts inside the brush of v moves
// it, one that starts outside selects the times between x0 and x1 (at
// least MinWidthMs). A press without a move (x0 = x1) outside the brush
// centres it there, a tenth of the run wide when v is the whole run.
func BrushDrag(v, full View, x0, x1, width float64) View {
	if width <= 0 || full.Width() <= 0 {
		return v
	}
	at := func(x float64) int64 {
		return full.From + int64(At(x, width)*float64(full.Width()))
	}
	t0, t1 := at(x0), at(x1)
	inside := v != full && t0 >= v.From && t0 <= v.To
	switch {
	case inside:
		return View{From: v.From + t1 - t0, To: v.To + t1 - t0}.within(full)
	case t0 == t1:
		w := v.Width()
		if v == full {
			w = max(full.Width()/10, MinWidthMs)
		}
		return View{From: t0 - w/2, To: t0 - w/2 + w}.within(full)
	}
	from, to := min(t0, t1), max(t0, t1)
	if to-from < MinWidthMs {
		to = from + MinWidthMs
	}
	return View{From: from, To: to}.within(full)
}
