package core

import (
	"bytes"
	"io"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkStream1M streams a million-row synthetic Azure trace (37 MB)
// through StreamTrace with the default scenario (dispatch and baseline
// on) and reports rows per second, bytes allocated per row, and the most
// heap a garbage collection found live during the run, per row: what a
// streamed run holds (its windows, and the waits and latencies of 4 bytes
// each).
func BenchmarkStream1M(b *testing.B) { benchmarkStream(b, TrafficAzure, WriteSyntheticAzure) }

// BenchmarkStreamMooncake1M is BenchmarkStream1M on the same requests
// written as a Mooncake trace (108 MB of JSON Lines, with hash ids).
func BenchmarkStreamMooncake1M(b *testing.B) {
	benchmarkStream(b, TrafficMooncake, WriteSyntheticMooncake)
}

func benchmarkStream(b *testing.B, format TrafficFormat, write func(io.Writer, int, uint64) error) {
	const n = 1_000_000
	var buf bytes.Buffer
	if err := write(&buf, n, 1); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	runtime.GC()
	base := liveHeap()
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				if h := liveHeap(); h > peak.Load() {
					peak.Store(h)
				}
			}
		}
	}()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		s := DefaultScenario()
		res, err := s.StreamTrace(bytes.NewReader(data), StreamOptions{Format: format})
		if err != nil || res.Metrics.Requests != n {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	close(stop)
	runtime.ReadMemStats(&after)
	rows := float64(n) * float64(b.N)
	b.ReportMetric(rows/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/rows, "B/row")
	b.ReportMetric(float64(peak.Load()-min(base, peak.Load()))/n, "live-B/row")
}

// liveHeap returns the bytes of heap the last garbage collection found
// live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
