package core

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Imported traffic: traces and request logs in the formats people have,
// read into batchlab's own request form (TrafficRecord) with a report of
// what came in (TrafficReport). DetectTrafficFormat guesses the format from
// the first bytes; ParseTraffic reads a whole file. Each format has its own
// file (traffic_azure.go, traffic_burstgpt.go, traffic_mooncake.go,
// traffic_batchfile.go, traffic_csv.go, traffic_jsonl.go) whose doc comment
// states its rules.
//
// Rules common to every format:
//
//   - Times and token counts are integers. Trace times are read as exact
//     decimals (never through a float) and floored to whole milliseconds.
//   - In the trace formats (Azure, BurstGPT, Mooncake, generic CSV) arrivals
//     are counted from the earliest row kept (skipped rows do not count),
//     which gets 0; Report.Origin keeps that row's time as written. JSON
//     Lines of batchlab's own objects keep their created_at_ms as given.
//   - When every record has an arrival and the input is not in time order,
//     records are sorted stably by arrival (equal times keep file order) and
//     Report.Sorted says so. Record.Line always gives the source line.
//   - Nothing is dropped silently: a row that is read but not kept (no
//     input tokens, a batch line that is not a chat request) is counted in
//     Report.Skipped under its reason. Blank lines hold no row and are not
//     counted.
//   - Request ids, when the format has them, must be unique.
//   - Work is bounded by the input: at most TrafficOptions.MaxRows rows are
//     read; a longer input is refused with an ErrTooLarge error rather than
//     allocated.
//
// Errors are *FieldError values joined with errors.Join, at most MaxErrors.
// Path names the value as a JSON path: "$[i].field" where i is the 0-based
// index of the row (CSV data rows, or non-blank JSON lines) and field the
// CSV header name or the JSON key path ("$[3].body.messages[0].content",
// "$[2][\"Request tokens\"]" for names that are not identifiers); the
// Anthropic batch document uses "$.requests[i]…". CSV header problems have
// Path "header" or "header.Name" (the missing column), problems of the
// whole input "$". Line and Column (1-based,
// Column in bytes) locate the value in the source.

// A TrafficFormat names a format of imported traffic.
type TrafficFormat string

// The formats DetectTrafficFormat tells apart. ParseTraffic reads all but
// TrafficPrompts, the prompts JSON array, which DecodeRequests reads.
const (
	TrafficUnknown        TrafficFormat = ""
	TrafficPrompts        TrafficFormat = "prompts"
	TrafficJSONL          TrafficFormat = "jsonl"
	TrafficAzure          TrafficFormat = "azure"
	TrafficBurstGPT       TrafficFormat = "burstgpt"
	TrafficMooncake       TrafficFormat = "mooncake"
	TrafficOpenAIBatch    TrafficFormat = "openai-batch"
	TrafficAnthropicBatch TrafficFormat = "anthropic-batch"
	TrafficCSV            TrafficFormat = "csv"
)

// TrafficFormats lists every named format, for flags and menus.
var TrafficFormats = []TrafficFormat{TrafficPrompts, TrafficJSONL, TrafficAzure, TrafficBurstGPT, TrafficMooncake,
	TrafficOpenAIBatch, TrafficAnthropicBatch, TrafficCSV}

// ParseTrafficFormat returns the format named s (as in TrafficFormats).
func ParseTrafficFormat(s string) (TrafficFormat, bool) {
	f := TrafficFormat(strings.ToLower(strings.TrimSpace(s)))
	return f, slices.Contains(TrafficFormats, f)
}

