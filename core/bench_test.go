package core

import (
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// benchRequests returns n timestamped requests with prompts of 8–40 words
// (about 60–250 characters) drawn from the test vocabulary, every tenth one
// a multiple of another's text so that every model and limit is exercised.
func benchRequests(n int) []Request {
	rng := rand.New(rand.NewPCG(7, 7))
	reqs := make([]Request, n)
	texts := make([]string, 4096)
	for i := range texts {
		var b strings.Builder
		for w := range 8 + rng.IntN(33) {
			if w > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(vocabulary[rng.IntN(len(vocabulary))])
		}
		texts[i] = b.String()
	}
	t := int64(0)
	for i := range reqs {
		t += int64(rng.IntN(3)) // ~1000 requests per second
		reqs[i] = Request{ID: "b" + strconv.Itoa(i), Index: i, CreatedAt: t, Text: texts[rng.IntN(len(texts))], hasTime: true}
	}
	return reqs
}

// benchmarkRun measures enrichment + batching + metrics of n requests and
// reports requests per second and bytes allocated per request.
func benchmarkRun(b *testing.B, n int, mode Mode) {
	reqs := benchRequests(n)
	cat := DefaultCatalog()
	p := DefaultPolicy()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		Run(reqs, cat, &p, mode, 0, nil)
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	total := float64(n) * float64(b.N)
	b.ReportMetric(total/b.Elapsed().Seconds(), "requests/s")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/total, "B/request")
}

func BenchmarkRun1MTimer(b *testing.B) { benchmarkRun(b, 1_000_000, ModeTimer) }
func BenchmarkRun1MSeed(b *testing.B)  { benchmarkRun(b, 1_000_000, ModeSeed) }

func BenchmarkAnalyze(b *testing.B) {
	reqs := benchRequests(1000)
	texts := make([]string, len(reqs))
	for i, r := range reqs {
		texts[i] = r.Text
	}
	benchmarkAnalyze(b, texts)
}

// BenchmarkAnalyzeLong analyses prompts of 330 to 800 characters, as in
// the CLI's benchmark (some with a character beyond ASCII).
func BenchmarkAnalyzeLong(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	words := append([]string{"Straße", "naïve"}, vocabulary...)
	texts := make([]string, 1000)
	for i := range texts {
		var t strings.Builder
		for size := 330 + rng.IntN(470); t.Len() < size; {
			if t.Len() > 0 {
				t.WriteByte(' ')
			}
			t.WriteString(words[rng.IntN(len(words))])
		}
		texts[i] = t.String()
	}
	benchmarkAnalyze(b, texts)
}

// BenchmarkAnalyzeMultilingual analyses prompts of 100 to 400 characters
// in Russian, Greek, Japanese and Chinese with English keywords among
// them: characters of two and three bytes.
func BenchmarkAnalyzeMultilingual(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 9))
	words := strings.Fields(`объясни пожалуйста почему этот код медленный εξήγησε γιατί ο κώδικας
		このコードを要約してください 为什么这个函数很慢 请总结这份报告 code summary why csv`)
	texts := make([]string, 1000)
	for i := range texts {
		var t strings.Builder
		for size := 100 + rng.IntN(300); utf8.RuneCountInString(t.String()) < size; {
			if t.Len() > 0 {
				t.WriteByte(' ')
			}
			t.WriteString(words[rng.IntN(len(words))])
		}
		texts[i] = t.String()
	}
	benchmarkAnalyze(b, texts)
}

// benchmarkAnalyze analyses the texts in turn, one an iteration.
func benchmarkAnalyze(b *testing.B, texts []string) {
	var a Analyzer
	bytes := 0
	for _, t := range texts {
		bytes += len(t)
	}
	b.SetBytes(int64(bytes / len(texts)))
	i := 0
	for b.Loop() {
		a.Analyze(texts[i%len(texts)])
		i++
	}
}

func BenchmarkDecodeRequests(b *testing.B) { benchmarkDecode(b, ModeTimer) }

// BenchmarkDecodeRequestsSeedMode decodes the same document under seed
// mode's rules (Python's truthiness and str() on every field).
func BenchmarkDecodeRequestsSeedMode(b *testing.B) { benchmarkDecode(b, ModeSeed) }

func benchmarkDecode(b *testing.B, mode Mode) {
	var sb strings.Builder
	sb.WriteString("[")
	for i, r := range benchRequests(10_000) {
		if i > 0 {
			sb.WriteString(",\n")
		}
		sb.WriteString(`{"request_id":"` + r.ID + `","created_at_ms":` + strconv.FormatInt(r.CreatedAt, 10) + `,"prompt":"` + r.Text + `"}`)
	}
	sb.WriteString("]")
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := DecodeRequests(data, nil, "$", mode); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(10_000*b.N)/b.Elapsed().Seconds(), "requests/s")
}

// BenchmarkExplain40k explains every batch of a run of about 40 000
// batches, most closed by a request that did not fit: the cost must grow
// with requests + batches, not with their product.
func BenchmarkExplain40k(b *testing.B) {
	p := DefaultPolicy()
	p.MaxBatchTokens, p.ModelTuning = 200, false
	res := Run(benchRequests(100_000), DefaultCatalog(), &p, ModeTimer, 0, nil)
	closedBy := 0
	for i := range res.Batches {
		if res.Batches[i].ClosedBy != "" {
			closedBy++
		}
	}
	for b.Loop() {
		res.Explanations()
	}
	b.ReportMetric(float64(len(res.Batches)), "batches")
	b.ReportMetric(float64(closedBy), "closed-by")
}
