package core

import (
	"cmp"
	"io"
	"math"
	"slices"
)

// A streamed run reads a token-only trace (Azure, BurstGPT, Mooncake, a
// generic CSV file without text or ids, or JSON Lines of prompt objects
// with input_tokens and no text or ids) and batches, dispatches and
// measures it in one pass, holding what the metrics need — a queue wait
// and one or two latencies per request, four bytes each — and a window of
// rows and batches, never the whole trace: the week-long Azure 2024 traces
// (27 M rows) run in a few hundred megabytes. Its metrics are those
// Simulate computes for the same trace and scenario, exactly (the tests
// compare them); it keeps no per-request rows, batches or attempts.
//
// Rows must come in time order, give or take StreamOptions.Window rows:
// arrivals count from the earliest row of the first window (JSON Lines
// keep created_at_ms as given), and rows are sorted stably (by whole
// millisecond, as ParseTraffic sorts) within the window. A row earlier
// than a row already simulated is an error naming its line; so is what a
// streamed run cannot do: seed mode (which reproduces the reference, a
// reader of prompts), a fixed-size job (cut from all rows), prompt text
// (CSV text columns, JSON Lines prompts: text is analysed), request ids
// (they must be unique across the file), and JSON Lines where some rows
// have created_at_ms and others not (a whole run keeps them in file order,
// which only the end of the file decides). Mooncake's hash_ids are read
// and checked but not kept: the shared prefixes they give are in no
// metric.

// DefaultStreamWindow is the reorder window of a streamed run, in rows.
const DefaultStreamWindow = 1 << 15

// streamChunk is how many requests a streamed run enriches and batches at
// a time.
const streamChunk = 1 << 14

// streamProgressRows is how often, in rows, a streamed run reports its
// progress.
const streamProgressRows = 1 << 16

// StreamOptions are the settings of StreamTrace besides the scenario.
type StreamOptions struct {
	Options
	// Format is TrafficAzure, TrafficBurstGPT, TrafficMooncake,
	// TrafficJSONL or TrafficCSV (with CSV).
	Format TrafficFormat
	CSV    CSVMapping
	// FileName is the input's name, noted (without its path) as the
	// source of the traffic, as ImportTraffic notes it.
	FileName string
	// Window is the reorder window in rows; 0 means DefaultStreamWindow.
	Window int
	// Progress, when not nil, is called every few tens of thousands of
	// rows with what has been read so far.
	Progress func(StreamProgress)
	// chunk overrides streamChunk (tests).
	chunk int
}

// StreamProgress says how far a streamed run has read.
type StreamProgress struct {
	Rows  int
	Bytes int64
}

// A StreamResult is what a streamed run measured.
type StreamResult struct {
	Mode Mode   `json:"mode"`
	Seed uint64 `json:"seed"`
	// Input says what the trace held, as ParseTraffic reports it.
	Input   TrafficReport `json:"input"`
	Metrics Metrics       `json:"metrics"`
	// Dispatch holds the dispatch's metrics, baseline and saving (no
	// per-batch outcomes or occupancy); nil when dispatch is off.
	Dispatch *DispatchResult `json:"dispatch,omitempty"`
	Traffic  *ShapingReport  `json:"traffic,omitempty"`
	Warnings []string        `json:"warnings,omitempty"`
}

