package ui

import (
	"strings"
	"testing"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/timeline"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The lanes' markup has a span per bar and per dispatch segment, with
// the attributes the page's handlers and its tests read, and is made
// again when the keyboard's bar or the selected batch moves, not at
// every render.
func TestLanesAreDrawnOnceAsHTML(t *testing.T) {
	c := &TimelinePanel{P: state.New()}
	c.Compute(nil)
	require.NotEmpty(t, c.layout.Lanes)
	for li := range c.layout.Lanes {
		lane := &c.layout.Lanes[li]
		bars := c.lanes[li].bars
		assert.Equal(t, len(lane.Bars), strings.Count(bars, `<span role="option" aria-selected="false"`))
		assert.Equal(t, len(lane.Calls), strings.Count(c.lanes[li].calls, `<span class="seg s-`))
		bar := lane.Bars[0]
		assert.Contains(t, bars, `aria-label="`+c.barName(bar)+`" class="`+bar.Class()+`" style="`+bar.Style()+`" data-i="0" data-batch="`+bar.DataBatch()+`"></span>`)
	}
	assert.NotContains(t, c.lanes[0].bars, activeID)

	drawn := c.lanes
	c.Compute(nil)
	assert.Same(t, &drawn[0], &c.lanes[0], "nothing changed: the markup stays")

	c.cursor = timeline.Mark{Lane: 0, Index: 1}
	c.P.Selected = c.layout.Lanes[0].Bars[0].Batch
	c.Compute(nil)
	bars := c.lanes[0].bars
	assert.Contains(t, bars, `<span role="option" aria-selected="true" aria-label="`+c.barName(c.layout.Lanes[0].Bars[1])+`" id="`+activeID+`" class="`+c.layout.Lanes[0].Bars[1].Class()+` cursor"`)
	assert.Contains(t, bars, `class="`+c.layout.Lanes[0].Bars[0].Class()+` selected"`)
}

// A layout prepared ahead of the render (PrepareTimeline) is taken by the
// panel, once, and is the layout it builds itself; zoomed, the panel lays
// out its own view.
func TestPreparedTimelineIsTheBuiltOne(t *testing.T) {
	p := state.New()
	built := &TimelinePanel{P: p}
	built.Compute(nil)

	PrepareTimeline(p.Result)
	c := &TimelinePanel{P: p}
	c.Compute(nil)
	assert.Nil(t, prepared.res, "taken")
	assert.Equal(t, built.layout, c.layout)
	assert.Equal(t, built.density, c.density)
	assert.Equal(t, built.lanes, c.lanes)

	PrepareTimeline(p.Result)
	zoomed := &TimelinePanel{P: p, zoomed: true, started: true, loads: p.Loads}
	zoomed.view = timeline.View{From: built.view.From, To: built.view.From + built.view.Width()/2}
	zoomed.Compute(nil)
	assert.NotNil(t, prepared.res, "not for a zoomed view")
	assert.Equal(t, timeline.Build(p.Result, zoomed.view, timelineColumns), zoomed.layout)
	PrepareTimeline(nil)
}
