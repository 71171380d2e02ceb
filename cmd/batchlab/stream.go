package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"text/tabwriter"
	"time"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web/vocab"
)

// streamArgs are the flags of `batchlab simulate --stream` besides the
// setting flags.
type streamArgs struct {
	input, inputFormat, columns, scenarioFile, format string
	explain                                           bool
}

// simulateStream is `batchlab simulate --stream`: the trace is read,
// batched, dispatched and measured in one pass (core's StreamTrace), and
// only the metrics are written. Progress goes to stderr, when it is a
// terminal, once the run has taken a second.
func simulateStream(a streamArgs, settings *settingFlags, stdin io.Reader, stdout, stderr io.Writer) int {
	switch {
	case a.input == "":
		fmt.Fprintln(stderr, "batchlab simulate: --stream needs --input FILE|-")
		return 2
	case a.format == "csv":
		fmt.Fprintln(stderr, "batchlab simulate: --stream keeps no per-request rows, which --format csv writes: use table or json")
		return 2
	case a.explain:
		fmt.Fprintln(stderr, "batchlab simulate: --stream keeps no batches to explain: drop --explain")
		return 2
	}
	sc := core.DefaultScenario()
	if a.scenarioFile != "" {
		var code int
		var release func()
		if sc, _, release, code = loadScenario(a.scenarioFile, "", "", "", stdin, stderr, "simulate"); code != 0 {
			return code
		}
		defer release()
	}
	if !settings.applyValid(&sc, stderr) {
		return 2
	}
	format, mapping, ok := inputFormatFlags(a.inputFormat, a.columns, "simulate", stderr)
	if !ok {
		return 2
	}
	opts := core.StreamOptions{Options: core.Options{Tokenizers: vocab.Tokenizers}, Format: format, CSV: mapping}
	name, r, size := "stdin", stdin, int64(0)
	if a.input != "-" {
		f, err := os.Open(a.input)
		if err != nil {
			fmt.Fprintf(stderr, "batchlab simulate: %v\n", err)
			return 2
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
		name, r = a.input, f
	}
	opts.FileName = name
	br := bufio.NewReaderSize(r, 1<<16)
	if opts.Format == core.TrafficUnknown {
		head, _ := br.Peek(4096)
		opts.Format = core.DetectTrafficFormat(head, name)
	}
	if isTerminal(stderr) {
		p := &progress{w: stderr, size: size, now: time.Now}
		p.start = p.now()
		opts.Progress = p.report
		defer p.clear()
	}
	// What a streamed run holds is mostly its waits and latencies, and its
	// garbage is a few rows: a lower collection target keeps the peak near
	// what it holds (27 M rows: 490 → 370 MB) for little more work.
	defer debug.SetGCPercent(debug.SetGCPercent(25))
	res, err := sc.StreamTrace(br, opts)
	if err != nil {
		return failed(stderr, name, err)
	}
	fmt.Fprintf(stderr, "%s: %s\n", name, describeImport(&res.Input))
	return writeOutput(stdout, stderr, "simulate", func(w io.Writer) error {
		if a.format == "json" {
			return writeStreamJSON(w, res)
		}
		return writeStreamTable(w, res)
	})
}

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
	w     io.Writer
	size  int64 // the input's size, 0 when unknown
	now   func() time.Time
	start time.Time
	last  time.Time
	shown bool
}

func (p *progress) report(s core.StreamProgress) {
	now := p.now()
	elapsed := now.Sub(p.start)
	if elapsed < time.Second || now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.shown = now, true
	line := fmt.Sprintf("%s rows, %d MB", core.FormatCount(s.Rows), s.Bytes>>20)
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
