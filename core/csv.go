package core

import (
	"bufio"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"
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
// Natively, many rows are formatted in blocks by two goroutines
// (writeBlocks), the output the same.
func (r *Result) WriteCSV(w io.Writer) error {
	return r.writeCSV(w, len(r.Requests) >= 4*csvBlock && spareProcessor())
}

// writeCSV is WriteCSV, with two goroutines when parallel.
func (r *Result) writeCSV(w io.Writer, parallel bool) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var header []byte
	for i, name := range CSVHeader {
		header = appendCSVField(header, i, name)
	}
	if _, err := bw.Write(append(header, '\n')); err != nil {
		return err
	}
	// Dispatch outcomes come in input order; rows follow arrival order.
	var outcomes []RequestOutcome
	if r.Dispatch != nil {
		outcomes = r.Dispatch.RequestOutcomes()
	}
	n := len(r.Requests)
	err := writeBlocks(bw, (n+csvBlock-1)/csvBlock, parallel, func(line []byte, block int) []byte {
		for i := block * csvBlock; i < min((block+1)*csvBlock, n); i++ {
			line = r.appendCSVRow(line, &r.Requests[i], outcomes)
		}
		return line
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// csvBlock is how many rows WriteCSV formats at a time.
const csvBlock = 512

// appendCSVRow appends the row of request q, its line ended, to line.
func (r *Result) appendCSVRow(line []byte, q *Request, outcomes []RequestOutcome) []byte {
	line = appendCSVField(line, 0, q.ID)
	line = appendCSVInt(line, q.CreatedAt)
	line = appendCSVField(line, 1, q.Intent.String())
	line = appendCSVField(line, 1, q.Complexity.String())
	line = appendCSVField(line, 1, q.OutputLength.String())
	line = appendCSVField(line, 1, q.LatencyTolerance.String())
	line = appendCSVField(line, 1, strconv.FormatBool(q.ComplianceNeeded))
	line = appendCSVInt(line, int64(q.TokenCount))
	line = appendCSVInt(line, int64(q.EffectiveTokens))
	line = appendCSVField(line, 1, q.Model)
	if b := r.batchOf(q); b != nil {
		line = appendCSVInt(line, int64(b.ID))
		line = appendCSVInt(line, int64(b.Size))
		line = appendCSVInt(line, b.CreatedAt)
		line = appendCSVInt(line, b.ClosedAt)
		line = appendCSVInt(line, q.WaitMs)
		line = appendCSVField(line, 1, b.CloseReason.String())
		line = appendCSVField(line, 1, strconv.FormatBool(b.Oversize))
		line = append(line, ",false"...)
	} else {
		line = append(line, ",,,,,,,,true"...)
	}
	if q.Index < len(outcomes) {
		o := &outcomes[q.Index]
		line = appendCSVField(line, 1, o.Outcome.String())
		line = appendCSVInt(line, o.CompletedMs)
		line = appendCSVInt(line, o.LatencyMs)
	} else {
		line = append(line, ",,"...)
	}
	return append(line, '\n')
}

// appendCSVField appends field i of a row (a comma before all but the
// first) as encoding/csv's Writer writes it: quoted, with its quotes
// doubled, when it holds a comma, a quote or a line break, starts with
// white space or is \. (TestCSVFieldsAsEncodingCSV).
func appendCSVField(b []byte, i int, field string) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	quote := field == `\.`
	for j := 0; j < len(field) && !quote; j++ {
		switch field[j] {
		case ',', '"', '\r', '\n':
			quote = true
		}
	}
	if field != "" {
		r, _ := utf8.DecodeRuneInString(field)
		quote = quote || unicode.IsSpace(r)
	}
	if !quote {
		return append(b, field...)
	}
	b = append(b, '"')
	for j := 0; j < len(field); j++ {
		if field[j] == '"' {
			b = append(b, '"')
		}
		b = append(b, field[j])
	}
	return append(b, '"')
}

// appendCSVInt appends a number as the next field of a row.
func appendCSVInt(b []byte, n int64) []byte {
	return strconv.AppendInt(append(b, ','), n, 10)
}

// batchOf returns the batch that carries q, or nil when it was rejected.
// Batch IDs count up from 1 in the order of Result.Batches.
func (r *Result) batchOf(q *Request) *Batch {
	if q.Batch < 1 || q.Batch > len(r.Batches) || r.Batches[q.Batch-1].ID != q.Batch {
		return nil
	}
	return &r.Batches[q.Batch-1]
}
