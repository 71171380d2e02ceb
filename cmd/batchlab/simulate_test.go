package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestSimulateJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "", "simulate", "--input", "../../testdata/prompts/mixed.json", "--format", "json", "--mode", "seed")
	require.Equal(t, 0, code, errOut)
	var res struct {
		Mode     string
		Requests []map[string]any
		Batches  []map[string]any
		Metrics  map[string]any
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, "seed", res.Mode)
	require.Len(t, res.Requests, 120)
	for _, k := range []string{"request_id", "created_at_ms", "intent_type", "complexity_level", "expected_output_length",
		"latency_tolerance", "compliance_needed", "token_count", "selected_model"} {
		assert.Contains(t, res.Requests[0], k)
	}
	require.NotEmpty(t, res.Batches)
	for _, k := range []string{"model", "size", "tokens_in", "tokens_effective", "created_at_ms", "closed_at_ms", "wait_ms", "close_reason", "request_ids"} {
		assert.Contains(t, res.Batches[0], k)
	}
	assert.Contains(t, res.Metrics, "queue_wait_ms")
}

func TestSimulateStdinAndFormats(t *testing.T) {
	in := `["Summarize the notes, briefly.", "Fix the bug in this function."]`
	code, out, _ := runCLI(t, in, "simulate", "--input", "-")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "BATCHES (2, mode timer)")
	assert.Contains(t, out, "queue wait")
	assert.Contains(t, out, " ms")

	code, out, _ = runCLI(t, in, "simulate", "--input", "-", "--format", "csv")
	require.Equal(t, 0, code)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, "request_id", rows[0][0])
	assert.Equal(t, "r1", rows[1][0])
}

func TestSimulateSameSeedSameBytes(t *testing.T) {
	args := []string{"simulate", "--input", "../../testdata/prompts/untimed.json", "--format", "json", "--seed", "42"}
	_, a, _ := runCLI(t, "", args...)
	_, b, _ := runCLI(t, "", args...)
	assert.Equal(t, a, b)
}

