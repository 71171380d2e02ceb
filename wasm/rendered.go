//go:build js && wasm

package main

import "github.com/vugu/vugu"

// renderedBelow calls the Rendered callback of the components below
// Root's own children: Vugu's renderer calls it only for the root's
// children, and the page's template is split into parts (TimelinePanel is
// under ViewPanel, PlaygroundView and OutputColumn).
type renderedBelow struct {
	ee   vugu.EventEnv
	pass int
	last map[vugu.Builder]int // the pass that last rendered each component
}

// after follows the render of res.
func (r *renderedBelow) after(res *vugu.BuildResults) {
	if r.last == nil {
		r.last = map[vugu.Builder]int{}
	}
	r.pass++
	var walk func(out *vugu.BuildOut, below bool)
	walk = func(out *vugu.BuildOut, below bool) {
		for _, c := range out.Components {
			if l, ok := c.(interface{ Rendered(vugu.RenderedCtx) }); ok && below {
				_, seen := r.last[c]
				l.Rendered(renderedCtx{ee: r.ee, first: !seen})
			}
			r.last[c] = r.pass
			walk(res.ResultFor(c), true)
		}
	}
	walk(res.Out, false)
	for c, pass := range r.last {
		if pass != r.pass {
			delete(r.last, c)
		}
	}
}

// renderedCtx is the vugu.RenderedCtx of renderedBelow.
type renderedCtx struct {
	ee    vugu.EventEnv
	first bool
}

func (c renderedCtx) EventEnv() vugu.EventEnv { return c.ee }
func (c renderedCtx) First() bool             { return c.first }