// StreamTrace runs the validated scenario s on the trace read from r,
// instead of its prompts (see the rules above). Errors are joined
// *FieldError values, as ParseTraffic's, with the line of each problem;
// ErrCancelled when opts.Done is closed.
func (s *Scenario) StreamTrace(r io.Reader, opts StreamOptions) (*StreamResult, error) {
	cols, err := streamColumns(s, opts)
	if err != nil {
		return nil, err
	}
	cat, err := s.BuildCatalog()
	if err != nil {
		return nil, err
	}
	sc := *s
	sc.Traffic.Source = TrafficSource{Format: string(opts.Format), File: baseName(opts.FileName)}
	run := newStreamRun(&sc, cat, opts)
	bld := newTrafficBuilder(opts.Format, MaxStreamRows)
	rows, in, ok := streamRows(r, opts.Format, cols, bld)
	if !ok {
		return nil, bld.errs.err()
	}
	if bld.rebase {
		run.unit = 1e6
	}
	for n := 0; rows.row(); n++ {
		if n%streamProgressRows == 0 {
			if cancelled(opts.Done) {
				return nil, ErrCancelled
			}
			if opts.Progress != nil {
				opts.Progress(StreamProgress{Rows: n, Bytes: rows.offset()})
			}
		}
		if recs := bld.t.Records; len(recs) > 0 {
			if bld.errs.len() == 0 {
				if err := run.take(&recs[0], bld); err != nil {
					return nil, err
				}
			}
			bld.t.Records = recs[:0]
		}
	}
	if in.readErr != nil {
		return nil, fieldErr("$", ErrSyntax, "reading the input: %v", in.readErr)
	}
	if err := bld.errs.err(); err != nil {
		return nil, err
	}
	return run.finish(bld)
}

// A rowReader reads a trace's rows into a builder, one row per call of
// row (false at the end); offset is how far into the input it has read.
type rowReader interface {
	row() bool
	offset() int64
}

// streamRows returns a reader of the rows of r in format, and the buffer it
// reads through; false when it cannot start (a CSV header's errors are in
// the builder).
func streamRows(r io.Reader, format TrafficFormat, cols csvColumns, bld *trafficBuilder) (rowReader, *readBuffer, bool) {
	switch format {
	case TrafficMooncake, TrafficJSONL:
		sc := newJSONLReader(r, streamReadBytes)
		rows := jsonLines{b: bld, parse: parsePromptLine}
		if format == TrafficMooncake {
			var ids []int64 // read, checked and dropped (the room reused): no metric uses them
			rows = mooncakeLines(bld, func() []int64 { return ids }, func(kept []int64) { ids = kept })
		}
		rows.sc = sc
		bld.tokenOnly = true
		return &rows, &sc.readBuffer, true
	}
	sc := newCSVReader(r, streamReadBytes)
	c, ok := newCSVTraffic(sc, cols, bld)
	return c, &sc.readBuffer, ok
}

// The errors of what a streamed run refuses in a row.
const (
	streamNoText = "a streamed run reads token-only traces: give input_tokens and no prompt text, or run without streaming"
	streamNoIDs  = "a streamed run keeps no request ids (they must be unique over the whole file): leave request_id out, or run without streaming"
)

// streamColumns checks that the scenario and the input can stream and
// returns the input's columns.
func streamColumns(s *Scenario, opts StreamOptions) (csvColumns, error) {
	var errs errorList
	if s.Mode == ModeSeed {
		errs.addf("$.mode", ErrInvalid, "seed mode cannot stream: it reproduces the reference prototype, which reads prompts; use timer mode, or run without streaming")
	}
	if s.Dispatch.Job == JobFixed {
		errs.addf("$.dispatch.job", ErrInvalid, "a fixed job cuts all the rows into chunks and cannot stream; use job batches, or run without streaming")
	}
	var cols csvColumns
	switch opts.Format {
	case TrafficMooncake, TrafficJSONL:
	case TrafficAzure:
		cols = azureColumns
	case TrafficBurstGPT:
		cols = burstGPTColumns
	case TrafficCSV:
		var err error
		if cols, err = opts.CSV.columns(); err != nil {
			return cols, err
		}
		if opts.CSV.Text != "" {
			errs.addf("csv.text", ErrInvalid, "a streamed run reads token-only traces: map no text column, or run without streaming")
		}
		if opts.CSV.ID != "" {
			errs.addf("csv.id", ErrInvalid, "a streamed run keeps no request ids (they must be unique over the whole file): map no id column, or run without streaming")
		}
	default:
		errs.addf("$", ErrInvalid, "a streamed run reads azure, burstgpt, mooncake, jsonl and csv traces, not %q; run without streaming", opts.Format)
	}
	return cols, errs.err()
}

