package report

import (
	"strconv"

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
	f := m.Failures
	out := []Metric{
		{ID: "dispatch-rows", Label: "Requests answered", Value: strconv.Itoa(m.SuccessfulRows), Unit: "of " + units.Count(m.Rows),
			Note: units.Count(m.FailedRows) + " failed, " + units.Count(m.CancelledRows) + " cancelled"},
		{ID: "dispatch-attempts", Label: "Calls made", Value: strconv.Itoa(m.Attempts), Unit: "calls",
			Note: units.Count(m.Retries) + " retries"},
		{ID: "dispatch-failures", Label: "Failed calls", Value: strconv.Itoa(f.RateLimit + f.RPM + f.TPM + f.Server + f.Timeout + f.Parse + f.Client + f.ContextWindow), Unit: "calls",
			Note: "429 " + strconv.Itoa(f.RateLimit+f.RPM+f.TPM) + " · 5xx " + strconv.Itoa(f.Server) + " · timeout " + strconv.Itoa(f.Timeout) +
				" · parse " + strconv.Itoa(f.Parse) + " · 4xx " + strconv.Itoa(f.Client+f.ContextWindow)},
		{ID: "dispatch-latency-p95", Label: "End-to-end p95", Value: units.Duration(float64(m.Latency.P95)), Unit: "",
			Note: "p50 " + units.Duration(float64(m.Latency.P50)) + ", arrival to answer"},
		{ID: "dispatch-cost", Label: "Cost", Value: units.USD(m.CostUSD), Unit: "",
			Note: units.Count(int(m.TokensIn)) + " tokens in, " + units.Count(int(m.TokensOut)) + " out"},
		{ID: "dispatch-throughput", Label: "Throughput", Value: units.Decimal(m.Throughput), Unit: "requests/s",
			Note: "wall " + units.Duration(float64(m.WallMs)) + ", at most " + strconv.Itoa(m.MaxInFlight) + " calls at once"},
	}
	if s := d.Saving; s != nil && d.Baseline != nil {
		out = append(out,
			Metric{ID: "dispatch-saving", Label: "Saved vs one call each", Value: units.USD(s.CostUSD), Unit: units.Percent(s.CostFraction),
				Note: units.Count(s.CallsSaved) + " calls saved"},
			Metric{ID: "dispatch-p95-delta", Label: "p95 latency cost", Value: signed(s.P95DeltaMs), Unit: "ms",
				Note: "batched minus one call each"})
	}
	if m.Stopped {
		out = append(out, Metric{ID: "dispatch-stopped", Label: "Stopped", Value: units.Clock(m.StoppedAtMs), Unit: "",
			Note: "a batch failed for good; the rest were cancelled"})
	}
	if sm := m.Smelt; sm != nil {
		out = append(out, Metric{ID: "dispatch-smelt", Label: "As Smelt reports it", Value: strconv.Itoa(sm.FailedBatches), Unit: "failed_batches",
			Note: units.Count(sm.FailedRows) + " failed_rows (cancelled included) · total_retries " + units.Count(sm.TotalRetries) +
				" · tokens " + units.Count(int(sm.InputTokens)) + " in, " + units.Count(int(sm.OutputTokens)) + " out (replies only) · wall " +
				units.Duration(sm.WallTimeSeconds*1000)})
	}
	return out
}

func signed(n int64) string {
	if n > 0 {
		return "+" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}
