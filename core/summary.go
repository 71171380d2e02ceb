package core

// A Summary is the handful of numbers people trade off when they compare
// policies: how many calls, how long requests wait, what it costs.
type Summary struct {
	Batches        int     `json:"batches"`
	MeanBatchSize  float64 `json:"mean_batch_size"`
	P95QueueWaitMs int64   `json:"p95_queue_wait_ms"`
	// P95LatencyMs is end to end (arrival to completion) when dispatch
	// ran, else the queue wait.
	P95LatencyMs int64 `json:"p95_latency_ms"`
	// Calls is every LLM call made (attempts) when dispatch ran, else the
	// number of batches.
	Calls      int     `json:"calls"`
	Retries    int     `json:"retries"`
	FailedRows int     `json:"failed_rows"`
	CostUSD    float64 `json:"cost_usd"`
}

// Summary returns the result's headline numbers.
func (r *Result) Summary() Summary {
	m := &r.Metrics
	s := Summary{
		Batches: m.Batches, MeanBatchSize: m.MeanBatchSize,
		P95QueueWaitMs: m.QueueWait.P95, P95LatencyMs: m.QueueWait.P95, Calls: m.Batches,
	}
	if d := r.Dispatch; d != nil {
		s.P95LatencyMs = d.Metrics.Latency.P95
		s.Calls = d.Metrics.Attempts
		s.Retries = d.Metrics.Retries
		s.FailedRows = d.Metrics.FailedRows + d.Metrics.CancelledRows
		s.CostUSD = d.Metrics.CostUSD
	}
	return s
}

// sub returns s − o, field by field.
func (s Summary) sub(o Summary) Summary {
	return Summary{
		Batches:        s.Batches - o.Batches,
		MeanBatchSize:  s.MeanBatchSize - o.MeanBatchSize,
		P95QueueWaitMs: s.P95QueueWaitMs - o.P95QueueWaitMs,
		P95LatencyMs:   s.P95LatencyMs - o.P95LatencyMs,
		Calls:          s.Calls - o.Calls,
		Retries:        s.Retries - o.Retries,
		FailedRows:     s.FailedRows - o.FailedRows,
		CostUSD:        s.CostUSD - o.CostUSD,
	}
}
