package main

import (
	"github.com/batchlab/batchlab/wasm/ui"
	"github.com/vugu/vugu/js"
)

// rendered is called by main after each render. The page comes with its
// first view prerendered (prerender.go), which the first render takes
// over. That render leaves the playground's panels below the first view
// out (policy, metrics, catalog, dispatch: more than half of its
// elements, and code that their first build compiles), as the prerender
// does, so that the app's first timeline is on screen sooner: they come
// in the render after the browser has painted the first. That render is
// marked batchlab:complete, and window.batchlabComplete (ms since
// navigation) tells the browser tests the whole page is there.
func (c *Root) rendered(first bool) {
	switch {
	case first:
		ee := c.ee
		ui.AfterPaint(func() {
			ee.Lock()
			c.Below = true
			ee.UnlockRender()
		})
	case c.Below && !c.belowMarked:
		c.belowMarked = true
		mark("batchlab:complete")
		g := js.Global()
		g.Set("batchlabComplete", g.Get("performance").Call("now").Float())
	}
}
