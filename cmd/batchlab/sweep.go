package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"text/tabwriter"

	"github.com/batchlab/batchlab/core"
)

func sweep(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "", "prompts or trace `file` (- for standard input): a prompts JSON array, JSON Lines, an Azure/BurstGPT CSV trace, Mooncake JSONL or an OpenAI/Anthropic batch file; overrides the scenario's prompts")
	inputFormat := fs.String("input-format", "", "`format` of --input: prompts, jsonl, azure, burstgpt, mooncake, openai-batch, anthropic-batch (default: detected from the first bytes)")
	csvColumns := fs.String("csv-columns", "", "column `mapping` of a generic CSV --input: time=COL,time_unit=s|ms|us|timestamp,input_tokens=COL,output_tokens=COL,model=COL,user=COL,id=COL,text=COL")
	scenarioFile := fs.String("scenario", "", "scenario JSON `file`: the settings the sweep starts from")
	knob := fs.String("knob", "", "the setting to vary (see the list below)")
	from := fs.Float64("from", 0, "first `value`")
	to := fs.Float64("to", 0, "last `value` (inclusive)")
	step := fs.Float64("step", 1, "`step` between values")
	format := fs.String("format", "table", "output `format`: table, csv or json")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	stream := addStreamFlag(fs, "the trace (a file) is read once per point, so that memory is one streamed run's whatever the points")
	settings := addSettingFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: batchlab sweep (--scenario FILE | --input FILE|-) --knob NAME --from A --to B --step S [--format table|csv|json] [--stream] [setting flags]")
		fmt.Fprintln(stderr, "Setting flags set the scenario the sweep starts from.")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nKnobs:")
		tw := tabwriter.NewWriter(stderr, 0, 0, 2, ' ', 0)
		for _, k := range core.Knobs() {
			fmt.Fprintf(tw, "  %s\t%s, %s to %s (default range %s to %s by %s)\t%s\n", k.Path, k.Unit, plain(k.Min), plain(k.Max), plain(k.Range.From), plain(k.Range.To), plain(k.Range.Step), k.Label)
		}
		tw.Flush()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "batchlab sweep: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	switch *format {
	case "table", "csv", "json":
	default:
		fmt.Fprintf(stderr, "batchlab sweep: --format: want table, csv or json, got %q\n", *format)
		return 2
	}
	sw := core.Sweep{Knob: *knob, From: *from, To: *to, Step: *step}
	var points []core.SweepPoint
	var code int
	if *stream {
		points, code = sweepStream(streamArgs{input: *input, inputFormat: *inputFormat, columns: *csvColumns, scenarioFile: *scenarioFile}, sw, *quiet, settings, stdin, stderr)
	} else {
		points, code = sweepWhole(*scenarioFile, *input, *inputFormat, *csvColumns, sw, *quiet, settings, stdin, stderr)
	}
	if code != 0 {
		return code
	}
	k, _ := core.LookupKnob(sw.Knob)
	w := bufio.NewWriter(stdout)
	var err error
	switch *format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(struct {
			Sweep  core.Sweep        `json:"sweep"`
			Unit   string            `json:"unit"`
			Points []core.SweepPoint `json:"points"`
		}{sw, k.Unit, points})
	case "csv":
		err = writeSweepCSV(w, k, points)
	default:
		err = writeSweepTable(w, k, points)
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintf(stderr, "batchlab sweep: %v\n", err)
		return 1
	}
	return 0
}

// sweepWhole runs the sweep on the whole trace (or the scenario's
// prompts), decoded once.
func sweepWhole(scenarioFile, input, inputFormat, columns string, sw core.Sweep, quiet bool, settings *settingFlags, stdin io.Reader, stderr io.Writer) ([]core.SweepPoint, int) {
	sc, opts, release, code := loadScenario(scenarioFile, input, inputFormat, columns, false, stdin, stderr, "sweep")
	if code != 0 {
		return nil, code
	}
	defer release()
	if !settings.applyValid(&sc, stderr) {
		return nil, 2
	}
	run, err := core.NewSweepRun(&sc, sw, opts)
	if err != nil {
		printErrors(stderr, "sweep", err)
		return nil, 2
	}
	for more := run.Len() > 0; more; {
		more = run.Next()
		if !quiet {
			fmt.Fprintf(stderr, "\rsweep %s: %d/%d points", sw.Knob, run.Done(), run.Len())
		}
	}
	if !quiet {
		fmt.Fprintln(stderr)
	}
	return run.Points(), 0
}

