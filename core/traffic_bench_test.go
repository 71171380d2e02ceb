package core

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// azureRows writes n Azure trace rows, 1–40 ms apart, starting on
// 2023-11-16 18:15:46 with 7 fractional digits, like the real files.
func azureRows(n int) []byte {
	var sb strings.Builder
	sb.Grow(40 * (n + 1))
	sb.WriteString("TIMESTAMP,ContextTokens,GeneratedTokens\n")
	t := int64(18*3600+15*60+46) * 1e7 // 100 ns ticks since midnight
	for i := range n {
		t += int64(1+i*7919%40) * 1e4
		s := t / 1e7
		fmt.Fprintf(&sb, "2023-11-%02d %02d:%02d:%02d.%07d,%d,%d\n", 16+s/86400, s/3600%24, s/60%60, s%60, t%1e7, 10+i*31%4000, 1+i*17%600)
	}
	return []byte(sb.String())
}

// BenchmarkParseAzure1M parses a million-row Azure trace and reports the
// time and bytes allocated per row.
func BenchmarkParseAzure1M(b *testing.B) { benchmarkParse(b, TrafficAzure, azureRows(1_000_000)) }

// BenchmarkParseMooncake1M parses a million Mooncake rows (about 3.7 hash
// ids each) and shares their prefixes.
func BenchmarkParseMooncake1M(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteSyntheticMooncake(&buf, 1_000_000, 1); err != nil {
		b.Fatal(err)
	}
	benchmarkParse(b, TrafficMooncake, buf.Bytes())
}

// benchmarkParse parses a million rows of data in format.
func benchmarkParse(b *testing.B, format TrafficFormat, data []byte) {
	const n = 1_000_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		t, err := ParseTraffic(data, format, TrafficOptions{MaxRows: n})
		if err != nil || len(t.Records) != n {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	rows := float64(n) * float64(b.N)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/rows, "ns/row")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/rows, "B/row")
}
