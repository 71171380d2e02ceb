package core

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDispatchDefaults(t *testing.T) {
	s, err := DecodeScenario([]byte(`{"version":1}`))
	require.NoError(t, err)
	d := s.Dispatch
	assert.Equal(t, DefaultDispatch(), d)
	assert.True(t, d.Enabled)
	assert.Equal(t, JobBatches, d.Job)
	assert.Equal(t, 10, d.BatchSize)
	assert.Equal(t, 3, d.Concurrency)
	assert.Equal(t, 3, d.MaxRetries)
	assert.Equal(t, int64(1000), d.BackoffBaseMs)
	assert.Equal(t, int64(60_000), d.BackoffCapMs)
	assert.False(t, d.Shuffle)
	assert.True(t, d.StopOnExhaustion)
	assert.Equal(t, Failures{}, d.Failures)
}

func TestDispatchDecode(t *testing.T) {
	s, err := DecodeScenario([]byte(`{"version":1,"dispatch":{"job":"fixed","batch_size":25,"concurrency":7,"shuffle":true,
		"max_retries":5,"backoff_base_ms":200,"backoff_cap_ms":5000,"stop_on_exhaustion":false,"model":"gpt-4o",
		"failures":{"rate_limit":0.1,"server_error":0.05,"timeout":0.01,"client_error":0.001,"parse_base":0.02,"parse_per_row":0.001}}}`))
	require.NoError(t, err)
	d := s.Dispatch
	assert.Equal(t, JobFixed, d.Job)
	assert.Equal(t, 25, d.BatchSize)
	assert.Equal(t, 7, d.Concurrency)
	assert.True(t, d.Shuffle)
	assert.Equal(t, 5, d.MaxRetries)
	assert.False(t, d.StopOnExhaustion)
	assert.True(t, d.Enabled, "fields left out keep their defaults")
	assert.Equal(t, Failures{RateLimit: 0.1, Server: 0.05, Timeout: 0.01, Client: 0.001, ParseBase: 0.02, ParsePerRow: 0.001}, d.Failures)
}

// TestDispatchBadSettings checks that bad settings are rejected with the
// field's path.
func TestDispatchBadSettings(t *testing.T) {
	tests := []struct {
		name, dispatch, path string
		kind                 error
	}{
		{"concurrency 0", `{"concurrency":0}`, "$.dispatch.concurrency", ErrInvalid},
		{"negative concurrency", `{"concurrency":-2}`, "$.dispatch.concurrency", ErrInvalid},
		{"batch size 0", `{"batch_size":0}`, "$.dispatch.batch_size", ErrInvalid},
		{"negative retries", `{"max_retries":-1}`, "$.dispatch.max_retries", ErrInvalid},
		{"too many retries", `{"max_retries":21}`, "$.dispatch.max_retries", ErrInvalid},
		{"negative base", `{"backoff_base_ms":-1}`, "$.dispatch.backoff_base_ms", ErrInvalid},
		{"cap below base", `{"backoff_base_ms":5000,"backoff_cap_ms":1000}`, "$.dispatch.backoff_cap_ms", ErrInvalid},
		{"timeout 0", `{"timeout_ms":0}`, "$.dispatch.timeout_ms", ErrInvalid},
		{"unknown job", `{"job":"stream"}`, "$.dispatch.job", ErrInvalid},
		{"unknown scope", `{"slots":"user"}`, "$.dispatch.slots", ErrInvalid},
		{"unknown model", `{"model":"gpt-9"}`, "$.dispatch.model", ErrUnknownModel},
		{"negative rate", `{"failures":{"rate_limit":-0.1}}`, "$.dispatch.failures.rate_limit", ErrInvalid},
		{"probability above 1", `{"failures":{"server_error":1.5}}`, "$.dispatch.failures.server_error", ErrInvalid},
		{"timeout probability", `{"failures":{"timeout":2}}`, "$.dispatch.failures.timeout", ErrInvalid},
		{"client probability", `{"failures":{"client_error":-1}}`, "$.dispatch.failures.client_error", ErrInvalid},
		{"parse base", `{"failures":{"parse_base":1.01}}`, "$.dispatch.failures.parse_base", ErrInvalid},
		{"parse per row", `{"failures":{"parse_per_row":-0.5}}`, "$.dispatch.failures.parse_per_row", ErrInvalid},
		{"classes over 1", `{"failures":{"rate_limit":0.6,"server_error":0.6}}`, "$.dispatch.failures", ErrInvalid},
		{"unknown field", `{"retries":3}`, "$.dispatch.retries", ErrUnknownField},
		{"unknown failure", `{"failures":{"oom":0.1}}`, "$.dispatch.failures.oom", ErrUnknownField},
		{"wrong type", `{"concurrency":"3"}`, "$.dispatch.concurrency", ErrType},
		{"not an object", `[1]`, "$.dispatch", ErrType},
		{"fraction for an integer", `{"batch_size":2.5}`, "$.dispatch.batch_size", ErrType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeScenario([]byte(`{"version":1,"dispatch":` + tt.dispatch + `}`))
			require.Error(t, err)
			fes := FieldErrors(err)
			require.NotEmpty(t, fes, err.Error())
			assert.Equal(t, tt.path, fes[0].Path, err.Error())
			assert.True(t, errors.Is(fes[0], tt.kind), "%v is not %v", fes[0], tt.kind)
		})
	}
}

