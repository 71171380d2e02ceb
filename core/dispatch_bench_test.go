package core

import (
	"runtime"
	"testing"
)

// benchmarkDispatch measures batching and dispatching n requests (about
// 1000 per second, see benchRequests) with the default dispatch settings
// and the given failure rates, the one-call-per-request baseline included,
// and reports requests per second and bytes allocated per request.
func benchmarkDispatch(b *testing.B, n int, failures Failures) {
	reqs := benchRequests(n)
	cat := DefaultCatalog()
	p := DefaultPolicy()
	set := DefaultDispatch()
	set.Failures = failures
	set.StopOnExhaustion = false
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var res *Result
	b.ResetTimer()
	for b.Loop() {
		res = Run(reqs, cat, &p, ModeTimer, 200, nil)
		if err := RunDispatch(res, cat, &set, 200, 1, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	total := float64(n) * float64(b.N)
	b.ReportMetric(total/b.Elapsed().Seconds(), "requests/s")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/total, "B/request")
	b.ReportMetric(float64(res.Dispatch.Metrics.Attempts+res.Dispatch.Baseline.Attempts), "attempts")
}

// BenchmarkDispatch1M: one million requests batched and dispatched.
func BenchmarkDispatch1M(b *testing.B) { benchmarkDispatch(b, 1_000_000, Failures{}) }

// BenchmarkDispatch1MFailures: the same with 5% 429s, 2% server errors and
// parse failures growing with batch size, so that retries happen.
func BenchmarkDispatch1MFailures(b *testing.B) {
	benchmarkDispatch(b, 1_000_000, Failures{RateLimit: 0.05, Server: 0.02, ParseBase: 0.01, ParsePerRow: 0.002})
}

// BenchmarkWriteJSON100k writes the JSON of 100,000 requests batched and
// dispatched, indented as the CLI writes it, and reports its size.
func BenchmarkWriteJSON100k(b *testing.B) {
	reqs := benchRequests(100_000)
	cat := DefaultCatalog()
	p := DefaultPolicy()
	set := DefaultDispatch()
	res := Run(reqs, cat, &p, ModeTimer, 200, nil)
	if err := RunDispatch(res, cat, &set, 200, 1, nil); err != nil {
		b.Fatal(err)
	}
	var out writtenBytes
	for b.Loop() {
		out = 0
		if err := res.WriteJSON(&out, "  "); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(out))
}

// A writtenBytes counts the bytes written to it.
type writtenBytes int

func (c *writtenBytes) Write(p []byte) (int, error) {
	*c += writtenBytes(len(p))
	return len(p), nil
}
