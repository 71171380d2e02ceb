package core

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestImportAzure checks the imported prompts of the Azure fixture against
// values worked out by hand from the file: sorted stably, times from the
// earliest kept row floored to ms, the row without input tokens skipped.
func TestImportAzure(t *testing.T) {
	data, err := os.ReadFile("../testdata/traffic/azure.csv")
	require.NoError(t, err)
	imp, err := ImportTraffic(data, "/home/someone/traces/azure.csv", TrafficUnknown, TrafficOptions{})
	require.NoError(t, err)
	assert.Equal(t, TrafficSource{Format: "azure", File: "azure.csv"}, imp.Source, "the file's name, never its path")
	assert.JSONEq(t, `[
		{"created_at_ms":0,"input_tokens":374,"output_tokens":44},
		{"created_at_ms":1319,"input_tokens":91,"output_tokens":16},
		{"created_at_ms":4314,"input_tokens":396,"output_tokens":109},
		{"created_at_ms":4314,"input_tokens":120,"output_tokens":0},
		{"created_at_ms":13319,"input_tokens":2048,"output_tokens":310}]`, string(imp.Prompts))
	require.NotNil(t, imp.Report)
	assert.True(t, imp.Report.Sorted)
	require.Len(t, imp.Report.Skipped, 1)
	assert.Equal(t, SkipNoInput, imp.Report.Skipped[0].Reason)

	reqs, _, err := DecodeRequests(imp.Prompts, nil, "$", ModeTimer)
	require.NoError(t, err, "what the importer writes, the decoder reads")
	assert.Len(t, reqs, 5)
}

func TestImportKeepsPromptsAsTheyAre(t *testing.T) {
	in := []byte(` ["a", {"prompt": "b"}]`)
	imp, err := ImportTraffic(in, "p.json", TrafficUnknown, TrafficOptions{})
	require.NoError(t, err)
	assert.Equal(t, in, []byte(imp.Prompts))
	assert.Nil(t, imp.Report)
	assert.Zero(t, imp.Source, "a prompts file adds no note: its scenario stays as before")
}

func TestImportErrors(t *testing.T) {
	for _, tt := range []struct {
		in, name string
		format   TrafficFormat
		want     string
	}{
		{"", "x.csv", TrafficUnknown, "$: the file is empty"},
		{" \n\t", "x", TrafficUnknown, "$: the file is empty"},
		{"just words", "notes.txt", TrafficUnknown, "$: cannot tell the file's format"},
		{"TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,x,1\n", "a.csv", TrafficUnknown, `$[0].ContextTokens (line 2, column 24)`},
	} {
		_, err := ImportTraffic([]byte(tt.in), tt.name, tt.format, TrafficOptions{})
		require.Error(t, err, tt.in)
		assert.Contains(t, err.Error(), tt.want)
	}
}

func TestPromptsJSONEscapes(t *testing.T) {
	tr := &Traffic{Records: []TrafficRecord{{ID: `a"b`, Text: "é <x> \n", Model: "m", UserID: "u", Failed: true, SharedPrefixTokens: 512, InputTokens: 3}}}
	assert.JSONEq(t, `[{"request_id":"a\"b","prompt":"é <x> \n","input_tokens":3,"model":"m","user_id":"u","failed":true,"shared_prefix_tokens":512}]`, string(tr.PromptsJSON()))
}

// TestEmbeddedTrace: a scenario may embed a trace as it is; decoding
// imports it, so the decoded scenario equals one written with the
// imported prompts, whatever the format.
func TestEmbeddedTrace(t *testing.T) {
	data, err := os.ReadFile("../testdata/traffic/azure.csv")
	require.NoError(t, err)
	doc, err := json.Marshal(map[string]any{"version": 1, "trace": map[string]any{"file": "azure.csv", "data": string(data)}})
	require.NoError(t, err)
	s, err := DecodeScenario(doc)
	require.NoError(t, err)
	assert.Nil(t, s.EmbeddedTrace)
	imp, err := ImportTraffic(data, "azure.csv", TrafficUnknown, TrafficOptions{})
	require.NoError(t, err)
	assert.Equal(t, imp.Prompts, s.Prompts)
	assert.Equal(t, TrafficSource{Format: "azure", File: "azure.csv"}, s.Traffic.Source)

	plain := DefaultScenario()
	plain.Prompts, plain.Traffic.Source = imp.Prompts, imp.Source
	a, _ := json.Marshal(s)
	b, _ := json.Marshal(plain)
	assert.JSONEq(t, string(b), string(a), "the same scenario as the imported prompts")

	for _, tt := range []struct{ doc, want string }{
		{`{"version":1,"trace":{"data":"TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,x,1\n"}}`, "$.trace.data[0].ContextTokens (line 2, column 24): want a whole number of tokens"},
		{`{"version":1,"trace":{"format":"xml","data":"a"}}`, "$.trace.format: want one of prompts, jsonl"},
		{`{"version":1,"prompts":["a"],"trace":{"data":"[\"b\"]"}}`, "$.trace: give prompts or a trace, not both"},
		{`{"version":1,"trace":{"data":"TIMESTAMP,ContextTokens\n"}}`, "$.trace.csv: map an input tokens column or a text column"},
	} {
		_, err := DecodeScenario([]byte(tt.doc))
		require.Error(t, err, tt.doc)
		assert.Contains(t, err.Error(), tt.want)
	}
}

func TestScenarioMayStartWithWhiteSpace(t *testing.T) {
	s, err := DecodeScenario([]byte(" \n\t{\"version\":1}"))
	require.NoError(t, err)
	assert.Equal(t, 1, s.Version)
}
