package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pauseScenarios are runs long enough to pause many times: thousands of
// prompts in both close modes, a dispatch with retries, and the scenarios
// of testdata.
func pauseScenarios(t *testing.T) map[string]*Scenario {
	runs := map[string]*Scenario{"dispatch": heavyScenario(t, 3000)}
	for _, mode := range []Mode{ModeSeed, ModeTimer} {
		s := DefaultScenario()
		s.Prompts, s.Mode = json.RawMessage(notePrompts(5000)), mode
		runs[string(mode)] = &s
	}
	files, err := filepath.Glob("../testdata/scenarios/*.json")
	require.NoError(t, err)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		s, err := DecodeScenario(data)
		require.NoError(t, err, f)
		runs[filepath.Base(f)] = s
	}
	return runs
}

// requireSameJSON fails the test unless want and got encode to the same
// JSON, byte for byte.
func requireSameJSON(t *testing.T, want, got any, msgAndArgs ...any) {
	t.Helper()
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	gotJSON, err := json.Marshal(got)
	require.NoError(t, err)
	require.Equal(t, string(wantJSON), string(gotJSON), msgAndArgs...)
}

// A run that pauses gives the same result, byte for byte, as one that
// does not; a pause's error stops it wherever it comes, and is returned.
func TestPausedSimulation(t *testing.T) {
	for name, sc := range pauseScenarios(t) {
		t.Run(name, func(t *testing.T) {
			want, err := Simulate(sc, Options{})
			require.NoError(t, err)
			pauses := 0
			got, err := Simulate(sc, Options{Pause: func() error { pauses++; return nil }})
			require.NoError(t, err)
			assert.Positive(t, pauses)
			requireSameJSON(t, want, got, "paused %d times", pauses)

			errStop := errors.New("a newer edit")
			for _, stopAt := range []int{1, pauses/2 + 1, pauses} {
				n := 0
				res, err := Simulate(sc, Options{Pause: func() error {
					if n++; n == stopAt {
						return errStop
					}
					return nil
				}})
				assert.ErrorIs(t, err, errStop, "stopped at pause %d of %d", stopAt, pauses)
				assert.Nil(t, res)
			}
		})
	}
}

// The pipeline pauses every pauseEvery requests in each of its loops:
// 5,000 requests in timer mode pause at least 5 times to enrich and 4
// times to batch.
func TestPauseComesEveryThousandRequests(t *testing.T) {
	s := pauseScenarios(t)[string(ModeTimer)]
	pauses := 0
	_, err := Simulate(s, Options{Pause: func() error { pauses++; return nil }})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, pauses, 5000/pauseEvery*2)
}

func TestPausedAnalysis(t *testing.T) {
	s := pauseScenarios(t)[string(ModeTimer)]
	cat, err := s.BuildCatalog()
	require.NoError(t, err)
	want, err := s.Trace(cat, Options{})
	require.NoError(t, err)
	want.Analyze()
	got, err := s.Trace(cat, Options{})
	require.NoError(t, err)
	pauses := 0
	require.NoError(t, got.AnalyzeWith(Options{Pause: func() error { pauses++; return nil }}))
	assert.Equal(t, want, got)
	assert.Equal(t, (len(got.Requests)+pauseEvery-1)/pauseEvery, pauses)

	errStop := errors.New("a newer edit")
	tr, err := s.Trace(cat, Options{})
	require.NoError(t, err)
	assert.ErrorIs(t, tr.AnalyzeWith(Options{Pause: func() error { return errStop }}), errStop)
}

// Decoding the prompts pauses every pauseEvery items too, on the common
// shape's path (objects, prompt strings) and on the general one (objects
// with a key it does not know), and a pause's error stops it.
func TestPausedDecoding(t *testing.T) {
	objects := func(extra string) string {
		var b strings.Builder
		b.WriteString("[")
		for i := range 5000 {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"prompt": "Summarise note %d.", "created_at_ms": %d%s}`, i, i, extra)
		}
		return b.String() + "]"
	}
	for name, doc := range map[string]string{"common": objects(""), "strings": notePrompts(5000), "general": objects(`, "note": 1`)} {
		t.Run(name, func(t *testing.T) {
			_, common, _ := decodeCommonPrompts([]byte(doc), ModeSeed, copyText, nil)
			assert.Equal(t, name != "general", common)
			want, _, err := DecodeRequests([]byte(doc), DefaultCatalog(), "$", ModeSeed)
			require.NoError(t, err)
			pauses := 0
			got, _, _, err := decodePaused([]byte(doc), DefaultCatalog(), "$", ModeSeed, copyText, func() error { pauses++; return nil })
			require.NoError(t, err)
			assert.Equal(t, want, got)
			assert.Equal(t, 5000/pauseEvery, pauses)
			errStop := errors.New("a newer edit")
			_, _, _, err = decodePaused([]byte(doc), DefaultCatalog(), "$", ModeSeed, copyText, func() error { return errStop })
			assert.ErrorIs(t, err, errStop)
		})
	}
}
