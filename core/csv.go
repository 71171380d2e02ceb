package core

import (
	"bufio"
	"io"
	"strconv"
	"sync/atomic"
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
	return r.writeCSV(w, r.parallelCSV(), nil)
}

// WriteCSVDispatched is WriteCSV for a result whose dispatch (RunDispatch)
// may still be running: dispatched (unless nil) waits for it and returns
// its error, which stops the writing and is returned. Natively, with many
// rows, the fields of the rows that do not depend on the dispatch are
// formatted meanwhile on a goroutine of its own, as many blocks as the
// dispatch leaves time for. The output is WriteCSV's once the dispatch is
// done.
func (r *Result) WriteCSVDispatched(w io.Writer, dispatched func() error) error {
	return r.writeCSV(w, r.parallelCSV(), dispatched)
}

// parallelCSV reports whether WriteCSV formats on two goroutines.
func (r *Result) parallelCSV() bool { return len(r.Requests) >= 4*csvBlock && spareProcessor() }

// writeCSV is WriteCSVDispatched, with two goroutines when parallel.
func (r *Result) writeCSV(w io.Writer, parallel bool, dispatched func() error) error {
	var heads []csvHeads
	if dispatched != nil {
		var stop atomic.Bool
		ahead := make(chan []csvHeads, 1)
		if parallel {
			go func() { ahead <- r.formatHeads(&stop) }()
		} else {
			ahead <- nil
		}
		err := dispatched()
		stop.Store(true)
		if heads = <-ahead; err != nil {
			return err
		}
	}
	return r.writeRows(w, parallel, heads)
}

// writeRows writes the header and the rows, those of the first
// len(heads) blocks from their heads formatted ahead.
func (r *Result) writeRows(w io.Writer, parallel bool, heads []csvHeads) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var header []byte
	for i, name := range CSVHeader {
		header = appendCSVField(header, i, name)
	}
	if _, err := bw.Write(append(header, '\n')); err != nil {
		return err
	}
	n := len(r.Requests)
	err := writeBlocks(bw, (n+csvBlock-1)/csvBlock, parallel, func(line []byte, block, _ int) []byte {
		first := block * csvBlock
		if block < len(heads) {
			h := &heads[block]
			from := 0
			for k, end := range h.ends {
				line = append(line, h.text[from:end]...)
				line = appendCSVTail(line, &r.Requests[first+k], r.Dispatch)
				from = int(end)
			}
			return line
		}
		for i := first; i < min(first+csvBlock, n); i++ {
			line = appendCSVTail(r.appendCSVHead(line, &r.Requests[i]), &r.Requests[i], r.Dispatch)
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

// csvAheadBytes bounds the memory of the heads formatted ahead (100,000
// rows of the CLI's benchmark take 12 MB).
const csvAheadBytes = 32 << 20

// csvHeads is a block of rows' heads (appendCSVHead) formatted ahead:
// their text, one after the other, and where each ends.
type csvHeads struct {
	text []byte
	ends []int32
}

// formatHeads formats the heads of the rows, a block at a time from the
// first, until stop is set, every block is done or csvAheadBytes are
// formatted, and returns them.
func (r *Result) formatHeads(stop *atomic.Bool) []csvHeads {
	n := len(r.Requests)
	var heads []csvHeads
	size := 0
	for first := 0; first < n && !stop.Load() && size < csvAheadBytes; first += csvBlock {
		rows := min(csvBlock, n-first)
		h := csvHeads{text: make([]byte, 0, rows*128), ends: make([]int32, rows)}
		for k := range rows {
			h.text = r.appendCSVHead(h.text, &r.Requests[first+k])
			h.ends[k] = int32(len(h.text))
		}
		heads = append(heads, h)
		size += len(h.text)
	}
	return heads
}

// appendCSVHead appends the fields of request q's row that the dispatch
// does not give, up to its outcome, to line.
func (r *Result) appendCSVHead(line []byte, q *Request) []byte {
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
		return append(line, ",false"...)
	}
	return append(line, ",,,,,,,,true"...)
}

// appendCSVTail appends the rest of request q's row, its outcome in d
// (empty without a dispatch), and ends the line.
func appendCSVTail(line []byte, q *Request, d *DispatchResult) []byte {
	if d != nil {
		o := d.outcomeOf(q)
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
	return AppendInt(append(b, ','), n)
}

// batchOf returns the batch that carries q, or nil when it was rejected.
// Batch IDs count up from 1 in the order of Result.Batches.
func (r *Result) batchOf(q *Request) *Batch {
	if q.Batch < 1 || q.Batch > len(r.Batches) || r.Batches[q.Batch-1].ID != q.Batch {
		return nil
	}
	return &r.Batches[q.Batch-1]
}