// streamRun is the state of StreamTrace: the reorder window, the chunk of
// requests being prepared, the batcher over its window of batches, the
// queue waits, and the dispatchers fed as batches close.
type streamRun struct {
	s      *Scenario
	cat    *Catalog
	models []Model
	tokens []TokenCounter
	done   <-chan struct{}

	// The reorder window: the first rows until the origin is known, then
	// the rows in time order.
	window int
	early  []TrafficRecord
	rows   sortedQueue[TrafficRecord]
	origin int64
	// unit is a row time's unit in milliseconds: 1e6 when the reader
	// gives nanoseconds (to rebase), 1 when it gives arrivals as they are.
	unit  int64
	timed bool // the origin is known
	// seen: a row was taken, with an arrival or not (arrivals).
	seen, arrivals bool
	input          TrafficReport

	shaper rowShaper
	shape  ShapingReport
	clock  *arrivalClock
	chunk  []Request
	reqOf  []int32

	b     batcher
	tally *batchTally
	// waits holds, per model, the queue waits of its batched requests,
	// batch after batch in close order.
	waits    [][]int32
	requests int
	first    int64
	last     int64

	// pending are the closed batches not yet given to the dispatcher, in
	// ready order; disp dispatches the batches, base the baseline's
	// requests (nil when off).
	pending    sortedQueue[readyBatch]
	disp, base *dispatcher
}

// A readyBatch is a closed batch waiting to be dispatched, with where its
// members' waits start in the waits of its model.
type readyBatch struct {
	b       Batch
	waitsAt int64
}

func newStreamRun(s *Scenario, cat *Catalog, opts StreamOptions) *streamRun {
	models := cat.Models()
	run := &streamRun{
		s: s, cat: cat, models: models, done: opts.Done,
		window: opts.Window, unit: 1,
		clock: s.Arrivals.clock(s.Seed),
		chunk: make([]Request, 0, cmp.Or(opts.chunk, streamChunk)),
		reqOf: make([]int32, cmp.Or(opts.chunk, streamChunk)),
		tally: newBatchTally(len(models)),
		waits: make([][]int32, len(models)),
	}
	if run.window <= 0 {
		run.window = DefaultStreamWindow
	}
	run.rows.less = func(a, b *TrafficRecord) bool { return a.ArrivalMs < b.ArrivalMs }
	run.pending.less = func(a, b *readyBatch) bool {
		return a.b.ClosedAt < b.b.ClosedAt || a.b.ClosedAt == b.b.ClosedAt && a.b.ID < b.b.ID
	}
	run.shaper = s.Traffic.shaper(s.Seed, &run.shape)
	run.tokens, _ = counters(cat, s.Tokens, opts.Tokenizers)
	limits := make([]Limits, len(models))
	for i := range models {
		limits[i] = s.Policy.LimitsFor(&models[i])
	}
	run.b = batcher{models: models, limits: limits, mode: ModeTimer, shared: s.SharedPromptTokens, open: make([]int32, len(models))}
	for i := range run.b.open {
		run.b.open[i] = -1
	}
	run.b.byDue.batches = &run.b.batches
	run.b.onClose = run.closed
	if set := &s.Dispatch; set.Enabled {
		run.disp = newStreamDispatcher(set, models, s.SharedPromptTokens, s.Seed, false, &run.waits, opts.Done)
		run.disp.script = newScript(set.Script)
		if set.Baseline {
			run.base = newStreamDispatcher(set, models, s.SharedPromptTokens, s.Seed, true, &run.waits, opts.Done)
		}
	}
	return run
}

func newStreamDispatcher(set *Dispatch, models []Model, shared int, seed uint64, perRequest bool, waits *[][]int32, done <-chan struct{}) *dispatcher {
	d := newDispatcher(set, models, shared, seed, false)
	d.streamed, d.perRequest, d.waits, d.done = true, perRequest, waits, done
	return d
}

