package core

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSeedInputMatchesReference runs every minimal input under
// testdata/reference-input in seed mode and compares the requests and
// batches with what the reference prototype produced on it (NOTICE.md
// there), or checks that both refuse it. It also checks what timer mode
// says about the same input.
func TestSeedInputMatchesReference(t *testing.T) {
	tests := []struct {
		name string
		// seedErr, when set, is part of seed mode's error on an input the
		// reference reads but batchlab cannot represent.
		seedErr string
		// timerErr is part of timer mode's error; "" when timer mode
		// accepts the input.
		timerErr string
		// warning is part of a seed-mode warning; "" for none.
		warning string
	}{
		{name: "selected-model-ignored", warning: `"selected_model" ignored in 1 request (first $[0]): seed mode selects the model`},
		{name: "token-count-ignored", warning: `"token_count" ignored in 1 request (first $[0]): seed mode counts tokens`},
		{name: "analysis-ignored", warning: `"analysis_json" ignored in 1 request (first $[0]): seed mode computes the analysis`},
		{name: "unknown-field-ignored", timerErr: "$[0].created_at: unknown field; did you mean created_at_ms? (seed mode accepts the item", warning: "did you mean created_at_ms?"},
		{name: "duplicate-ids", timerErr: `$[1].request_id: request id "q" is already used by $[0] (seed mode accepts the item`},
		{name: "non-string-ids", timerErr: "$[0].request_id: want a string, got the number 5 (seed mode accepts the item"},
		{name: "repr-ids", timerErr: "$[0].request_id: want a string, got an array (seed mode accepts the item"},
		{name: "empty-string-item", timerErr: "$[0]: want a non-empty prompt (seed mode accepts the item"},
		{name: "blank-string-item", timerErr: "$[0]: want a non-empty prompt (seed mode accepts the item"},
		{name: "blank-prompt", timerErr: "$[0].prompt: want a prompt with more than white space (seed mode accepts the item"},
		{name: "non-string-prompts", timerErr: "$[0].prompt: want a string, got the number 123 (seed mode accepts the item"},
		{name: "timestamps", timerErr: "$[0].created_at_ms: want a non-negative integer number of milliseconds (at most 9007199254740991), got 330.7 (seed mode accepts the item"},
		{name: "user-ids", timerErr: "$[0].user_id: want a string or a number, got an array (seed mode accepts the item"},
		{name: "non-finite", timerErr: "$[0].prompt: want a string, got the number NaN (seed mode accepts the item"},
		{name: "time-refused", timerErr: "$[0].created_at_ms: want a non-negative integer"},
		{name: "time-nan-refused", timerErr: "$[0].created_at_ms: want a non-negative integer"},
		{name: "time-list-refused", timerErr: "$[0].created_at_ms: want a non-negative integer"},
		{name: "time-underscore-refused", timerErr: "$[0].created_at_ms: want a non-negative integer"},
		{name: "no-text-refused", timerErr: "$[0].shortened_query: want a string, got the number 0"},
		{name: "number-item-refused", timerErr: "$[0]: want a prompt string or an object with a prompt, got the number 5"},
		{name: "invalid-utf8", timerErr: "$ (line 1, column 16): byte 0xe9 at offset 15 is not UTF-8"},
		{name: "lone-surrogate-id", seedErr: "$[0].request_id: the id holds a lone surrogate", timerErr: "$[0].request_id: the id holds a lone surrogate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := "testdata/reference-input"
			data, err := os.ReadFile(filepath.Join(dir, tt.name+".json"))
			require.NoError(t, err)
			refData, err := os.ReadFile(filepath.Join(dir, tt.name+".reference.json"))
			require.NoError(t, err)
			var ref struct {
				Error    string `json:"error"`
				Requests []any  `json:"requests"`
				Batches  []any  `json:"batches"`
			}
			require.NoError(t, json.Unmarshal(refData, &ref))

			s := DefaultScenario()
			s.Prompts, s.Mode = data, ModeSeed
			res, err := Simulate(&s, Options{PromptsPath: "$"})
			switch {
			case tt.seedErr != "":
				require.Error(t, err, "the reference reads it, batchlab cannot")
				assert.Contains(t, err.Error(), tt.seedErr)
			case ref.Error != "":
				require.Error(t, err, "the reference refused it: %s", ref.Error)
				assert.Equal(t, EINVALID, ErrorCode(err))
			default:
				require.NoError(t, err)
				got := conformanceView(t, res)
				assert.Equal(t, ref.Requests, got.Requests)
				assert.Equal(t, ref.Batches, got.Batches)
				if tt.warning == "" {
					assert.Empty(t, res.Warnings)
				} else {
					require.Len(t, res.Warnings, 1)
					assert.Contains(t, res.Warnings[0], tt.warning)
				}
			}

			s.Mode = ModeTimer
			_, err = Simulate(&s, Options{PromptsPath: "$"})
			if tt.timerErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, FieldErrors(err)[0].Error(), tt.timerErr)
		})
	}
}

// conformanceView is res in the reference's format (the conformance
// kit's keys), decoded as generic JSON.
func conformanceView(t *testing.T, res *Result) (out struct{ Requests, Batches []any }) {
	t.Helper()
	type request struct {
		ID         string `json:"request_id"`
		CreatedAt  int64  `json:"created_at_ms"`
		Intent     string `json:"intent_type"`
		Complexity string `json:"complexity_level"`
		Output     string `json:"expected_output_length"`
		Tolerance  string `json:"latency_tolerance"`
		Compliance bool   `json:"compliance_needed"`
		Tokens     int    `json:"token_count"`
		Model      string `json:"selected_model"`
	}
	type batch struct {
		Model           string   `json:"model"`
		Size            int      `json:"size"`
		TokensIn        int      `json:"tokens_in"`
		TokensEffective int      `json:"tokens_effective"`
		CreatedAt       int64    `json:"created_at_ms"`
		ClosedAt        int64    `json:"closed_at_ms"`
		WaitMs          int64    `json:"wait_ms"`
		CloseReason     string   `json:"close_reason"`
		RequestIDs      []string `json:"request_ids"`
	}
	var doc struct {
		Requests []request `json:"requests"`
		Batches  []batch   `json:"batches"`
	}
	for i := range res.Requests {
		r := &res.Requests[i]
		doc.Requests = append(doc.Requests, request{r.ID, r.CreatedAt, r.Intent.String(), r.Complexity.String(), r.OutputLength.String(),
			r.LatencyTolerance.String(), r.ComplianceNeeded, r.TokenCount, r.Model})
	}
	for i := range res.Batches {
		b := &res.Batches[i]
		doc.Batches = append(doc.Batches, batch{b.Model, b.Size, b.TokensIn, b.TokensEffective, b.CreatedAt, b.ClosedAt, b.WaitMs,
			b.CloseReason.String(), res.RequestIDs(b)})
	}
	raw, err := json.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &out))
	return out
}
