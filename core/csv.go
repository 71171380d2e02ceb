package core

import (
	"encoding/csv"
	"io"
	"strconv"
)

// CSVHeader names the columns of Result.WriteCSV.
var CSVHeader = []string{"request_id", "created_at_ms", "intent_type", "complexity_level", "expected_output_length",
	"latency_tolerance", "compliance_needed", "token_count", "tokens_effective", "selected_model",
	"batch", "batch_size", "batch_created_at_ms", "closed_at_ms", "wait_ms", "close_reason", "oversize", "rejected",
	"outcome", "completed_at_ms", "latency_ms"}

// WriteCSV writes one row per request, in arrival order, with its batch
// and, when dispatch ran, its outcome, completion time and end-to-end
// latency: every per-request field of the JSON output that fits a flat
// table. The CLI's --format csv and the playground's export both use it.
func (r *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	// Dispatch outcomes come in input order; rows follow arrival order.
	var outcomes []RequestOutcome
	if r.Dispatch != nil {
		outcomes = r.Dispatch.RequestOutcomes()
	}
	i64 := func(v int64) string { return strconv.FormatInt(v, 10) }
	row := make([]string, 0, len(CSVHeader))
	for i := range r.Requests {
		q := &r.Requests[i]
		row = append(row[:0], q.ID, i64(q.CreatedAt), q.Intent.String(), q.Complexity.String(), q.OutputLength.String(),
			q.LatencyTolerance.String(), strconv.FormatBool(q.ComplianceNeeded), strconv.Itoa(q.TokenCount),
			strconv.Itoa(q.EffectiveTokens), q.Model)
		if b := r.batchOf(q); b != nil {
			row = append(row, strconv.Itoa(b.ID), strconv.Itoa(b.Size), i64(b.CreatedAt), i64(b.ClosedAt), i64(q.WaitMs),
				b.CloseReason.String(), strconv.FormatBool(b.Oversize), "false")
		} else {
			row = append(row, "", "", "", "", "", "", "", "true")
		}
		if q.Index < len(outcomes) {
			o := &outcomes[q.Index]
			row = append(row, o.Outcome.String(), i64(o.CompletedMs), i64(o.LatencyMs))
		} else {
			row = append(row, "", "", "")
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// batchOf returns the batch that carries q, or nil when it was rejected.
// Batch IDs count up from 1 in the order of Result.Batches.
func (r *Result) batchOf(q *Request) *Batch {
	if q.Batch < 1 || q.Batch > len(r.Batches) || r.Batches[q.Batch-1].ID != q.Batch {
		return nil
	}
	return &r.Batches[q.Batch-1]
}
