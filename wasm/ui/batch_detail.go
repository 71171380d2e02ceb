package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/report"
	"github.com/batchlab/batchlab/wasm/state"
)

// BatchDetail lists the requests of the selected batch.
type BatchDetail struct {
	P *state.Playground
}

func (c *BatchDetail) batch() *core.Batch { return c.P.SelectedBatch() }

func (c *BatchDetail) title() string {
	if b := c.batch(); b != nil {
		return "Batch #" + strconv.Itoa(b.ID) + " requests"
	}
	return "Batch requests"
}

func (c *BatchDetail) members() []report.Member {
	b := c.batch()
	if b == nil {
		return nil
	}
	return report.Members(c.P.Result, b)
}
