// Package report turns a result into what the metrics panel shows and what
// it exports: metrics with units, a histogram of queue waits, a per-model
// table, and the result as JSON and CSV.
package report

import (
	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// A Metric is one labelled figure of the metrics panel.
type Metric struct {
	// ID is the HTML id of the figure ("metric-batches"); its text is Value.
	ID    string
	Label string
	Value string
	// Unit follows the value ("ms", "requests"); Note explains it.
	Unit string
	Note string
	// Help says what the figure measures, with exact figures where Value
	// rounds: the figure's tooltip.
	Help string
}

// Metrics lists the result's headline figures.
func Metrics(m *core.Metrics) []Metric {
	q := m.QueueWait
	c := m.CloseReasons
	out := []Metric{
		{ID: "metric-requests", Label: "Requests", Value: units.Count(m.Requests), Unit: units.Noun(m.Requests, "request", "requests"),
			Note: units.Count(m.BatchedRequests) + " batched, " + units.Count(m.Rejected) + " rejected",
			Help: "Requests simulated; rejected ones exceed their model's context window and join no batch."},
		{ID: "metric-batches", Label: "Batches", Value: units.Count(m.Batches), Unit: units.Noun(m.Batches, "batch", "batches"),
			Note: units.Count(m.OversizeBatches) + " oversize",
			Help: "Batches formed, one LLM call each; an oversize batch is one request above the token limit, sent alone."},
		{ID: "metric-calls-saved", Label: "LLM calls saved", Value: units.Count(m.LLMCallsSaved), Unit: units.Noun(m.LLMCallsSaved, "call", "calls"),
			Note: units.Decimal(m.CallsPerRequest) + " calls per request",
			Help: "Batched requests minus batches: the calls batching avoids against one call per request."},
		{ID: "metric-mean-size", Label: "Mean batch size", Value: units.Decimal(m.MeanBatchSize), Unit: "requests",
			Note: "median " + units.Plural(m.MedianBatchSize, "request", "requests"),
			Help: "Requests per batch, averaged over the batches."},
		{ID: "metric-fill", Label: "Fill", Value: units.Percent(m.SizeFill), Unit: "of size limit",
			Note: units.Percent(m.TokenFill) + " of token limit",
			Help: "How full the batches were: requests over the size limit and effective tokens over the token limit, averaged over the batches."},
		{ID: "metric-wait-p50", Label: "Queue wait p50", Value: units.Duration(float64(q.P50)),
			Note: "mean " + units.Duration(q.Mean),
			Help: "Half the batched requests waited at most this long from arrival to their batch's close (" + units.Millis(q.P50) + ")."},
		{ID: "metric-wait-p95", Label: "Queue wait p95", Value: units.Duration(float64(q.P95)),
			Note: "p99 " + units.Duration(float64(q.P99)) + ", max " + units.Duration(float64(q.Max)),
			Help: "95 % of the batched requests waited at most this long from arrival to their batch's close (" + units.Millis(q.P95) + "; max " + units.Millis(q.Max) + ")."},
		{ID: "metric-close-reasons", Label: "Closed by", Value: units.Count(c.Time) + " / " + units.Count(c.Size) + " / " + units.Count(c.Tokens) + " / " + units.Count(c.Flush),
			Unit: "batches", Note: "time / size / tokens / flush",
			Help: "Batches by the rule that closed them: the wait ran out, the size or token limit was reached, or (seed mode) the last arrival flushed them."},
		{ID: "metric-span", Label: "Span", Value: units.Duration(float64(m.SpanMs)),
			Note: "first arrival to last close",
			Help: "Time from the first arrival to the last batch's close (" + units.Millis(m.SpanMs) + ")."},
	}
	if m.SharedPromptTokens > 0 {
		out = append(out, Metric{ID: "metric-prompt-tokens-saved", Label: "Prompt tokens saved", Value: units.Count(m.PromptTokensSaved), Unit: units.Noun(m.PromptTokensSaved, "token", "tokens"),
			Note: units.Tokens(m.SharedPromptTokens) + " shared × " + units.Plural(m.LLMCallsSaved, "call", "calls") + " saved",
			Help: "The shared prompt is sent once per batch instead of once per request."})
	}
	return out
}

// A ModelRow is one line of the per-model table, formatted.
type ModelRow struct {
	Model, Requests, Batches, MeanSize, TokensIn, TokensEffective string
	WaitP50, WaitP95, WaitMax                                     string
	// Limits are the limits in effect for the model under the policy.
	Limits string
}

// ModelRows formats the per-model metrics, with each model's limits.
func ModelRows(m *core.Metrics, cat []core.Model, p *core.Policy) []ModelRow {
	out := make([]ModelRow, 0, len(m.Models))
	for _, mm := range m.Models {
		row := ModelRow{
			Model: mm.Model, Requests: units.Count(mm.Requests), Batches: units.Count(mm.Batches),
			MeanSize: units.Decimal(mm.MeanBatchSize), TokensIn: units.Count(mm.TokensIn), TokensEffective: units.Count(mm.TokensEffective),
			WaitP50: units.Count(int(mm.QueueWait.P50)), WaitP95: units.Count(int(mm.QueueWait.P95)), WaitMax: units.Count(int(mm.QueueWait.Max)),
		}
		for i := range cat {
			if cat[i].Name == mm.Model && p != nil {
				l := p.LimitsFor(&cat[i])
				row.Limits = "wait " + units.Count(int(l.WaitMs[0])) + "/" + units.Count(int(l.WaitMs[1])) + "/" + units.Count(int(l.WaitMs[2])) +
					" ms, " + units.Plural(l.MaxSize, "request", "requests") + ", " + units.Tokens(l.MaxTokens)
				break
			}
		}
		out = append(out, row)
	}
	return out
}

// Rejections lists the result's rejected requests as "id: reason", the
// first limit of them, with a last line "and K more" when there are more.
func Rejections(res *core.Result, limit int) []string {
	out := make([]string, 0, min(len(res.Rejected), limit)+1)
	for i, r := range res.Rejected {
		if i == limit {
			out = append(out, "and "+units.Count(len(res.Rejected)-limit)+" more")
			break
		}
		out = append(out, r.RequestID+": "+r.Reason)
	}
	return out
}
