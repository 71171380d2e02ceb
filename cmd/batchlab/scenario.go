package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web/vocab"
)

// loadScenario reads the scenario file (if any) and the prompts file (if
// any; "-" is stdin) into one scenario. With chunked, a large prompts file
// is only opened, for core to read as it decodes it (openPromptsFile): the
// options then hold it, and the scenario no prompts. On failure it has
// printed the problems to stderr and returns exit status 2. On success,
// call release once the scenario and what was decoded from it are no
// longer used (see readInputFile; it closes a file left open).
func loadScenario(scenarioFile, input, inputFormat, columns string, chunked bool, stdin io.Reader, stderr io.Writer, cmd string) (_ core.Scenario, _ core.Options, release func(), code int) {
	sc := core.DefaultScenario()
	opts := core.Options{Tokenizers: vocab.Tokenizers}
	release = func() {}
	defer func() {
		if code != 0 {
			release()
		}
	}()
	if input == "" && scenarioFile == "" {
		fmt.Fprintf(stderr, "batchlab %s: need --input FILE|- or --scenario FILE\n", cmd)
		return sc, opts, release, 2
	}
	if scenarioFile != "" {
		data, err := os.ReadFile(scenarioFile)
		if err != nil {
			fmt.Fprintf(stderr, "batchlab %s: %v\n", cmd, err)
			return sc, opts, release, 2
		}
		s, err := core.DecodeScenario(data)
		if err != nil {
			printErrors(stderr, scenarioFile, err)
			return sc, opts, release, 2
		}
		sc = *s
	}
	if input != "" {
		format, mapping, ok := inputFormatFlags(inputFormat, columns, cmd, stderr)
		if !ok {
			return sc, opts, release, 2
		}
		if chunked && input != "-" {
			f, size, err := openPromptsFile(input, format)
			if err != nil {
				fmt.Fprintf(stderr, "batchlab %s: %v\n", cmd, err)
				return sc, opts, release, 2
			}
			if f != nil {
				release = sync.OnceFunc(func() { f.Close() })
				sc.Prompts = nil
				opts.PromptsFrom, opts.PromptsSize, opts.PromptsPath = f, size, "$"
				return sc, opts, release, 0
			}
		}
		var data []byte
		var err error
		if input == "-" {
			data, err = io.ReadAll(stdin)
		} else {
			data, release, err = readInputFile(input)
		}
		if err != nil {
			fmt.Fprintf(stderr, "batchlab %s: %v\n", cmd, err)
			return sc, opts, release, 2
		}
		name := input
		if input == "-" {
			name = "stdin"
		}
		topts := core.TrafficOptions{CSV: mapping}
		imp, err := core.ImportTraffic(data, name, format, topts)
		if err != nil {
			printErrors(stderr, name, err)
			if errors.Is(err, core.ErrTooLarge) {
				fmt.Fprintf(stderr, "batchlab %s: --stream reads a token-only trace of any length in one pass\n", cmd)
			}
			return sc, opts, release, 2
		}
		if imp.Report != nil {
			fmt.Fprintf(stderr, "%s: %s\n", name, describeImport(imp.Report))
			sc.Traffic.Source = imp.Source
			// A trace was turned into a prompts document of its own:
			// nothing points into the file any more (the traffic parsers
			// copy what they keep).
			release()
			release = func() {}
		}
		sc.Prompts = imp.Prompts
		opts.PromptsPath = "$"
	}
	return sc, opts, release, 0
}

// describeImport says in one line what a trace held: format, rows,
// requests, span, and every row not kept with its reason.
func describeImport(r *core.TrafficReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %s rows read, %s requests", r.Format, core.FormatCount(r.Rows), core.FormatCount(r.Records))
	if r.Timed {
		fmt.Fprintf(&b, " over %s ms", core.FormatCount(int(r.LastMs-r.FirstMs)))
		if r.Origin != "" {
			fmt.Fprintf(&b, " (first row at %s)", r.Origin)
		}
	}
	if r.Failed > 0 {
		fmt.Fprintf(&b, "; %s marked failed (kept; --drop-failed drops them)", core.FormatCount(r.Failed))
	}
	if r.Sorted {
		b.WriteString("; not in time order: sorted by arrival (stable)")
	}
	for _, sk := range r.Skipped {
		fmt.Fprintf(&b, "; skipped %s (%s, first at line %d)", core.FormatCount(sk.Rows), sk.Reason, sk.FirstLine)
	}
	return b.String()
}

// inputFormatFlags reads --input-format (TrafficUnknown when not given: the
// format is detected) and --csv-columns, which implies a generic CSV file
// unless --input-format says otherwise. On failure it has printed the
// problem to stderr.
func inputFormatFlags(inputFormat, columns, cmd string, stderr io.Writer) (core.TrafficFormat, core.CSVMapping, bool) {
	format := core.TrafficUnknown
	if inputFormat != "" {
		f, ok := core.ParseTrafficFormat(inputFormat)
		if !ok {
			fmt.Fprintf(stderr, "batchlab %s: --input-format: want one of %s, got %q\n", cmd, core.TrafficFormatList(), inputFormat)
			return format, core.CSVMapping{}, false
		}
		format = f
	}
	var mapping core.CSVMapping
	if columns != "" {
		var err error
		if mapping, err = core.ParseCSVMapping(columns); err != nil {
			printErrors(stderr, "--csv-columns", err)
			return format, mapping, false
		}
		if format == core.TrafficUnknown {
			format = core.TrafficCSV
		}
	}
	return format, mapping, true
}
