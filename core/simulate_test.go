package core

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A trace analysed before its runs (Trace.Analyze) gives the results of
// one analysed by the run, for every prompts document and scenario of
// testdata, in both modes.
func TestAnalyzedTraceRunsTheSame(t *testing.T) {
	for i, sc := range testdataScenarios(t) {
		cat, err := sc.BuildCatalog()
		require.NoError(t, err)
		tr, err := sc.Trace(cat, Options{})
		require.NoError(t, err, i)
		want, err := sc.RunTrace(tr.Clone(), cat, Options{})
		require.NoError(t, err)
		tr.Analyze()
		got, err := sc.RunTrace(tr.Clone(), cat, Options{})
		require.NoError(t, err)
		wantJSON, _ := json.Marshal(want)
		gotJSON, _ := json.Marshal(got)
		assert.JSONEq(t, string(wantJSON), string(gotJSON), "case %d", i)
	}
}

// A simulation given its prompts to consume (Options.ConsumePrompts:
// pointed into, or analysed and not kept) writes the JSON of one that
// copies them, byte for byte, for every prompts document and scenario of
// testdata, in both modes, without changing the prompts; and so does one
// whose trace says it is Detached, its prompts overwritten after the trace.
func TestConsumedPromptsRunTheSame(t *testing.T) {
	detached := 0
	for i, sc := range testdataScenarios(t) {
		var outs [2]bytes.Buffer
		for k, consume := range []bool{false, true} {
			run := *sc
			run.Prompts = slices.Clone(sc.Prompts)
			res, err := Simulate(&run, Options{ConsumePrompts: consume})
			require.NoError(t, err, i)
			require.NoError(t, res.WriteJSON(&outs[k], "  "))
			require.Equal(t, sc.Prompts, run.Prompts, "case %d: the prompts are never written", i)
		}
		require.Equal(t, outs[0].String(), outs[1].String(), "case %d", i)

		// A detached trace runs the same with its prompts overwritten.
		run := *sc
		run.Prompts = slices.Clone(sc.Prompts)
		cat, err := run.BuildCatalog()
		require.NoError(t, err, i)
		tr, err := run.Trace(cat, Options{ConsumePrompts: true})
		require.NoError(t, err, i)
		if !tr.Detached {
			continue
		}
		detached++
		for k := range run.Prompts {
			run.Prompts[k] = '#'
		}
		res, err := run.RunTrace(tr, cat, Options{})
		require.NoError(t, err, i)
		var out bytes.Buffer
		require.NoError(t, res.WriteJSON(&out, "  "))
		require.Equal(t, outs[0].String(), out.String(), "case %d, detached", i)
	}
	require.NotZero(t, detached)
}

// testdataScenarios returns a scenario for every prompts document of
// testdata in either mode, then every scenario of testdata.
func testdataScenarios(t *testing.T) []*Scenario {
	docs, err := filepath.Glob("../testdata/prompts/*.json")
	require.NoError(t, err)
	scenarios, err := filepath.Glob("../testdata/scenarios/*.json")
	require.NoError(t, err)
	var cases []*Scenario
	for _, p := range docs {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		for _, mode := range []Mode{ModeSeed, ModeTimer} {
			sc := DefaultScenario()
			sc.Mode, sc.Prompts = mode, json.RawMessage(data)
			cases = append(cases, &sc)
		}
	}
	for _, p := range scenarios {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		sc, err := DecodeScenario(data)
		require.NoError(t, err)
		cases = append(cases, sc)
	}
	return cases
}
