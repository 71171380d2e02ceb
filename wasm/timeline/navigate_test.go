package timeline

import (
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
)

// twoLanes is a layout with bars at known places; lane 0's bars are not in
// time order, as batches closing out of order are not.
func twoLanes() *Layout {
	return &Layout{Lanes: []Lane{
		{Model: "a", Bars: []Bar{{Batch: 1, First: 1, Last: 1, Left: 10, Width: 5}, {Batch: 3, First: 3, Last: 3, Left: 60, Width: 5},
			{Batch: 2, First: 2, Last: 2, Left: 30, Width: 0.1}}},
		{Model: "b"},
		{Model: "c", Bars: []Bar{{Batch: 0, First: 4, Last: 9, Count: 6, Left: 0, Width: 20}, {Batch: 10, First: 10, Last: 10, Left: 55, Width: 2}},
			Calls: []Bar{{Batch: 10, Left: 58, Width: 10, Reason: "ok"}}},
	}}
}

func TestHit(t *testing.T) {
	l := twoLanes()
	tests := []struct {
		name      string
		lane      int
		calls     bool
		at, slop  float64
		wantIndex int // -1: none
	}{
		{"on a bar", 0, false, 12, 0, 0},
		{"near a thin bar, within the slop", 0, false, 30.6, 1, 2},
		{"too far from any", 0, false, 45, 1, -1},
		{"the nearest of two", 0, false, 50, 100, 1},
		{"an empty lane", 1, false, 10, 100, -1},
		{"an aggregate", 2, false, 5, 0, 0},
		{"a call", 2, true, 60, 0, 0},
		{"no such lane", 7, false, 10, 100, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := l.Hit(tt.lane, tt.calls, tt.at, tt.slop)
			if tt.wantIndex < 0 {
				assert.Equal(t, NoMark, m)
				assert.Nil(t, l.Bar(m))
				return
			}
			assert.Equal(t, Mark{Lane: tt.lane, Calls: tt.calls, Index: tt.wantIndex}, m)
			assert.NotNil(t, l.Bar(m))
		})
	}
}

func TestStep(t *testing.T) {
	l := twoLanes()
	tests := []struct {
		name string
		from Mark
		key  string
		want Mark
		ok   bool
	}{
		{"from nothing to the first bar", NoMark, "ArrowRight", Mark{Lane: 0, Index: 0}, true},
		{"right goes by time, not by index", Mark{Lane: 0, Index: 0}, "ArrowRight", Mark{Lane: 0, Index: 2}, true},
		{"and on", Mark{Lane: 0, Index: 2}, "ArrowRight", Mark{Lane: 0, Index: 1}, true},
		{"stops at the last", Mark{Lane: 0, Index: 1}, "ArrowRight", Mark{Lane: 0, Index: 1}, true},
		{"left", Mark{Lane: 0, Index: 1}, "ArrowLeft", Mark{Lane: 0, Index: 2}, true},
		{"stops at the first", Mark{Lane: 0, Index: 0}, "ArrowLeft", Mark{Lane: 0, Index: 0}, true},
		{"home", Mark{Lane: 0, Index: 1}, "Home", Mark{Lane: 0, Index: 0}, true},
		{"end", Mark{Lane: 0, Index: 0}, "End", Mark{Lane: 0, Index: 1}, true},
		{"down skips the empty lane to the nearest in time", Mark{Lane: 0, Index: 1}, "ArrowDown", Mark{Lane: 2, Index: 1}, true},
		{"down from the first bar", Mark{Lane: 0, Index: 0}, "ArrowDown", Mark{Lane: 2, Index: 0}, true},
		{"up", Mark{Lane: 2, Index: 0}, "ArrowUp", Mark{Lane: 0, Index: 0}, true},
		{"down at the last lane stays", Mark{Lane: 2, Index: 1}, "ArrowDown", Mark{Lane: 2, Index: 1}, true},
		{"other keys are not navigation", Mark{Lane: 0, Index: 1}, "Enter", Mark{Lane: 0, Index: 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := l.Step(tt.from, tt.key)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.ok, ok)
		})
	}
	empty := &Layout{}
	m, ok := empty.Step(NoMark, "ArrowRight")
	assert.True(t, ok)
	assert.Equal(t, NoMark, m)
}

func TestFind(t *testing.T) {
	l := twoLanes()
	assert.Equal(t, Mark{Lane: 0, Index: 2}, l.Find(2))
	assert.Equal(t, Mark{Lane: 2, Index: 0}, l.Find(7), "inside an aggregate")
	assert.Equal(t, NoMark, l.Find(99))
}

