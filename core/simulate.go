package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
)

// ErrCancelled is returned by a run stopped by closing its Options.Done.
var ErrCancelled = errors.New("simulation cancelled")

// Options tune how a scenario runs without being part of it.
type Options struct {
	// Tokenizers supplies the exact tokenizers of a scenario whose Tokens
	// is TokensExact; nil, or a nil counter, keeps the estimate (with a
	// note in the result's Traffic report).
	Tokenizers Tokenizers
	// PromptsPath is the JSON path error messages give the prompts document:
	// "$.prompts" (the default) inside a scenario, "$" for a prompts file.
	PromptsPath string
	// PromptsFrom, when the scenario has no Prompts, is where Trace reads
	// its prompts document from: PromptsSize bytes (a file, say). When
	// the prompts are analysed as they are decoded and none is kept (see
	// ConsumePrompts), a document of the common shape is read in chunks
	// of 256 KB, never whole; anything else is read whole.
	PromptsFrom io.ReaderAt
	// PromptsSize is the size in bytes of PromptsFrom's document.
	PromptsSize int64
	// Done, when closed, stops the run: Simulate, RunTrace and the sweeps
	// then return ErrCancelled. The dispatcher looks at it every
	// thousand events, the pipeline between its stages and a sweep
	// between its points; nil means never (a context's Done fits).
	Done <-chan struct{}
	// Pause, when set, is called between units of work: each stage of
	// the pipeline, every thousand requests analysed, enriched or
	// batched, every thousand dispatch events. It may block (the
	// playground lets the browser run there) and a non-nil error stops
	// the run, which returns it. The result does not depend on it; nil
	// costs nothing.
	Pause func() error
	// ConsumePrompts hands the scenario's Prompts over to the decoder,
	// which may then point the requests' strings into them
	// (DecodeRequestsInPlace; it never writes them, so they may be mapped
	// read-only): the caller must not change them afterwards. When
	// nothing reads the prompts' text after their analysis — the tokens
	// estimated (Scenario.Tokens not TokensExact, or seed mode) and no
	// transform in the traffic rules — the decoder of the common shape
	// also analyses each prompt and keeps none: the result's requests
	// then have no Text, and depend on Prompts no more (Trace.Detached
	// says so). A one-shot caller
	// that holds the only copy and wants the result alone (the CLI) saves
	// a copy of every prompt.
	ConsumePrompts bool
	// DispatchAside has RunTrace (and Simulate) return once the batches
	// are made and measured, the scenario's dispatch (if enabled) going
	// on, natively, on goroutines of its own; the baseline (every request
	// alone) starts as soon as the requests are enriched, before the
	// batching, which it needs not wait for. The result's Attempts,
	// Dispatch and Warnings are then the dispatch's until its Dispatched
	// returns; the rest may be read meanwhile. The CLI writes the
	// requests so while the dispatch runs (100,000 prompts: the baseline
	// takes 16–26 ms, the batched dispatch about 9 ms, beside the output).
	// Ignored with Pause set.
	DispatchAside bool
}

