package main

import (
	"time"

	"github.com/vugu/vugu/js"
)

// locationHash returns the page's URL fragment, "#" included.
func locationHash() string {
	return js.Global().Get("location").Get("hash").String()
}

// setLocationHash replaces the fragment without adding a history entry and
// returns the full URL.
func setLocationHash(fragment string) string {
	g := js.Global()
	g.Get("history").Call("replaceState", nil, "", "#"+fragment)
	return g.Get("location").Get("href").String()
}

// clearLocationHash removes the fragment without adding a history entry.
func clearLocationHash() {
	g := js.Global()
	if g.Get("location").Get("hash").String() == "" {
		return
	}
	loc := g.Get("location")
	g.Get("history").Call("replaceState", nil, "", loc.Get("pathname").String()+loc.Get("search").String())
}

// everyTask calls step from a browser timer, pause after the previous call
// returned, until step reports false. Each call is a JavaScript task of
// its own: Go hands control back to the browser only when every goroutine
// is blocked and no Go timer is due, so a goroutine that sleeps between
// steps runs again at once whenever a step's render outlasts its sleep,
// and never lets the browser in. From a timer callback, the step and the
// render it asks for finish before the browser gets control back, and
// input events and painting come before the next step.
func everyTask(pause time.Duration, step func() bool) {
	g := js.Global()
	ms := pause.Milliseconds()
	var tick js.Func
	tick = js.FuncOf(func(js.Value, []js.Value) interface{} {
		if step() {
			g.Call("setTimeout", tick, ms)
		} else {
			tick.Release()
		}
		return nil
	})
	g.Call("setTimeout", tick, ms)
}

// mark records a step of the page's start in the browser's performance
// timeline (performance.mark), for the browser tests' breakdown of the time
// to the first timeline (web/browsertest/firstrender_test.go) and for
// anyone profiling the page. The steps, in order: batchlab:shown (boot.js,
// usually first: the first frame after the page is parsed, which shows
// the prerendered first view, wasm/prerender.go), batchlab:compiled and
// batchlab:instantiated (boot.js: main.wasm compiled, then instantiated),
// batchlab:main (the Go runtime started), batchlab:init (Root.Init),
// batchlab:simulated (the first simulation done), batchlab:built (Vugu's
// first build), batchlab:rendered (the first render in the DOM: the first
// view), batchlab:complete (the render that adds the panels below it,
// after the browser painted the first: firstview.go).
func mark(name string) { js.Global().Get("performance").Call("mark", name) }
