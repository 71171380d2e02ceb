// Package report turns a result into what the metrics panel shows and what
// it exports: metrics with units, a histogram of queue waits, a per-model
// table, and the result as JSON and CSV.
package report

import (
	"strconv"

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
}

// Metrics lists the result's headline figures.
func Metrics(m *core.Metrics) []Metric {
	q := m.QueueWait
	c := m.CloseReasons
	out := []Metric{
		{ID: "metric-requests", Label: "Requests", Value: strconv.Itoa(m.Requests), Unit: "requests",
			Note: units.Count(m.BatchedRequests) + " batched, " + units.Count(m.Rejected) + " rejected"},
		{ID: "metric-batches", Label: "Batches", Value: strconv.Itoa(m.Batches), Unit: "batches",
			Note: units.Count(m.OversizeBatches) + " oversize"},
		{ID: "metric-calls-saved", Label: "LLM calls saved", Value: strconv.Itoa(m.LLMCallsSaved), Unit: "calls",
			Note: units.Decimal(m.CallsPerRequest) + " calls per request"},
		{ID: "metric-mean-size", Label: "Mean batch size", Value: units.Decimal(m.MeanBatchSize), Unit: "requests",
			Note: "median " + strconv.Itoa(m.MedianBatchSize)},
		{ID: "metric-fill", Label: "Fill", Value: units.Percent(m.SizeFill), Unit: "of size limit",
			Note: units.Percent(m.TokenFill) + " of token limit"},
		{ID: "metric-wait-p50", Label: "Queue wait p50", Value: strconv.FormatInt(q.P50, 10), Unit: "ms",
			Note: "mean " + units.Decimal(q.Mean) + " ms"},
		{ID: "metric-wait-p95", Label: "Queue wait p95", Value: strconv.FormatInt(q.P95, 10), Unit: "ms",
			Note: "p99 " + strconv.FormatInt(q.P99, 10) + " ms, max " + strconv.FormatInt(q.Max, 10) + " ms"},
		{ID: "metric-close-reasons", Label: "Closed by", Value: strconv.Itoa(c.Time) + " / " + strconv.Itoa(c.Size) + " / " + strconv.Itoa(c.Tokens) + " / " + strconv.Itoa(c.Flush),
			Unit: "batches", Note: "time / size / tokens / flush"},
		{ID: "metric-span", Label: "Span", Value: units.Duration(float64(m.SpanMs)), Unit: "",
			Note: "first arrival to last close"},
	}
	if m.SharedPromptTokens > 0 {
		out = append(out, Metric{ID: "metric-prompt-tokens-saved", Label: "Prompt tokens saved", Value: strconv.Itoa(m.PromptTokensSaved), Unit: "tokens",
			Note: units.Count(m.SharedPromptTokens) + " shared × " + units.Count(m.LLMCallsSaved) + " calls saved"})
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
			WaitP50: strconv.FormatInt(mm.QueueWait.P50, 10), WaitP95: strconv.FormatInt(mm.QueueWait.P95, 10), WaitMax: strconv.FormatInt(mm.QueueWait.Max, 10),
		}
		for i := range cat {
			if cat[i].Name == mm.Model && p != nil {
				l := p.LimitsFor(&cat[i])
				row.Limits = "wait " + strconv.FormatInt(l.WaitMs[0], 10) + "/" + strconv.FormatInt(l.WaitMs[1], 10) + "/" + strconv.FormatInt(l.WaitMs[2], 10) +
					" ms, " + strconv.Itoa(l.MaxSize) + " req, " + units.Count(l.MaxTokens) + " tok"
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
