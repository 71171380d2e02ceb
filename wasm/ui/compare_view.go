package ui

import (
	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/compare"
	"github.com/batchlab/batchlab/wasm/units"
	"github.com/vugu/vugu"
)

// CompareView shows policies A and B side by side (state in package
// compare).
type CompareView struct {
	S *compare.Session
	// OnCopy asks to make B a copy of the playground's scenario,
	// OnSeedVsTimer to compare the playground's trace in both close modes,
	// and OnOpen to load sc (B) into the playground.
	OnCopy        func()
	OnSeedVsTimer func()
	OnOpen        func(sc core.Scenario)

	rows  []compare.RequestRow
	total int
}

// Compute lists the requests to show.
func (c *CompareView) Compute(ctx vugu.ComputeCtx) {
	c.rows, c.total = c.S.RequestRows()
}

func (c *CompareView) rowClass(r compare.RequestRow) string {
	if r.Moved {
		return r.Trend + " moved"
	}
	return r.Trend
}

func (c *CompareView) rowsNote() string {
	if c.total > len(c.rows) {
		return "Showing the first " + units.Count(len(c.rows)) + " of " + units.Requests(c.total) + "."
	}
	return units.Requests(c.total) + ". Bold rows changed company."
}

func (c *CompareView) rangeText() string {
	v := c.S.View
	return units.Clock(v.From) + " to " + units.Clock(v.To) + " (" + units.Duration(float64(v.Width())) + "), the same axis for A and B"
}
