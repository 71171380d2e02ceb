package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/batchlab/batchlab/core"
)

// writeOutput writes through a buffer to stdout and returns the exit
// status: 0, or 1 when writing failed (said on stderr).
func writeOutput(stdout, stderr io.Writer, cmd string, write func(w io.Writer) error) int {
	w := bufio.NewWriterSize(stdout, 1<<16)
	err := write(w)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintf(stderr, "batchlab %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

// failed prints the problems of err, prefixed by the file's name, and
// returns the exit status: 1 for an internal error, 2 for bad input.
func failed(stderr io.Writer, name string, err error) int {
	printErrors(stderr, name, err)
	if core.ErrorCode(err) == core.EINTERNAL {
		return 1
	}
	return 2
}

// writeTable prints the requests, the batches and a metrics summary as
// aligned text tables, like the reference prototype. It calls dispatched
// after the batches, before reading what the dispatch gives (see
// simulateScenario), and returns its error.
func writeTable(w io.Writer, res *core.Result, dispatched func() error) error {
	if _, err := fmt.Fprintf(w, "REQUESTS (%d)\n", len(res.Requests)); err != nil {
		return err
	}
	err := writeAligned(w, 11, 1+len(res.Requests), func(b *alignedBlock, i int) {
		if i == 0 {
			for _, h := range []string{"request_id", "created_ms", "intent", "complexity", "output", "tolerance", "compliance", "tokens", "model", "batch", "wait_ms"} {
				b.cell(h)
			}
			return
		}
		r := &res.Requests[i-1]
		b.cell(r.ID)
		b.int(r.CreatedAt)
		b.cell(r.Intent.String())
		b.cell(r.Complexity.String())
		b.cell(r.OutputLength.String())
		b.cell(r.LatencyTolerance.String())
		b.cell(strconv.FormatBool(r.ComplianceNeeded))
		b.int(int64(r.TokenCount))
		b.cell(r.Model)
		if r.Batch > 0 {
			b.int(int64(r.Batch))
		} else {
			b.cell("rejected")
		}
		b.int(r.WaitMs)
	})
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "\nBATCHES (%d, mode %s)\n", len(res.Batches), res.Mode); err != nil {
		return err
	}
	err = writeAligned(w, 10, 1+len(res.Batches), func(b *alignedBlock, i int) {
		if i == 0 {
			for _, h := range []string{"batch", "model", "size", "tok_in", "tok_eff", "created_ms", "closed_ms", "wait_ms", "reason", "ids"} {
				b.cell(h)
			}
			return
		}
		bt := &res.Batches[i-1]
		b.int(int64(bt.ID))
		b.cell(bt.Model)
		b.ratio(bt.Size, bt.MaxSize)
		b.int(int64(bt.TokensIn))
		b.ratio(bt.TokensEffective, bt.MaxTokens)
		b.int(bt.CreatedAt)
		b.int(bt.ClosedAt)
		b.int(bt.WaitMs)
		reason := bt.CloseReason.String()
		if bt.Oversize {
			reason += " (oversize)"
		}
		b.cell(reason)
		for j, m := range bt.Members { // the ids, separated by commas
			if j > 0 {
				b.add(",")
			}
			b.add(res.Requests[m].ID)
		}
		b.end()
	})
	if err != nil {
		return err
	}
	if err := dispatched(); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	writeTrafficRules(tw, res.Traffic)
	if len(res.Rejected) > 0 {
		fmt.Fprintf(tw, "\nREJECTED (%d)\n", len(res.Rejected))
		for _, r := range res.Rejected {
			fmt.Fprintf(tw, "%s\t%s\n", r.RequestID, r.Reason)
		}
	}
	return writeSummary(w, tw, res)
}

// writeTrafficRules prints what the traffic rules did (nothing when t is
// nil).
func writeTrafficRules(tw io.Writer, t *core.ShapingReport) {
	if t == nil {
		return
	}
	fmt.Fprintf(tw, "\nTRAFFIC RULES\n")
	if t.Source.Format != "" {
		fmt.Fprintf(tw, "imported from\t%s (%s)\n", t.Source.File, t.Source.Format)
	}
	fmt.Fprintf(tw, "rows\t%d in, %d kept; dropped: first_n %d, window %d, failed %d, sample %d\n", t.Rows, t.Kept, t.AfterFirstN, t.OutsideWindow, t.Failed, t.NotSampled)
	fmt.Fprintf(tw, "without text\t%d classified by the traffic rules\n", t.TokenOnly)
	if t.Mapped+t.Unmapped > 0 {
		fmt.Fprintf(tw, "trace models\t%d routed by name or mapping, %d unmapped (traffic.model or selection)\n", t.Mapped, t.Unmapped)
	}
	for _, n := range t.Notes {
		fmt.Fprintf(tw, "note\t%s\n", n)
	}
}

// writeSummary ends a table with the warnings (through tw, which it
// flushes), the metrics and the dispatch summary.
func writeSummary(w io.Writer, tw *tabwriter.Writer, res *core.Result) error {
	if len(res.Warnings) > 0 {
		fmt.Fprintf(tw, "\nWARNINGS (%d)\n", len(res.Warnings))
		for _, w := range res.Warnings {
			fmt.Fprintf(tw, "%s\n", w)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := writeMetrics(w, &res.Metrics); err != nil {
		return err
	}
	return writeDispatch(w, res)
}

func writeMetrics(w io.Writer, m *core.Metrics) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	q := m.QueueWait
	fmt.Fprintf(tw, "\nMETRICS\n")
	fmt.Fprintf(tw, "requests\t%d (%d batched, %d rejected)\n", m.Requests, m.BatchedRequests, m.Rejected)
	fmt.Fprintf(tw, "batches\t%d (%d oversize)\n", m.Batches, m.OversizeBatches)
	fmt.Fprintf(tw, "batch size\tmean %.2f, median %d requests\n", m.MeanBatchSize, m.MedianBatchSize)
	fmt.Fprintf(tw, "fill\t%.1f%% of size limit, %.1f%% of token limit\n", 100*m.SizeFill, 100*m.TokenFill)
	fmt.Fprintf(tw, "queue wait\tmean %.1f ms, p50 %d ms, p95 %d ms, p99 %d ms, max %d ms\n", q.Mean, q.P50, q.P95, q.P99, q.Max)
	c := m.CloseReasons
	fmt.Fprintf(tw, "close reasons\ttime %d, size %d, tokens %d, flush %d\n", c.Time, c.Size, c.Tokens, c.Flush)
	fmt.Fprintf(tw, "LLM calls saved\t%d of %d (%.2f calls per request)\n", m.LLMCallsSaved, m.BatchedRequests, m.CallsPerRequest)
	if m.SharedPromptTokens > 0 {
		fmt.Fprintf(tw, "prompt tokens saved\t%d (%d shared tokens × %d calls saved)\n", m.PromptTokensSaved, m.SharedPromptTokens, m.LLMCallsSaved)
	}
	fmt.Fprintf(tw, "span\t%d ms\n", m.SpanMs)
	if len(m.Models) > 0 {
		fmt.Fprintln(tw, "\nmodel\trequests\tbatches\tmean size\ttok_in\ttok_eff\tp50 wait ms\tp95 wait ms\tmax wait ms")
		for _, pm := range m.Models {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%d\t%d\t%d\t%d\t%d\n", pm.Model, pm.Requests, pm.Batches, pm.MeanBatchSize,
				pm.TokensIn, pm.TokensEffective, pm.QueueWait.P50, pm.QueueWait.P95, pm.QueueWait.Max)
		}
	}
	return tw.Flush()
}

// writeCSV prints one row per request (see core.Result.WriteCSV), the
// fields the dispatch does not give formatted while it runs: dispatched
// waits for it.
func writeCSV(w io.Writer, res *core.Result, dispatched func() error) error {
	return res.WriteCSVDispatched(w, dispatched)
}