func TestSimulateScenarioFlagsOverride(t *testing.T) {
	dir := t.TempDir()
	sc := filepath.Join(dir, "s.json")
	require.NoError(t, os.WriteFile(sc, []byte(`{"version":1,"mode":"seed","prompts":["a","b"]}`), 0o644))
	code, out, errOut := runCLI(t, "", "simulate", "--scenario", sc, "--mode", "timer", "--format", "json")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"mode": "timer"`)
}

func TestSimulateBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`[{"prompt": "x", "created_at_ms": -3}, ""]`), 0o644))
	typo := filepath.Join(dir, "typo.json")
	require.NoError(t, os.WriteFile(typo, []byte(`[{"prompt":"hi","created_at":5}]`), 0o644))
	latin1 := filepath.Join(dir, "latin1.json")
	require.NoError(t, os.WriteFile(latin1, []byte("[{\"prompt\":\"caf\xe9\"}]"), 0o644))
	badScenario := filepath.Join(dir, "bad-scenario.json")
	require.NoError(t, os.WriteFile(badScenario, []byte(`{"version": 1, "policy": {"max_batch_size": 0}}`), 0o644))
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"field errors", []string{"simulate", "--input", bad}, []string{"bad.json: $[0].created_at_ms: want a non-negative integer", "bad.json: $[1]: want a non-empty prompt"}},
		{"scenario errors", []string{"simulate", "--scenario", badScenario}, []string{"$.policy.max_batch_size: want 1 to 1000000 requests, got 0"}},
		{"missing file", []string{"simulate", "--input", filepath.Join(dir, "nope.json")}, []string{"no such file"}},
		{"no input", []string{"simulate"}, []string{"need --input"}},
		{"bad format", []string{"simulate", "--input", bad, "--format", "xml"}, []string{"--format: want table, json or csv"}},
		{"bad mode", []string{"simulate", "--input", bad, "--mode", "fast"}, []string{`$.mode: want "timer" or "seed"`}},
		{"bad seed", []string{"simulate", "--input", bad, "--seed", "-1"}, []string{`invalid value "-1" for flag -seed: $.seed: want 0 or more, got -1`}},
		{"unknown flag", []string{"simulate", "--nope"}, []string{"flag provided but not defined"}},
		{"unknown command", []string{"simulat"}, []string{`unknown command "simulat"`}},
		{"unknown field", []string{"simulate", "--input", typo}, []string{"typo.json: $[0].created_at: unknown field; did you mean created_at_ms? (seed mode accepts the item"}},
		{"not UTF-8", []string{"simulate", "--input", latin1, "--mode", "seed"}, []string{"latin1.json: $ (line 1, column 16): byte 0xe9 at offset 15 is not UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", tt.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out, "nothing on stdout")
			for _, w := range tt.want {
				assert.Contains(t, errOut, w)
			}
		})
	}
}

// TestSimulateSeedWarnings: seed mode reads what the reference reads and
// says in every format which fields it ignored.
func TestSimulateSeedWarnings(t *testing.T) {
	in := `[{"prompt":"hi","created_at":5,"token_count":999},{"prompt":"s","request_id":"r1","created_at_ms":0}]`
	want := `"token_count" ignored in 1 request (first $[0]): seed mode counts tokens from the text`
	code, out, errOut := runCLI(t, in, "simulate", "--input", "-", "--mode", "seed")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "WARNINGS (2)\n")
	assert.Contains(t, out, `"created_at" ignored in 1 request (first $[0]): the reference prototype reads only prompt, shortened_query, request_id, created_at_ms and user_id; did you mean created_at_ms?`)
	assert.Contains(t, out, want)

	code, out, errOut = runCLI(t, in, "simulate", "--input", "-", "--mode", "seed", "--format", "json")
	require.Equal(t, 0, code, errOut)
	var res struct {
		Requests []struct {
			ID     string `json:"request_id"`
			Tokens int    `json:"token_count"`
		}
		Warnings []string
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Requests, 2)
	assert.Equal(t, "r1", res.Requests[0].ID)
	assert.Equal(t, "r1", res.Requests[1].ID, "duplicate ids kept, as the reference")
	assert.Equal(t, 8, res.Requests[0].Tokens, "token_count ignored")
	require.Len(t, res.Warnings, 2)
	assert.Contains(t, res.Warnings[1], want)

	code, _, errOut = runCLI(t, in, "simulate", "--input", "-", "--mode", "seed", "--format", "csv")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "warning: "+want)
}

// TestSimulateRejectedNamed: a request no context window holds is named
// with its reason in the table.
func TestSimulateRejectedNamed(t *testing.T) {
	sc := filepath.Join(t.TempDir(), "small.json")
	require.NoError(t, os.WriteFile(sc, []byte(`{"version":1,"catalog":{"models":[{"name":"gpt-4o-mini","context_tokens":20}]},
		"prompts":[{"prompt":"Write a long detailed story about a dragon and a knight please","request_id":"r12","created_at_ms":0}]}`), 0o644))
	code, out, errOut := runCLI(t, "", "simulate", "--scenario", sc)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "REJECTED (1)\nr12  51 tokens exceed gpt-4o-mini's context window of 20 tokens\n")
}

func TestSimulateExplain(t *testing.T) {
	in := "../../testdata/prompts/worked-example.json"
	code, out, errOut := runCLI(t, "", "simulate", "--input", in, "--mode", "seed", "--explain")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "WHY EACH BATCH CLOSED\nbatch 1: closed on time, noticed only at the next arrival: waited 200 ms against a 50 ms limit (150 ms late, set by a)")

	code, out, errOut = runCLI(t, "", "simulate", "--input", in, "--format", "json", "--explain")
	require.Equal(t, 0, code, errOut)
	var doc struct {
		Batches      []map[string]any
		Explanations []struct {
			Batch int
			Text  string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Explanations, len(doc.Batches))
	assert.Equal(t, "closed on time: waited 50 of 50 ms (deadline set by a); 2/12 requests; tokens 40/5,000", doc.Explanations[0].Text)

	code, out, _ = runCLI(t, "", "simulate", "--input", in, "--format", "csv")
	require.Equal(t, 0, code)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"outcome", "completed_at_ms", "latency_ms"}, rows[0][len(rows[0])-3:])
	assert.Equal(t, "ok", rows[1][len(rows[1])-3])
}

// The memory limit while decoding leaves room for the requests of a
// document of many short prompts, not only for the document's garbage.
func TestDecodeLimitHoldsTheRequests(t *testing.T) {
	for _, c := range []struct {
		name  string
		doc   []byte
		items int64
	}{
		{"a million short prompts", []byte("[" + strings.Repeat(`"hi",`, 999_999) + `"hi"]`), 1_000_000},
		{"long prompts", benchPrompts(1_000), 1_000},
		{"empty", []byte("[]"), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			limit := decodeLimit(c.doc[:min(len(c.doc), 256<<10)], int64(len(c.doc)))
			assert.GreaterOrEqual(t, limit, 3*int64(len(c.doc))+c.items*int64(unsafe.Sizeof(core.Request{}))+64<<20)
			assert.Less(t, limit, 4*int64(len(c.doc))+4*(c.items+1)*requestBytes+64<<20, "not far more")
		})
	}
}