// sweepStream runs the sweep on a streamed trace, read once per point
// (core's StreamSweep). Progress is the whole sweep's, points done, and
// within a point, when stderr is a terminal, the rows read.
func sweepStream(a streamArgs, sw core.Sweep, quiet bool, settings *settingFlags, stdin io.Reader, stderr io.Writer) ([]core.SweepPoint, int) {
	if a.input == "-" {
		fmt.Fprintln(stderr, "batchlab sweep: --stream reads the trace once per point: give a file, not standard input")
		return nil, 2
	}
	values, err := sw.Values()
	if err != nil {
		printErrors(stderr, "sweep", err)
		return nil, 2
	}
	sc, opts, src, code := openStream("sweep", a, settings, stdin, stderr)
	if code != 0 {
		return nil, code
	}
	defer src.close()
	// rows shows the rows read in the point running.
	var rows *progress
	pointRows := func(done int) {
		rows = newProgress(stderr, src.size, fmt.Sprintf("sweep %s: point %d/%d, ", sw.Knob, done+1, len(values)))
	}
	showRows := !quiet && isTerminal(stderr)
	if showRows {
		pointRows(0)
		opts.Progress = func(p core.StreamProgress) { rows.report(p) }
	}
	defer debug.SetGCPercent(debug.SetGCPercent(streamGCPercent))
	points, input, err := sc.StreamSweep(sw, src.open, opts, func(done, total int) {
		if quiet {
			return
		}
		if showRows {
			rows.clear()
			pointRows(done)
		}
		fmt.Fprintf(stderr, "\rsweep %s: %d/%d points", sw.Knob, done, total)
	})
	if !quiet {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return nil, failed(stderr, src.name, err)
	}
	fmt.Fprintf(stderr, "%s: %s\n", src.name, describeImport(input))
	return points, 0
}

var sweepColumns = []string{"batches", "mean_batch_size", "p95_queue_wait_ms", "p95_latency_ms", "calls", "retries", "failed_rows", "cost_usd", "pareto"}

func sweepRow(p core.SweepPoint) []string {
	return []string{
		strconv.Itoa(p.Batches), strconv.FormatFloat(p.MeanBatchSize, 'f', 2, 64),
		strconv.FormatInt(p.P95QueueWaitMs, 10), strconv.FormatInt(p.P95LatencyMs, 10),
		strconv.Itoa(p.Calls), strconv.Itoa(p.Retries), strconv.Itoa(p.FailedRows),
		strconv.FormatFloat(p.CostUSD, 'f', 6, 64), strconv.FormatBool(p.Pareto),
	}
}

func writeSweepCSV(w io.Writer, k core.Setting, points []core.SweepPoint) error {
	cw := csv.NewWriter(w)
	cw.Write(append([]string{k.Path}, sweepColumns...))
	for _, p := range points {
		cw.Write(append([]string{strconv.FormatFloat(p.Value, 'g', -1, 64)}, sweepRow(p)...))
	}
	cw.Flush()
	return cw.Error()
}

func writeSweepTable(w io.Writer, k core.Setting, points []core.SweepPoint) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s (%s)\tbatches\tmean size\tp95 wait ms\tp95 latency ms\tcalls\tretries\tfailed rows\tcost USD\tPareto\t\n", k.Path, k.Unit)
	for _, p := range points {
		front := ""
		if p.Pareto {
			front = "*"
		}
		fmt.Fprintf(tw, "%v\t%d\t%.2f\t%d\t%d\t%d\t%d\t%d\t%.6f\t%s\t\n", p.Value, p.Batches, p.MeanBatchSize,
			p.P95QueueWaitMs, p.P95LatencyMs, p.Calls, p.Retries, p.FailedRows, p.CostUSD, front)
	}
	return tw.Flush()
}

// plain writes a number without exponent or trailing zeros.
func plain(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
