package core

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeRequests(t *testing.T) {
	cat := DefaultCatalog()
	reqs, _, err := DecodeRequests([]byte(`[
		"plain string",
		{"prompt": "with id", "request_id": "x", "created_at_ms": 5, "user_id": 42},
		{"prompt": "", "shortened_query": "short one", "request_id": null},
		{"prompt": null, "shortened_query": "another", "request_id": ""},
		{"prompt": "given", "analysis_json": "{\"intent_type\":\"coding\"}", "token_count": 77, "selected_model": "gpt-4o"},
		{"prompt": "given object", "analysis_json": {"latency_tolerance": "high", "compliance_needed": true}}
	]`), cat, "$", ModeTimer)
	require.NoError(t, err)
	require.Len(t, reqs, 6)
	assert.Equal(t, "r1", reqs[0].ID)
	assert.Equal(t, "plain string", reqs[0].Text)
	assert.Equal(t, "x", reqs[1].ID)
	assert.Equal(t, int64(5), reqs[1].CreatedAt)
	assert.True(t, reqs[1].hasTime)
	assert.Equal(t, "42", reqs[1].UserID)
	assert.Equal(t, "r3", reqs[2].ID)
	assert.Equal(t, "short one", reqs[2].Text)
	assert.Equal(t, "r4", reqs[3].ID)
	assert.Equal(t, "another", reqs[3].Text)

	Enrich(reqs, cat, nil)
	assert.Equal(t, IntentCoding, reqs[4].Intent)
	assert.Equal(t, 77, reqs[4].TokenCount)
	assert.Equal(t, "gpt-4o", reqs[4].Model)
	assert.Equal(t, High, reqs[5].LatencyTolerance)
	assert.True(t, reqs[5].ComplianceNeeded)
	assert.Equal(t, IntentGeneral, reqs[5].Intent, "missing analysis fields are computed")

	empty, _, err := DecodeRequests([]byte(" [ ] "), cat, "$", ModeTimer)
	require.NoError(t, err)
	assert.Empty(t, empty)
}

func TestDecodeRequestsErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // "path: message" prefixes, in order
		kind     error
	}{
		{"not json", `[1, 2`, []string{"$ (line 1, column 6): unexpected end of JSON input"}, ErrSyntax},
		{"syntax line and column", "[\n  \"a\",\n  }\n]", []string{"$ (line 3, column 3): invalid character '}'"}, ErrSyntax},
		{"empty document", ``, []string{"$ (line 1, column 1): unexpected end of JSON input"}, ErrSyntax},
		{"object at top", `{"prompt": "x"}`, []string{"$ (line 1, column 1): want a JSON array of prompts, got an object"}, ErrType},
		{"string at top", `"x"`, []string{"$ (line 1, column 1): want a JSON array of prompts, got a string"}, ErrType},
		{"null at top", `null`, []string{"$: want a JSON array of prompts, got null"}, ErrType},
		{"number item", `[3]`, []string{"$[0]: want a prompt string or an object with a prompt, got the number 3"}, ErrType},
		{"empty string", `["ok", ""]`, []string{"$[1]: want a non-empty prompt"}, ErrRequired},
		{"blank string", `["\u00a0 \t"]`, []string{"$[0]: want a non-empty prompt"}, ErrRequired},
		{"no prompt", `[{"request_id": "a"}]`, []string{"$[0].prompt: want a non-empty prompt (or shortened_query)"}, ErrRequired},
		{"blank prompt", `[{"prompt": "  "}]`, []string{"$[0].prompt: want a prompt with more than white space"}, ErrRequired},
		{"prompt not string", `[{"prompt": 5}]`, []string{"$[0].prompt: want a string, got the number 5"}, ErrType},
		{"query not string", `[{"shortened_query": true}]`, []string{"$[0].shortened_query: want a string, got a boolean"}, ErrType},
		{"negative time", `[{"prompt": "a", "created_at_ms": -1}]`, []string{"$[0].created_at_ms: want a non-negative integer"}, ErrInvalid},
		{"fractional time", `[{"prompt": "a", "created_at_ms": 1.5}]`, []string{"$[0].created_at_ms: want a non-negative integer"}, ErrInvalid},
		{"float-looking time", `[{"prompt": "a", "created_at_ms": 1.0}]`, []string{"$[0].created_at_ms: want a non-negative integer"}, ErrInvalid},
		{"exponent time", `[{"prompt": "a", "created_at_ms": 1e3}]`, []string{"$[0].created_at_ms: want a non-negative integer"}, ErrInvalid},
		{"string time", `[{"prompt": "a", "created_at_ms": "5"}]`, []string{"$[0].created_at_ms: want a non-negative integer"}, ErrInvalid},
		{"huge time", `[{"prompt": "a", "created_at_ms": 99999999999999999999}]`, []string{"$[0].created_at_ms: want a non-negative integer"}, ErrInvalid},
		{"id not string", `[{"prompt": "a", "request_id": 7}]`, []string{"$[0].request_id: want a string, got the number 7"}, ErrType},
		{"duplicate id", `[{"prompt": "a", "request_id": "q"}, {"prompt": "b", "request_id": "q"}]`, []string{`$[1].request_id: request id "q" is already used by $[0]`}, ErrDuplicate},
		{"duplicate generated id", `["a", {"prompt": "b", "request_id": "r1"}]`, []string{`$[1].request_id: request id "r1" is already used by $[0]`}, ErrDuplicate},
		{"unknown model", `[{"prompt": "a", "selected_model": "gpt-9"}]`, []string{`$[0].selected_model: model "gpt-9" is not in the catalog`}, ErrUnknownModel},
		{"bad token count", `[{"prompt": "a", "token_count": 0}]`, []string{"$[0].token_count: want an integer number of tokens from 1 to 1099511627776, got 0"}, ErrInvalid},
		{"bad analysis enum", `[{"prompt": "a", "analysis_json": {"intent_type": "poetry"}}]`, []string{`$[0].analysis_json.intent_type: want one of general, coding`}, ErrInvalid},
		{"bad analysis string", `[{"prompt": "a", "analysis_json": "{oops"}]`, []string{`$[0].analysis_json: want JSON text of an object`}, ErrSyntax},
		{"bad analysis type", `[{"prompt": "a", "analysis_json": [1]}]`, []string{`$[0].analysis_json: want an object`}, ErrType},
		{"bad user id", `[{"prompt": "a", "user_id": {}}]`, []string{`$[0].user_id: want a string or a number, got an object`}, ErrType},
		{"several errors", `[1, {"prompt": "a", "created_at_ms": -4}, ""]`, []string{"$[0]:", "$[1].created_at_ms:", "$[2]:"}, ErrType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := DecodeRequests([]byte(tt.in), DefaultCatalog(), "$", ModeTimer)
			requireFieldErrors(t, err, tt.want, tt.kind)
			assert.Equal(t, EINVALID, ErrorCode(err))
		})
	}
}

