package core

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func simulateJSON(t *testing.T, scenario string) *Result {
	t.Helper()
	s, err := DecodeScenario([]byte(scenario))
	require.NoError(t, err)
	res, err := Simulate(s, Options{})
	require.NoError(t, err)
	return res
}

// TestTokenOnlyRequests checks the documented rules by hand-computed
// values: bands, tolerance, real output tokens in the effective tokens and
// in dispatch.
func TestTokenOnlyRequests(t *testing.T) {
	res := simulateJSON(t, `{"version":1, "policy":{"model_tuning":false}, "prompts":[
		{"request_id":"a", "created_at_ms":0, "input_tokens":1500, "output_tokens":600},
		{"request_id":"b", "created_at_ms":5, "input_tokens":200},
		{"request_id":"c", "created_at_ms":9, "token_count":5000, "output_tokens":50},
		{"request_id":"d", "created_at_ms":12, "prompt":"Write a python function"}]}`)
	byID := map[string]Request{}
	for _, r := range res.Requests {
		byID[r.ID] = r
	}
	a, b, c, d := byID["a"], byID["b"], byID["c"], byID["d"]
	assert.Equal(t, Analysis{Intent: IntentGeneral, Complexity: Medium, OutputLength: Long, LatencyTolerance: Medium}, a.Analysis)
	assert.Equal(t, 1500, a.TokenCount)
	assert.Equal(t, 600, a.OutputTokens)
	assert.Equal(t, 2100, a.EffectiveTokens, "input + real output")
	assert.Equal(t, Analysis{Intent: IntentGeneral, Complexity: Low, OutputLength: MediumLength, LatencyTolerance: Medium}, b.Analysis, "output unknown: medium")
	assert.Equal(t, 320, b.EffectiveTokens, "200 × 1.6, the estimate, without output_tokens")
	assert.Equal(t, Analysis{Intent: IntentGeneral, Complexity: High, OutputLength: Short, LatencyTolerance: Medium}, c.Analysis)
	assert.Equal(t, 5050, c.EffectiveTokens)
	assert.Equal(t, IntentCoding, d.Intent, "text is analysed as before")
	require.NotNil(t, res.Traffic)
	assert.Equal(t, ShapingReport{Rows: 4, Kept: 4, TokenOnly: 3}, *res.Traffic)

	// The real output drives dispatch: tokens out of the calls are the
	// output tokens given (a and c) plus b's estimate (320 − 200) and d's.
	require.NotNil(t, res.Dispatch)
	var out int64
	for _, at := range res.Attempts {
		out += at.TokensOut
	}
	assert.Equal(t, int64(600+120+50+(d.EffectiveTokens-d.TokenCount)), out)
}

func TestTokenOnlyTolerance(t *testing.T) {
	res := simulateJSON(t, `{"version":1, "policy":{"model_tuning":false}, "traffic":{"latency_tolerance":"high"}, "prompts":[{"input_tokens":10}]}`)
	assert.Equal(t, High, res.Requests[0].LatencyTolerance)
	assert.Equal(t, int64(120), res.Requests[0].WaitLimitMs, "high tolerance waits 120 ms")
}

func TestTokenOnlyRouting(t *testing.T) {
	res := simulateJSON(t, `{"version":1, "prompts":[
		{"input_tokens":10, "model":"ChatGPT"}, {"input_tokens":10, "model":"GPT-4"},
		{"input_tokens":10, "model":"gpt-4.1"}, {"input_tokens":10, "model":"llama-70b"},
		{"input_tokens":10, "model":"GPT-4", "selected_model":"claude-3-haiku"}]}`)
	models := []string{}
	for _, r := range res.Requests {
		models = append(models, r.Model)
	}
	sel := res.Requests[3].Model // unmapped: cost-first selection
	assert.Equal(t, []string{"gpt-3.5-turbo", "gpt-4o", "gpt-4.1", sel, "claude-3-haiku"}, models)
	assert.Equal(t, 3, res.Traffic.Mapped)
	assert.Equal(t, 1, res.Traffic.Unmapped)

	res = simulateJSON(t, `{"version":1, "traffic":{"model":"grok-2", "model_map":[{"from":"llama-70b","to":"deepseek-chat"}]}, "prompts":[
		{"input_tokens":10, "model":"ChatGPT"}, {"input_tokens":10, "model":"llama-70b"}, {"input_tokens":10}]}`)
	assert.Equal(t, "grok-2", res.Requests[0].Model, "the user's map replaces the default one")
	assert.Equal(t, "deepseek-chat", res.Requests[1].Model)
	assert.Equal(t, "grok-2", res.Requests[2].Model)

	_, err := DecodeScenario([]byte(`{"version":1, "traffic":{"model":"nope", "model_map":[{"from":"", "to":"x"}]}}`))
	requireFieldErrors(t, err, []string{`$.traffic.model: model "nope" is not in the catalog`, "$.traffic.model_map[0].from: want the trace's model name", `$.traffic.model_map[0].to: model "x" is not in the catalog`}, ErrUnknownModel)
}

