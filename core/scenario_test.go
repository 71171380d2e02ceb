package core

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeScenario(t *testing.T) {
	s, err := DecodeScenario([]byte(`{
		"version": 1, "mode": "seed", "seed": 9, "shared_prompt_tokens": 120,
		"prompts": ["a", {"prompt": "b", "created_at_ms": 3}],
		"arrivals": {"process": "burst", "burst_size": 4},
		"policy": {"max_batch_size": 5, "overrides": [{"model": "gpt-4o", "wait_ms": 10}]},
		"catalog": {"models": [
			{"name": "gpt-4o", "input_usd_per_mtok": 1.5, "strengths": {"coding": 5}},
			{"name": "tiny", "cost_tier": "very-low", "latency_tier": "low", "context_tokens": 4096, "strengths": {"general": 2}}
		]}
	}`))
	require.NoError(t, err)
	assert.Equal(t, ModeSeed, s.Mode)
	assert.Equal(t, uint64(9), s.Seed)
	assert.Equal(t, "burst", s.Arrivals.Process)
	assert.Equal(t, int64(1000), s.Arrivals.BurstGapMs, "unset fields keep defaults")
	assert.Equal(t, 5, s.Policy.MaxBatchSize)
	assert.Equal(t, int64(80), s.Policy.BaseWaitMs)
	assert.True(t, s.Policy.ModelTuning)

	cat, err := s.BuildCatalog()
	require.NoError(t, err)
	require.Equal(t, 16, cat.Len())
	i, ok := cat.Lookup("gpt-4o")
	require.True(t, ok)
	m := cat.Models()[i]
	assert.Equal(t, 1.5, m.InputUSDPerMTok, "edited field")
	assert.Equal(t, 10.0, m.OutputUSDPerMTok, "other fields keep the default")
	assert.Equal(t, 5.0, m.Strengths["coding"])
	assert.Equal(t, 4.0, m.Strengths["general"], "strengths merge")
	assert.Equal(t, 4.0, DefaultModels()[i].Strengths["coding"], "defaults untouched")
	tiny := cat.Models()[15]
	assert.Equal(t, "tiny", tiny.Name)
	assert.Equal(t, NewModelDefaults().TTFTMs, tiny.TTFTMs, "a new model starts from NewModelDefaults")

	res, err := Simulate(s, Options{})
	require.NoError(t, err)
	assert.Len(t, res.Requests, 2)
	assert.Equal(t, uint64(9), res.Seed)
}

func TestDecodeScenarioErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		kind     error
	}{
		{"not json", `{"version":1,`, []string{"$ (line 1, column 14): unexpected end of JSON input"}, ErrSyntax},
		{"not an object", `[1]`, []string{"$: want an object, got an array"}, ErrType},
		{"null", ` null `, []string{"$: want a scenario object, got null"}, ErrType},
		{"missing version", `{}`, []string{`$.version: want "version": 1`}, ErrRequired},
		{"too new", `{"version": 7}`, []string{"$.version: this scenario is version 7, written by a newer batchlab"}, ErrVersion},
		{"unknown field", `{"version": 1, "polcy": {}}`, []string{"$.polcy: unknown field; want one of version, name"}, ErrUnknownField},
		{"nested unknown field", `{"version": 1, "policy": {"max_wiat_ms": 3}}`, []string{"$.policy.max_wiat_ms: unknown field"}, ErrUnknownField},
		{"wrong type", `{"version": 1, "policy": {"max_batch_size": "8"}}`, []string{"$.policy.max_batch_size: want an integer, got a string"}, ErrType},
		{"fraction for integer", `{"version": 1, "policy": {"max_batch_size": 2.5}}`, []string{"$.policy.max_batch_size: want an integer, got the number 2.5"}, ErrType},
		{"bad mode", `{"version": 1, "mode": "fast"}`, []string{`$.mode: want "timer" or "seed", got "fast"`}, ErrInvalid},
		{"negative seed", `{"version": 1, "seed": -1}`, []string{"$.seed: want a non-negative integer, got the number -1"}, ErrType},
		{"huge seed", `{"version": 1, "seed": 9007199254740992}`, []string{"$.seed: want 0 to 9007199254740991, got 9007199254740992"}, ErrInvalid},
		{"bad limits", `{"version": 1, "policy": {"max_batch_size": 0, "max_batch_tokens": -1, "min_wait_ms": 200}}`,
			[]string{"$.policy.max_batch_size: want 1 to 1000000 requests, got 0", "$.policy.max_batch_tokens: want 1 to 1099511627776 tokens, got -1", "$.policy.min_wait_ms: want min_wait_ms ≤ max_wait_ms"}, ErrInvalid},
		{"override of unknown model", `{"version": 1, "policy": {"overrides": [{"model": "x"}, {"model": "gpt-4o", "wait_ms": -2}]}}`,
			[]string{`$.policy.overrides[0].model: model "x" is not in the catalog`, "$.policy.overrides[1].wait_ms: want a wait"}, ErrUnknownModel},
		{"override type", `{"version": 1, "policy": {"overrides": [{"model": 3}]}}`, []string{"$.policy.overrides[0].model: want a string, got the number 3"}, ErrType},
		{"bad arrivals", `{"version": 1, "arrivals": {"process": "wave", "rate_per_s": 0}}`,
			[]string{`$.arrivals.process: want "fixed", "poisson" or "burst", got "wave"`, "$.arrivals.rate_per_s: want 0.001 to 1000000 per s, got 0"}, ErrInvalid},
		{"catalog model without name", `{"version": 1, "catalog": {"models": [{"context_tokens": 5}]}}`, []string{"$.catalog.models[0].name: want the model's name"}, ErrRequired},
		{"catalog model not object", `{"version": 1, "catalog": {"models": [7]}}`, []string{"$.catalog.models[0]: want a model object, got the number 7"}, ErrType},
		{"catalog bad fields", `{"version": 1, "catalog": {"models": [{"name": "gpt-4o"}, {"name": "n", "cost_tier": "cheap", "context_tokens": 0, "strengths": {"humor": 3, "coding": 9}, "batch_discount": 2}]}}`,
			[]string{`$.catalog.models[1].cost_tier: want one of very-low`, "$.catalog.models[1].context_tokens: want a positive", "$.catalog.models[1].strengths.coding: want a strength from 0 to 5", "$.catalog.models[1].strengths.humor: want one of coding", "$.catalog.models[1].batch_discount: want a fraction"}, ErrInvalid},
		{"catalog duplicate", `{"version": 1, "catalog": {"models": [{"name": "gpt-4o"}, {"name": "gpt-4o"}]}}`, []string{`$.catalog.models[1].name: model "gpt-4o" is already given at $.catalog.models[0]`}, ErrDuplicate},
		{"catalog replaced empty", `{"version": 1, "catalog": {"replace": true}}`, []string{"$.catalog.models: a replaced catalog needs at least one model"}, ErrRequired},
		{"catalog field type", `{"version": 1, "catalog": {"models": [{"name": "gpt-4o", "rpm": "many"}]}}`, []string{"$.catalog.models[0].rpm: want an integer, got a string"}, ErrType},
		{"shared tokens", `{"version": 1, "shared_prompt_tokens": -5}`, []string{"$.shared_prompt_tokens: want 0 to 10000000 tokens, got -5"}, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeScenario([]byte(tt.in))
			requireFieldErrors(t, err, tt.want, tt.kind)
		})
	}
}

func TestSimulatePromptErrorsInScenario(t *testing.T) {
	s, err := DecodeScenario([]byte(`{"version": 1, "prompts": ["ok", {"prompt": "x", "selected_model": "nope"}]}`))
	require.NoError(t, err)
	_, err = Simulate(s, Options{})
	require.Error(t, err)
	assert.Equal(t, `$.prompts[1].selected_model: model "nope" is not in the catalog (seed mode accepts the item, as the reference prototype does)`, err.Error())
	assert.ErrorIs(t, err, ErrUnknownModel)
}

// TestDefaultModelsAreValid: the default catalog passes the checks of an
// edited one, which BuildCatalog skips for the defaults alone.
func TestDefaultModelsAreValid(t *testing.T) {
	var errs errorList
	validateModels(DefaultModels(), func(i int) string { return "$.catalog.default[" + strconv.Itoa(i) + "]" }, &errs)
	require.NoError(t, errs.err())
	cat, err := (&Scenario{}).BuildCatalog()
	require.NoError(t, err)
	require.Len(t, cat.Models(), len(DefaultModels()))
}
