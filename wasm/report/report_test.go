package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func result(t *testing.T) *core.Result {
	sc := core.DefaultScenario()
	sc.Prompts = json.RawMessage(`[
		{"request_id":"a","created_at_ms":0,"prompt":"Write a Python function <img src=x onerror=alert(1)>"},
		{"request_id":"b","created_at_ms":10,"prompt":"Write a Python class"},
		{"request_id":"c","created_at_ms":500,"prompt":"Summarize the doc"},
		{"request_id":"d","created_at_ms":600,"prompt":"x","token_count":1000000,"selected_model":"gpt-3.5-turbo"}]`)
	sc.SharedPromptTokens = 100
	res, err := core.Simulate(&sc, core.Options{})
	require.NoError(t, err)
	return res
}

func TestMetrics(t *testing.T) {
	res := result(t)
	ms := Metrics(&res.Metrics)
	byID := map[string]Metric{}
	for _, m := range ms {
		byID[m.ID] = m
		assert.NotEmpty(t, m.Label)
		assert.NotEmpty(t, m.Help, "%s says what it measures", m.ID)
	}
	assert.Equal(t, "4", byID["metric-requests"].Value)
	assert.Equal(t, "1 rejected", strings.Split(byID["metric-requests"].Note, ", ")[1])
	assert.Equal(t, "2", byID["metric-batches"].Value, "the number alone: tests read it")
	assert.Equal(t, "requests", byID["metric-requests"].Unit)
	assert.Equal(t, "batches", byID["metric-batches"].Unit)
	assert.True(t, strings.HasSuffix(byID["metric-wait-p95"].Value, " ms"), byID["metric-wait-p95"].Value)
	assert.Contains(t, byID["metric-wait-p95"].Help, "ms", "the exact figure")
	assert.Contains(t, byID, "metric-prompt-tokens-saved")
}

func TestRejections(t *testing.T) {
	res := result(t)
	assert.Equal(t, []string{"d: 1,600,000 tokens (+100 shared) exceed gpt-3.5-turbo's context window of 16,000 tokens"}, Rejections(res, 10))

	many := &core.Result{}
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		many.Rejected = append(many.Rejected, core.Rejection{RequestID: id, Reason: "too big"})
	}
	assert.Equal(t, []string{"a: too big", "b: too big", "and 3 more"}, Rejections(many, 2))
	assert.Len(t, Rejections(many, 5), 5, "all of them, no 'more' line")
	assert.Empty(t, Rejections(&core.Result{}, 10))
}

func TestModelRows(t *testing.T) {
	res := result(t)
	p := core.DefaultPolicy()
	rows := ModelRows(&res.Metrics, core.DefaultModels(), &p)
	require.Len(t, rows, len(res.Metrics.Models))
	assert.Contains(t, rows[0].Limits, "wait ")
}

func TestHistogram(t *testing.T) {
	res := result(t)
	bins := Histogram(res, 10)
	require.NotEmpty(t, bins)
	total := 0
	tallest := 0.0
	for _, b := range bins {
		total += b.Count
		tallest = max(tallest, b.Height)
		assert.Less(t, b.From, b.To)
	}
	assert.Equal(t, res.Metrics.BatchedRequests, total)
	assert.Equal(t, 100.0, tallest)
	assert.Contains(t, bins[0].Label(), "ms")
	assert.Contains(t, bins[0].Style(), "height:")
	assert.Nil(t, Histogram(nil, 10))
}

func TestExports(t *testing.T) {
	res := result(t)
	j, err := JSON(res)
	require.NoError(t, err)
	var back map[string]any
	require.NoError(t, json.Unmarshal(j, &back))
	assert.Contains(t, back, "metrics")

	c, err := CSV(res)
	require.NoError(t, err)
	rows, err := csv.NewReader(bytes.NewReader(c)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 5)
	assert.Equal(t, core.CSVHeader, rows[0])
	rejected := slices.Index(core.CSVHeader, "rejected")
	assert.Equal(t, "true", rows[4][rejected], "the oversized request is rejected")
}

func TestMembers(t *testing.T) {
	res := result(t)
	ms := Members(res, &res.Batches[0])
	require.Len(t, ms, 2)
	assert.Equal(t, "a", ms[0].ID)
	assert.Contains(t, ms[0].Prompt, "<img src=x onerror=alert(1)>", "raw text; the page escapes it")
}

func TestDispatchMetrics(t *testing.T) {
	assert.Nil(t, DispatchMetrics(nil))
	res := result(t)
	require.NotNil(t, res.Dispatch)
	ms := DispatchMetrics(res.Dispatch)
	ids := []string{}
	for _, m := range ms {
		ids = append(ids, m.ID)
		assert.NotEmpty(t, m.Help, "%s says what it measures", m.ID)
	}
	assert.Contains(t, ids, "dispatch-attempts")
	assert.Contains(t, ids, "dispatch-saving", "the baseline runs by default")
}

func TestDispatchMetricsShowSmeltsFigures(t *testing.T) {
	res := result(t)
	has := func(ms []Metric) bool {
		return slices.ContainsFunc(ms, func(m Metric) bool { return m.ID == "dispatch-smelt" })
	}
	assert.False(t, has(DispatchMetrics(res.Dispatch)), "only under Smelt's semantics")
	res.Dispatch.Metrics.Smelt = &core.SmeltMetrics{FailedBatches: 3, FailedRows: 30, TotalRetries: 4, WallTimeSeconds: 3.568}
	ms := DispatchMetrics(res.Dispatch)
	require.True(t, has(ms))
	m := ms[len(ms)-1]
	assert.Equal(t, "3", m.Value)
	assert.Equal(t, "failed_batches", m.Unit)
	assert.Contains(t, m.Note, "total_retries 4")
}

func TestSavingNoteExplainsALoss(t *testing.T) {
	batched := core.DispatchMetrics{CostUSD: 5.5, Failures: core.ClassCounts{Timeout: 14}}
	baseline := core.DispatchMetrics{CostUSD: 1, Failures: core.ClassCounts{Timeout: 1}}
	note := savingNote(&core.Saving{CostUSD: -4.515, CostFraction: -4.515, CallsSaved: 40}, &batched, &baseline)
	assert.Equal(t, "batched costs more: $5.50 against $1.00 with one call each — 14 calls failed (1 with one call each), each paid for, and a failed batch is retried whole", note)
	assert.Equal(t, "1 call saved", savingNote(&core.Saving{CostUSD: 1, CallsSaved: 1}, &batched, &baseline))
}

func TestFailureBreakdown(t *testing.T) {
	assert.Equal(t, "none", FailureBreakdown(&core.ClassCounts{}))
	assert.Equal(t, "3 rate limited (429) · 1 timeout · 2 over the context window",
		FailureBreakdown(&core.ClassCounts{RateLimit: 1, TPM: 2, Timeout: 1, ContextWindow: 2}))
	assert.Equal(t, 6, FailedCalls(&core.ClassCounts{RateLimit: 1, TPM: 2, Timeout: 1, ContextWindow: 2}))
}
