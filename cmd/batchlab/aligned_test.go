package main

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/stretchr/testify/require"
)

// TestAlignedBlockIsTabwriter checks that an alignedBlock writes what a
// tabwriter with the same settings writes, for cells of every kind: empty,
// non-ASCII, and holding the bytes tabwriter gives a meaning to, in
// blocks of a few lines and of more than twice alignedLines (measured in
// halves, written in blocks).
func TestAlignedBlockIsTabwriter(t *testing.T) {
	pieces := []string{"", "a", "bb", "request-17", "Straße", "東京", "x y", "1/2", "\t", "\n", "\v", "\f", "\xff", "\r"}
	rng := rand.New(rand.NewPCG(3, 3))
	for k := range 500 {
		cells := 1 + rng.IntN(5)
		lines := rng.IntN(6)
		if k%50 == 0 {
			lines = 2*alignedLines + rng.IntN(2*alignedLines)
		}
		var want bytes.Buffer
		tw := tabwriter.NewWriter(&want, 0, 0, 2, ' ', 0)
		special := rng.IntN(4) == 0
		var texts []string
		for i := range cells * lines {
			var cell strings.Builder
			for range rng.IntN(3) {
				p := pieces[rng.IntN(len(pieces))]
				if !special && strings.ContainsAny(p, "\t\n\v\f\xff") {
					continue
				}
				cell.WriteString(p)
			}
			texts = append(texts, cell.String())
			sep := "\t"
			if i%cells == cells-1 {
				sep = "\n"
			}
			_, err := tw.Write([]byte(cell.String() + sep))
			require.NoError(t, err)
		}
		require.NoError(t, tw.Flush())
		var got bytes.Buffer
		require.NoError(t, writeAligned(&got, cells, len(texts)/cells, func(b *alignedBlock, i int) {
			for _, s := range texts[i*cells : (i+1)*cells] {
				b.cell(s)
			}
		}))
		require.Equal(t, want.String(), got.String())
	}
}
