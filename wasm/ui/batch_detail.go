package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/report"
	"github.com/batchlab/batchlab/wasm/state"
)

// BatchDetail lists the requests of the selected batch (BatchRequests, a
// component of its own: its code is compiled only when a batch is first
// selected).
type BatchDetail struct {
	P *state.Playground
}

// BatchRequests is the selected batch: why it closed, its description and
// its requests.
type BatchRequests struct {
	P *state.Playground
	B *core.Batch
}

func (c *BatchRequests) members() []report.Member { return report.Members(c.P.Result, c.B) }

func (c *BatchDetail) batch() *core.Batch { return c.P.SelectedBatch() }

func (c *BatchDetail) title() string {
	if b := c.batch(); b != nil {
		return "Batch #" + strconv.Itoa(b.ID) + " requests"
	}
	return "Batch requests"
}
