package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/batchlab/batchlab/core"
)

// writeTable prints the requests, the batches and a metrics summary as
// aligned text tables, like the reference prototype.
func writeTable(w io.Writer, res *core.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "REQUESTS (%d)\n", len(res.Requests))
	fmt.Fprintln(tw, "request_id\tcreated_ms\tintent\tcomplexity\toutput\ttolerance\tcompliance\ttokens\tmodel\tbatch\twait_ms")
	for i := range res.Requests {
		r := &res.Requests[i]
		batch := "rejected"
		if r.Batch > 0 {
			batch = strconv.Itoa(r.Batch)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%t\t%d\t%s\t%s\t%d\n", r.ID, r.CreatedAt, r.Intent, r.Complexity,
			r.OutputLength, r.LatencyTolerance, r.ComplianceNeeded, r.TokenCount, r.Model, batch, r.WaitMs)
	}
	fmt.Fprintf(tw, "\nBATCHES (%d, mode %s)\n", len(res.Batches), res.Mode)
	fmt.Fprintln(tw, "batch\tmodel\tsize\ttok_in\ttok_eff\tcreated_ms\tclosed_ms\twait_ms\treason\tids")
	for i := range res.Batches {
		b := &res.Batches[i]
		reason := b.CloseReason.String()
		if b.Oversize {
			reason += " (oversize)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%d/%d\t%d\t%d/%d\t%d\t%d\t%d\t%s\t%s\n", b.ID, b.Model, b.Size, b.MaxSize, b.TokensIn,
			b.TokensEffective, b.MaxTokens, b.CreatedAt, b.ClosedAt, b.WaitMs, reason, strings.Join(res.RequestIDs(b), ","))
	}
	if t := res.Traffic; t != nil {
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
	if len(res.Rejected) > 0 {
		fmt.Fprintf(tw, "\nREJECTED (%d)\n", len(res.Rejected))
		for _, r := range res.Rejected {
			fmt.Fprintf(tw, "%s\t%s\n", r.RequestID, r.Reason)
		}
	}
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

// writeCSV prints one row per request (see core.Result.WriteCSV).
func writeCSV(w io.Writer, res *core.Result) error { return res.WriteCSV(w) }
