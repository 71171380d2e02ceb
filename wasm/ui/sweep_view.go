package ui

import (
	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/sweep"
	"github.com/batchlab/batchlab/wasm/sweepchart"
	"github.com/batchlab/batchlab/wasm/units"
	"github.com/vugu/vugu"
)

// SweepView runs a sweep of the playground's scenario and charts it
// (state in package sweep, geometry in package sweepchart).
type SweepView struct {
	S *sweep.Session
	// OnRun asks to run the sweep set up in S; OnOpen to load the scenario
	// of point i into the playground.
	OnRun  func()
	OnOpen func(i int)

	done, total int
	knob        core.Setting
	lines       []sweepchart.Chart
	scatter     sweepchart.Chart
	pareto      string

	// drawnGen and drawnPoints are the sweep and the points the charts
	// show: they are laid out again only when those change.
	drawnGen, drawnPoints int
}

// Compute lays out the charts when new points came in.
func (c *SweepView) Compute(ctx vugu.ComputeCtx) {
	c.done, c.total = c.S.Progress()
	if c.drawnGen == c.S.Gen && c.drawnPoints == len(c.S.Points) && c.lines != nil {
		return
	}
	c.drawnGen, c.drawnPoints = c.S.Gen, len(c.S.Points)
	c.knob = c.S.SweptKnob()
	c.lines = make([]sweepchart.Chart, len(sweepchart.Metrics))
	for i, s := range sweepchart.Metrics {
		c.lines[i] = sweepchart.Line(c.S.Points, c.knob, s)
	}
	c.scatter = sweepchart.Scatter(c.S.Points, c.knob)
	c.pareto = sweepchart.ParetoText(c.S.Points, c.knob)
}

func (c *SweepView) progressText() string {
	switch {
	case c.total == 0:
		return "No sweep run yet."
	case c.S.Running():
		return "Running: " + units.Count(c.done) + " of " + units.Plural(c.total, "point", "points") + "…"
	case c.S.Cancelled():
		return "Stopped after " + units.Count(c.done) + " of " + units.Plural(c.total, "point", "points") + "."
	}
	return "Done: " + units.Plural(c.total, "point", "points") + "."
}

func paretoClass(on bool) string {
	if on {
		return "pareto"
	}
	return ""
}

func paretoMark(on bool) string {
	if on {
		return "✓"
	}
	return ""
}
