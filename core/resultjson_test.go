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

// limitedWriter takes n writes, then fails every one.
type limitedWriter struct {
	bytes.Buffer
	n int
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	if w.n == 0 {
		return 0, errors.New("disk full")
	}
	w.n--
	return w.Buffer.Write(p)
}

// TestWriteBlocks checks that writeBlocks writes every block once and in
// order, on one goroutine or two, and that an error of the writer stops
// it: nothing is written after it and the second goroutine stops.
func TestWriteBlocks(t *testing.T) {
	for _, count := range []int{0, 1, 2, aheadBlocks - 1, aheadBlocks, aheadBlocks + 1, 100, 1000} {
		for _, parallel := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d/%v", count, parallel), func(t *testing.T) {
				var want bytes.Buffer
				for k := range count {
					fmt.Fprintf(&want, "<%d:%s>", k, strings.Repeat("x", k%7))
				}
				formatted := make([]int, count) // by block, written by the one formatting it
				format := func(buf []byte, k, worker int) []byte {
					if worker != 0 && worker != 1 || !parallel && worker != 0 {
						panic(fmt.Sprintf("worker %d", worker))
					}
					formatted[k]++
					return fmt.Appendf(buf, "<%d:%s>", k, strings.Repeat("x", k%7))
				}
				var got bytes.Buffer
				require.NoError(t, writeBlocks(&got, count, parallel, format))
				require.Equal(t, want.String(), got.String())
				for k, n := range formatted {
					require.Equal(t, 1, n, "block %d", k)
				}
				if count < 3 {
					return
				}
				w := &limitedWriter{n: count / 2}
				require.EqualError(t, writeBlocks(w, count, parallel, func(buf []byte, k, _ int) []byte {
					return fmt.Appendf(buf, "<%d>", k)
				}), "disk full")
				var prefix bytes.Buffer
				for k := range count / 2 {
					fmt.Fprintf(&prefix, "<%d>", k)
				}
				require.Equal(t, prefix.String(), w.String())
			})
		}
	}
}
