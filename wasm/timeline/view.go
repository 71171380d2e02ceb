// Package timeline lays out a result's batches for drawing: one lane per
// model on a shared time axis, only what the view shows, with bars thinner
// than a column merged into one aggregate bar.
package timeline

import (
	"math"

	"github.com/batchlab/batchlab/core"
)

// A View is the visible window of the time axis, in milliseconds.
type View struct {
	From, To int64
}

// MinWidthMs is the narrowest view: zooming stops there.
const MinWidthMs = 10

// Width returns To − From.
func (v View) Width() int64 { return v.To - v.From }

// Full returns the view that shows the whole result, from the first
// arrival to the last close with a little margin on either side.
func Full(res *core.Result) View {
	if res == nil || len(res.Requests) == 0 {
		return View{0, 1000}
	}
	from := res.Requests[0].CreatedAt
	to := from
	for i := range res.Batches {
		to = max(to, res.Batches[i].ClosedAt)
	}
	to = max(to, res.Requests[len(res.Requests)-1].CreatedAt)
	if res.Dispatch != nil {
		for i := range res.Dispatch.Batches {
			to = max(to, res.Dispatch.Batches[i].EndMs)
		}
	}
	pad := max((to-from)/50, 5)
	return View{From: max(from-pad, 0), To: to + pad}
}

// Batching returns the view of the batching alone, from the first arrival
// to the last close, within full: when the dispatch runs much longer than
// the batching, the whole run squeezes the bars into a sliver.
func Batching(res *core.Result) View {
	full := Full(res)
	if res == nil || len(res.Batches) == 0 {
		return full
	}
	from, to := res.Requests[0].CreatedAt, res.Requests[0].CreatedAt
	for i := range res.Batches {
		to = max(to, res.Batches[i].ClosedAt)
	}
	pad := max((to-from)/50, 5)
	return View{From: from - pad, To: max(to+pad, from-pad+MinWidthMs)}.within(full)
}

// Zoom narrows (factor < 1) or widens (factor > 1) the view around the
// point at fraction at (0 = left edge, 1 = right edge), within full.
func (v View) Zoom(factor, at float64, full View) View {
	at = min(max(at, 0), 1)
	w := float64(v.Width()) * factor
	w = max(w, MinWidthMs)
	if w >= float64(full.Width()) {
		return full
	}
	center := float64(v.From) + at*float64(v.Width())
	from := int64(center - at*w)
	return View{From: from, To: from + int64(w)}.within(full)
}

// Pan moves the view by frac of its width (negative: to the left), within
// full.
func (v View) Pan(frac float64, full View) View {
	d := int64(frac * float64(v.Width()))
	return View{From: v.From + d, To: v.To + d}.within(full)
}

// within shifts v so that it lies inside full, shrinking it if needed.
func (v View) within(full View) View {
	if v.Width() >= full.Width() {
		return full
	}
	if v.From < full.From {
		v.To += full.From - v.From
		v.From = full.From
	}
	if v.To > full.To {
		v.From -= v.To - full.To
		v.To = full.To
	}
	return v
}

// Wheel zoom: a wheel delta of WheelPxPerDoubling pixels doubles (scrolling
// down) or halves (up) the view's width; one step is at most a factor of 2.
const WheelPxPerDoubling = 300

// WheelFactor converts a wheel event's deltaY into a zoom factor for Zoom.
// deltaMode is the event's: 0 pixels, 1 lines, 2 pages.
func WheelFactor(deltaY float64, deltaMode int) float64 {
	switch deltaMode {
	case 1:
		deltaY *= 40
	case 2:
		deltaY *= 800
	}
	return math.Exp2(min(max(deltaY/WheelPxPerDoubling, -1), 1))
}

// At is the fraction (0 to 1) of a track width px wide at x px from its
// left edge: where Zoom keeps the time under the pointer.
func At(x, width float64) float64 {
	if width <= 0 {
		return 0.5
	}
	return min(max(x/width, 0), 1)
}

// Drag returns the view after the pointer moved dx px (positive: to the
// right) over a track width px wide since v was shown: the drawing follows
// the pointer, so dragging right shows earlier times. It stays within full.
func (v View) Drag(dx, width float64, full View) View {
	if width <= 0 {
		return v.within(full)
	}
	return v.Pan(-dx/width, full)
}