func TestGesture(t *testing.T) {
	full := View{0, 100_000}
	start := View{40_000, 50_000}
	t.Run("a press without a move is a click", func(t *testing.T) {
		var g Gesture
		g.Down(1, 100, start)
		_, changed := g.Move(1, 102, 1000, full)
		assert.False(t, changed)
		assert.False(t, g.Moved)
		g.Up(1, start)
		assert.False(t, g.Active())
	})
	t.Run("one pointer drags", func(t *testing.T) {
		var g Gesture
		g.Down(1, 100, start)
		v, changed := g.Move(1, 200, 1000, full)
		assert.True(t, changed)
		assert.True(t, g.Moved)
		assert.Equal(t, View{39_000, 49_000}, v)
		_, changed = g.Move(9, 300, 1000, full)
		assert.False(t, changed, "an unknown pointer")
	})
	t.Run("two pointers pinch", func(t *testing.T) {
		var g Gesture
		g.Down(1, 400, start)
		g.Down(2, 600, start)
		g.Down(3, 900, start) // a third finger is ignored
		v, changed := g.Move(2, 800, 1000, full)
		assert.True(t, changed)
		// 40,000 + 400 × 10 = 44,000 stays at 400 px; 46,000 goes to 800 px.
		assert.Equal(t, View{42_000, 47_000}, v)
		g.Up(1, v)
		assert.True(t, g.Active())
		v2, _ := g.Move(2, 700, 1000, full)
		assert.Equal(t, View{42_500, 47_500}, v2, "the other finger drags on")
	})
}

func TestPinch(t *testing.T) {
	full := View{0, 100_000}
	start := View{40_000, 50_000}
	tests := []struct {
		name  string
		x0, x [2]float64
		want  View
	}{
		{"spread apart zooms in", [2]float64{400, 600}, [2]float64{300, 700}, View{42_500, 47_500}},
		{"pinch together zooms out", [2]float64{400, 600}, [2]float64{450, 550}, View{35_000, 55_000}},
		{"past the whole run", [2]float64{400, 600}, [2]float64{499, 501}, full},
		{"crossed fingers do nothing", [2]float64{400, 600}, [2]float64{600, 400}, start},
		{"no distance", [2]float64{400, 400}, [2]float64{300, 700}, start},
		{"no narrower than the narrowest view", [2]float64{400, 401}, [2]float64{0, 1000}, View{44_000, 44_000 + MinWidthMs}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Pinch(start, tt.x0, tt.x, 1000, full)
			assert.Equal(t, tt.want, got)
			assert.GreaterOrEqual(t, got.Width(), int64(MinWidthMs))
		})
	}
	assert.Equal(t, start, Pinch(start, [2]float64{1, 2}, [2]float64{1, 3}, 0, full))
}

func TestLegendListsEveryMark(t *testing.T) {
	res := simulate(t, 200, 7)
	l := Build(res, Full(res), 1000)
	classes := map[string]bool{}
	for _, e := range Legend(true) {
		classes[e.Class] = true
	}
	for _, r := range []string{"time", "size", "tokens", "flush"} {
		assert.True(t, classes["swatch r-"+r], r)
	}
	for _, k := range []string{"queued", "ok", "retry", "failed", "backoff", "cancelled"} {
		assert.True(t, classes["swatch s-"+k], k)
	}
	for _, c := range []string{"swatch agg", "swatch r-time oversize", "swatch cursor", "swatch ov-rate", "swatch ov-load", "swatch ov-queue"} {
		assert.True(t, classes[c], c)
	}
	var labels []string
	for _, e := range Legend(true) {
		labels = append(labels, e.Label)
	}
	assert.Contains(t, labels, "call failed for good (hatched)")
	// Every mark a layout draws has its entry.
	for _, lane := range l.Lanes {
		for _, b := range lane.Bars {
			if b.Batch != 0 {
				assert.True(t, classes["swatch r-"+b.Reason], b.Reason)
			}
		}
		for _, c := range lane.Calls {
			assert.True(t, classes["swatch s-"+c.Reason], c.Reason)
		}
	}
	assert.Less(t, len(Legend(false)), len(Legend(true)), "no dispatch marks without a dispatch")
}

func TestBeyond(t *testing.T) {
	res := &core.Result{Batches: []core.Batch{
		{ID: 1, Model: "a", CreatedAt: 0, ClosedAt: 10},
		{ID: 2, Model: "b", CreatedAt: 150, ClosedAt: 160},
		{ID: 3, Model: "a", CreatedAt: 400, ClosedAt: 420},
		{ID: 4, Model: "a", CreatedAt: 300, ClosedAt: 500}, // closes later, starts earlier
		{ID: 5, Model: "a", CreatedAt: 950, ClosedAt: 990},
	}}
	full := View{0, 1000}
	tests := []struct {
		name     string
		model    string
		v        View
		dir      int
		want     View
		wantID   int
		wantMove bool
	}{
		{"right: the next to start", "a", View{100, 200}, 1, View{350, 450}, 4, true},
		{"left: the last to start of those closed before", "a", View{600, 700}, -1, View{360, 460}, 3, true},
		{"right, near the end: kept within the run", "a", View{500, 600}, 1, View{900, 1000}, 5, true},
		{"left, near the start: kept within the run", "a", View{100, 200}, -1, View{0, 100}, 1, true},
		{"no batch further right", "a", View{960, 1000}, 1, View{960, 1000}, 0, false},
		{"another model", "b", View{200, 300}, 1, View{200, 300}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, id, ok := Beyond(res, tt.model, tt.v, full, tt.dir)
			assert.Equal(t, tt.wantMove, ok)
			assert.Equal(t, tt.wantID, id)
			assert.Equal(t, tt.want, v)
		})
	}
}
