package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"text/tabwriter"
	"time"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web/vocab"
)

// addStreamFlag defines --stream on fs, the flag of every command that
// can stream a trace; effect says what the command then does.
func addStreamFlag(fs *flag.FlagSet, effect string) *bool {
	return fs.Bool("stream", false, "read, batch, dispatch and measure a token-only trace (azure, burstgpt, mooncake, csv, or jsonl with input_tokens) in one pass, keeping only what the metrics need (for traces of millions of rows); "+effect)
}

// streamArgs are the flags a streamed command reads besides the setting
// flags.
type streamArgs struct {
	input, inputFormat, columns, scenarioFile string
}

// A streamSource is the trace a streamed command reads: its name, its
// size (0 when unknown), and the reader it was first opened with.
type streamSource struct {
	name string
	path string // the file to open again; "" for standard input
	size int64
	// first is the trace as first opened, buffered, its head peeked at
	// to detect the format; nil once open has returned it.
	first io.ReadCloser
}

// open returns the trace read from its start: the reader it was first
// opened with, then the file opened anew.
func (s *streamSource) open() (io.ReadCloser, error) {
	if r := s.first; r != nil {
		s.first = nil
		return r, nil
	}
	if s.path == "" {
		return nil, fmt.Errorf("standard input cannot be read twice")
	}
	return os.Open(s.path)
}

// close closes the reader first opened, unless open returned it.
func (s *streamSource) close() {
	if s.first != nil {
		s.first.Close()
	}
}

// openStream loads what a streamed command runs: the scenario (the
// --scenario file, then the setting flags) and the trace, opened, its
// format named by the flags or detected from its first bytes. On failure
// it has printed the problem and returns the exit code.
func openStream(cmd string, a streamArgs, settings *settingFlags, stdin io.Reader, stderr io.Writer) (core.Scenario, core.StreamOptions, *streamSource, int) {
	sc := core.DefaultScenario()
	opts := core.StreamOptions{Options: core.Options{Tokenizers: vocab.Tokenizers}}
	if a.input == "" {
		fmt.Fprintf(stderr, "batchlab %s: --stream needs --input FILE|-\n", cmd)
		return sc, opts, nil, 2
	}
	if a.scenarioFile != "" {
		var code int
		var release func()
		if sc, _, release, code = loadScenario(a.scenarioFile, "", "", "", false, stdin, stderr, cmd); code != 0 {
			return sc, opts, nil, code
		}
		release() // no input was read: nothing is held
	}
	if !settings.applyValid(&sc, stderr) {
		return sc, opts, nil, 2
	}
	var ok bool
	if opts.Format, opts.CSV, ok = inputFormatFlags(a.inputFormat, a.columns, cmd, stderr); !ok {
		return sc, opts, nil, 2
	}
	src := &streamSource{name: "stdin"}
	r := io.NopCloser(stdin)
	if a.input != "-" {
		f, err := os.Open(a.input)
		if err != nil {
			fmt.Fprintf(stderr, "batchlab %s: %v\n", cmd, err)
			return sc, opts, nil, 2
		}
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			src.size = fi.Size()
		}
		src.name, src.path, r = a.input, a.input, f
	}
	br := bufio.NewReaderSize(r, 1<<16)
	src.first = struct {
		io.Reader
		io.Closer
	}{br, r}
	opts.FileName = src.name
	if opts.Format == core.TrafficUnknown {
		head, _ := br.Peek(4096)
		opts.Format = core.DetectTrafficFormat(head, src.name)
	}
	return sc, opts, src, 0
}

