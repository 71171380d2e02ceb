// Package lesson holds the playground's guided lessons: a scenario to start
// from, a goal checked on every run, hints, and a short explanation once
// the goal is met. Nothing here touches the DOM, so it is tested natively.
package lesson

import (
	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// A Metric is one number of a result a goal can bound.
type Metric struct {
	// Key names the metric in tests and in data attributes.
	Key   string
	Label string
	value func(res *core.Result) (float64, bool)
	show  func(v float64) string
}

// Value returns the metric of res; ok is false when res does not have it
// (dispatch off, say).
func (m Metric) Value(res *core.Result) (v float64, ok bool) {
	if res == nil {
		return 0, false
	}
	return m.value(res)
}

// Format writes a value of the metric with its unit.
func (m Metric) Format(v float64) string { return m.show(v) }

func summary(f func(s core.Summary) float64) func(*core.Result) (float64, bool) {
	return func(res *core.Result) (float64, bool) { return f(res.Summary()), true }
}

func dispatched(f func(d *core.DispatchResult) (float64, bool)) func(*core.Result) (float64, bool) {
	return func(res *core.Result) (float64, bool) {
		if res.Dispatch == nil {
			return 0, false
		}
		return f(res.Dispatch)
	}
}

func ms(v float64) string    { return units.Duration(v) }
func count(v float64) string { return units.Count(int(v)) }

// The metrics goals use.
var (
	MeanBatchSize = Metric{Key: "mean_batch_size", Label: "average batch",
		value: summary(func(s core.Summary) float64 { return s.MeanBatchSize }),
		show:  func(v float64) string { return units.Decimal(v) + " requests" }}
	P95QueueWait = Metric{Key: "p95_queue_wait_ms", Label: "p95 queue wait",
		value: summary(func(s core.Summary) float64 { return float64(s.P95QueueWaitMs) }), show: ms}
	P95Latency = Metric{Key: "p95_latency_ms", Label: "p95 end-to-end latency",
		value: dispatched(func(d *core.DispatchResult) (float64, bool) { return float64(d.Metrics.Latency.P95), true }), show: ms}
	Calls = Metric{Key: "calls", Label: "LLM calls",
		value: summary(func(s core.Summary) float64 { return float64(s.Calls) }), show: count}
	Retries = Metric{Key: "retries", Label: "retries",
		value: dispatched(func(d *core.DispatchResult) (float64, bool) { return float64(d.Metrics.Retries), true }), show: count}
	FailedRows = Metric{Key: "failed_rows", Label: "failed or cancelled rows",
		value: dispatched(func(d *core.DispatchResult) (float64, bool) {
			return float64(d.Metrics.FailedRows + d.Metrics.CancelledRows), true
		}), show: count}
	// CostSaving is the share of the one-call-per-request bill that
	// batching saves (negative for a loss); it needs the baseline.
	CostSaving = Metric{Key: "cost_saving", Label: "cost saved against one call per request",
		value: dispatched(func(d *core.DispatchResult) (float64, bool) {
			if d.Saving == nil {
				return 0, false
			}
			return d.Saving.CostFraction, true
		}), show: units.Percent}
)

// An Op compares a metric with its bound.
type Op int

// The comparisons of a check.
const (
	AtMost Op = iota
	AtLeast
)

// A Check bounds one metric: Metric Op Bound.
type Check struct {
	Metric Metric
	Op     Op
	Bound  float64
}

// Text says the check in words: "p95 queue wait at most 100 ms".
func (c Check) Text() string {
	op := "at most"
	if c.Op == AtLeast {
		op = "at least"
	}
	return c.Metric.Label + " " + op + " " + c.Metric.Format(c.Bound)
}

// holds reports whether v satisfies the check.
func (c Check) holds(v float64) bool {
	if c.Op == AtLeast {
		return v >= c.Bound
	}
	return v <= c.Bound
}

// A Goal is what a lesson asks for: every check must hold.
type Goal struct {
	// Text is the goal in one sentence.
	Text   string
	Checks []Check
}

// A CheckStatus is one check against one result.
type CheckStatus struct {
	Text string
	// Got is the result's value with its unit, "—" when the result lacks it.
	Got string
	Met bool
}

// A Status is a goal against one result.
type Status struct {
	Met    bool
	Checks []CheckStatus
}

// Evaluate checks the goal against res; a nil result meets nothing.
func (g Goal) Evaluate(res *core.Result) Status {
	st := Status{Met: res != nil && len(g.Checks) > 0, Checks: make([]CheckStatus, len(g.Checks))}
	for i, c := range g.Checks {
		cs := CheckStatus{Text: c.Text(), Got: "—"}
		if v, ok := c.Metric.Value(res); ok {
			cs.Got = c.Metric.Format(v)
			cs.Met = c.holds(v)
		}
		st.Met = st.Met && cs.Met
		st.Checks[i] = cs
	}
	return st
}
