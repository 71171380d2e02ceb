package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/core"
)

const azureSample = "../../testdata/traffic/azure-llm-2023-conv-first2000.csv"

// TestSimulateStream: --stream prints the summary a whole run prints
// (traffic rules, metrics, dispatch), without the rows.
func TestSimulateStream(t *testing.T) {
	code, whole, errOut := runCLI(t, "", "simulate", "--input", azureSample, "--fail-429", "0.2")
	require.Equal(t, 0, code, errOut)
	code, streamed, streamErr := runCLI(t, "", "simulate", "--stream", "--input", azureSample, "--fail-429", "0.2")
	require.Equal(t, 0, code, streamErr)
	assert.Equal(t, errOut, streamErr, "the same line about the input")
	summary := whole[strings.Index(whole, "\nTRAFFIC RULES"):]
	if i := strings.Index(summary, "\nFAILED ATTEMPTS"); i >= 0 { // a streamed run keeps no attempts
		j := strings.Index(summary, "\nDISPATCH")
		summary = summary[:i] + summary[j:]
	}
	assert.True(t, strings.HasPrefix(streamed, "STREAMED (mode timer): 2,000 requests measured"), streamed)
	assert.Equal(t, summary, streamed[strings.Index(streamed, "\n")+1:])
	assert.NotContains(t, streamed, "REQUESTS")
}

func TestSimulateStreamJSON(t *testing.T) {
	data, err := os.ReadFile(azureSample)
	require.NoError(t, err)
	code, whole, errOut := runCLI(t, "", "simulate", "--input", azureSample, "--format", "json", "--concurrency", "2", "--slots", "global")
	require.Equal(t, 0, code, errOut)
	code, streamed, errOut := runCLI(t, string(data), "simulate", "--stream", "--input", "-", "--format", "json", "--concurrency", "2", "--slots", "global")
	require.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(errOut, "stdin: azure, 2,000 rows read"), errOut)
	type doc struct {
		Mode     string
		Metrics  json.RawMessage
		Traffic  map[string]any
		Input    map[string]any
		Dispatch struct {
			Job      string
			Metrics  json.RawMessage
			Baseline json.RawMessage
			Saving   json.RawMessage
			Batches  json.RawMessage
		}
	}
	var w, s doc
	require.NoError(t, json.Unmarshal([]byte(whole), &w))
	require.NoError(t, json.Unmarshal([]byte(streamed), &s))
	assert.JSONEq(t, string(w.Metrics), string(s.Metrics))
	assert.JSONEq(t, string(w.Dispatch.Metrics), string(s.Dispatch.Metrics))
	assert.JSONEq(t, string(w.Dispatch.Baseline), string(s.Dispatch.Baseline))
	assert.JSONEq(t, string(w.Dispatch.Saving), string(s.Dispatch.Saving))
	assert.Nil(t, s.Dispatch.Batches)
	assert.Equal(t, "timer", s.Mode)
	assert.Equal(t, float64(2000), s.Input["records"])
	assert.Equal(t, "stdin", s.Traffic["source"].(map[string]any)["file"])
}

// TestSimulateStreamMooncake: a Mooncake trace, its format detected,
// streams to the metrics of a whole run.
func TestSimulateStreamMooncake(t *testing.T) {
	const mooncake = "../../testdata/traffic/mooncake-fast25-synthetic-first300.jsonl"
	code, whole, errOut := runCLI(t, "", "simulate", "--input", mooncake, "--format", "json")
	require.Equal(t, 0, code, errOut)
	code, streamed, streamErr := runCLI(t, "", "simulate", "--stream", "--input", mooncake, "--format", "json")
	require.Equal(t, 0, code, streamErr)
	assert.Equal(t, errOut, streamErr, "the same line about the input")
	assert.True(t, strings.HasPrefix(streamErr, mooncake+": mooncake, 300 rows read"), streamErr)
	var w, s struct {
		Metrics  json.RawMessage
		Dispatch struct{ Metrics json.RawMessage }
	}
	require.NoError(t, json.Unmarshal([]byte(whole), &w))
	require.NoError(t, json.Unmarshal([]byte(streamed), &s))
	assert.JSONEq(t, string(w.Metrics), string(s.Metrics))
	assert.JSONEq(t, string(w.Dispatch.Metrics), string(s.Dispatch.Metrics))
}

func TestSimulateStreamRefuses(t *testing.T) {
	for _, c := range []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"csv output", "", []string{"--input", azureSample, "--format", "csv"}, "--format csv writes"},
		{"explain", "", []string{"--input", azureSample, "--explain"}, "drop --explain"},
		{"no input", "", []string{"--scenario", "../../testdata/prompts/mixed.json"}, "--stream needs --input"},
		{"seed mode", "", []string{"--input", azureSample, "--mode", "seed"}, "$.mode: seed mode cannot stream"},
		{"fixed job", "", []string{"--input", azureSample, "--job", "fixed"}, "$.dispatch.job: a fixed job"},
		{"prompts", "", []string{"--input", "../../testdata/prompts/mixed.json"}, `reads azure, burstgpt, mooncake, jsonl and csv traces, not "prompts"`},
		{"text column", "t,text\n1,hi\n", []string{"--input", "-", "--csv-columns", "time=t,time_unit=s,text=text"}, "csv.text: a streamed run reads token-only traces"},
		{"bad row", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,abc,3\n", []string{"--input", "-"},
			`stdin: $[0].ContextTokens (line 2, column 24): want a whole number of tokens, got "abc"`},
		{"empty", "", []string{"--input", "-", "--input-format", "azure"}, "empty file"},
		{"jsonl text", "{\"input_tokens\": 2}\n{\"prompt\": \"hi\"}\n", []string{"--input", "-"},
			`stdin: $[1].prompt (line 2, column 12): a streamed run reads token-only traces`},
		{"missing", "", []string{"--input", "no/such/file.csv"}, "no such file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, c.stdin, append([]string{"simulate", "--stream"}, c.args...)...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, c.want)
		})
	}
}

// TestStreamProgress: nothing in the first second, then a line rewritten
// in place at most five times a second, erased at the end.
func TestStreamProgress(t *testing.T) {
	var out bytes.Buffer
	now := time.Unix(0, 0)
	p := &progress{w: &out, size: 100 << 20, now: func() time.Time { return now }, start: now}
	step := func(d time.Duration, rows int, bytes int64) {
		now = now.Add(d)
		p.report(core.StreamProgress{Rows: rows, Bytes: bytes})
	}
	step(500*time.Millisecond, 65536, 2<<20)
	assert.Empty(t, out.String(), "quiet in the first second")
	step(700*time.Millisecond, 1_200_000, 50<<20)
	assert.Equal(t, "\r1,200,000 rows, 50 MB of 100 MB (50%), 1,000,000 rows/s\x1b[K", out.String())
	step(100*time.Millisecond, 1_300_000, 55<<20)
	assert.NotContains(t, out.String(), "1,300,000", "at most five times a second")
	p.clear()
	assert.True(t, strings.HasSuffix(out.String(), "\r\x1b[K"))
	assert.False(t, isTerminal(&out))
}