// simulateStream is `batchlab simulate --stream`: the trace is read,
// batched, dispatched and measured in one pass (core's StreamTrace), and
// only the metrics are written. Progress goes to stderr, when it is a
// terminal, once the run has taken a second.
func simulateStream(a streamArgs, format string, explain bool, settings *settingFlags, stdin io.Reader, stdout, stderr io.Writer) int {
	switch {
	case format == "csv":
		fmt.Fprintln(stderr, "batchlab simulate: --stream keeps no per-request rows, which --format csv writes: use table or json")
		return 2
	case explain:
		fmt.Fprintln(stderr, "batchlab simulate: --stream keeps no batches to explain: drop --explain")
		return 2
	}
	sc, opts, src, code := openStream("simulate", a, settings, stdin, stderr)
	if code != 0 {
		return code
	}
	defer src.close()
	r, _ := src.open() // the reader first opened: no error
	if isTerminal(stderr) {
		p := newProgress(stderr, src.size, "")
		opts.Progress = p.report
		defer p.clear()
	}
	defer debug.SetGCPercent(debug.SetGCPercent(streamGCPercent))
	res, err := sc.StreamTrace(r, opts)
	if err != nil {
		return failed(stderr, src.name, err)
	}
	fmt.Fprintf(stderr, "%s: %s\n", src.name, describeImport(&res.Input))
	return writeOutput(stdout, stderr, "simulate", func(w io.Writer) error {
		if format == "json" {
			return writeStreamJSON(w, res)
		}
		return writeStreamTable(w, res)
	})
}

// streamGCPercent is the garbage collector's target during a streamed run.
// What a streamed run holds is mostly its waits and latencies, and its
// garbage is a few rows: a lower target keeps the peak near what it holds
// (27 M rows: 490 → 370 MB) for little more work.
const streamGCPercent = 25

// writeStreamTable prints a streamed run's summary as the table's end:
// traffic rules, warnings, metrics and dispatch.
func writeStreamTable(w io.Writer, res *core.StreamResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "STREAMED (mode %s): %s requests measured; no per-request rows or batches are kept\n", res.Mode, core.FormatCount(res.Metrics.Requests))
	writeTrafficRules(tw, res.Traffic)
	return writeSummary(w, tw, &core.Result{Mode: res.Mode, Seed: res.Seed, Metrics: res.Metrics, Dispatch: res.Dispatch, Warnings: res.Warnings})
}

// writeStreamJSON writes a streamed run's result as JSON: what came in,
// the metrics, the dispatch's metrics, baseline and saving.
func writeStreamJSON(w io.Writer, res *core.StreamResult) error {
	type dispatchJSON struct {
		Job      string                `json:"job"`
		Pools    []core.Pool           `json:"pools"`
		Metrics  core.DispatchMetrics  `json:"metrics"`
		Baseline *core.DispatchMetrics `json:"baseline,omitempty"`
		Saving   *core.Saving          `json:"saving,omitempty"`
	}
	out := struct {
		*core.StreamResult
		Dispatch *dispatchJSON `json:"dispatch,omitempty"`
	}{StreamResult: res}
	if d := res.Dispatch; d != nil {
		out.Dispatch = &dispatchJSON{Job: d.Job, Pools: d.Pools, Metrics: d.Metrics, Baseline: d.Baseline, Saving: d.Saving}
	}
	doc, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(doc, '\n'))
	return err
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progress shows a streamed run's progress on one line, rewritten in
// place, once the run has taken a second, at most five times a second.
type progress struct {
	w      io.Writer
	size   int64 // the input's size, 0 when unknown
	prefix string
	now    func() time.Time
	start  time.Time
	last   time.Time
	shown  bool
}

// newProgress returns a progress line on w, starting now, that begins
// with prefix.
func newProgress(w io.Writer, size int64, prefix string) *progress {
	p := &progress{w: w, size: size, prefix: prefix, now: time.Now}
	p.start = p.now()
	return p
}

func (p *progress) report(s core.StreamProgress) {
	now := p.now()
	elapsed := now.Sub(p.start)
	if elapsed < time.Second || now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.shown = now, true
	line := fmt.Sprintf("%s%s rows, %d MB", p.prefix, core.FormatCount(s.Rows), s.Bytes>>20)
	if p.size > 0 {
		line += fmt.Sprintf(" of %d MB (%d%%)", p.size>>20, 100*s.Bytes/p.size)
	}
	line += fmt.Sprintf(", %s rows/s", core.FormatCount(int(float64(s.Rows)/elapsed.Seconds())))
	fmt.Fprintf(p.w, "\r%s\x1b[K", line)
}

// clear erases the progress line, if one was shown.
func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
