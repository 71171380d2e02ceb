package ui

import (
	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/state"
	"github.com/vugu/vugu"
)

// ExportPanel writes the playground's policy for Triton, Ray Serve and as
// JSON (core.ExportPolicy).
type ExportPanel struct {
	P *state.Playground
	// All exports every catalog model instead of those the traffic used.
	All bool

	// copied says, per output (by its textarea's id), whether its Copy
	// button put it on the clipboard.
	copied     map[string]string
	exp        *core.PolicyExport
	err        string
	doneRuns   int
	doneAll    bool
	doneExport bool
}

// Compute exports the policy of the last good result when it changed.
func (c *ExportPanel) Compute(ctx vugu.ComputeCtx) {
	if c.doneExport && c.doneRuns == c.P.Runs && c.doneAll == c.All {
		return
	}
	c.doneExport, c.doneRuns, c.doneAll = true, c.P.Runs, c.All
	sc := c.P.BuildScenario()
	if c.P.ResultScenario != nil {
		sc = *c.P.ResultScenario
	}
	var names []string
	if !c.All && c.P.Result != nil {
		for _, m := range c.P.Result.Metrics.Models {
			names = append(names, m.Model)
		}
	}
	c.exp, c.err = nil, ""
	exp, err := core.ExportPolicy(&sc, names)
	if err != nil {
		c.err = err.Error()
		return
	}
	c.exp = exp
	c.copied = nil
}

// exportOutput is one text of the export: its textarea's id, its label
// (with the file name as code) and the text.
type exportOutput struct{ ID, Label, Code, Text string }

func (c *ExportPanel) outputs() []exportOutput {
	return []exportOutput{
		{ID: "export-triton", Label: "Triton", Code: "config.pbtxt", Text: c.exp.Triton},
		{ID: "export-ray", Label: "Ray Serve", Text: c.exp.RayServe},
		{ID: "export-json", Label: "JSON", Text: c.exp.JSON},
	}
}

// The notes beside a Copy button.
const (
	copyingNote = "Copying…"
	copiedNote  = "Copied"
	refusedNote = "Not copied: the browser refused; select the text and copy it"
)

func (c *ExportPanel) copyClass(id string) string {
	if c.copied[id] == refusedNote {
		return "copy-status refused"
	}
	return "copy-status"
}

// copy puts the output id's text on the clipboard and says beside its
// button whether that worked.
func (c *ExportPanel) copy(event vugu.DOMEvent, id, text string) {
	if c.copied == nil {
		c.copied = map[string]string{}
	}
	c.copied[id] = copyingNote
	ee := event.EventEnv()
	CopyText(text, func(ok bool) {
		ee.Lock()
		defer ee.UnlockRender()
		if ok {
			c.copied[id] = copiedNote
		} else {
			c.copied[id] = refusedNote
		}
	})
}
