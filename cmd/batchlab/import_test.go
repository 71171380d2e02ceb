package main

import (
	"encoding/json"
	"os"
	"path/filepath"
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

// TestWhiteSpace: a scenario file may start with white space (simulate and
// sweep); an --input with no prompts — empty, or white space only, in a
// file or on stdin — is one clear error, exit 2, for both commands.
func TestWhiteSpace(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	scenario := write("scenario.json", " \n\t{\"version\": 1, \"prompts\": [\"a\", \"b\"]}")
	code, out, errOut := runCLI(t, "", "simulate", "--scenario", scenario, "--format", "json")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"requests"`)
	code, out, errOut = runCLI(t, "", "sweep", "--scenario", scenario, "--knob", "policy.max_batch_size", "--from", "1", "--to", "2", "--quiet")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "policy.max_batch_size")

	sweep := []string{"--knob", "policy.max_batch_size", "--from", "1", "--to", "2"}
	for name, content := range map[string]string{"empty": "", "white space only": " \n\t \r\n"} {
		p := write(name, content)
		for _, args := range [][]string{{"simulate", "--input", p}, append([]string{"sweep", "--input", p}, sweep...)} {
			code, out, errOut := runCLI(t, "", args...)
			assert.Equal(t, 2, code, "%s: %v", name, args)
			assert.Empty(t, out)
			assert.Contains(t, errOut, p+": $: the file is empty", "%s: %v", name, args)
		}
		code, _, errOut := runCLI(t, content, "simulate", "--input", "-")
		assert.Equal(t, 2, code, name)
		assert.Contains(t, errOut, "stdin: $: the file is empty", name)
	}
}
