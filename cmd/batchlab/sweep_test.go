package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSweepCLI(t *testing.T) {
	args := []string{"sweep", "--input", "../../testdata/prompts/mixed.json", "--knob", "policy.max_batch_size", "--from", "1", "--to", "9", "--step", "4"}
	code, out, errOut := runCLI(t, "", append(args, "--format", "csv")...)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "3/3 points", "progress on stderr")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 4)
	assert.Equal(t, []string{"policy.max_batch_size", "batches", "mean_batch_size", "p95_queue_wait_ms", "p95_latency_ms", "calls", "retries", "failed_rows", "cost_usd", "pareto"}, rows[0])
	assert.Equal(t, []string{"1", "5", "9"}, []string{rows[1][0], rows[2][0], rows[3][0]})

	code, out, _ = runCLI(t, "", append(args, "--format", "json", "--quiet")...)
	require.Equal(t, 0, code)
	var doc struct {
		Unit   string
		Points []map[string]any
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "requests", doc.Unit)
	assert.Len(t, doc.Points, 3)

	code, out, _ = runCLI(t, "", append(args, "--quiet")...)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "policy.max_batch_size (requests)")
}

func TestSweepCLIErrors(t *testing.T) {
	in := "../../testdata/prompts/mixed.json"
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", "--input", in, "--knob", "nope"}, "sweep: $.knob: want one of"},
		{[]string{"sweep", "--input", in, "--knob", "policy.max_batch_size", "--from", "0", "--to", "3"}, "sweep: $.from: want Max batch size from 1 to 1000000 requests, got 0"},
		{[]string{"sweep", "--knob", "policy.max_batch_size"}, "need --input"},
		{[]string{"sweep", "--input", in, "--knob", "policy.wait_ms", "--format", "xml"}, "--format: want table, csv or json"},
	} {
		code, out, errOut := runCLI(t, "", tt.args...)
		assert.Equal(t, 2, code, tt.args)
		assert.Empty(t, out)
		assert.Contains(t, errOut, tt.want)
	}
}

// TestSweepStream: --stream gives the whole sweep's output, byte for
// byte, reading the trace once per point; it needs a file.
func TestSweepStream(t *testing.T) {
	for _, format := range []string{"csv", "json"} {
		args := []string{"sweep", "--input", azureSample, "--knob", "policy.wait_ms", "--from", "0", "--to", "2000", "--step", "500",
			"--model-tuning=false", "--fail-429", "0.1", "--format", format}
		code, whole, errOut := runCLI(t, "", args...)
		require.Equal(t, 0, code, errOut)
		code, streamed, streamErr := runCLI(t, "", append(args, "--stream")...)
		require.Equal(t, 0, code, streamErr)
		assert.Equal(t, whole, streamed, format)
		assert.Contains(t, streamErr, "5/5 points")
		assert.Contains(t, streamErr, azureSample+": azure, 2,000 rows read")
	}
	for _, c := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"--input", "-"}, "give a file, not standard input"},
		{"", []string{"--input", azureSample, "--mode", "seed"}, "seed mode cannot stream"},
		{"", []string{"--input", azureSample, "--knob", "nope"}, "sweep: $.knob: want one of"},
		{"", []string{"--scenario", "../../testdata/prompts/mixed.json"}, "--stream needs --input"},
	} {
		args := append([]string{"sweep", "--stream", "--knob", "policy.wait_ms", "--from", "0", "--to", "100", "--step", "50"}, c.args...)
		code, out, errOut := runCLI(t, c.stdin, args...)
		assert.Equal(t, 2, code, c.args)
		assert.Empty(t, out)
		assert.Contains(t, errOut, c.want)
	}
}
