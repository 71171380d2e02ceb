package core

// radixSort sorts non-negative durations in place with a least-significant-
// digit radix sort on 16-bit digits, skipping digits all values share;
// buf is scratch of at least len(v). Large sets of latencies (millions of
// values over hours) sort several times faster than by comparison, and
// nearestRanks then finds them sorted. Negative values fall back to
// sortDurations.
func radixSort[T duration](v, buf []T) {
	if len(v) < 2 {
		return
	}
	hi := v[0]
	for _, x := range v {
		if x < 0 {
			sortDurations(v)
			return
		}
		hi = max(hi, x)
	}
	buf = buf[:len(v)]
	src, dst := v, buf
	var counts [1 << 16]int
	for shift := uint(0); shift < 64 && uint64(hi)>>shift > 0; shift += 16 {
		clear(counts[:])
		for _, x := range src {
			counts[(x>>shift)&0xffff]++
		}
		if counts[(src[0]>>shift)&0xffff] == len(src) {
			continue // every value has this digit
		}
		sum := 0
		for i, c := range counts {
			counts[i] = sum
			sum += c
		}
		for _, x := range src {
			k := (x >> shift) & 0xffff
			dst[counts[k]] = x
			counts[k]++
		}
		src, dst = dst, src
	}
	if &src[0] != &v[0] {
		copy(v, src)
	}
}
