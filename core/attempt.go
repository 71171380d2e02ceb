package core

// An Attempt is one call made for a batch: when it ran, how it ended, what
// it consumed, and how long the batch then waited before trying again.
type Attempt struct {
	// Batch is the batch's ID; Number counts its attempts from 0 (the
	// first try), so retry k is attempt k.
	Batch  int32 `json:"batch"`
	Number uint8 `json:"attempt"`
	// Pool and Slot name the concurrency slot the batch held: Pool indexes
	// DispatchResult.Pools, Slot is the lane within it (from 0), for a
	// timeline.
	Pool int32 `json:"pool"`
	Slot int32 `json:"slot"`
	// StartMs and EndMs bound the call; a rate-limit or context-window
	// rejection ends the instant it starts.
	StartMs int64   `json:"start_ms"`
	EndMs   int64   `json:"end_ms"`
	Outcome Outcome `json:"outcome"`
	// Class is why the attempt failed (omitted on success); Status is the
	// HTTP status, 0 when no reply came (time-out).
	Class  FailureClass `json:"class,omitempty"`
	Status int16        `json:"status"`
	// Scripted says that the dispatch script forced this failure (it
	// sits here to fill the padding after Status).
	Scripted bool `json:"scripted,omitempty"`
	// TokensIn and TokensOut are the tokens the attempt consumed, and
	// CostUSD their price. A call rejected with an HTTP error consumes
	// none; a time-out consumes its input and the output produced before
	// the deadline (in proportion; none when the call hung); a reply that
	// does not parse costs in full.
	TokensIn  int64   `json:"tokens_in"`
	TokensOut int64   `json:"tokens_out"`
	CostUSD   float64 `json:"cost_usd"`
	// BackoffMs is the wait before the next attempt, 0 when none follows
	// (for an attempt whose batch a stop cancelled, the wait that was due).
	BackoffMs int64 `json:"backoff_ms"`
}
