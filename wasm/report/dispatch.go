package report

import (
	"strings"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// DispatchMetrics lists the headline figures of a dispatch, with the
// comparison against one call per request when the baseline ran. It
// returns nil without a dispatch.
func DispatchMetrics(d *core.DispatchResult) []Metric {
	if d == nil {
		return nil
	}
	m := &d.Metrics
	failed := FailedCalls(&m.Failures)
	out := []Metric{
		{ID: "dispatch-rows", Label: "Requests answered", Value: units.Count(m.SuccessfulRows), Unit: "of " + units.Count(m.Rows),
			Note: units.Count(m.FailedRows) + " failed, " + units.Count(m.CancelledRows) + " cancelled",
			Help: "Requests whose batch got a good reply; failed ones ran out of retries, cancelled ones were never sent."},
		{ID: "dispatch-attempts", Label: "Calls made", Value: units.Count(m.Attempts), Unit: units.Noun(m.Attempts, "call", "calls"),
			Note: units.Plural(m.Retries, "retry", "retries"),
			Help: "Every call to a model, first attempts and retries."},
		{ID: "dispatch-failures", Label: "Failed calls", Value: units.Count(failed), Unit: units.Noun(failed, "call", "calls"),
			Note: FailureBreakdown(&m.Failures),
			Help: "Calls that failed, injected or not: rate limits (429), server errors (5xx), timeouts, replies that did not parse, and client errors (4xx, the context window included)."},
		{ID: "dispatch-latency-p95", Label: "End-to-end p95", Value: units.Duration(float64(m.Latency.P95)),
			Note: "p50 " + units.Duration(float64(m.Latency.P50)) + ", arrival to answer",
			Help: "95 % of the answered requests had their answer at most this long after they arrived (" + units.Millis(m.Latency.P95) + ")."},
		{ID: "dispatch-cost", Label: "Cost", Value: units.USD(m.CostUSD),
			Note: units.Count(int(m.TokensIn)) + " tokens in, " + units.Count(int(m.TokensOut)) + " out",
			Help: "What every call cost at the catalog's prices, failed calls included."},
		{ID: "dispatch-throughput", Label: "Throughput", Value: units.Decimal(m.Throughput), Unit: "requests/s",
			Note: "wall " + units.Duration(float64(m.WallMs)) + ", at most " + units.Plural(m.MaxInFlight, "call", "calls") + " at once",
			Help: "Answered requests per second of wall time, from the first arrival to the last batch's end (" + units.Millis(m.WallMs) + ")."},
	}
	if s := d.Saving; s != nil && d.Baseline != nil {
		out = append(out,
			Metric{ID: "dispatch-saving", Label: "Saved vs one call each", Value: units.USD(s.CostUSD), Unit: units.SignedPercent(s.CostFraction),
				Note: savingNote(s, m, d.Baseline),
				Help: "The cost of sending each request in a call of its own, minus the cost batched, and that as a share of the former: negative when batching costs more."},
			Metric{ID: "dispatch-p95-delta", Label: "p95 latency cost", Value: units.SignedDuration(float64(s.P95DeltaMs)),
				Note: "batched minus one call each",
				Help: "End-to-end p95 batched minus p95 with one call per request (" + units.Millis(s.P95DeltaMs) + "): what batching costs in latency when positive."})
	}
	if m.Stopped {
		out = append(out, Metric{ID: "dispatch-stopped", Label: "Stopped", Value: units.Clock(m.StoppedAtMs),
			Note: "a batch failed for good; the rest were cancelled",
			Help: "Stop on exhaustion: when a batch ran out of retries, the batches not yet sent were cancelled."})
	}
	if sm := m.Smelt; sm != nil {
		out = append(out, Metric{ID: "dispatch-smelt", Label: "As Smelt reports it", Value: units.Count(sm.FailedBatches), Unit: "failed_batches",
			Help: "The same run counted as Smelt's engine counts it: cancelled batches are failed, a retry counts when scheduled, tokens come only from replies.",
			Note: units.Count(sm.FailedRows) + " failed_rows (cancelled included) · total_retries " + units.Count(sm.TotalRetries) +
				" · tokens " + units.Count(int(sm.InputTokens)) + " in, " + units.Count(int(sm.OutputTokens)) + " out (replies only) · wall " +
				units.Duration(sm.WallTimeSeconds*1000)})
	}
	return out
}

// savingNote explains the saving: the calls saved, and why batching cost
// more when it did.
func savingNote(s *core.Saving, batched, baseline *core.DispatchMetrics) string {
	note := units.Plural(s.CallsSaved, "call", "calls") + " saved"
	if s.CostUSD >= 0 {
		return note
	}
	note = "batched costs more: " + units.USD(batched.CostUSD) + " against " + units.USD(baseline.CostUSD) + " with one call each"
	if f, b := FailedCalls(&batched.Failures), FailedCalls(&baseline.Failures); f > 0 {
		note += " — " + units.Plural(f, "call", "calls") + " failed (" + units.Count(b) + " with one call each), each paid for, and a failed batch is retried whole"
	}
	return note
}

// FailedCalls is the number of failed calls of every class.
func FailedCalls(f *core.ClassCounts) int {
	return f.RateLimit + f.RPM + f.TPM + f.Server + f.Timeout + f.Parse + f.Client + f.ContextWindow
}

// FailureBreakdown names the failed calls by class, the classes that
// happened only: "14 timeouts · 3 rate limited (429)"; "none" when no
// call failed.
func FailureBreakdown(f *core.ClassCounts) string {
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, units.Plural(n, one, many))
		}
	}
	add(f.RateLimit+f.RPM+f.TPM, "rate limited (429)", "rate limited (429)")
	add(f.Server, "server error (5xx)", "server errors (5xx)")
	add(f.Timeout, "timeout", "timeouts")
	add(f.Parse, "reply that did not parse", "replies that did not parse")
	add(f.Client, "client error (4xx)", "client errors (4xx)")
	add(f.ContextWindow, "over the context window", "over the context window")
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " · ")
}
