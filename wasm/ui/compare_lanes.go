package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/wasm/timeline"
)

// CompareLanes draws one side of the Compare view: a timeline laid out on
// the view's shared time axis, read-only.
type CompareLanes struct {
	ID    string
	Label string
	L     *timeline.Layout
}

// batchAttr is a bar's data-batch: its batch ID, or the range of an
// aggregate.
func batchAttr(bar timeline.Bar) string {
	if bar.Batch != 0 {
		return strconv.Itoa(bar.Batch)
	}
	return bar.DataBatch()
}
