package timeline

import (
	"math"
	"strconv"
)

// appendFixed3 appends x with three decimals, as strconv.AppendFloat(dst,
// x, 'f', 3, 64) does, in integers: x × 1000 rounded half to even, where
// a product that rounded to a half is settled by its exact error (math.FMA),
// as AppendFloat settles it by x's exact binary value. The timeline draws
// hundreds of these at the page's start (the overview's areas, the bars'
// places), and strconv's float formatting was recompiled by V8's TurboFan
// then, beside the first render.
func appendFixed3(dst []byte, x float64) []byte {
	if !(math.Abs(x) < 1e12) { // also NaN
		return strconv.AppendFloat(dst, x, 'f', 3, 64)
	}
	if math.Signbit(x) {
		dst = append(dst, '-')
		x = -x
	}
	t := float64(x * 1000)
	n := math.RoundToEven(t)
	if low := math.Floor(t); t-low == 0.5 {
		switch exact := math.FMA(x, 1000, -t); { // x × 1000 − t, exactly
		case exact > 0:
			n = low + 1
		case exact < 0:
			n = low
		}
	}
	i := int64(n)
	dst = strconv.AppendInt(dst, i/1000, 10)
	f := i % 1000
	return append(dst, '.', byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
}