// cancelled reports whether done is closed.
func cancelled(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// A Result is what a simulation computed: every request with its analysis
// and batch, the batches, the rejected requests, and the metrics.
type Result struct {
	Mode     Mode        `json:"mode"`
	Seed     uint64      `json:"seed"`
	Requests []Request   `json:"requests"`
	Batches  []Batch     `json:"batches"`
	Rejected []Rejection `json:"rejected"`
	Metrics  Metrics     `json:"metrics"`
	// Attempts and Dispatch are what the dispatch simulation did with the
	// batches (see RunDispatch); nil when dispatch is off.
	Attempts []Attempt       `json:"attempts,omitempty"`
	Dispatch *DispatchResult `json:"dispatch,omitempty"`
	// Traffic says what the traffic rules did to the rows; nil when they
	// did nothing (no transform dropped a row, every request had text).
	Traffic *ShapingReport `json:"traffic,omitempty"`
	// Warnings say what the input held that was ignored, e.g. the fields
	// seed mode ignores as the reference prototype does.
	Warnings []string `json:"warnings,omitempty"`
	// dispatched waits for a dispatch left running (see
	// Options.DispatchAside); nil when none was.
	dispatched func() error
}

// Dispatched waits for the dispatch the run that made r left running
// (Options.DispatchAside) and returns its error, nil at once when there
// is none. Until it returns, r's Attempts, Dispatch and Warnings are the
// dispatch's to write. It may be called again, and returns the same.
func (r *Result) Dispatched() error {
	if r.dispatched == nil {
		return nil
	}
	return r.dispatched()
}

// Simulate runs a validated scenario: decode the prompts, time the untimed
// ones, enrich, batch (or cut a fixed-size job) and measure, then dispatch
// the batches when the scenario's dispatch is enabled.
func Simulate(s *Scenario, opts Options) (*Result, error) {
	cat, err := s.BuildCatalog()
	if err != nil {
		return nil, err
	}
	tr, err := s.Trace(cat, opts)
	if err != nil {
		return nil, err
	}
	return s.RunTrace(tr, cat, opts)
}

// A Trace is a scenario's requests ready to batch: decoded, shaped and
// classified by the traffic rules, and timed. Callers that re-run one
// trace under other policies (sweeps, the playground) make it once.
type Trace struct {
	Requests []Request
	// Report says what the traffic rules did to the rows.
	Report ShapingReport
	// Warnings say what the prompts held that their mode's rules ignored
	// (see DecodeRequests).
	Warnings []string
	// Detached says that nothing of the trace points into the scenario's
	// Prompts, which it consumed (see Options.ConsumePrompts): its owner
	// may let go of them.
	Detached bool
}

// Clone returns a copy of the trace that a run may consume.
func (t *Trace) Clone() *Trace {
	c := *t
	c.Requests = slices.Clone(t.Requests)
	c.Report.Notes = slices.Clone(t.Report.Notes)
	return &c
}

// Analyze analyses the text of every request of the trace not analysed
// yet (see Analyzer), so that runs of its clones skip it: the analysis
// depends on the text alone. A run does the same for what is left.
func (t *Trace) Analyze() { _ = t.AnalyzeWith(Options{}) }

// AnalyzeWith is Analyze, stopped as opts.Done and opts.Pause say (then it
// returns their error, with the requests left partly analysed).
func (t *Trace) AnalyzeWith(opts Options) error {
	var an Analyzer
	return stopperOf(opts).chunks(t.Requests, func(reqs []Request) {
		for i := range reqs {
			if r := &reqs[i]; !r.hasAnalysis {
				r.Analysis, _ = an.Analyze(r.Text)
				r.hasAnalysis = true
			}
		}
	})
}

// Trace decodes the scenario's prompts against cat (the scenario's
// catalog), applies the traffic rules (transforms, then the analysis and
// routing of requests without text) and gives the requests without a time
// their arrivals: the part of a simulation that depends only on the
// prompts, the catalog, the traffic rules, the arrivals and the seed.
func (s *Scenario) Trace(cat *Catalog, opts Options) (*Trace, error) {
	root := opts.PromptsPath
	if root == "" {
		root = "$.prompts"
	}
	stop := stopper{pause: opts.Pause} // closing Done stops the runs, not the trace
	tr := &Trace{}
	if len(s.Prompts) > 0 || opts.PromptsFrom != nil {
		text := copyText
		if opts.ConsumePrompts {
			text = pointText
			if s.tokenMode() != TokensExact && !s.Traffic.Shapes() {
				text = analyseText
			}
		}
		var err error
		if tr.Requests, tr.Warnings, tr.Detached, err = s.decodePrompts(cat, root, text, opts); err != nil {
			return nil, err
		}
		if err := stop.check(); err != nil {
			return nil, err
		}
	}
	tr.Requests = s.Traffic.shape(tr.Requests, s.Seed, &tr.Report)
	s.Traffic.classify(tr.Requests, cat, &tr.Report)
	if err := stop.check(); err != nil {
		return nil, err
	}
	AssignArrivals(tr.Requests, s.Arrivals, s.Seed)
	return tr, nil
}

// decodePrompts is decodePaused of the scenario's prompts document, or of
// the one opts.PromptsFrom holds (see Options), read in chunks when the
// prompts are analysed as they are decoded (text) and nothing pauses.
func (s *Scenario) decodePrompts(cat *Catalog, root string, text promptText, opts Options) (reqs []Request, warnings []string, detached bool, err error) {
	doc := s.Prompts
	if len(doc) == 0 && opts.PromptsFrom != nil {
		if text == analyseText && opts.Pause == nil {
			reqs, ok, err := decodeCommonPromptsFrom(opts.PromptsFrom, opts.PromptsSize, s.Mode, chunkBytes)
			if err != nil || ok {
				return reqs, nil, true, err
			}
		}
		if doc, err = readAllAt(opts.PromptsFrom, opts.PromptsSize); err != nil {
			return nil, nil, false, err
		}
	}
	return decodePaused(doc, cat, root, s.Mode, text, opts.Pause)
}

// readAllAt reads size bytes of r: a prompts document of Options.PromptsFrom.
func readAllAt(r io.ReaderAt, size int64) ([]byte, error) {
	if size < 0 || int64(int(size)) != size {
		return nil, fmt.Errorf("reading the prompts: %w: %d bytes", ErrTooLarge, size)
	}
	doc := make([]byte, size)
	n, err := readFullAt(r, doc, 0)
	switch {
	case err != nil:
		return nil, fmt.Errorf("reading the prompts: %w", err)
	case n < len(doc):
		return nil, fmt.Errorf("reading the prompts: %w: %d of %d bytes (the file changed)", io.ErrUnexpectedEOF, n, size)
	}
	return doc, nil
}

// RunTrace simulates the scenario on a trace from Trace, whose requests it
// enriches and batches in place (run a Clone to run it again):
// everything Simulate does after decoding. Its only errors are
// ErrCancelled and those of opts.Pause.
func (s *Scenario) RunTrace(tr *Trace, cat *Catalog, opts Options) (*Result, error) {
	stop := stopperOf(opts)
	if err := stop.check(); err != nil {
		return nil, err
	}
	reqs := tr.Requests
	mode := s.Mode
	if mode == "" {
		mode = ModeTimer
	}
	per, lacking := counters(cat, s.tokenMode(), opts.Tokenizers)
	aside := opts.DispatchAside && s.Dispatch.Enabled && stop.pause == nil
	var res *Result
	var early *baselineRun
	var err error
	if s.Dispatch.Job == JobFixed {
		res = RunJob(reqs, cat, &s.Dispatch, mode, s.SharedPromptTokens, s.Seed, per)
	} else {
		var enriched func()
		if aside && s.Dispatch.Baseline && spareProcessor() {
			enriched = func() {
				early = startBaseline(reqs, cat.Models(), &s.Dispatch, mode, s.SharedPromptTokens, s.Seed, stop)
			}
		}
		res, err = run(reqs, cat, &s.Policy, mode, s.SharedPromptTokens, per, stop, enriched)
	}
	if err == nil {
		err = stop.check()
	}
	if err != nil {
		early.wait() // done with the requests before returning
		return nil, err
	}
	res.Seed = s.Seed
	res.Warnings = append(slices.Clip(tr.Warnings), res.Warnings...) // the input's, then the dispatch's
	res.Traffic = s.shapingReport(tr.Report, mode, lackingNote(res.Requests, lacking))
	if !s.Dispatch.Enabled {
		return res, nil
	}
	if !aside {
		if err := runDispatch(res, cat, &s.Dispatch, s.SharedPromptTokens, s.Seed, stop, nil); err != nil {
			return nil, err
		}
		return res, nil
	}
	done := make(chan error, 1)
	go func() { done <- runDispatch(res, cat, &s.Dispatch, s.SharedPromptTokens, s.Seed, stop, early) }()
	res.dispatched = sync.OnceValue(func() error { return <-done })
	return res, nil
}

// tokenMode is how the scenario counts the prompts' tokens: as
// Scenario.Tokens says, but always estimated in seed mode, as the
// reference does.
func (s *Scenario) tokenMode() string {
	if s.Mode == ModeSeed {
		return TokensHeuristic
	}
	return s.Tokens
}

// shapingReport completes what the traffic rules did for a run in mode,
// with a note on the exact token counts lacking (if any); nil when they
// did nothing worth saying.
func (s *Scenario) shapingReport(rep ShapingReport, mode Mode, lacking string) *ShapingReport {
	if lacking != "" {
		rep.Notes = append(slices.Clip(rep.Notes), lacking)
	}
	if mode == ModeSeed && rep.TokenOnly > 0 {
		rep.Notes = append(slices.Clip(rep.Notes), FormatCount(rep.TokenOnly)+" requests carry token counts but no text: seed mode applies its close rules to them, but the reference prototype cannot read them, so this run is not comparable with it")
	}
	rep.Source = s.Traffic.Source
	if rep.Rows != rep.Kept || rep.TokenOnly > 0 || rep.Mapped+rep.Unmapped > 0 || len(rep.Notes) > 0 || s.Traffic.Source != (TrafficSource{}) {
		return &rep
	}
	return nil
}

// Run enriches, batches and measures requests already sorted by arrival.
// It is the hot path: linear in the number of requests, with a few
// allocations per batch.
func Run(reqs []Request, cat *Catalog, p *Policy, mode Mode, sharedTokens int, tokens []TokenCounter) *Result {
	res, _ := run(reqs, cat, p, mode, sharedTokens, tokens, stopper{}, nil)
	return res
}

// run is Run, stopped as stop says: then it returns the stopper's error.
// enriched (nil: nothing) is called once the requests are enriched, before
// they are batched.
func run(reqs []Request, cat *Catalog, p *Policy, mode Mode, sharedTokens int, tokens []TokenCounter, stop stopper, enriched func()) (*Result, error) {
	if err := stop.chunks(reqs, func(reqs []Request) { Enrich(reqs, cat, tokens) }); err != nil {
		return nil, err
	}
	if enriched != nil {
		enriched()
	}
	models := cat.Models()
	limits := make([]Limits, len(models))
	for i := range models {
		limits[i] = p.LimitsFor(&models[i])
	}
	batches, rejected, err := batchRequests(reqs, models, limits, mode, sharedTokens, stop.pause)
	if err != nil {
		return nil, err
	}
	res := &Result{Mode: mode, Requests: reqs, Batches: batches, Rejected: rejected}
	res.Metrics = Measure(reqs, batches, rejected, models, sharedTokens)
	if res.Requests == nil {
		res.Requests = []Request{}
	}
	if res.Rejected == nil {
		res.Rejected = []Rejection{}
	}
	return res, nil
}

// batchJSON is a batch as the JSON output shows it, with its request ids.
type batchJSON struct {
	Batch
	RequestIDs []string `json:"request_ids"`
}

// MarshalJSON encodes the result with each batch's request ids.
func (r *Result) MarshalJSON() ([]byte, error) { return r.marshal(nil) }

// MarshalExplained encodes the result as MarshalJSON does, with the
// explanation of every batch (Explanations) last, as "explanations".
func (r *Result) MarshalExplained() ([]byte, error) {
	e := r.Explanations()
	return r.marshal(&e)
}

// marshal encodes the result, with explanations unless nil.
func (r *Result) marshal(explanations *[]Explanation) ([]byte, error) {
	type plain Result
	out := struct {
		*plain
		Batches      []batchJSON    `json:"batches"`
		Explanations *[]Explanation `json:"explanations,omitempty"`
	}{plain: (*plain)(r), Batches: make([]batchJSON, len(r.Batches)), Explanations: explanations}
	for i := range r.Batches {
		out.Batches[i] = batchJSON{Batch: r.Batches[i], RequestIDs: r.RequestIDs(&r.Batches[i])}
	}
	return json.Marshal(out)
}

// RequestIDs returns the ids of batch b's requests in the order added.
func (r *Result) RequestIDs(b *Batch) []string {
	ids := make([]string, len(b.Members))
	for j, m := range b.Members {
		ids[j] = r.Requests[m].ID
	}
	return ids
}