// requireFieldErrors checks that err holds exactly one field error per
// entry of want, in order, each starting with its entry, and wraps kind.
func requireFieldErrors(t *testing.T, err error, want []string, kind error) {
	t.Helper()
	require.Error(t, err)
	fes := FieldErrors(err)
	require.Len(t, fes, len(want), "%v", err)
	for i, w := range want {
		assert.True(t, strings.HasPrefix(fes[i].Error(), w), "got %q, want prefix %q", fes[i].Error(), w)
	}
	assert.ErrorIs(t, err, kind)
}

func TestDecodeRequestsErrorLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := range 50 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`""`)
	}
	b.WriteString("]")
	_, _, err := DecodeRequests([]byte(b.String()), nil, "$", ModeTimer)
	require.Error(t, err)
	assert.Len(t, FieldErrors(err), MaxErrors)
	assert.Contains(t, err.Error(), "… and 30 more errors")
	var j interface{ Unwrap() []error }
	require.True(t, errors.As(err, &j))
	assert.Len(t, j.Unwrap(), MaxErrors+1)
}

func TestAssignArrivals(t *testing.T) {
	mk := func(n int) []Request {
		reqs := make([]Request, n)
		for i := range reqs {
			reqs[i].ID = fmt.Sprint(i)
		}
		return reqs
	}
	times := func(reqs []Request) []int64 {
		out := make([]int64, len(reqs))
		for i, r := range reqs {
			out[i] = r.CreatedAt
		}
		return out
	}
	reqs := mk(4)
	AssignArrivals(reqs, Arrivals{Process: "fixed", StartMs: 100, GapMs: 7}, 1)
	assert.Equal(t, []int64{100, 107, 114, 121}, times(reqs))

	reqs = mk(5)
	AssignArrivals(reqs, Arrivals{Process: "burst", BurstSize: 2, BurstGapMs: 1000}, 1)
	assert.Equal(t, []int64{0, 0, 1000, 1000, 2000}, times(reqs))

	a, b := mk(2000), mk(2000)
	AssignArrivals(a, Arrivals{Process: "poisson", RatePerSec: 100}, 42)
	AssignArrivals(b, Arrivals{Process: "poisson", RatePerSec: 100}, 42)
	assert.Equal(t, times(a), times(b), "same seed, same arrivals")
	mean := float64(a[len(a)-1].CreatedAt) / float64(len(a))
	assert.InDelta(t, 10, mean, 1.0, "mean gap of a 100/s process is about 10 ms")
	c := mk(2000)
	AssignArrivals(c, Arrivals{Process: "poisson", RatePerSec: 100}, 43)
	assert.NotEqual(t, times(a), times(c), "another seed, other arrivals")

	// Timed requests keep their times; untimed ones are interleaved by time, stably.
	mixed := []Request{{ID: "t", CreatedAt: 15, hasTime: true}, {ID: "u0"}, {ID: "u1"}, {ID: "same", CreatedAt: 10, hasTime: true}}
	AssignArrivals(mixed, Arrivals{Process: "fixed", GapMs: 10}, 1)
	ids := []string{}
	for _, r := range mixed {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"u0", "u1", "same", "t"}, ids)
}

func TestDeterministicMath(t *testing.T) {
	for _, x := range []float64{1e-300, 1e-9, 0.1, 0.5, 0.999999, 1, 1.5, 2, 10, 12345.678, 1e300} {
		assert.InEpsilon(t, mathLog(x)+1e-300, ln(x)+1e-300, 1e-15, "ln(%v)", x)
	}
	for _, x := range []float64{-700, -10, -1, -1e-9, 0, 1e-9, 0.5, 1, 3, 10, 700} {
		assert.InEpsilon(t, mathExp(x), exp(x), 1e-15, "exp(%v)", x)
	}
}
