package state

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/require"
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
	return onePerLine(string(doc))
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

// BenchmarkRunAfterPolicyEditTrace is the run after an edit of the max
// wait with a 100,000-row token-only trace (Azure CSV) imported.
func BenchmarkRunAfterPolicyEditTrace(b *testing.B) {
	var csv strings.Builder
	csv.WriteString("TIMESTAMP,ContextTokens,GeneratedTokens\n")
	for i := range 100_000 {
		ms := i * 36
		csv.WriteString("2023-11-16 18:" + pad2(ms/60_000%60) + ":" + pad2(ms/1000%60) + "." + strconv.Itoa(1_000_000 + ms%1000*1000)[1:] + "0," +
			strconv.Itoa(50+(i*7919)%4000) + "," + strconv.Itoa(1+(i*104729)%600) + "\n")
	}
	p := New()
	p.LoadFile("azure.csv", []byte(csv.String()))
	p.Run()
	if p.Result == nil || len(p.Problems) > 0 || p.Result.Metrics.Requests != 100_000 {
		b.Fatal(p.Problems, p.FileProblems)
	}
	f := field("policy.wait_ms")
	for i := 0; b.Loop(); i++ {
		p.SetText(f, strconv.Itoa(50+i%2*10))
		p.Run()
	}
}

func pad2(n int) string { return strconv.Itoa(100 + n)[1:] }

// Runs copy the trace into the requests of the result before the last:
// each run's result is that of a run from scratch, and the result shown
// before it stays intact.
func TestRunsReuseTheRequestsOfAnOldResult(t *testing.T) {
	p := New()
	p.SetPrompts(benchPrompts(50))
	var prev *core.Result
	var prevJSON []byte
	for i, wait := range []string{"50", "200", "50", "1000", "200"} {
		p.SetText(field("policy.wait_ms"), wait)
		p.Run()
		fresh := New()
		fresh.SetPrompts(p.PromptsText())
		fresh.SetText(field("policy.wait_ms"), wait)
		fresh.Run()
		got, _ := json.Marshal(p.Result)
		want, _ := json.Marshal(fresh.Result)
		require.Equal(t, string(want), string(got), "run %d (wait %s) is a run from scratch", i, wait)
		if prev != nil {
			again, _ := json.Marshal(prev)
			require.Equal(t, string(prevJSON), string(again), "run %d left the result before it intact", i)
		}
		prev, prevJSON = p.Result, got
	}
}

// A run computed in steps gives the result of Run, pauses or not; an edit
// during its computation drops it (the last edit wins) and the next run
// still gives a run's result from scratch.
func TestRunJobs(t *testing.T) {
	p := New()
	p.SetPrompts(benchPrompts(3000))
	p.SetText(field("policy.wait_ms"), "120")
	want := New()
	want.SetPrompts(p.PromptsText())
	want.SetText(field("policy.wait_ms"), "120")
	want.Run()
	wantJSON, _ := json.Marshal(want.Result)

	j := p.StartRun()
	pauses := 0
	j.Compute(func() error { pauses++; return nil })
	require.True(t, p.FinishRun(j))
	require.Positive(t, pauses)
	got, _ := json.Marshal(p.Result)
	require.Equal(t, string(wantJSON), string(got), "paused")
	require.False(t, p.Dirty())

	// Edited while it computed: dropped, the playground still due to run.
	shown := p.Result
	j = p.StartRun()
	p.SetText(field("policy.wait_ms"), "50")
	j.Compute(func() error { return errors.New("edited") })
	require.False(t, p.FinishRun(j))
	require.Same(t, shown, p.Result)
	require.True(t, p.Dirty())
	require.Empty(t, p.Problems)

	j = p.StartRun()
	p.SetText(field("policy.wait_ms"), "120")
	j.Compute(nil) // finished, but edited since
	require.False(t, p.FinishRun(j))
	require.Same(t, shown, p.Result)

	p.Run()
	got, _ = json.Marshal(p.Result)
	require.Equal(t, string(wantJSON), string(got), "after dropped runs")
}

// The summary of a big paste is computed with the run, off the
// playground, pausing as it counts the prompts: the same summary as a run
// without pauses; a run superseded while it summarises leaves the summary
// due for the next run.
func TestRunJobsSummariseWithPauses(t *testing.T) {
	doc := benchPrompts(3000)
	require.Greater(t, len(doc), BigPrompts)
	want := New()
	want.SetPrompts(doc)
	want.Run()
	require.NotNil(t, want.Imported)

	p := New()
	p.SetPrompts(doc)
	j := p.StartRun()
	pauses := 0
	j.Compute(func() error { pauses++; return nil })
	require.Greater(t, pauses, 3000/pauseEvery, "the summary pauses too")
	require.True(t, p.FinishRun(j))
	require.Equal(t, want.Imported, p.Imported)

	p = New()
	p.SetPrompts(doc)
	j = p.StartRun()
	calls := 0
	j.Compute(func() error { // stops in the summary, after the run's own pauses
		if calls++; calls == pauses {
			return errors.New("edited")
		}
		return nil
	})
	p.SetText(field("policy.wait_ms"), "50")
	require.False(t, p.FinishRun(j))
	require.Nil(t, p.Imported)

	// Stopped while it decodes: no summary is made (it would decode the
	// document again, without pauses).
	p = New()
	p.SetPrompts(doc)
	j = p.StartRun()
	calls = 0
	j.Compute(func() error { // the count's pause, then the decoding's
		if calls++; calls == 2 {
			return errors.New("edited")
		}
		return nil
	})
	require.Nil(t, j.summary)
	p.SetText(field("policy.wait_ms"), "60")
	require.False(t, p.FinishRun(j))
	p.Run()
	require.Equal(t, want.Imported, p.Imported, "summarised by the next run")
}

// copyRequests copies every request, pausing between slices of
// pauseEvery, and stops at a pause's error.
func TestCopyRequests(t *testing.T) {
	src := make([]core.Request, 2*pauseEvery+1)
	for i := range src {
		src[i].ID = strconv.Itoa(i)
	}
	pauses := 0
	got, err := copyRequests(nil, src, func() error { pauses++; return nil })
	require.NoError(t, err)
	require.Equal(t, src, got)
	require.Equal(t, 2, pauses)
	got, err = copyRequests(make([]core.Request, 0, 1), src, func() error { return errors.New("edited") })
	require.Error(t, err)
	require.Len(t, got, pauseEvery)
}

// Runs share the catalog while the models stay the same; an edit to a
// model gives the next run a catalog of the edited models.
func TestRunsReuseTheCatalog(t *testing.T) {
	p := New()
	p.SetPrompts(benchPrompts(20))
	p.Run()
	first := p.ResultCatalog
	p.SetText(field("policy.wait_ms"), "200")
	p.Run()
	require.Same(t, first, p.ResultCatalog, "the models did not change")

	p.SetCell(0, "strengths.coding", "0")
	p.Run()
	require.NotSame(t, first, p.ResultCatalog)
	want, err := core.CatalogOf(p.Models)
	require.NoError(t, err)
	require.Equal(t, want.Models(), p.ResultCatalog.Models())
	require.Equal(t, 0.0, p.ResultCatalog.Models()[0].Strengths["coding"])
	require.NotEqual(t, 0.0, first.Models()[0].Strengths["coding"], "the first catalog kept its own models")
}