// A TrafficRecord is one imported request in batchlab's own form. Zero
// values mean "not given" where the format cannot say otherwise:
// InputTokens 0 and Text "" mean unknown (a kept record has at least one of
// them), and the Has flags tell a given 0 from a missing value.
type TrafficRecord struct {
	// Line is the 1-based source line the request starts on.
	Line int `json:"line"`
	// ID is the request id the file gave ("" when it gave none).
	ID string `json:"request_id,omitempty"`
	// ArrivalMs is the arrival in whole milliseconds (see the format's
	// rules); valid when HasArrival.
	ArrivalMs int64 `json:"created_at_ms"`
	// Text is the prompt text; the trace formats carry none.
	Text string `json:"prompt,omitempty"`
	// InputTokens is the prompt's length in tokens, when the file gave it.
	InputTokens int `json:"input_tokens,omitempty"`
	// OutputTokens is the real output length; valid when HasOutputTokens.
	OutputTokens int `json:"output_tokens"`
	// MaxOutputTokens is the output cap a batch file asked for
	// (max_tokens), a hint for the output length; 0 when none.
	MaxOutputTokens int `json:"max_output_tokens,omitempty"`
	// SharedPrefixTokens is how many leading input tokens the request
	// shares with an earlier one (Mooncake's hash blocks), 0 when none.
	SharedPrefixTokens int `json:"shared_prefix_tokens,omitempty"`
	// Model is the model the file names, as written (not yet mapped to
	// the catalog).
	Model  string `json:"model,omitempty"`
	UserID string `json:"user_id,omitempty"`

	HasArrival      bool `json:"has_arrival"`
	HasOutputTokens bool `json:"has_output_tokens"`
	// Failed marks a request the log says failed (BurstGPT: 0 response
	// tokens). Failed records are kept; a transform may drop them.
	Failed bool `json:"failed,omitempty"`
}

// Traffic is the result of ParseTraffic: the records, in arrival order when
// every one has an arrival (file order otherwise), and a report.
type Traffic struct {
	Records []TrafficRecord `json:"records"`
	Report  TrafficReport   `json:"report"`
}

// A TrafficReport says what came in.
type TrafficReport struct {
	Format TrafficFormat `json:"format"`
	// Rows is how many data rows (or JSON lines, or batch requests) were
	// read: Records plus every skipped row.
	Rows    int `json:"rows"`
	Records int `json:"records"`
	// Skipped counts the rows read but not kept, by reason, in the order
	// the reasons first occurred.
	Skipped []TrafficSkip `json:"skipped,omitempty"`
	// Failed counts kept records marked Failed.
	Failed int `json:"failed,omitempty"`
	// Sorted is true when the input was not in time order and the records
	// were sorted stably by arrival.
	Sorted bool `json:"sorted,omitempty"`
	// Timed is true when every record has an arrival; FirstMs and LastMs
	// are then the earliest and latest arrivals.
	Timed   bool  `json:"timed"`
	FirstMs int64 `json:"first_ms"`
	LastMs  int64 `json:"last_ms"`
	// Origin is the time of the earliest row as the file wrote it, which
	// became arrival 0 (trace formats only).
	Origin string `json:"origin,omitempty"`
}

// A TrafficSkip counts rows skipped for one reason.
type TrafficSkip struct {
	Reason TrafficSkipReason `json:"reason"`
	Rows   int               `json:"rows"`
	// FirstLine is the source line of the first such row.
	FirstLine int `json:"first_line"`
}

// A TrafficSkipReason says why a row was read but not kept.
type TrafficSkipReason string

// The reasons a row is skipped.
const (
	// SkipNoInput: the row has neither input tokens (0) nor text, so there
	// is nothing to batch.
	SkipNoInput TrafficSkipReason = "no input tokens"
	// SkipNotChat: an OpenAI batch line for another endpoint than
	// /v1/chat/completions (embeddings, responses, …).
	SkipNotChat TrafficSkipReason = "not a chat completion request"
)

// DefaultMaxTrafficRows is the row limit when TrafficOptions.MaxRows is 0.
const DefaultMaxTrafficRows = 1_000_000

// maxTrafficTokens bounds a token count read from a file.
const maxTrafficTokens = 1 << 30

// TrafficOptions are the settings of ParseTraffic.
type TrafficOptions struct {
	// MaxRows is the most rows read; 0 means DefaultMaxTrafficRows.
	MaxRows int
	// CSV maps the columns of a generic CSV file (TrafficCSV only).
	CSV CSVMapping
}

