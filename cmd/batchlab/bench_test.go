package main

import (
	"flag"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/batchlab/batchlab/core"
)

// writePrompts, when set (go test -run TestWriteBenchPrompts -args
// -write-prompts FILE), is where TestWriteBenchPrompts writes the generated
// benchmark input; the bench-reference make target uses it.
var writePrompts = flag.String("write-prompts", "", "write the generated 100,000-prompt benchmark input to this `file`")

// benchWords are the words of generated prompts: the analysis keywords,
// filler, and a few non-ASCII words.
var benchWords = []string{
	"code", "python", "bug", "function", "api", "test", "refactor", "summarize", "summary", "bullet",
	"explain", "why", "analyze", "prove", "dataset", "csv", "plot", "chart", "brief", "short",
	"detailed", "comprehensive", "step-by-step", "privacy", "pii", "gdpr", "policy",
	"the", "a", "of", "to", "and", "in", "for", "on", "with", "is", "that", "this", "we", "our",
	"meeting", "customer", "report", "email", "plan", "team", "service", "latency", "budget",
	"launch", "draft", "review", "notes", "quarter", "revenue", "please", "could", "you", "help",
	"write", "about", "project", "timeline", "users", "feedback", "product", "release", "Straße", "naïve",
}

// benchPrompts returns a prompts document like the issue's: n objects with
// request_id, created_at_ms, user_id and a prompt of 330 to 800 characters
// (some with escaped quotes and new lines), about 1,000 requests a second.
// It is deterministic.
func benchPrompts(n int) []byte {
	rng := rand.New(rand.NewPCG(13, 13))
	buf := make([]byte, 0, n*700)
	buf = append(buf, "[\n"...)
	t := int64(1_700_000_000_000)
	for i := range n {
		if i > 0 {
			buf = append(buf, ",\n"...)
		}
		t += int64(rng.IntN(3))
		buf = append(buf, `  {"request_id": "req-`...)
		buf = strconv.AppendInt(buf, int64(i+1), 10)
		buf = append(buf, `", "created_at_ms": `...)
		buf = strconv.AppendInt(buf, t, 10)
		buf = append(buf, `, "user_id": "user-`...)
		buf = strconv.AppendInt(buf, int64(rng.IntN(5000)), 10)
		buf = append(buf, `", "prompt": "`...)
		size := 330 + rng.IntN(460)
		for start := len(buf); len(buf)-start < size; {
			if len(buf) > start {
				switch rng.IntN(40) {
				case 0:
					buf = append(buf, `\n`...)
				case 1:
					buf = append(buf, `, \"`...)
				default:
					buf = append(buf, ' ')
				}
			}
			buf = append(buf, benchWords[rng.IntN(len(benchWords))]...)
		}
		buf = append(buf, `"}`...)
	}
	return append(buf, "\n]\n"...)
}

// TestWriteBenchPrompts writes benchPrompts(100_000) to the -write-prompts
// file; without the flag it does nothing.
func TestWriteBenchPrompts(t *testing.T) {
	if *writePrompts == "" {
		t.Skip("no -write-prompts file")
	}
	if err := os.WriteFile(*writePrompts, benchPrompts(100_000), 0o644); err != nil {
		t.Fatal(err)
	}
}

// benchmarkCLI runs "batchlab simulate --mode seed" on a generated file of
// 100,000 prompts (63 MB) in the given output format: the CLI's whole
// path, from reading the file to the last byte written.
func benchmarkCLI(b *testing.B, format string) {
	path := filepath.Join(b.TempDir(), "prompts.json")
	data := benchPrompts(100_000)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	args := []string{"simulate", "--input", path, "--mode", "seed", "--format", format}
	for b.Loop() {
		if code := run(args, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit status %d", code)
		}
	}
}

func BenchmarkCLI100kTable(b *testing.B) { benchmarkCLI(b, "table") }
func BenchmarkCLI100kJSON(b *testing.B)  { benchmarkCLI(b, "json") }
func BenchmarkCLI100kCSV(b *testing.B)   { benchmarkCLI(b, "csv") }

// benchmarkWrite writes the result of the CLI's benchmark input (100,000
// prompts, seed mode, dispatched) in the given output format: the output
// alone, its bytes the benchmark's.
func benchmarkWrite(b *testing.B, format string) {
	sc := core.DefaultScenario()
	sc.Mode = core.ModeSeed
	sc.Prompts = benchPrompts(100_000)
	res, err := core.Simulate(&sc, core.Options{})
	if err != nil {
		b.Fatal(err)
	}
	none := func() error { return nil }
	write := func(w io.Writer) error {
		switch format {
		case "csv":
			return writeCSV(w, res, none)
		case "json":
			return writeJSON(w, res, false, none)
		}
		return writeTable(w, res, none)
	}
	var size countingWriter
	if err := write(&size); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		if err := write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// countingWriter counts the bytes written to it.
type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

func BenchmarkCLIWriteTable(b *testing.B) { benchmarkWrite(b, "table") }
func BenchmarkCLIWriteCSV(b *testing.B)   { benchmarkWrite(b, "csv") }
func BenchmarkCLIWriteJSON(b *testing.B)  { benchmarkWrite(b, "json") }

// BenchmarkCLIDispatch times the dispatch of the CLI's benchmark input
// (100,000 prompts, seed mode, the default dispatch and its baseline)
// alone: the part of a JSON run that the output's second half waits for.
func BenchmarkCLIDispatch(b *testing.B) {
	sc := core.DefaultScenario()
	sc.Mode = core.ModeSeed
	sc.Prompts = benchPrompts(100_000)
	cat, err := sc.BuildCatalog()
	if err != nil {
		b.Fatal(err)
	}
	tr, err := sc.Trace(cat, core.Options{})
	if err != nil {
		b.Fatal(err)
	}
	run := sc
	run.Dispatch.Enabled = false
	res, err := run.RunTrace(tr, cat, core.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := core.RunDispatch(res, cat, &sc.Dispatch, sc.SharedPromptTokens, sc.Seed, nil); err != nil {
			b.Fatal(err)
		}
	}
}
