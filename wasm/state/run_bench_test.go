package state

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// benchPrompts is a prompts document of n prompts of about 500
// characters, one per line, as the editor holds it.
func benchPrompts(n int) string {
	const text = "Refactor the parseLogLine(s string) function in pkg/ingest so it returns (Entry, error); keep 日本語 and emoji 🎉 intact. "
	prompts := make([]string, n)
	for i := range prompts {
		prompts[i] = "#" + strconv.Itoa(i) + " " + strings.Repeat(text, 4)
	}
	doc, _ := json.Marshal(prompts)
	lined, _ := onePerLine(string(doc))
	return lined
}

// BenchmarkRunAfterKeystroke is the run after a pause in typing in the
// editor at the largest document it holds (480 prompts of about 500
// characters): the prompts are decoded again, then simulated.
func BenchmarkRunAfterKeystroke(b *testing.B) {
	p := New()
	text := benchPrompts(480)
	p.SetPrompts(text)
	p.Run()
	b.SetBytes(int64(len(text)))
	for i := 0; b.Loop(); i++ {
		p.SetPrompts(text[:3] + strconv.Itoa(i%10) + text[3:])
		p.Run()
	}
	if p.Result == nil || len(p.Problems) > 0 {
		b.Fatal(p.Problems)
	}
}

// BenchmarkRunAfterPolicyEdit is the run after an edit of the max wait
// with 10,000 prompts of about 500 characters loaded: the decoded
// requests are cached, the batching and its metrics run again.
func BenchmarkRunAfterPolicyEdit(b *testing.B) {
	p := New()
	p.SetPrompts(benchPrompts(10_000))
	p.Run()
	f := field("policy.wait_ms")
	for i := 0; b.Loop(); i++ {
		p.SetText(f, strconv.Itoa(50+i%2*10))
		p.Run()
	}
	if p.Result == nil || len(p.Problems) > 0 {
		b.Fatal(p.Problems)
	}
}
