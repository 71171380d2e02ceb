package main

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

// readMemory reads what runtime.ReadMemStats says, give or take what the
// processors' caches of spans hold (a few MB at most here).
func TestReadMemoryAgreesWithMemStats(t *testing.T) {
	keep := make([]byte, 32<<20)
	for i := range keep {
		keep[i] = 1
	}
	got := readMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	runtime.KeepAlive(keep)
	assert.InDelta(t, float64(m.Sys-m.HeapReleased), float64(got.mapped), 8<<20)
	assert.InDelta(t, float64(m.HeapAlloc), float64(got.heap), 8<<20)
	assert.GreaterOrEqual(t, got.heap, int64(32<<20))
	assert.Greater(t, got.mapped, got.heap)
}
