package state

import (
	"encoding/json"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web/share/link"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTokenCountsOnlyKeepsTheBatches(t *testing.T) {
	for _, key := range []string{"steady-chat", "coding-day", "long-documents"} {
		t.Run(key, func(t *testing.T) {
			p := New()
			require.NoError(t, p.LoadPreset(key))
			p.Run()
			require.True(t, p.HasPromptText())
			frag, err := p.ShareFragmentTokensOnly()
			require.NoError(t, err)
			sc, err := link.Decode(frag)
			require.NoError(t, err)
			var items []map[string]any
			require.NoError(t, json.Unmarshal(sc.Prompts, &items))
			require.Len(t, items, len(p.Result.Requests))
			for _, it := range items {
				assert.NotContains(t, it, "prompt")
				assert.NotContains(t, it, "shortened_query")
				assert.Contains(t, it, "input_tokens")
			}
			res, err := core.Simulate(sc, core.Options{})
			require.NoError(t, err)
			assert.Equal(t, p.Result.Metrics, res.Metrics, "token counts and analyses give the same batches")

			q := New()
			q.Load(sc)
			assert.False(t, q.HasPromptText())
		})
	}
}

func TestTokenCountsOnlyOfStrings(t *testing.T) {
	out, err := TokenCountsOnly(json.RawMessage(`["Write a Python test", {"request_id": "x", "created_at_ms": 5, "input_tokens": 9}]`), core.DefaultCatalog(), core.ModeTimer)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"request_id": "r1", "input_tokens": 12, "analysis_json": {"intent_type": "coding", "complexity_level": "low", "expected_output_length": "medium", "latency_tolerance": "medium", "compliance_needed": false}},
		{"request_id": "x", "created_at_ms": 5, "input_tokens": 9}]`, string(out))
	_, err = TokenCountsOnly(json.RawMessage(`["a",`), core.DefaultCatalog(), core.ModeTimer)
	assert.Error(t, err)
}