// take receives a row kept by the builder (times in nanoseconds).
func (run *streamRun) take(rec *TrafficRecord, bld *trafficBuilder) error {
	if !run.seen {
		run.seen, run.arrivals = true, rec.HasArrival
	} else if rec.HasArrival != run.arrivals {
		return run.mixedArrivals(rec, bld)
	}
	if !rec.HasArrival {
		return run.emit(rec)
	}
	if !run.timed {
		if run.early == nil {
			run.early = make([]TrafficRecord, 0, min(run.window, 1<<10))
		}
		run.early = append(run.early, *rec)
		if len(run.early) == run.window {
			run.settle(bld)
		}
		return nil
	}
	if rec.ArrivalMs < run.origin {
		return run.outOfOrder(rec, "before the first rows")
	}
	rec.ArrivalMs = (rec.ArrivalMs - run.origin) / run.unit
	if run.input.Records > 0 && rec.ArrivalMs < run.input.LastMs {
		return run.outOfOrder(rec, "at "+FormatCount(int(rec.ArrivalMs))+" ms, before "+FormatCount(int(run.input.LastMs))+" ms")
	}
	if !run.rows.insert(*rec) {
		run.input.Sorted = true
	}
	if run.rows.len() > run.window {
		return run.emit(run.rows.pop())
	}
	return nil
}

// settle fixes the origin, the earliest of the first rows, and puts them
// in the window in time order.
func (run *streamRun) settle(bld *trafficBuilder) {
	run.timed = true
	run.origin, run.input.Origin = bld.minNs, bld.origin
	for i := range run.early {
		r := &run.early[i]
		r.ArrivalMs = (r.ArrivalMs - run.origin) / run.unit
	}
	if !slices.IsSortedFunc(run.early, compareArrival) {
		slices.SortStableFunc(run.early, compareArrival)
		run.input.Sorted = true
	}
	for _, r := range run.early {
		run.rows.insert(r)
	}
	run.early = nil
}

// outOfOrder is the error of a row that comes too late.
func (run *streamRun) outOfOrder(rec *TrafficRecord, when string) error {
	fe := fieldErr("$", ErrInvalid, "this row arrives %s, already simulated: the input is out of time order by more than the window of %s rows; sort it by time, or run without streaming", when, FormatCount(run.window))
	fe.Line, fe.Column = rec.Line, 1
	return fe
}

// mixedArrivals is the error of a row with an arrival after rows without,
// or the other way round.
func (run *streamRun) mixedArrivals(rec *TrafficRecord, bld *trafficBuilder) error {
	has, earlier := "has none", "had one"
	if rec.HasArrival {
		has, earlier = "has one", "had none"
	}
	fe := fieldErr(bld.itemPath(bld.t.Report.Rows-1)+".created_at_ms", ErrInvalid, "this row %s while the rows before %s: a streamed run needs an arrival on every row or on none; run without streaming", has, earlier)
	fe.Line, fe.Column = rec.Line, 1
	return fe
}

// emit passes a row, in time order with its arrival in milliseconds, to
// the traffic rules, and the chunk on when full.
func (run *streamRun) emit(rec *TrafficRecord) error {
	in := &run.input
	if in.Records == 0 {
		in.FirstMs = rec.ArrivalMs
	}
	in.Records++
	in.LastMs = rec.ArrivalMs
	if rec.Failed {
		in.Failed++
	}
	r := Request{
		CreatedAt: rec.ArrivalMs, hasTime: rec.HasArrival,
		TokenCount: rec.InputTokens, hasTokens: rec.InputTokens > 0,
		OutputTokens: rec.OutputTokens, hasOutput: rec.HasOutputTokens,
		TraceModel: rec.Model, Failed: rec.Failed,
	}
	if !run.shaper.keep(&r) {
		return nil
	}
	run.chunk = append(run.chunk, r)
	if len(run.chunk) == cap(run.chunk) {
		return run.flush()
	}
	return nil
}

