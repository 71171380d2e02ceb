package ui

import (
	"github.com/batchlab/batchlab/wasm/units"

	"github.com/batchlab/batchlab/wasm/report"
	"github.com/batchlab/batchlab/wasm/state"
)

// histogramBins is about how many columns the queue-wait histogram has.
const histogramBins = 12

// MetricsPanel shows the result's metrics and exports it. Its parts are
// components of their own (NoteList, WaitHistogram, ModelTable), which
// keeps each generated Build small, quick for V8 to compile; the notes
// are built only when there are some.
type MetricsPanel struct {
	P *state.Playground
}

func (c *MetricsPanel) metrics() []report.Metric {
	if c.P.Result == nil {
		return nil
	}
	return report.Metrics(&c.P.Result.Metrics)
}

// shownRejections is how many rejected requests the panel names.
const shownRejections = 10

// notes are the result's rejected requests and warnings, those there are.
func (c *MetricsPanel) notes() []NoteList {
	if c.P.Result == nil {
		return nil
	}
	var out []NoteList
	if r := report.Rejections(c.P.Result, shownRejections); len(r) > 0 {
		out = append(out, NoteList{Title: "Rejected requests", ID: "rejected-requests", Notes: r})
	}
	if w := c.P.Result.Warnings; len(w) > 0 {
		out = append(out, NoteList{Title: "Warnings", ID: "input-warnings", Notes: w})
	}
	return out
}

// NoteList is a titled list of notes (the rejected requests, the
// warnings).
type NoteList struct {
	Title string
	// ID is the list's HTML id.
	ID    string
	Notes []string
}

// WaitHistogram is the result's queue-wait histogram, under its heading
// and above its legend.
type WaitHistogram struct {
	P *state.Playground
}

func (c *WaitHistogram) bins() []report.Bin { return report.Histogram(c.P.Result, histogramBins) }

func (c *WaitHistogram) label() string {
	if c.P.Result == nil {
		return "no result"
	}
	return "Histogram of queue waits over " + units.Plural(c.P.Result.Metrics.BatchedRequests, "batched request", "batched requests")
}

// ModelTable is the result's metrics per model, under its heading, and
// the buttons that export the result.
type ModelTable struct {
	P *state.Playground
}

// ModelsTable is the ModelTable's table.
type ModelsTable struct {
	P *state.Playground
}

func (c *ModelsTable) rows() []report.ModelRow {
	if c.P.Result == nil || c.P.ResultScenario == nil || c.P.ResultCatalog == nil {
		return nil
	}
	return report.ModelRows(&c.P.Result.Metrics, c.P.ResultCatalog.Models(), &c.P.ResultScenario.Policy)
}

func (c *ModelTable) exportJSON() {
	if c.P.Result == nil {
		return
	}
	if data, err := report.JSON(c.P.Result); err == nil {
		download("batchlab-result.json", "application/json", data)
	}
}

func (c *ModelTable) exportCSV() {
	if c.P.Result == nil {
		return
	}
	if data, err := report.CSV(c.P.Result); err == nil {
		download("batchlab-result.csv", "text/csv", data)
	}
}
