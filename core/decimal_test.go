package core

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAppendInt: integers are appended as strconv.AppendInt writes them,
// at every number of digits and both ends of int64.
func TestAppendInt(t *testing.T) {
	values := []int64{0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, -1, -9, -10, -100, 1700000000001, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1}
	for p := int64(1); p > 0 && p <= math.MaxInt64/10; p *= 10 {
		values = append(values, p-1, p, p+1, -p, 10*p-1)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		values = append(values, int64(rng.Uint64())>>rng.IntN(64))
	}
	for _, v := range values {
		prefix := []byte("x")
		require.Equal(t, string(strconv.AppendInt(prefix, v, 10)), string(AppendInt(prefix, v)), "%d", v)
	}
}

// BenchmarkAppendInt appends the integers of a run's output (times in
// milliseconds since 1970, token counts, ids) with AppendInt and with
// strconv.AppendInt.
func BenchmarkAppendInt(b *testing.B) {
	values := []int64{1700000000001, 145, 17, 1700000000005, 4, 50, 100000, 3, 0}
	for _, bc := range []struct {
		name   string
		append func([]byte, int64) []byte
	}{
		{"AppendInt", AppendInt},
		{"strconv", func(dst []byte, v int64) []byte { return strconv.AppendInt(dst, v, 10) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			buf := make([]byte, 0, 256)
			for b.Loop() {
				buf = buf[:0]
				for _, v := range values {
					buf = append(bc.append(buf, v), ',')
				}
			}
		})
	}
}
