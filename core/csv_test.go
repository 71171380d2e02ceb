package core

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCSVFieldsAsEncodingCSV checks that rows of appendCSVField fields
// are what encoding/csv's Writer writes, for fields of every kind.
func TestCSVFieldsAsEncodingCSV(t *testing.T) {
	pieces := []string{"", "a", "r17", `\.`, " ", "\t", "\u00a0", "\u0085", "\x85", ",", `"`, "\r", "\n", "é", "東京", "x y"}
	rng := rand.New(rand.NewPCG(9, 9))
	for range 2000 {
		row := make([]string, 1+rng.IntN(4))
		for i := range row {
			var f strings.Builder
			for range rng.IntN(3) {
				f.WriteString(pieces[rng.IntN(len(pieces))])
			}
			row[i] = f.String()
		}
		var want bytes.Buffer
		cw := csv.NewWriter(&want)
		require.NoError(t, cw.Write(row))
		cw.Flush()
		var got []byte
		for i, f := range row {
			got = appendCSVField(got, i, f)
		}
		require.Equal(t, want.String(), string(got)+"\n", "%q", row)
	}
}