func TestTrafficTransforms(t *testing.T) {
	prompts := `[{"request_id":"r0","created_at_ms":0,"input_tokens":5},
		{"request_id":"r1","created_at_ms":1000,"input_tokens":5,"failed":true},
		{"request_id":"r2","created_at_ms":2000,"input_tokens":5},
		{"request_id":"r3","created_at_ms":3000,"input_tokens":5},
		{"request_id":"r4","created_at_ms":4000,"input_tokens":5}]`
	ids := func(res *Result) []string {
		var out []string
		for _, r := range res.Requests {
			out = append(out, r.ID)
		}
		return out
	}
	for _, tt := range []struct {
		name, rules string
		ids         []string
		report      ShapingReport
	}{
		{"first n", `{"first_n":2}`, []string{"r0", "r1"}, ShapingReport{Rows: 5, AfterFirstN: 3, Kept: 2, TokenOnly: 2}},
		{"window", `{"from_ms":1000,"to_ms":3000}`, []string{"r1", "r2"}, ShapingReport{Rows: 5, OutsideWindow: 3, Kept: 2, TokenOnly: 2}},
		{"drop failed", `{"drop_failed":true}`, []string{"r0", "r2", "r3", "r4"}, ShapingReport{Rows: 5, Failed: 1, Kept: 4, TokenOnly: 4}},
		{"first n then window", `{"first_n":4,"from_ms":2000}`, []string{"r2", "r3"}, ShapingReport{Rows: 5, AfterFirstN: 1, OutsideWindow: 2, Kept: 2, TokenOnly: 2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := simulateJSON(t, `{"version":1, "traffic":`+tt.rules+`, "prompts":`+prompts+`}`)
			assert.Equal(t, tt.ids, ids(res))
			assert.Equal(t, tt.report, *res.Traffic)
		})
	}

	res := simulateJSON(t, `{"version":1, "traffic":{"rate_scale":2}, "prompts":`+prompts+`}`)
	var times []int64
	for _, r := range res.Requests {
		times = append(times, r.CreatedAt)
	}
	assert.Equal(t, []int64{0, 500, 1000, 1500, 2000}, times, "twice as fast")

	res = simulateJSON(t, `{"version":1, "traffic":{"sample":0.5}, "prompts":`+prompts+`}`)
	assert.Equal(t, 5, res.Traffic.Kept+res.Traffic.NotSampled)
	again := simulateJSON(t, `{"version":1, "traffic":{"sample":0.5}, "prompts":`+prompts+`}`)
	assert.Equal(t, ids(res), ids(again), "sampling is seeded")
}

func TestShapingReportOnlyWhenRulesActed(t *testing.T) {
	res := simulateJSON(t, `{"version":1, "prompts":["hello", "world"]}`)
	assert.Nil(t, res.Traffic)
	data, err := json.Marshal(DefaultScenario())
	require.NoError(t, err)
	assert.NotContains(t, string(data), `"traffic"`, "default rules are left out: share ids stay")

	res = simulateJSON(t, `{"version":1, "mode":"seed", "prompts":[{"input_tokens":10, "created_at_ms":0}]}`)
	require.NotNil(t, res.Traffic)
	require.Len(t, res.Traffic.Notes, 1)
	assert.Contains(t, res.Traffic.Notes[0], "not comparable with it")
}

func TestTokenFieldErrors(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
		kind error
	}{
		{`[{"created_at_ms":1}]`, "$[0].prompt: want a non-empty prompt (or shortened_query), or input_tokens", ErrRequired},
		{`[{"input_tokens":5,"token_count":5}]`, "$[0].token_count: give input_tokens or token_count (its older name), not both", ErrDuplicate},
		{`[{"input_tokens":0}]`, "$[0].input_tokens: want an integer number of tokens from 1 to 1099511627776, got 0", ErrInvalid},
		{`[{"input_tokens":5,"output_tokens":-1}]`, "$[0].output_tokens: want an integer number of tokens from 0 to 1099511627776, got -1", ErrInvalid},
		{`[{"input_tokens":5,"model":7}]`, "$[0].model: want the trace's model name, got the number 7", ErrType},
		{`[{"input_tokens":5,"failed":"yes"}]`, `$[0].failed: want true or false, got a string`, ErrType},
	} {
		_, _, err := DecodeRequests([]byte(tt.in), nil, "$", ModeTimer)
		requireFieldErrors(t, err, []string{tt.want}, tt.kind)
	}
}