// ParseTraffic reads data in the given format (see DetectTrafficFormat).
// It never panics; errors are joined *FieldError values (see the rules
// above), and ErrTooLarge when the input has more than opts.MaxRows rows.
func ParseTraffic(data []byte, format TrafficFormat, opts TrafficOptions) (*Traffic, error) {
	b := newTrafficBuilder(format, opts.MaxRows)
	switch format {
	case TrafficAzure:
		parseCSVTraffic(data, azureColumns, b)
	case TrafficBurstGPT:
		parseCSVTraffic(data, burstGPTColumns, b)
	case TrafficCSV:
		cols, err := opts.CSV.columns()
		if err != nil {
			return nil, err
		}
		parseCSVTraffic(data, cols, b)
	case TrafficMooncake:
		blocks := parseMooncake(data, b)
		t, err := b.finish()
		if err != nil {
			return nil, err
		}
		blocks.sharePrefixes(t, b.order)
		return t, nil
	case TrafficOpenAIBatch:
		parseJSONLines(data, b, parseOpenAIBatchLine)
	case TrafficAnthropicBatch:
		parseAnthropicBatch(data, b)
	case TrafficJSONL:
		parseJSONLines(data, b, parsePromptLine)
	case TrafficPrompts:
		return nil, fieldErr("$", ErrInvalid, "a prompts JSON array is read by DecodeRequests, not ParseTraffic")
	default:
		return nil, fieldErr("$", ErrInvalid, "unknown traffic format %q; want one of %s", format, TrafficFormatList())
	}
	return b.finish()
}

