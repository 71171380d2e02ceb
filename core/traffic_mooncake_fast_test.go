package core

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseMooncakeGeneral is parseMooncake without its fast path: every row
// checked by validJSON, then scanned.
func parseMooncakeGeneral(data []byte) (*Traffic, error) {
	b := newTrafficBuilder(TrafficMooncake, 500)
	b.rebase = true
	m := &mooncakeBlocks{}
	parseJSONLines(data, b, func(b *trafficBuilder, src jsonSource, raw []byte, row int) {
		if ids, ok := parseMooncakeLine(b, src, raw, row, nil); ok {
			m.keep(ids)
		}
	})
	t, err := b.finish()
	if err != nil {
		return nil, err
	}
	m.sharePrefixes(t, b.order)
	return t, nil
}

// checkMooncakeFastPath checks that data parses the same with the fast
// path as without it, and that the fast path reads only valid JSON.
func checkMooncakeFastPath(t *testing.T, data []byte) {
	for _, line := range splitLines(data) {
		if _, ok := scanMooncakeLine(line, nil); ok {
			require.True(t, validJSON(line), "the fast path read %q", line)
		}
	}
	want, wantErr := parseMooncakeGeneral(data)
	got, err := ParseTraffic(data, TrafficMooncake, TrafficOptions{MaxRows: 500})
	require.Equal(t, wantErr, err)
	require.Equal(t, want, got)
}

func splitLines(data []byte) [][]byte {
	var lines [][]byte
	for len(data) > 0 {
		i := 0
		for i < len(data) && data[i] != '\n' {
			i++
		}
		lines = append(lines, data[:i])
		data = data[min(i+1, len(data)):]
	}
	return lines
}

var mooncakeFastRows = []struct {
	row  string
	fast bool
}{
	{`{"timestamp": 27482, "input_length": 6955, "output_length": 52, "hash_ids": [46, 47, 0, 123456789012345678]}`, true},
	{`{"timestamp":0,"input_length":1,"output_length":0,"hash_ids":[]}`, true},
	{`{ "timestamp" : 1.25 , "input_length" : 3 , "output_length" : 1 , "other" : 9 }`, true},
	{`{}`, true},
	{`{"timestamp": 1, "input_length": 2, "output_length": 3, "hash_ids": [1], "hash_ids": [2, 3]}`, true},
	{`{"timestamp": 1, "timestamp": 5, "input_length": 2, "output_length": 3}`, true},
	{`{"timestamp": 1.5, "input_length": 2.5, "output_length": 3}`, true}, // an error, found by the shared checks
	{`{"timestamp": 1, "input_length": 0, "output_length": 3}`, true},     // skipped
	{`{"timestamp": 1, "input_length": 2}`, true},                         // missing output_length
	{`{"timestamp": 1, "input_length": 2, "output_length": 3, "hash_ids": [1234567890123456789]}`, false},
	{`{"timestamp": 1, "input_length": 2, "output_length": 3, "hash_ids": [-1]}`, false},
	{`{"timestamp": 1, "input_length": 2, "output_length": 3, "hash_ids": null}`, false},
	{`{"timestamp": 1, "input_length": 2, "output_length": 3, "hash_ids": [01]}`, false},
	{`{"timestamp": 1e3, "input_length": 2, "output_length": 3}`, false},
	{`{"timestamp": -1, "input_length": 2, "output_length": 3}`, false},
	{`{"timestamp": 01, "input_length": 2, "output_length": 3}`, false},
	{`{"timestamp": 1., "input_length": 2, "output_length": 3}`, false},
	{`{"times\u0074amp": 1, "input_length": 2, "output_length": 3}`, false},
	{`{"timestamp": 1, "input_length": 2, "output_length": 3, "note": "x"}`, false},
	{`{"timestamp": 1, "input_length": 2, "output_length": 3,}`, false},
	{`{"timestamp": 1, "input_length": 2, "output_length": 3} x`, false},
	{`{"timestamp": 1 "input_length": 2}`, false},
	{`{"timestamp": 1, "input_length": 2, "output_length": 3, "hash_ids": [1,]}`, false},
	{`{"timestamp": 1, "input_length": 2, "output_length": 3, "hash_ids": [1 2]}`, false},
	{"{\"tim\x01\": 1}", false},
	{`[1]`, false},
	{`{"timestamp": 1`, false},
}

func TestMooncakeFastPath(t *testing.T) {
	for _, tc := range mooncakeFastRows {
		t.Run(tc.row, func(t *testing.T) {
			_, ok := scanMooncakeLine([]byte(tc.row), nil)
			assert.Equal(t, tc.fast, ok)
			checkMooncakeFastPath(t, []byte(tc.row))
		})
	}
	var doc []byte
	for _, tc := range mooncakeFastRows {
		doc = append(append(doc, tc.row...), '\n')
	}
	checkMooncakeFastPath(t, doc)
}

// FuzzMooncakeFastLine checks that the fast path reads a Mooncake row as
// the general path does, and only rows that are JSON.
func FuzzMooncakeFastLine(f *testing.F) {
	for _, tc := range mooncakeFastRows {
		f.Add([]byte(tc.row))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkMooncakeFastPath(t, data)
	})
}

// TestBlockTrieSharesLongestPrefixes checks the trie against the longest
// common prefix with any earlier sequence, on ids that repeat after other
// ids (an id of two sequences), negative ids and ids far out of the array.
func TestBlockTrieSharesLongestPrefixes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for _, alphabet := range []int64{3, 40, 1 << 40} {
		m := &mooncakeBlocks{}
		var seqs [][]int64
		for range 300 {
			seq := make([]int64, rng.IntN(6))
			for j := range seq {
				seq[j] = rng.Int64N(alphabet) - 1
			}
			if len(seqs) > 0 && rng.IntN(2) == 0 { // continue an earlier one
				prev := seqs[rng.IntN(len(seqs))]
				seq = append(slices.Clone(prev[:rng.IntN(len(prev)+1)]), seq...)
			}
			seqs = append(seqs, seq)
			m.keep(seq)
		}
		tr := &Traffic{Records: make([]TrafficRecord, len(seqs))}
		for i := range tr.Records {
			tr.Records[i].InputTokens = 1 << 20
		}
		m.sharePrefixes(tr, nil)
		for p, seq := range seqs {
			want := 0
			for _, earlier := range seqs[:p] {
				n := 0
				for n < len(seq) && n < len(earlier) && seq[n] == earlier[n] {
					n++
				}
				want = max(want, n)
			}
			require.Equal(t, want*mooncakeBlockTokens, tr.Records[p].SharedPrefixTokens, "alphabet %d, record %d: %v", alphabet, p, seq)
		}
	}
}
