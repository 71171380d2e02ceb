package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"unsafe"

	"github.com/batchlab/batchlab/core"
)

func simulate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "", "prompts or trace `file` (- for standard input): a prompts JSON array, JSON Lines, an Azure/BurstGPT CSV trace, Mooncake JSONL or an OpenAI/Anthropic batch file; overrides the scenario's prompts")
	inputFormat := fs.String("input-format", "", "`format` of --input: prompts, jsonl, azure, burstgpt, mooncake, openai-batch, anthropic-batch (default: detected from the first bytes)")
	csvColumns := fs.String("csv-columns", "", "column `mapping` of a generic CSV --input: time=COL,time_unit=s|ms|us|timestamp,input_tokens=COL,output_tokens=COL,model=COL,user=COL,id=COL,text=COL")
	scenarioFile := fs.String("scenario", "", "scenario JSON `file` (policy, catalog, mode, seed, prompts)")
	format := fs.String("format", "table", "output `format`: table, json or csv")
	explain := fs.Bool("explain", false, "say why each batch closed (table and json)")
	stream := addStreamFlag(fs, "writes the metrics alone (table or json)")
	settings := addSettingFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: batchlab simulate --input FILE|- [--scenario FILE] [--mode timer|seed] [--seed N] [--format table|json|csv] [--explain] [--stream]")
		fmt.Fprintln(stderr, "         [setting flags: --max-batch-size N, --wait-ms MS, --job batches|fixed, --concurrency N, --fail-429 P, …]")
		fmt.Fprintln(stderr, "Setting flags override the scenario's values.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "batchlab simulate: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	switch *format {
	case "table", "json", "csv":
	default:
		fmt.Fprintf(stderr, "batchlab simulate: --format: want table, json or csv, got %q\n", *format)
		return 2
	}
	if *stream {
		return simulateStream(streamArgs{input: *input, inputFormat: *inputFormat, columns: *csvColumns, scenarioFile: *scenarioFile}, *format, *explain,
			settings, stdin, stdout, stderr)
	}
	sc, opts, release, code := loadScenario(*scenarioFile, *input, *inputFormat, *csvColumns, true, stdin, stderr, "simulate")
	if code != 0 {
		return code
	}
	defer release()
	if !settings.applyValid(&sc, stderr) {
		return 2
	}
	opts.ConsumePrompts = true // the prompts document is read once, here
	// Every format writes what it can while the dispatch runs.
	res, dispatched, restoreGC, err := simulateScenario(&sc, opts, true, release)
	defer restoreGC()
	if err == nil {
		defer dispatched() // the writers wait for it
	}
	if err != nil {
		name := *input
		if name == "" {
			name = *scenarioFile
		} else if name == "-" {
			name = "stdin"
		}
		return failed(stderr, name, err)
	}

	return writeOutput(stdout, stderr, "simulate", func(w io.Writer) error {
		switch *format {
		case "json":
			return writeJSON(w, res, *explain, dispatched)
		case "csv":
			err := writeCSV(w, res, dispatched)
			for _, warning := range res.Warnings { // the table and JSON show them; CSV has no place
				fmt.Fprintf(stderr, "warning: %s\n", warning)
			}
			return err
		}
		err := writeTable(w, res, dispatched)
		if err == nil && *explain {
			err = writeExplanations(w, res)
		}
		return err
	})
}

