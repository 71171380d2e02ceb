package core

import (
	"cmp"
	"encoding/json"
	"slices"
)

// A DispatchResult is what the dispatch simulation computed besides the
// attempts (which the Result holds): each batch's fate, the concurrency
// pools and their occupancy over time, the metrics, and the same metrics
// for the baseline of one call per request.
type DispatchResult struct {
	// Job is "batches" or "fixed" (see Dispatch.Job).
	Job string `json:"job"`
	// Pools are the concurrency pools: one "global" pool, or one per
	// catalog model in catalog order.
	Pools []Pool `json:"pools"`
	// Batches has one entry per batch of the Result, in the same order.
	Batches []BatchOutcome `json:"batches"`
	// Occupancy is every change of a pool's slots: a step function per
	// pool, in time order.
	Occupancy []OccupancyPoint `json:"occupancy"`
	Metrics   DispatchMetrics  `json:"metrics"`
	// Baseline is the same scenario dispatched one request per call, sent
	// at arrival; Saving compares the two. Both are nil when
	// Dispatch.Baseline is off.
	Baseline *DispatchMetrics `json:"baseline,omitempty"`
	Saving   *Saving          `json:"saving,omitempty"`

	reqs []Request // the Result's requests, for RequestOutcomes
}

// A Pool is a set of concurrency slots.
type Pool struct {
	Name  string `json:"name"`  // "global" or the model's name
	Slots int    `json:"slots"` // 0 = unlimited
}

// An OccupancyPoint says that from AtMs on, pool Pool has Held slots taken
// (by batches calling or waiting out a backoff) and InFlight calls running.
type OccupancyPoint struct {
	AtMs     int64 `json:"at_ms"`
	Pool     int32 `json:"pool"`
	Held     int32 `json:"held"`
	InFlight int32 `json:"in_flight"`
}

// A BatchOutcome is what became of one batch.
type BatchOutcome struct {
	Batch   int32   `json:"batch"`
	Outcome Outcome `json:"outcome"` // ok, failed or cancelled
	// Attempts is how many calls were made (0 when cancelled before it
	// started).
	Attempts int   `json:"attempts"`
	Pool     int32 `json:"pool"`
	Slot     int32 `json:"slot"` // -1 when cancelled
	// ReadyMs is when the batch closed and queued for a slot; StartMs when
	// it took a slot; EndMs when it released it for good. A batch cancelled
	// before it started has StartMs = EndMs = the time of cancellation and
	// Slot -1; one cancelled between attempts (waiting out a backoff, or
	// after a call that ended past the stop) keeps its StartMs and Slot,
	// and EndMs is when it gave the slot back.
	ReadyMs   int64   `json:"ready_ms"`
	StartMs   int64   `json:"start_ms"`
	EndMs     int64   `json:"end_ms"`
	TokensIn  int64   `json:"tokens_in"`
	TokensOut int64   `json:"tokens_out"`
	CostUSD   float64 `json:"cost_usd"`

	cost picoUSD
}

// A RequestOutcome is what became of one request.
type RequestOutcome struct {
	RequestID string `json:"request_id"`
	// Index is the request's position in the input.
	Index   int     `json:"index"`
	Batch   int     `json:"batch"` // 0 when rejected
	Outcome Outcome `json:"outcome"`
	// CompletedMs is when its batch ended (succeeded or failed for good);
	// LatencyMs = CompletedMs − arrival. Both are 0 for a request that
	// was cancelled or rejected.
	CompletedMs int64 `json:"completed_at_ms"`
	LatencyMs   int64 `json:"latency_ms"`
}

// DispatchMetrics summarise a dispatch. Rows are requests; token counts and
// cost are summed over every attempt, failed ones included.
type DispatchMetrics struct {
	Rows           int `json:"rows"`
	SuccessfulRows int `json:"successful_rows"`
	FailedRows     int `json:"failed_rows"`
	CancelledRows  int `json:"cancelled_rows"`

	Batches           int `json:"batches"`
	SuccessfulBatches int `json:"successful_batches"`
	FailedBatches     int `json:"failed_batches"`
	CancelledBatches  int `json:"cancelled_batches"`

	// Attempts is every call made; Retries = attempts after the first.
	Attempts int         `json:"attempts"`
	Retries  int         `json:"total_retries"`
	Failures ClassCounts `json:"failures"`

	TokensIn  int64   `json:"tokens_in"`
	TokensOut int64   `json:"tokens_out"`
	CostUSD   float64 `json:"cost_usd"`
	cost      picoUSD
	// CostPerRowUSD is the cost over the successful rows: what a result
	// costs once failures are paid for.
	CostPerRowUSD float64 `json:"cost_per_successful_row_usd"`

	// WallMs is from the first arrival to the last batch's end.
	WallMs int64 `json:"wall_ms"`
	// Latency is completion − arrival over the successful rows.
	Latency WaitStats `json:"latency_ms"`
	// Throughput is successful rows per second of wall time.
	Throughput float64 `json:"throughput_rows_per_s"`
	// MaxInFlight is the most calls running at once (over all pools).
	MaxInFlight int `json:"max_in_flight"`

	// Stopped says that stop_on_exhaustion cancelled the batches not yet
	// started when a batch failed for good at StoppedAtMs.
	Stopped     bool  `json:"stopped"`
	StoppedAtMs int64 `json:"stopped_at_ms,omitempty"`

	// Smelt is the same run in Smelt's own figures, under Smelt's names;
	// only under Smelt's semantics (Dispatch.Semantics "smelt").
	Smelt *SmeltMetrics `json:"smelt,omitempty"`
}