// flush classifies, times, enriches and batches the chunk, then lets the
// dispatchers run up to its last arrival.
func (run *streamRun) flush() error {
	chunk := run.chunk
	if len(chunk) == 0 {
		return nil
	}
	if cancelled(run.done) {
		return ErrCancelled
	}
	run.s.Traffic.classify(chunk, run.cat, &run.shape)
	for i := range chunk {
		run.clock.time(&chunk[i])
	}
	Enrich(chunk, run.cat, run.tokens)
	b := &run.b
	b.reqs, b.reqOf = chunk, run.reqOf[:len(chunk)]
	b.runTimer()
	if run.requests == 0 {
		run.first = chunk[0].CreatedAt
	}
	run.requests += len(chunk)
	run.last = chunk[len(chunk)-1].CreatedAt
	for i := range chunk {
		if b.reqOf[i] < 0 {
			continue
		}
		if run.disp != nil {
			run.disp.arrived(chunk[i].CreatedAt)
		}
		if run.base != nil {
			run.base.arrived(chunk[i].CreatedAt)
			run.base.queueRequest(&chunk[i])
		}
	}
	run.chunk = chunk[:0]
	run.retire()
	// Every batch still to close closes at the last arrival or later.
	return run.release(run.last)
}

// closed is the batcher's onClose: the members' waits are kept, and the
// batch waits to be dispatched.
func (run *streamRun) closed(bi int32) {
	b := &run.b
	bt := &b.batches[bi]
	w := run.waits[bt.model]
	at := len(w)
	for _, a := range b.arrivals[bi] {
		w = append(w, int32(bt.ClosedAt-a))
	}
	run.waits[bt.model] = w
	b.arrivals[bi] = b.arrivals[bi][:0]
	if run.disp != nil {
		run.pending.insert(readyBatch{b: *bt, waitsAt: int64(at)})
	}
}

// retire measures the batches closed at the head of the window, in ID
// order, and drops them.
func (run *streamRun) retire() {
	b := &run.b
	n := 0
	for n < len(b.batches) && b.batches[n].closed {
		run.tally.add(&b.batches[n])
		n++
	}
	if n == 0 {
		return
	}
	b.batches = b.batches[:copy(b.batches, b.batches[n:])]
	b.arrivals = slices.Concat(b.arrivals[n:], b.arrivals[:n])
	b.base += n
	for i := range b.byDue.idx {
		b.byDue.idx[i] -= int32(n)
	}
	for m, bi := range b.open {
		if bi >= 0 {
			b.open[m] = bi - int32(n)
		}
	}
}

// release gives the dispatcher the closed batches ready before frontier,
// in ready order, and runs both dispatchers up to it.
func (run *streamRun) release(frontier int64) error {
	if run.disp == nil {
		return nil
	}
	for run.pending.len() > 0 && run.pending.front().b.ClosedAt < frontier {
		r := run.pending.pop()
		run.disp.queueBatch(&r.b, r.waitsAt)
	}
	if err := run.disp.advance(frontier); err != nil {
		return err
	}
	if run.base != nil {
		return run.base.advance(frontier)
	}
	return nil
}