// simulateScenario is core.Simulate, except that it lets go of the
// scenario's prompts document once decoded, so that the document (tens of
// megabytes for 100,000 prompts) is not kept beside its requests — it
// calls release on a goroutine of its own, to free the memory the
// document was read into, when the trace is detached from it
// (core.Trace.Detached): release must be safe for that — and
// that the garbage collector is off while decoding (after a collection of
// what came before when the heap holds collectBeforeBytes or more, and up
// to a memory limit, decodeLimit): the common shape makes little garbage,
// and a collection during decoding would scan the slice of requests
// before most of it is written, touching its pages twice (100,000
// prompts: 1,500 fewer page faults, 7 MB less at the peak), and stays off
// for the rest of the run up to another limit (runLimit): call restoreGC
// (never nil, whatever err) once the output is written.
//
// With overlap, the scenario's dispatch (if any) runs beside the rest
// (core.Options.DispatchAside), to be awaited with dispatched before res's
// attempts, dispatch and warnings are read: it only reads the requests
// and batches, which the writers write meanwhile. Without, dispatched
// returns nil at once.
func simulateScenario(sc *core.Scenario, opts core.Options, overlap bool, release func()) (res *core.Result, dispatched func() error, restoreGC func(), err error) {
	dispatched = func() error { return nil }
	cat, err := sc.BuildCatalog()
	if err != nil {
		return nil, dispatched, func() {}, err
	}
	mem := readMemory()
	if mem.heap >= collectBeforeBytes { // what came before (an imported trace's rows) is garbage
		runtime.GC()
		mem = readMemory()
	}
	gc := debug.SetGCPercent(-1)
	head, size := documentHead(sc, opts)
	limit := debug.SetMemoryLimit(mem.mapped + decodeLimit(head, size))
	restoreGC = func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	}
	tr, err := sc.Trace(cat, opts)
	if err != nil {
		return nil, dispatched, restoreGC, err
	}
	// The rest of the run keeps what it makes (the batches, the dispatch's
	// outcomes) or reuses it (the output's buffers): with the collector on,
	// its pacer, which knows only the heap before decoding, would mark
	// the requests at once, for nothing, and again later.
	mem = readMemory()
	debug.SetMemoryLimit(mem.mapped + runLimit(mem.heap))
	sc.Prompts = nil
	if tr.Detached {
		// Unmapping 66 MB took 7–8 ms (Go runtime trace of the CLI),
		// which the batching need not wait for.
		go release()
	}
	opts.DispatchAside = overlap
	if res, err = sc.RunTrace(tr, cat, opts); err != nil {
		return nil, dispatched, restoreGC, err
	}
	return res, res.Dispatched, restoreGC, nil
}

// collectBeforeBytes is the heap from which simulateScenario collects
// garbage before decoding: a collection of a small heap (a prompts file
// read, outside the heap) took 0.5–1.5 ms for nothing.
const collectBeforeBytes = 16 << 20

// decodeLimit is how much memory decoding a document of size bytes that
// starts with head may take: 3 × the document (the general decoder's
// garbage), the requests (as many as head has commas for its size, or
// more) and 64 MB. Without the requests, a million short prompts (6 MB)
// were 190 MB of requests over a limit of 90 MB: the collector ran again
// and again, freeing nothing.
func decodeLimit(head []byte, size int64) int64 {
	items := (int64(bytes.Count(head, []byte{','})) + 1) * size / int64(max(1, len(head)))
	return 3*size + items*requestBytes + 64<<20
}

// documentHead returns the start of the scenario's prompts document (up to
// 256 KB), wherever it is (see core.Options.PromptsFrom), and its size.
func documentHead(sc *core.Scenario, opts core.Options) ([]byte, int64) {
	const headBytes = 256 << 10
	if opts.PromptsFrom == nil || len(sc.Prompts) > 0 {
		return sc.Prompts[:min(len(sc.Prompts), headBytes)], int64(len(sc.Prompts))
	}
	head := make([]byte, min(opts.PromptsSize, headBytes))
	n, _ := opts.PromptsFrom.ReadAt(head, 0) // a failure is the decoder's to report
	return head[:n], opts.PromptsSize
}

// runLimit is how much more memory the run after decoding may take, the
// heap being heap bytes then, before the collector runs: twice the heap
// (the requests, what the batching and the dispatch keep of them) and
// 64 MB.
func runLimit(heap int64) int64 { return 2*heap + 64<<20 }

// requestBytes is what a decoded request takes: its struct and its short
// strings (id, user, model).
const requestBytes = int64(unsafe.Sizeof(core.Request{})) + 64

// printErrors prints each error of a join on its own line, prefixed by the file.
func printErrors(w io.Writer, file string, err error) {
	var j interface{ Unwrap() []error }
	if errors.As(err, &j) {
		for _, e := range j.Unwrap() {
			fmt.Fprintf(w, "%s: %v\n", file, e)
		}
		return
	}
	fmt.Fprintf(w, "%s: %v\n", file, err)
}
