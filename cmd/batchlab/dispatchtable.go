package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/batchlab/batchlab/core"
)

// writeDispatch prints the dispatch summary: the failed attempts, the
// batched run's metrics next to the baseline's, and the saving.
func writeDispatch(w io.Writer, res *core.Result) error {
	d := res.Dispatch
	if d == nil {
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	failed := 0
	for i := range res.Attempts {
		if res.Attempts[i].Outcome != core.OutcomeOK {
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(tw, "\nFAILED ATTEMPTS (%d of %d)\n", failed, len(res.Attempts))
		fmt.Fprintln(tw, "batch\tattempt\tstart_ms\tend_ms\tclass\tstatus\toutcome\tbackoff_ms")
		for i := range res.Attempts {
			a := &res.Attempts[i]
			if a.Outcome == core.OutcomeOK {
				continue
			}
			fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%s\t%d\t%s\t%d\n", a.Batch, a.Number, a.StartMs, a.EndMs, a.Class, a.Status, a.Outcome, a.BackoffMs)
		}
	}
	fmt.Fprintf(tw, "\nDISPATCH (job %s, %s)\n", d.Job, poolSummary(d.Pools))
	fmt.Fprintln(tw, "\tbatched\tone per call")
	m, b := &d.Metrics, d.Baseline
	row := func(name string, f func(*core.DispatchMetrics) string) {
		if b != nil {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", name, f(m), f(b))
		} else {
			fmt.Fprintf(tw, "%s\t%s\t\n", name, f(m))
		}
	}
	row("rows ok/failed/cancelled", func(x *core.DispatchMetrics) string {
		return fmt.Sprintf("%d/%d/%d of %d", x.SuccessfulRows, x.FailedRows, x.CancelledRows, x.Rows)
	})
	row("batches ok/failed/cancelled", func(x *core.DispatchMetrics) string {
		return fmt.Sprintf("%d/%d/%d of %d", x.SuccessfulBatches, x.FailedBatches, x.CancelledBatches, x.Batches)
	})
	row("attempts (retries)", func(x *core.DispatchMetrics) string { return fmt.Sprintf("%d (%d)", x.Attempts, x.Retries) })
	row("failures 429/rpm/tpm", func(x *core.DispatchMetrics) string {
		return fmt.Sprintf("%d/%d/%d", x.Failures.RateLimit, x.Failures.RPM, x.Failures.TPM)
	})
	row("failures 5xx/timeout/parse", func(x *core.DispatchMetrics) string {
		return fmt.Sprintf("%d/%d/%d", x.Failures.Server, x.Failures.Timeout, x.Failures.Parse)
	})
	row("failures 4xx/context", func(x *core.DispatchMetrics) string {
		return fmt.Sprintf("%d/%d", x.Failures.Client, x.Failures.ContextWindow)
	})
	row("tokens in/out", func(x *core.DispatchMetrics) string { return fmt.Sprintf("%d/%d", x.TokensIn, x.TokensOut) })
	row("cost", func(x *core.DispatchMetrics) string { return fmt.Sprintf("$%.6f", x.CostUSD) })
	row("cost per successful row", func(x *core.DispatchMetrics) string { return fmt.Sprintf("$%.8f", x.CostPerRowUSD) })
	row("latency p50/p95/p99", func(x *core.DispatchMetrics) string {
		return fmt.Sprintf("%d/%d/%d ms", x.Latency.P50, x.Latency.P95, x.Latency.P99)
	})
	row("wall time", func(x *core.DispatchMetrics) string { return fmt.Sprintf("%d ms", x.WallMs) })
	row("throughput", func(x *core.DispatchMetrics) string { return fmt.Sprintf("%.2f rows/s", x.Throughput) })
	row("max in flight", func(x *core.DispatchMetrics) string { return fmt.Sprint(x.MaxInFlight) })
	row("stopped", func(x *core.DispatchMetrics) string {
		if !x.Stopped {
			return "no"
		}
		return fmt.Sprintf("at %d ms", x.StoppedAtMs)
	})
	if s := d.Saving; s != nil {
		fmt.Fprintf(tw, "saving from batching\t$%.6f (%.1f%% of one per call), %d calls, p95 latency %+d ms\n",
			s.CostUSD, 100*s.CostFraction, s.CallsSaved, s.P95DeltaMs)
		fmt.Fprintf(tw, "saving per successful row\t$%.8f (%.1f%% of one per call)\n", s.CostPerRowUSD, 100*s.CostPerRowFraction)
	}
	if sm := m.Smelt; sm != nil {
		fmt.Fprintln(tw, "\nSMELT'S FIGURES (cancelled counted as failed, retries when scheduled, tokens of replies)")
		fmt.Fprintf(tw, "total_rows %d\tsuccessful_rows %d\tfailed_rows %d\n", sm.TotalRows, sm.SuccessfulRows, sm.FailedRows)
		fmt.Fprintf(tw, "total_batches %d\tsuccessful_batches %d\tfailed_batches %d\n", sm.TotalBatches, sm.SuccessfulBatches, sm.FailedBatches)
		fmt.Fprintf(tw, "total_retries %d\tinput_tokens %d\toutput_tokens %d\n", sm.TotalRetries, sm.InputTokens, sm.OutputTokens)
		fmt.Fprintf(tw, "wall_time_seconds %.3f\t\t\n", sm.WallTimeSeconds)
	}
	return tw.Flush()
}

// poolSummary describes the concurrency pools in a few words.
func poolSummary(pools []core.Pool) string {
	if len(pools) == 1 && pools[0].Name == "global" {
		return fmt.Sprintf("%d global slots", pools[0].Slots)
	}
	return "slots per model"
}
