package timeline

// A Gesture follows the pointers pressed on the track: one pointer drags
// the view (the drawing follows it), two pinch it (the times under both
// fingers stay under them). Positions are px from the track's left edge.
type Gesture struct {
	start View
	n     int
	ids   [2]int
	x0    [2]float64
	x     [2]float64
	// Moved is set once the pointers moved more than DragThresholdPx: the
	// click that ends the gesture selects nothing.
	Moved bool
}

// DragThresholdPx is how far a pointer moves before a press is a drag
// rather than a click or a tap.
const DragThresholdPx = 4

// Down adds pointer id at x on view v; a third pointer is ignored.
func (g *Gesture) Down(id int, x float64, v View) {
	if g.n == 0 {
		g.Moved = false
	}
	if g.n == 2 || g.index(id) >= 0 {
		return
	}
	g.ids[g.n], g.x[g.n] = id, x
	g.n++
	g.restart(v)
}

// Up removes pointer id; the other one, if any, goes on dragging v.
func (g *Gesture) Up(id int, v View) {
	i := g.index(id)
	if i < 0 {
		return
	}
	if i == 0 {
		g.ids[0], g.x[0] = g.ids[1], g.x[1]
	}
	g.n--
	g.restart(v)
}

// Active reports whether a pointer is down.
func (g *Gesture) Active() bool { return g.n > 0 }

func (g *Gesture) restart(v View) {
	g.start = v
	g.x0 = g.x
}

func (g *Gesture) index(id int) int {
	for i := range g.n {
		if g.ids[i] == id {
			return i
		}
	}
	return -1
}

// Move moves pointer id to x over a track width px wide and returns the
// view the gesture shows, within full; false when it did not change
// the view (unknown pointer, or not past the drag threshold yet).
func (g *Gesture) Move(id int, x, width float64, full View) (View, bool) {
	i := g.index(id)
	if i < 0 || width <= 0 {
		return g.start, false
	}
	g.x[i] = x
	if !g.Moved {
		for k := range g.n {
			if g.x[k]-g.x0[k] >= DragThresholdPx || g.x0[k]-g.x[k] >= DragThresholdPx {
				g.Moved = true
			}
		}
		if !g.Moved {
			return g.start, false
		}
	}
	if g.n == 1 {
		return g.start.Drag(g.x[0]-g.x0[0], width, full), true
	}
	return Pinch(g.start, g.x0, g.x, width, full), true
}

// Pinch is the view after two fingers moved from x0 to x over a track
// width px wide showing start: the times under the fingers at x0 are under
// them at x, within full and no narrower than MinWidthMs.
func Pinch(start View, x0, x [2]float64, width float64, full View) View {
	d0, d := x0[1]-x0[0], x[1]-x[0]
	if width <= 0 || d0 == 0 || d == 0 || (d0 < 0) != (d < 0) {
		return start
	}
	scale := float64(start.Width()) / width // ms per px at the start
	ta := float64(start.From) + x0[0]*scale
	w := max(float64(start.Width())*d0/d, MinWidthMs)
	if w >= float64(full.Width()) {
		return full
	}
	from := int64(ta - x[0]*w/width)
	return View{From: from, To: from + int64(w)}.within(full)
}
