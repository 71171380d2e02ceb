package ui

import (
	"github.com/batchlab/batchlab/wasm/units"

	"github.com/batchlab/batchlab/wasm/report"
	"github.com/batchlab/batchlab/wasm/state"
)

// histogramBins is about how many columns the queue-wait histogram has.
const histogramBins = 12

// MetricsPanel shows the result's metrics and exports it.
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

func (c *MetricsPanel) rejections() []string {
	if c.P.Result == nil {
		return nil
	}
	return report.Rejections(c.P.Result, shownRejections)
}

func (c *MetricsPanel) warnings() []string {
	if c.P.Result == nil {
		return nil
	}
	return c.P.Result.Warnings
}

func (c *MetricsPanel) bins() []report.Bin { return report.Histogram(c.P.Result, histogramBins) }

func (c *MetricsPanel) histogramLabel() string {
	if c.P.Result == nil {
		return "no result"
	}
	return "Histogram of queue waits over " + units.Plural(c.P.Result.Metrics.BatchedRequests, "batched request", "batched requests")
}

func (c *MetricsPanel) rows() []report.ModelRow {
	if c.P.Result == nil || c.P.ResultScenario == nil || c.P.ResultCatalog == nil {
		return nil
	}
	return report.ModelRows(&c.P.Result.Metrics, c.P.ResultCatalog.Models(), &c.P.ResultScenario.Policy)
}

func (c *MetricsPanel) exportJSON() {
	if c.P.Result == nil {
		return
	}
	if data, err := report.JSON(c.P.Result); err == nil {
		download("batchlab-result.json", "application/json", data)
	}
}

func (c *MetricsPanel) exportCSV() {
	if c.P.Result == nil {
		return
	}
	if data, err := report.CSV(c.P.Result); err == nil {
		download("batchlab-result.csv", "text/csv", data)
	}
}
