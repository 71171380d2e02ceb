package ui

import (
	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/timeline"
)

// prepared is the layout of a result's whole run made ahead of the render
// that shows it (PrepareTimeline), for the timeline panel to take.
var prepared struct {
	res     *core.Result
	full    timeline.View
	layout  timeline.Layout
	density timeline.Density
}

// PrepareTimeline lays out res's whole run as the timeline panel does when
// it shows res unzoomed, so that a run computed off the event handlers
// does that work in a task of its own rather than in the render that
// shows res (at 10,000 requests, about a quarter of that render). The
// panel takes it once (or lays out anew, zoomed). Call it under the event
// lock.
func PrepareTimeline(res *core.Result) {
	prepared.res = res
	if res == nil {
		return
	}
	prepared.full = timeline.Full(res)
	prepared.layout = timeline.Build(res, prepared.full, timelineColumns)
	prepared.density = timeline.Overview(res, prepared.full, timeline.OverviewBins)
}

// preparedFor reports whether PrepareTimeline laid out res in view v.
func preparedFor(res *core.Result, v timeline.View) bool {
	return res != nil && prepared.res == res && prepared.full == v
}
