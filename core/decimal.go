package core

import (
	"math/bits"
	"slices"
)

// AppendInt appends v in decimal, as strconv.AppendInt(dst, v, 10) does,
// its digits written in place two at a time: strconv formats into a
// buffer of its own, then copies, and for the integers of a run's output
// (a third of the JSON of 100,000 requests, most of its CSV and table)
// the copy took as long as the formatting (BenchmarkAppendInt).
func AppendInt(dst []byte, v int64) []byte {
	u := uint64(v)
	if v < 0 {
		dst = append(dst, '-')
		u = -u
	}
	if u < 10 {
		return append(dst, byte('0'+u))
	}
	n := bits.Len64(u) * 1233 >> 12 // ⌊log10(2^bits)⌋: the digits, or one more
	if u >= powersOf10[n] {
		n++
	}
	l := len(dst)
	if cap(dst)-l < n {
		dst = slices.Grow(dst, n)
	}
	dst = dst[:l+n]
	for i := l + n; u >= 10; u /= 100 {
		i -= 2
		pair := u % 100 * 2
		dst[i], dst[i+1] = digitPairs[pair], digitPairs[pair+1]
		if u < 100 {
			return dst
		}
	}
	dst[l] = byte('0' + u)
	return dst
}

// powersOf10[k] is 10^k.
var powersOf10 = [20]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// digitPairs holds 00 to 99, two bytes each.
const digitPairs = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"
