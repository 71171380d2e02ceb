package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
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
	settings := addSettingFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: batchlab sweep (--scenario FILE | --input FILE|-) --knob NAME --from A --to B --step S [--format table|csv|json] [setting flags]")
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
	sc, opts, release, code := loadScenario(*scenarioFile, *input, *inputFormat, *csvColumns, stdin, stderr, "sweep")
	if code != 0 {
		return code
	}
	defer release()
	if !settings.applyValid(&sc, stderr) {
		return 2
	}
	sw := core.Sweep{Knob: *knob, From: *from, To: *to, Step: *step}
	run, err := core.NewSweepRun(&sc, sw, opts)
	if err != nil {
		printErrors(stderr, "sweep", err)
		return 2
	}
	for more := run.Len() > 0; more; {
		more = run.Next()
		if !*quiet {
			fmt.Fprintf(stderr, "\rsweep %s: %d/%d points", sw.Knob, run.Done(), run.Len())
		}
	}
	if !*quiet {
		fmt.Fprintln(stderr)
	}
	points := run.Points()
	k, _ := core.LookupKnob(sw.Knob)

	w := bufio.NewWriter(stdout)
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
