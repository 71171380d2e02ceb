package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireStreamsAsEncoded checks that WriteJSON writes res byte for byte as
// json.Encoder encodes it, compact and indented.
func requireStreamsAsEncoded(t *testing.T, res *Result) {
	t.Helper()
	for _, indent := range []string{"", " ", "  ", "\t"} {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", indent)
		require.NoError(t, enc.Encode(res))
		require.NoError(t, res.WriteJSON(&got, indent))
		if !bytes.Equal(want.Bytes(), got.Bytes()) {
			require.Equal(t, want.String(), got.String(), "indent %q", indent)
		}
	}
}

func TestWriteJSONEdgeCases(t *testing.T) {
	sc := DefaultScenario()
	sc.Dispatch.Enabled = false
	empty, err := Simulate(&sc, Options{})
	require.NoError(t, err)
	requireStreamsAsEncoded(t, empty)
	requireStreamsAsEncoded(t, &Result{Mode: ModeSeed})

	sc = DefaultScenario()
	sc.Prompts = json.RawMessage(`["<script>alert('x & y')</script> é \u2028", "Write a haiku."]`)
	sc.Traffic.Sample = 0.99
	res, err := Simulate(&sc, Options{})
	require.NoError(t, err)
	requireStreamsAsEncoded(t, res)
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteJSONReportsWriteErrors(t *testing.T) {
	res, err := Simulate(heavyScenario(t, 300), Options{})
	require.NoError(t, err)
	assert.EqualError(t, res.WriteJSON(failingWriter{}, "  "), "disk full")
}

// TestWriteJSONLongArrays: arrays long enough to be formatted in blocks by
// two goroutines (requests, batches, the dispatch's request outcomes) are
// written as the encoder writes them.
func TestWriteJSONLongArrays(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := range 6*jsonBlock + 17 {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"prompt":"write a <b>poem</b> & a summary, number %d","created_at_ms":%d}`, i, i*10_000_000)
	}
	b.WriteString("]")
	sc := DefaultScenario()
	sc.Prompts = json.RawMessage(b.String())
	res, err := Simulate(&sc, Options{})
	require.NoError(t, err)
	require.NotNil(t, res.Dispatch)
	require.Greater(t, len(res.Batches), 4*jsonBlock)
	requireStreamsAsEncoded(t, res)
}
