package core

import "math"

// durations collect durations (ms) for percentiles: 4 bytes each while
// every value fits in an int32, as queue waits and latencies almost always
// do, and 8 from the first that does not (all are then widened once), so
// that a run of tens of millions of requests keeps its latencies in a
// fraction of the memory.
type durations struct {
	small []int32
	large []int64 // non-nil once a value did not fit an int32; then holds all
	// scratch for the radix sort, kept across reset.
	buf32 []int32
	buf64 []int64
}

// reserve makes room for n durations.
func (d *durations) reserve(n int) {
	if d.large == nil && cap(d.small) < n {
		d.small = make([]int32, 0, n)
	}
}

func (d *durations) add(v int64) {
	if d.large == nil {
		if v >= math.MinInt32 && v <= math.MaxInt32 {
			d.small = append(d.small, int32(v))
			return
		}
		d.large = make([]int64, len(d.small), max(2*len(d.small), 16))
		for i, x := range d.small {
			d.large[i] = int64(x)
		}
		d.small = nil
	}
	d.large = append(d.large, v)
}

// reset empties the set, keeping its memory.
func (d *durations) reset() {
	d.small = d.small[:0]
	if d.large != nil {
		d.large = d.large[:0]
	}
}

// stats sorts the durations and returns their statistics.
func (d *durations) stats() WaitStats {
	if d.large != nil {
		d.buf64 = sortLarge(d.large, d.buf64)
		return waitStats(d.large)
	}
	d.buf32 = sortLarge(d.small, d.buf32)
	return waitStats(d.small)
}

// sortLarge radix-sorts v when it is large (nearestRanks then finds it
// sorted) with buf as scratch, grown when short, and returns buf.
func sortLarge[T duration](v, buf []T) []T {
	if len(v) <= 1<<12 {
		return buf
	}
	if cap(buf) < len(v) {
		buf = make([]T, len(v))
	}
	radixSort(v, buf[:len(v)])
	return buf
}