// SmeltMetrics are a dispatch's figures as Smelt's engine reports them
// (its SmeltMetrics): cancelled batches and rows count as failed, a retry
// counts when it is scheduled (even if the batch is cancelled in its
// backoff), tokens are those of replies only (a time-out or an HTTP error
// adds none), and the wall time runs until the last batch finished or was
// cancelled (a batch cancelled in its backoff when it wakes).
type SmeltMetrics struct {
	TotalRows         int     `json:"total_rows"`
	SuccessfulRows    int     `json:"successful_rows"`
	FailedRows        int     `json:"failed_rows"`
	TotalBatches      int     `json:"total_batches"`
	SuccessfulBatches int     `json:"successful_batches"`
	FailedBatches     int     `json:"failed_batches"`
	TotalRetries      int     `json:"total_retries"`
	InputTokens       int64   `json:"input_tokens"`
	OutputTokens      int64   `json:"output_tokens"`
	WallTimeSeconds   float64 `json:"wall_time_seconds"`
}

// ClassCounts count failed attempts by class.
type ClassCounts struct {
	RateLimit     int `json:"rate_limit"`
	RPM           int `json:"rpm_limit"`
	TPM           int `json:"tpm_limit"`
	Server        int `json:"server_error"`
	Timeout       int `json:"timeout"`
	Parse         int `json:"parse"`
	Client        int `json:"client_error"`
	ContextWindow int `json:"context_window"`
}

func (c *ClassCounts) add(class FailureClass) {
	switch class {
	case ClassRateLimit:
		c.RateLimit++
	case ClassRPM:
		c.RPM++
	case ClassTPM:
		c.TPM++
	case ClassServer:
		c.Server++
	case ClassTimeout:
		c.Timeout++
	case ClassParse:
		c.Parse++
	case ClassClient:
		c.Client++
	case ClassContext:
		c.ContextWindow++
	}
}

// Saving compares batching with the baseline of one call per request.
type Saving struct {
	// CostUSD = baseline cost − batched cost: positive is a saving,
	// negative a loss. CostFraction is that over the baseline cost.
	CostUSD      float64 `json:"cost_usd"`
	CostFraction float64 `json:"cost_fraction"`
	// CallsSaved = baseline attempts − batched attempts.
	CallsSaved int `json:"calls_saved"`
	// P95DeltaMs = batched − baseline p95 end-to-end latency: the price of
	// batching in latency when positive.
	P95DeltaMs int64 `json:"p95_latency_delta_ms"`
	// SuccessfulRowsDelta = batched − baseline successful rows.
	SuccessfulRowsDelta int `json:"successful_rows_delta"`
	// CostPerRowUSD = baseline − batched cost per successful row, and
	// CostPerRowFraction that over the baseline's: the saving once failed
	// rows are accounted for (0 when either run has no successful row).
	CostPerRowUSD      float64 `json:"cost_per_successful_row_usd"`
	CostPerRowFraction float64 `json:"cost_per_successful_row_fraction"`
}

func compare(batched, baseline *DispatchMetrics) *Saving {
	s := &Saving{
		CostUSD:             (baseline.cost - batched.cost).USD(),
		CallsSaved:          baseline.Attempts - batched.Attempts,
		P95DeltaMs:          batched.Latency.P95 - baseline.Latency.P95,
		SuccessfulRowsDelta: batched.SuccessfulRows - baseline.SuccessfulRows,
	}
	if baseline.cost > 0 {
		s.CostFraction = float64(baseline.cost-batched.cost) / float64(baseline.cost)
	}
	if batched.SuccessfulRows > 0 && baseline.SuccessfulRows > 0 {
		s.CostPerRowUSD = baseline.CostPerRowUSD - batched.CostPerRowUSD
		if baseline.CostPerRowUSD > 0 {
			s.CostPerRowFraction = s.CostPerRowUSD / baseline.CostPerRowUSD
		}
	}
	return s
}

// RequestOutcomes returns every request's outcome in input order (by
// Request.Index), whatever the order of arrival or of a shuffled job.
func (d *DispatchResult) RequestOutcomes() []RequestOutcome {
	out := make([]RequestOutcome, len(d.reqs))
	for i, at := range inputOrder(d.reqs) {
		out[i] = d.outcomeOf(&d.reqs[at])
	}
	return out
}

// outcomeOf returns the outcome of r, one of the dispatched requests.
func (d *DispatchResult) outcomeOf(r *Request) RequestOutcome {
	o := RequestOutcome{RequestID: r.ID, Index: r.Index, Batch: r.Batch}
	if r.Batch <= 0 || r.Batch > len(d.Batches) {
		o.Outcome = OutcomeRejected
		return o
	}
	b := &d.Batches[r.Batch-1]
	o.Outcome = b.Outcome
	if b.Outcome == OutcomeOK || b.Outcome == OutcomeFailed {
		o.CompletedMs, o.LatencyMs = b.EndMs, b.EndMs-r.CreatedAt
	}
	return o
}

// MarshalJSON encodes the result with its request outcomes, in input order.
func (d *DispatchResult) MarshalJSON() ([]byte, error) {
	type plain DispatchResult
	return json.Marshal(struct {
		*plain
		Requests []RequestOutcome `json:"requests"`
	}{(*plain)(d), d.RequestOutcomes()})
}

// inputOrder returns the positions of reqs sorted by Request.Index (ties in
// position order): the input order of requests that were sorted by
// arrival.
func inputOrder(reqs []Request) []int32 {
	n := len(reqs)
	order := make([]int32, n)
	// Fast path: the indices are a permutation of 0..n−1.
	seen := make([]bool, n)
	perm := true
	for i := range reqs {
		x := reqs[i].Index
		if x < 0 || x >= n || seen[x] {
			perm = false
			break
		}
		seen[x] = true
		order[x] = int32(i)
	}
	if perm {
		return order
	}
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(reqs[a].Index, reqs[b].Index) })
	return order
}
