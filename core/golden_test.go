package core

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGolden runs every prompts file under testdata/prompts in both close
// modes, and every scenario under testdata/scenarios, and compares the JSON
// output byte for byte with testdata/golden. The same test runs natively and
// under GOOS=js GOARCH=wasm, so both must produce identical bytes.
func TestGolden(t *testing.T) {
	type run struct {
		name     string
		scenario Scenario
		opts     Options
	}
	var runs []run
	prompts, err := filepath.Glob("../testdata/prompts/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, prompts)
	for _, p := range prompts {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		for _, mode := range []Mode{ModeSeed, ModeTimer} {
			s := DefaultScenario()
			s.Prompts, s.Mode = data, mode
			runs = append(runs, run{strings.TrimSuffix(filepath.Base(p), ".json") + "." + string(mode), s, Options{PromptsPath: "$"}})
		}
	}
	scenarios, err := filepath.Glob("../testdata/scenarios/*.json")
	require.NoError(t, err)
	for _, p := range scenarios {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		s, err := DecodeScenario(data)
		require.NoError(t, err, p)
		runs = append(runs, run{"scenario-" + strings.TrimSuffix(filepath.Base(p), ".json"), *s, Options{}})
	}
	// Imported traffic: each small fixture of every format, detected,
	// imported and simulated with the default rules.
	for _, name := range []string{"azure.csv", "burstgpt.csv", "mooncake.jsonl", "openai-batch.jsonl", "anthropic-batch.json", "prompts.jsonl"} {
		data, err := os.ReadFile(filepath.Join("../testdata/traffic", name))
		require.NoError(t, err)
		imp, err := ImportTraffic(data, name, TrafficUnknown, TrafficOptions{})
		require.NoError(t, err, name)
		s := DefaultScenario()
		s.Prompts, s.Traffic.Source = imp.Prompts, imp.Source
		runs = append(runs, run{"traffic-" + name, s, Options{PromptsPath: "$"}})
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			res, err := Simulate(&r.scenario, r.opts)
			require.NoError(t, err)
			got, err := json.MarshalIndent(res, "", " ")
			require.NoError(t, err)
			got = append(got, '\n')
			requireStreamsAsEncoded(t, res)
			golden := filepath.Join("../testdata/golden", r.name+".json")
			if *update {
				require.NoError(t, os.WriteFile(golden, got, 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "no golden file: run go test ./core -update")
			if !bytes.Equal(want, got) {
				require.Equal(t, string(want), string(got), "output differs from %s (run go test ./core -update if the change is intended)", golden)
			}
		})
	}
}
