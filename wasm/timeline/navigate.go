package timeline

import (
	"cmp"
	"math"
	"slices"

	"github.com/batchlab/batchlab/core"
)

// A Mark is one drawn bar or dispatch segment: lane, row (Bars or Calls)
// and index in it; Lane < 0 is none.
type Mark struct {
	Lane  int
	Calls bool
	Index int
}

// NoMark is no bar.
var NoMark = Mark{Lane: -1}

// Bar returns the bar or segment m points at, or nil.
func (l *Layout) Bar(m Mark) *Bar {
	if m.Lane < 0 || m.Lane >= len(l.Lanes) {
		return nil
	}
	row := l.Lanes[m.Lane].Bars
	if m.Calls {
		row = l.Lanes[m.Lane].Calls
	}
	if m.Index < 0 || m.Index >= len(row) {
		return nil
	}
	return &row[m.Index]
}

// Hit is the mark of lane's row (bars, or calls) at at percent of the
// track: the one under it, else the nearest within slop percent (a finger
// is wider than a thin bar), else NoMark. O(bars of the lane).
func (l *Layout) Hit(lane int, calls bool, at, slop float64) Mark {
	if lane < 0 || lane >= len(l.Lanes) {
		return NoMark
	}
	row := l.Lanes[lane].Bars
	if calls {
		row = l.Lanes[lane].Calls
	}
	best, bestD := -1, math.Inf(1)
	for i := range row {
		b := &row[i]
		d := max(b.Left-at, at-(b.Left+b.Width), 0)
		if d < bestD || (d == 0 && bestD == 0 && b.Width < row[best].Width) {
			best, bestD = i, d
		}
	}
	if best < 0 || bestD > slop {
		return NoMark
	}
	return Mark{Lane: lane, Calls: calls, Index: best}
}

// Find is the bar of the batch with ID id (alone or in an aggregate), or
// NoMark when it is not drawn.
func (l *Layout) Find(id int) Mark {
	for li := range l.Lanes {
		for i, b := range l.Lanes[li].Bars {
			if id >= b.First && id <= b.Last && (b.Batch == id || b.Batch == 0) {
				return Mark{Lane: li, Index: i}
			}
		}
	}
	return NoMark
}

// Step moves the keyboard's mark over the bars: ArrowRight and ArrowLeft
// to the next and previous bar of the lane (in time), ArrowDown and ArrowUp
// to the bar nearest in time of the next and previous lane that has bars,
// Home and End to the lane's first and last bar. From NoMark any of them
// goes to the first bar. It reports false for other keys.
func (l *Layout) Step(m Mark, key string) (Mark, bool) {
	switch key {
	case "ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", "Home", "End":
	default:
		return m, false
	}
	cur := l.Bar(m)
	if cur == nil || m.Calls {
		for li := range l.Lanes {
			if len(l.Lanes[li].Bars) > 0 {
				return Mark{Lane: li}, true
			}
		}
		return NoMark, true
	}
	order := l.timeOrder(m.Lane)
	pos := slices.Index(order, m.Index)
	switch key {
	case "ArrowRight":
		m.Index = order[min(pos+1, len(order)-1)]
	case "ArrowLeft":
		m.Index = order[max(pos-1, 0)]
	case "Home":
		m.Index = order[0]
	case "End":
		m.Index = order[len(order)-1]
	default:
		dir := 1
		if key == "ArrowUp" {
			dir = -1
		}
		mid := cur.Left + cur.Width/2
		for li := m.Lane + dir; li >= 0 && li < len(l.Lanes); li += dir {
			if len(l.Lanes[li].Bars) > 0 {
				return l.Hit(li, false, mid, math.Inf(1)), true
			}
		}
	}
	return m, true
}

// timeOrder is the indices of a lane's bars by their left edge (then
// width), the order the arrow keys follow.
func (l *Layout) timeOrder(lane int) []int {
	bars := l.Lanes[lane].Bars
	order := make([]int, len(bars))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(bars[a].Left, bars[b].Left), cmp.Compare(bars[a].Width, bars[b].Width))
	})
	return order
}

// Beyond is where the arrow keys go past the edge of the view: the next
// batch of model after v's right edge (dir > 0) or before its left edge
// (dir < 0), with the view panned within full to centre it, same width.
// It returns that batch's ID, or ok false when there is none.
func Beyond(res *core.Result, model string, v, full View, dir int) (View, int, bool) {
	if res == nil {
		return v, 0, false
	}
	best := -1
	for i := range res.Batches {
		b := &res.Batches[i]
		switch {
		case b.Model != model:
		case dir > 0 && b.CreatedAt > v.To && (best < 0 || b.CreatedAt < res.Batches[best].CreatedAt):
			best = i
		case dir < 0 && b.ClosedAt < v.From && (best < 0 || b.CreatedAt > res.Batches[best].CreatedAt):
			best = i
		}
	}
	if best < 0 {
		return v, 0, false
	}
	b := &res.Batches[best]
	from := (b.CreatedAt+b.ClosedAt)/2 - v.Width()/2
	return View{From: from, To: from + v.Width()}.within(full), b.ID, true
}
