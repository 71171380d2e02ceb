package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"

	"github.com/batchlab/batchlab/core"
)

// JSON returns the result as `batchlab simulate --format json` writes it.
func JSON(res *core.Result) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// CSVHeader is the first line of the CSV export.
var CSVHeader = []string{"request_id", "created_at_ms", "intent_type", "complexity_level", "expected_output_length",
	"latency_tolerance", "compliance_needed", "token_count", "tokens_effective", "selected_model",
	"batch", "batch_size", "batch_created_at_ms", "closed_at_ms", "wait_ms", "close_reason", "oversize", "rejected"}

// CSV returns one row per request with its batch, in arrival order.
func CSV(res *core.Result) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(CSVHeader); err != nil {
		return nil, err
	}
	i64 := func(v int64) string { return strconv.FormatInt(v, 10) }
	for i := range res.Requests {
		r := &res.Requests[i]
		row := []string{r.ID, i64(r.CreatedAt), r.Intent.String(), r.Complexity.String(), r.OutputLength.String(),
			r.LatencyTolerance.String(), strconv.FormatBool(r.ComplianceNeeded), strconv.Itoa(r.TokenCount),
			strconv.Itoa(r.EffectiveTokens), r.Model}
		if r.Batch >= 1 && r.Batch <= len(res.Batches) {
			b := &res.Batches[r.Batch-1]
			row = append(row, strconv.Itoa(b.ID), strconv.Itoa(b.Size), i64(b.CreatedAt), i64(b.ClosedAt), i64(r.WaitMs),
				b.CloseReason.String(), strconv.FormatBool(b.Oversize), "false")
		} else {
			row = append(row, "", "", "", "", "", "", "", "true")
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
