package ui

import "github.com/batchlab/batchlab/wasm/report"

// MetricCards shows figures as cards (a <dl class="metrics">): the
// MetricsPanel's and the DispatchPanel's.
type MetricCards struct {
	Metrics []report.Metric
}