// TrafficFormatList names every format of TrafficFormats, comma-separated,
// for messages and usage lines.
func TrafficFormatList() string {
	names := make([]string, len(TrafficFormats))
	for i, f := range TrafficFormats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// A trafficBuilder collects records, skips and errors while a format is
// read, and finishes the result: rebasing, sorting, the report.
type trafficBuilder struct {
	t       Traffic
	maxRows int
	errs    errorList
	stop    bool           // the row limit was passed
	ids     map[string]int // request id → row index
	// rebase: ArrivalMs holds nanoseconds during the parse; finish turns
	// them into milliseconds from the earliest, whose text is origin.
	rebase bool
	minNs  int64
	origin string
	// order is the arrival order finish applied (nil: file order).
	order []int
	// itemRoot is the path of the rows' array: "$", or "$.requests".
	itemRoot string
	// tokenOnly: a streamed run reads the rows, which refuses prompt
	// text and request ids (see StreamTrace).
	tokenOnly bool
}

func newTrafficBuilder(format TrafficFormat, maxRows int) *trafficBuilder {
	if maxRows <= 0 {
		maxRows = DefaultMaxTrafficRows
	}
	return &trafficBuilder{t: Traffic{Report: TrafficReport{Format: format}}, maxRows: maxRows, itemRoot: "$"}
}

// itemPath is the path of row i: "$[i]".
func (b *trafficBuilder) itemPath(i int) string { return b.itemRoot + "[" + strconv.Itoa(i) + "]" }

// reserve sizes the records for at most n rows (capped by the row limit).
func (b *trafficBuilder) reserve(n int) {
	b.t.Records = make([]TrafficRecord, 0, min(n, b.maxRows))
}

// row counts one row read at line and returns its index, or false when the
// row limit is passed (the parse must stop).
func (b *trafficBuilder) row(line int) (int, bool) {
	if b.t.Report.Rows >= b.maxRows {
		fe := fieldErr("$", ErrTooLarge, "more than %d rows: the limit is %d rows; cut the file (or raise the limit)", b.maxRows, b.maxRows)
		fe.Line, fe.Column = line, 1
		b.errs = errorList{errs: []error{fe}}
		b.stop = true
		return 0, false
	}
	b.t.Report.Rows++
	return b.t.Report.Rows - 1, true
}

// skip counts a row read at line but not kept.
func (b *trafficBuilder) skip(reason TrafficSkipReason, line int) {
	s := b.t.Report.Skipped
	for i := range s {
		if s[i].Reason == reason {
			s[i].Rows++
			return
		}
	}
	b.t.Report.Skipped = append(s, TrafficSkip{Reason: reason, Rows: 1, FirstLine: line})
}

// add keeps a record. With rebase, r.ArrivalMs is in nanoseconds and
// rawTime is the time as written.
func (b *trafficBuilder) add(r TrafficRecord, rawTime []byte) {
	*b.slot() = r
	b.keep(rawTime)
}

// slot returns a zero record to fill in place (no copy of a large struct
// per row); keep keeps it, else the next slot reuses it.
func (b *trafficBuilder) slot() *TrafficRecord {
	recs := b.t.Records
	if len(recs) < cap(recs) {
		recs = recs[:len(recs)+1]
		recs[len(recs)-1] = TrafficRecord{}
	} else {
		recs = append(recs, TrafficRecord{})
	}
	b.t.Records = recs[:len(recs)-1]
	return &recs[len(recs)-1]
}

// keep keeps the record of the last slot; see add.
func (b *trafficBuilder) keep(rawTime []byte) {
	recs := b.t.Records[:len(b.t.Records)+1]
	r := &recs[len(recs)-1]
	if b.rebase && r.HasArrival && (b.origin == "" || r.ArrivalMs < b.minNs) {
		b.minNs, b.origin = r.ArrivalMs, string(rawTime)
	}
	b.t.Records = recs
}

// uniqueID reports an error at path unless id is new; row is the row's
// index, line its line.
func (b *trafficBuilder) uniqueID(id string, row int, path string, line, col int) {
	if id == "" {
		return
	}
	if b.ids == nil {
		b.ids = make(map[string]int)
	}
	if j, dup := b.ids[id]; dup {
		b.errAt(path, line, col, ErrDuplicate, "request id %q is already used by %s", id, b.itemPath(j))
		return
	}
	b.ids[id] = row
}

// errAt records an error at path, line and column.
func (b *trafficBuilder) errAt(path string, line, col int, kind error, format string, args ...any) {
	fe := fieldErr(path, kind, format, args...)
	fe.Line, fe.Column = line, col
	b.errs.add(fe)
}

// finish rebases and sorts the records and completes the report.
func (b *trafficBuilder) finish() (*Traffic, error) {
	if err := b.errs.err(); err != nil {
		return nil, err
	}
	t := &b.t
	recs := t.Records
	rep := &t.Report
	rep.Records = len(recs)
	if len(recs) == 0 {
		return nil, noRecords(rep)
	}
	rep.Timed = true
	for i := range recs {
		r := &recs[i]
		if b.rebase && r.HasArrival {
			r.ArrivalMs = (r.ArrivalMs - b.minNs) / 1e6
		}
		rep.Timed = rep.Timed && r.HasArrival
		if r.Failed {
			rep.Failed++
		}
	}
	if b.rebase {
		rep.Origin = b.origin
	}
	if !rep.Timed {
		return t, nil
	}
	if !slices.IsSortedFunc(recs, compareArrival) {
		b.order = make([]int, len(recs))
		for i := range b.order {
			b.order[i] = i
		}
		slices.SortStableFunc(b.order, func(i, j int) int { return compareArrival(recs[i], recs[j]) })
		sorted := make([]TrafficRecord, len(recs))
		for i, j := range b.order {
			sorted[i] = recs[j]
		}
		t.Records, rep.Sorted = sorted, true
	}
	rep.FirstMs, rep.LastMs = t.Records[0].ArrivalMs, t.Records[len(recs)-1].ArrivalMs
	return t, nil
}

// noRecords is the error of an input that gave no records.
func noRecords(rep *TrafficReport) error {
	if rep.Rows == 0 {
		return fieldErr("$", ErrRequired, "no requests: the input holds no rows")
	}
	return fieldErr("$", ErrRequired, "no requests: all %d rows were skipped (%s)", rep.Rows, rep.Skipped[0].Reason)
}

func compareArrival(a, b TrafficRecord) int { return cmp.Compare(a.ArrivalMs, b.ArrivalMs) }

// namePath appends field name to path p: "p.name", or "p[\"name\"]" when
// name is not a plain identifier.
func namePath(p, name string) string {
	for _, c := range name {
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return p + "[" + strconv.Quote(name) + "]"
		}
	}
	return p + "." + name
}