// finish drains the window, closes the open batches and the dispatch, and
// computes the metrics.
func (run *streamRun) finish(bld *trafficBuilder) (*StreamResult, error) {
	if !run.timed && len(run.early) > 0 {
		run.settle(bld)
	}
	for run.rows.len() > 0 {
		if err := run.emit(run.rows.pop()); err != nil {
			return nil, err
		}
	}
	in := &run.input
	in.Format, in.Rows, in.Skipped, in.Timed = bld.t.Report.Format, bld.t.Report.Rows, bld.t.Report.Skipped, run.timed
	if in.Records == 0 {
		return nil, noRecords(in)
	}
	if err := run.flush(); err != nil {
		return nil, err
	}
	b := &run.b
	if run.requests > 0 {
		b.closeAll(run.last)
	}
	run.retire()
	if err := run.release(math.MaxInt64); err != nil {
		return nil, err
	}
	s := run.s
	res := &StreamResult{Mode: ModeTimer, Seed: s.Seed, Input: *in}
	m := run.tally.metrics(run.requests, b.rejected, s.SharedPromptTokens, run.first, run.last)
	// The dispatch is over (it read the waits by position): each model's
	// waits are sorted by its statistics, then merged for the whole run's.
	m.Models = run.tally.models(run.models, func(i int) WaitStats { return waitStats(run.waits[i]) })
	m.QueueWait = mergedWaitStats(run.waits)
	res.Metrics = m
	if run.disp != nil {
		var base *DispatchMetrics
		if run.base != nil {
			bm := run.base.metrics()
			base = &bm
		}
		res.Dispatch = newDispatchResult(&s.Dispatch, run.disp.poolList(), run.disp.metrics(), base)
		res.Warnings = run.disp.script.unused(s.Dispatch.Script)
	}
	res.Traffic = s.shapingReport(run.shape, ModeTimer, "")
	return res, nil
}

// mergedWaitStats returns the statistics of the union of sorted sets of
// waits (percentiles by nearest rank, found by bisection on the value).
func mergedWaitStats(sets [][]int32) WaitStats {
	n := 0
	var sum float64
	lo, hi := int32(math.MaxInt32), int32(math.MinInt32)
	for _, s := range sets {
		n += len(s)
		for _, v := range s {
			sum += float64(v)
		}
		if len(s) > 0 {
			lo, hi = min(lo, s[0]), max(hi, s[len(s)-1])
		}
	}
	if n == 0 {
		return WaitStats{}
	}
	at := func(rank int) int64 { // the smallest v with rank values ≤ v
		lo, hi := lo, hi
		for lo < hi {
			mid := lo + (hi-lo)/2
			c := 0
			for _, s := range sets {
				c += sortSearch(s, mid)
			}
			if c >= rank {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		return int64(lo)
	}
	return WaitStats{Mean: sum / float64(n), P50: at(nearestRank(50, n)), P95: at(nearestRank(95, n)), P99: at(nearestRank(99, n)), Max: int64(hi)}
}

// sortSearch counts the values of sorted s that are at most v.
func sortSearch(s []int32, v int32) int {
	i, _ := slices.BinarySearch(s, v+1)
	return i
}

// A sortedQueue holds items in order (by less), inserted mostly at the
// back and taken from the front: a window over a stream in time order. It
// is a ring buffer, so a window of steady size allocates nothing.
type sortedQueue[T any] struct {
	items []T // its length a power of two
	head  int
	n     int
	less  func(a, b *T) bool
}

func (q *sortedQueue[T]) len() int { return q.n }

func (q *sortedQueue[T]) at(i int) *T { return &q.items[(q.head+i)&(len(q.items)-1)] }

func (q *sortedQueue[T]) front() *T { return q.at(0) }

// pop takes the front item, which stays valid until the next insert.
func (q *sortedQueue[T]) pop() *T {
	x := q.at(0)
	q.head = (q.head + 1) & (len(q.items) - 1)
	q.n--
	return x
}

// insert adds x after every item not after it (so equal items keep their
// order of insertion) and reports whether it went at the back.
func (q *sortedQueue[T]) insert(x T) bool {
	if q.n == len(q.items) {
		grown := make([]T, max(16, 2*len(q.items)))
		for i := range q.n {
			grown[i] = *q.at(i)
		}
		q.items, q.head = grown, 0
	}
	*q.at(q.n) = x
	q.n++
	i := q.n - 1
	for ; i > 0 && q.less(q.at(i), q.at(i-1)); i-- {
		*q.at(i), *q.at(i - 1) = *q.at(i - 1), *q.at(i)
	}
	return i == q.n-1
}
