package core

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A trace analysed before its runs (Trace.Analyze) gives the results of
// one analysed by the run, for every prompts document and scenario of
// testdata, in both modes.
func TestAnalyzedTraceRunsTheSame(t *testing.T) {
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
	for i, sc := range cases {
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
