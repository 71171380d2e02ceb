package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSimulateATrace(t *testing.T) {
	code, out, errOut := runCLI(t, "", "simulate", "--input", "../../testdata/traffic/burstgpt.csv", "--format", "json", "--drop-failed")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "burstgpt.csv: burstgpt, 5 rows read, 4 requests")
	assert.Contains(t, errOut, "skipped 1 (no input tokens, first at line 4)")
	var res struct {
		Requests []json.RawMessage `json:"requests"`
		Traffic  struct {
			Source struct{ Format, File string } `json:"source"`
			Rows   int                           `json:"rows"`
			Failed int                           `json:"dropped_failed"`
			Kept   int                           `json:"kept"`
		} `json:"traffic"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, "burstgpt", res.Traffic.Source.Format)
	assert.Equal(t, 4, res.Traffic.Rows)
	assert.Equal(t, 1, res.Traffic.Failed, "--drop-failed dropped the failed row, and says so")
	assert.Len(t, res.Requests, 3)

	code, _, errOut = runCLI(t, "", "simulate", "--input", "../../testdata/traffic/prompts.jsonl", "--input-format", "azure")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "prompts.jsonl: header")
	code, _, errOut = runCLI(t, "", "simulate", "--input", "../../testdata/traffic/azure.csv", "--input-format", "xml")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `--input-format: want one of prompts, jsonl, azure`)
	code, _, errOut = runCLI(t, "", "simulate", "--input", "-")
	assert.Equal(t, 2, code, "an empty input is an error, not zero prompts")
	assert.Contains(t, errOut, "stdin: $: the file is empty")
}
