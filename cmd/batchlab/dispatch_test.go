package main

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSimulateFixedJobFlags(t *testing.T) {
	code, out, errOut := runCLI(t, "", "simulate", "--input", "../../testdata/prompts/mixed.json", "--format", "json",
		"--job", "fixed", "--batch-size", "7", "--concurrency", "2", "--shuffle", "--fail-5xx", "0.2")
	require.Equal(t, 0, code, errOut)
	var res struct {
		Batches  []struct{ Size int }
		Attempts []struct {
			Batch   int
			Outcome string
			Status  int
		}
		Dispatch struct {
			Job   string
			Pools []struct {
				Name  string
				Slots int
			}
			Requests []struct{ Index int }
			Metrics  struct {
				Rows         int `json:"rows"`
				TotalRetries int `json:"total_retries"`
				MaxInFlight  int `json:"max_in_flight"`
			}
			Baseline *struct{ Rows int }
			Saving   *struct {
				CostUSD float64 `json:"cost_usd"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, "fixed", res.Dispatch.Job)
	assert.Equal(t, 2, res.Dispatch.Pools[0].Slots)
	assert.Len(t, res.Batches, (120+6)/7)
	assert.Equal(t, 7, res.Batches[0].Size)
	assert.Equal(t, 120, res.Dispatch.Metrics.Rows)
	assert.Positive(t, res.Dispatch.Metrics.TotalRetries)
	assert.LessOrEqual(t, res.Dispatch.Metrics.MaxInFlight, 2)
	require.NotEmpty(t, res.Attempts)
	require.NotNil(t, res.Dispatch.Baseline)
	require.NotNil(t, res.Dispatch.Saving)
	for i, r := range res.Dispatch.Requests {
		require.Equal(t, i, r.Index, "request results in input order")
	}
}

func TestSimulateDispatchTable(t *testing.T) {
	code, out, errOut := runCLI(t, "", "simulate", "--scenario", "../../testdata/scenarios/429-storm.json", "--batch-size", "5")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "DISPATCH (job fixed, 10 global slots)")
	assert.Contains(t, out, "FAILED ATTEMPTS")
	assert.Contains(t, out, "rpm_limit")
	assert.Contains(t, out, "saving from batching")

	code, out, _ = runCLI(t, "", "simulate", "--input", "../../testdata/prompts/mixed.json", "--dispatch=false")
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "DISPATCH")
}

func TestSimulateSemanticsAndScript(t *testing.T) {
	code, out, errOut := runCLI(t, "", "simulate", "--input", "../../testdata/prompts/mixed.json",
		"--job", "fixed", "--semantics", "smelt", "--script", "../../testdata/scripts/first-two-calls-429.json")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "SMELT'S FIGURES")
	assert.Contains(t, out, "total_retries 2")
	lines := strings.Split(out, "\n")
	var scripted []string
	for _, l := range lines {
		if strings.Contains(l, "rate_limit") && strings.Contains(l, "retry") {
			scripted = append(scripted, strings.Join(strings.Fields(l)[:2], "/"))
		}
	}
	assert.Equal(t, []string{"1/0", "2/0"}, scripted, "the first two calls overall (3 slots: batches 1 and 2) get 429")

	code, out, errOut = runCLI(t, "", "simulate", "--input", "../../testdata/prompts/mixed.json", "--script", "nope.json")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "nope.json")
}

func TestSimulateBadDispatchFlags(t *testing.T) {
	tests := []struct {
		args []string
		path string
	}{
		{[]string{"--concurrency", "0"}, "$.dispatch.concurrency"},
		{[]string{"--fail-429", "1.5"}, "$.dispatch.failures.rate_limit"},
		{[]string{"--fail-5xx", "-0.1"}, "$.dispatch.failures.server_error"},
		{[]string{"--backoff-base-ms", "5000", "--backoff-cap-ms", "100"}, "$.dispatch.backoff_cap_ms"},
		{[]string{"--job-model", "gpt-9"}, "$.dispatch.model"},
		{[]string{"--script", "../../testdata/scripts/bad-script.json"}, "$.dispatch.script[0].failure"},
	}
	for _, tt := range tests {
		args := append([]string{"simulate", "--input", "../../testdata/prompts/mixed.json"}, tt.args...)
		code, out, errOut := runCLI(t, "", args...)
		assert.Equal(t, 2, code, strings.Join(tt.args, " "))
		assert.Empty(t, out)
		assert.Contains(t, errOut, "flags: "+tt.path+":", strings.Join(tt.args, " "))
	}
}

// TestSimulateOverlapsDispatch: the table and the JSON written while the
// dispatch runs (simulateScenario with overlap) are those written after it.
func TestSimulateOverlapsDispatch(t *testing.T) {
	scenarios, err := filepath.Glob("../../testdata/scenarios/*.json")
	require.NoError(t, err)
	writers := []struct {
		format string
		write  func(io.Writer, *core.Result, func() error) error
	}{
		{"table", writeTable},
		{"json", func(w io.Writer, res *core.Result, dispatched func() error) error {
			return writeJSON(w, res, false, dispatched)
		}},
	}
	for _, file := range scenarios {
		for _, wr := range writers {
			format, write := wr.format, wr.write
			var outs [2]bytes.Buffer
			for i, overlap := range []bool{false, true} {
				sc, opts, release, code := loadScenario(file, "", "", "", false, nil, io.Discard, "simulate")
				require.Equal(t, 0, code, file)
				res, dispatched, restoreGC, err := simulateScenario(&sc, opts, overlap, func() {})
				restoreGC()
				require.NoError(t, err, file)
				require.NoError(t, write(&outs[i], res, dispatched), file)
				release()
			}
			require.Regexp(t, "DISPATCH|\"dispatch\"", outs[0].String(), file, format)
			require.Equal(t, outs[0].String(), outs[1].String(), file, format)
		}
	}
}
