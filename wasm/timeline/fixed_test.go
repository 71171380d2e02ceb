package timeline

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAppendFixed3 compares appendFixed3 with strconv's 'f', 3 on chosen
// values (halves exact in binary, products that round to a half, both
// signs, zeros, beyond its range), on random ones and on every
// thousandth plus or minus a half near 0, 1 and 100.
func TestAppendFixed3(t *testing.T) {
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, 0.0625, 0.1875, 0.0005, 0.0015, 0.0025, 99.9995, 12.3456,
		-0.0001, -0.0625, 100, 1e11, -1e11, 1e12, 1e300, math.Inf(1), math.Inf(-1), math.NaN()} {
		require.Equal(t, strconv.FormatFloat(x, 'f', 3, 64), string(appendFixed3(nil, x)), "%v", x)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	for range 200_000 {
		x := (rng.Float64() - 0.2) * []float64{1, 100, 1e6}[rng.IntN(3)]
		require.Equal(t, strconv.FormatFloat(x, 'f', 3, 64), string(appendFixed3(nil, x)), "%v", x)
	}
	for _, base := range []int{0, 1000, 100_000} {
		for k := base - 2000; k < base+2000; k++ {
			x := (float64(k) + 0.5) / 1000
			require.Equal(t, strconv.FormatFloat(x, 'f', 3, 64), string(appendFixed3(nil, x)), "%v", x)
		}
	}
}