// TestDispatchBadModelLimits checks the catalog side: negative rate limits
// and concurrency caps are rejected at the model's path.
func TestDispatchBadModelLimits(t *testing.T) {
	for field, path := range map[string]string{
		`"rpm":-1`:             "$.catalog.models[0].rpm",
		`"tpm":-5`:             "$.catalog.models[0].tpm",
		`"max_concurrency":-1`: "$.catalog.models[0].max_concurrency",
		`"jitter_sigma":-0.1`:  "$.catalog.models[0].jitter_sigma",
		`"batch_discount":1.5`: "$.catalog.models[0].batch_discount",
	} {
		_, err := DecodeScenario([]byte(`{"version":1,"catalog":{"models":[{"name":"gpt-4o",` + field + `}]}}`))
		require.Error(t, err, field)
		assert.Equal(t, path, FieldErrors(err)[0].Path, field)
	}
}

func TestDispatchOff(t *testing.T) {
	s, err := DecodeScenario([]byte(`{"version":1,"prompts":["Fix this bug.","Summarize it."],"dispatch":{"enabled":false}}`))
	require.NoError(t, err)
	res, err := Simulate(s, Options{})
	require.NoError(t, err)
	assert.Nil(t, res.Dispatch)
	assert.Nil(t, res.Attempts)
}

// TestRunDispatchUnvalidated: RunDispatch clamps settings nobody
// validated, so a dispatch still ends, within the retry limit.
func TestRunDispatchUnvalidated(t *testing.T) {
	reqs := []Request{
		{ID: "a", CreatedAt: 0, TokenCount: 10, hasTime: true, hasAnalysis: true, hasTokens: true},
		{ID: "b", Index: 1, CreatedAt: 5, TokenCount: 10, hasTime: true, hasAnalysis: true, hasTokens: true},
	}
	cat := DefaultCatalog()
	p := DefaultPolicy()
	res := Run(reqs, cat, &p, ModeTimer, 0, nil)
	set := Dispatch{Slots: SlotsGlobal, Concurrency: 0, MaxRetries: 300, BackoffBaseMs: -5, BackoffCapMs: 1 << 62,
		TimeoutMs: -1, Failures: Failures{Server: 1}}
	require.NoError(t, RunDispatch(res, cat, &set, 0, 1, nil))
	m := res.Dispatch.Metrics
	assert.Equal(t, 2, m.FailedRows)
	assert.Equal(t, len(res.Batches)*(1+maxRetries), m.Attempts)
	assert.Nil(t, res.Dispatch.Baseline)
}
