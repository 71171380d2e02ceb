package compare

import (
	"strconv"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// A MetricRow is one number of both runs and its change.
type MetricRow struct {
	// Key names the row (its HTML id is "cmp-" + Key).
	Key, Label string
	A, B       string
	// Delta is B − A with its sign and unit; "no change" when equal.
	Delta string
	// Trend is "better", "worse" or "same" (B against A); "" when neither
	// is better (the batch size, say).
	Trend string
}

// metricDef is how one summary number is read, formatted and judged.
type metricDef struct {
	key, label string
	get        func(s *core.Summary) float64
	format     func(v float64) string
	lowerIsBetter,
	neutral bool
}

func durationOf(v float64) string { return units.Duration(v) }
func countOf(v float64) string    { return units.Count(int(v)) }

var metricDefs = []metricDef{
	{key: "p95-wait", label: "p95 queue wait", get: func(s *core.Summary) float64 { return float64(s.P95QueueWaitMs) }, format: durationOf, lowerIsBetter: true},
	{key: "p95-latency", label: "p95 end-to-end latency", get: func(s *core.Summary) float64 { return float64(s.P95LatencyMs) }, format: durationOf, lowerIsBetter: true},
	{key: "calls", label: "LLM calls", get: func(s *core.Summary) float64 { return float64(s.Calls) }, format: countOf, lowerIsBetter: true},
	{key: "cost", label: "cost", get: func(s *core.Summary) float64 { return s.CostUSD }, format: units.USD, lowerIsBetter: true},
	{key: "retries", label: "retries", get: func(s *core.Summary) float64 { return float64(s.Retries) }, format: countOf, lowerIsBetter: true},
	{key: "failed-rows", label: "failed or cancelled rows", get: func(s *core.Summary) float64 { return float64(s.FailedRows) }, format: countOf, lowerIsBetter: true},
	{key: "batches", label: "batches", get: func(s *core.Summary) float64 { return float64(s.Batches) }, format: countOf, neutral: true},
	{key: "mean-size", label: "average batch", get: func(s *core.Summary) float64 { return s.MeanBatchSize },
		format: func(v float64) string { return units.Decimal(v) + " requests" }, neutral: true},
}

// MetricRows are the comparison's headline numbers, A, B and B − A.
func (s *Session) MetricRows() []MetricRow {
	c := s.Comparison
	if c == nil {
		return nil
	}
	out := make([]MetricRow, len(metricDefs))
	for i, d := range metricDefs {
		a, b := d.get(&c.A), d.get(&c.B)
		row := MetricRow{Key: d.key, Label: d.label, A: d.format(a), B: d.format(b), Delta: signed(d.format, b-a)}
		switch {
		case d.neutral:
		case a == b:
			row.Trend = "same"
		case (b < a) == d.lowerIsBetter:
			row.Trend = "better"
		default:
			row.Trend = "worse"
		}
		out[i] = row
	}
	return out
}

// signed formats a change with its sign: "+120 ms", "−3", "no change".
func signed(format func(float64) string, d float64) string {
	switch {
	case d == 0:
		return "no change"
	case d > 0:
		return "+" + format(d)
	}
	return "−" + format(-d)
}

// MaxRequestRows bounds the per-request table.
const MaxRequestRows = 200

// A RequestRow is one request in both runs.
type RequestRow struct {
	ID string
	// BatchA and BatchB say "#3 of 5" (the batch and its size), or
	// "rejected".
	BatchA, BatchB string
	WaitA, WaitB   string
	Delta          string
	// Moved: its batch had other members in B than in A.
	Moved bool
	// Trend is "better", "worse" or "same" for its wait.
	Trend string
}

// RequestRows returns the requests in A's order (only those that moved
// when MovedOnly), at most MaxRequestRows, and how many there were in all.
func (s *Session) RequestRows() (rows []RequestRow, total int) {
	c := s.Comparison
	if c == nil {
		return nil, 0
	}
	for i := range c.Requests {
		ch := &c.Requests[i]
		moved := s.moved(ch)
		if s.MovedOnly && !moved {
			continue
		}
		total++
		if len(rows) == MaxRequestRows {
			continue
		}
		row := RequestRow{
			ID: ch.RequestID, BatchA: batchText(ch.BatchA, ch.SizeA), BatchB: batchText(ch.BatchB, ch.SizeB),
			WaitA: units.Duration(float64(ch.WaitA)), WaitB: units.Duration(float64(ch.WaitB)),
			Delta: signed(durationOf, float64(ch.WaitDeltaMs)), Moved: moved, Trend: "same",
		}
		switch {
		case ch.WaitDeltaMs < 0:
			row.Trend = "better"
		case ch.WaitDeltaMs > 0:
			row.Trend = "worse"
		}
		rows = append(rows, row)
	}
	return rows, total
}

// moved reports whether the request's batch had other members in B.
func (s *Session) moved(ch *core.RequestChange) bool {
	a, b := s.ResultA, s.ResultB
	if ch.BatchA == 0 || ch.BatchB == 0 {
		return ch.BatchA != ch.BatchB
	}
	ma, mb := a.Batches[ch.BatchA-1].Members, b.Batches[ch.BatchB-1].Members
	if len(ma) != len(mb) {
		return true
	}
	for k := range ma {
		if a.Requests[ma[k]].ID != b.Requests[mb[k]].ID {
			return true
		}
	}
	return false
}

func batchText(id, size int) string {
	if id == 0 {
		return "rejected"
	}
	return "#" + strconv.Itoa(id) + " of " + strconv.Itoa(size)
}

// Summary is one line on what changed: "37 of 100 requests changed batch;
// 20 wait longer, 12 less."
func (s *Session) Summary() string {
	c := s.Comparison
	if c == nil {
		return ""
	}
	return units.Count(c.Moved) + " of " + units.Requests(len(c.Requests)) + " changed company; " +
		units.Count(c.Slower) + " wait longer in B, " + units.Count(c.Faster) + " less."
}
