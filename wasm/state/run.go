package state

import (
	"bytes"
	"encoding/json"
	"github.com/batchlab/batchlab/wasm/units"
	"slices"
	"time"
	"unsafe"

	"github.com/batchlab/batchlab/core"
)

// BuildScenario returns the scenario the controls describe: the prompts
// editor's text as prompts and, when the catalog was edited, the whole
// catalog. The prompts are PromptsText's own bytes (no copy), shared by
// the scenarios built from the same text: they must never be written.
func (p *Playground) BuildScenario() core.Scenario {
	sc := p.Scenario
	sc.Version = core.ScenarioVersion
	if text := p.PromptsText(); text != "" {
		if p.prompts.text != text { // the string's own bytes, never written: no copy of 5 MB on fresh memory
			p.prompts.text, p.prompts.raw = text, unsafe.Slice(unsafe.StringData(text), len(text))
		}
		sc.Prompts = p.prompts.raw
	}
	sc.Catalog = core.CatalogEdit{}
	if p.CatalogEdited() {
		sc.Catalog.Replace = true
		for i := range p.Models {
			raw, _ := json.Marshal(&p.Models[i])
			sc.Catalog.Models = append(sc.Catalog.Models, raw)
		}
	}
	return sc
}

// Run simulates the current scenario. On success Result is replaced and
// Problems cleared; otherwise Problems say what is wrong and Result stays.
// It reports the time the simulation took.
func (p *Playground) Run() time.Duration {
	j := p.StartRun()
	j.Compute(nil)
	p.FinishRun(j)
	return j.Took
}

// A RunJob is a Run in three steps, so that the page can simulate off its
// event handlers: StartRun takes from the playground what the run needs,
// Compute simulates without touching the playground, and FinishRun
// installs what it computed. StartRun and FinishRun run under the page's
// lock, Compute need not; one job at a time computes (the jobs share the
// playground's cache of decoded requests, which a job holds until it
// finishes).
type RunJob struct {
	edits int
	// idle: the controls hold values that do not parse; the run only
	// clears Problems.
	idle   bool
	sc     core.Scenario
	text   string
	models []core.Model
	cat    *core.Catalog
	tokens core.Tokenizers
	cache  requestCache

	// pending is the import to summarise, if any (the playground's
	// toSummarise when it holds the job's text).
	pending *pendingSummary

	// What Compute found: the result, or the problems, and the import's
	// summary (summarise: FinishRun installs it, which may be nil).
	res       *core.Result
	problems  []Problem
	summarise bool
	summary   *TrafficSummary
	// Took is how long Compute worked, its pauses left out.
	Took time.Duration
}

// StartRun begins a run of the current scenario (see RunJob).
func (p *Playground) StartRun() *RunJob {
	j := &RunJob{edits: p.Edits, idle: len(p.typing) > 0}
	if j.idle {
		return j
	}
	j.sc, j.text, j.models = p.BuildScenario(), p.text, slices.Clone(p.Models)
	j.tokens = p.Vocab.snapshot()
	j.cache, p.cache = p.cache, requestCache{}
	if s := p.toSummarise; s != nil && s.text == p.text {
		j.pending = s
	}
	return j
}

// Compute simulates the job's scenario, calling pause (nil: never)
// between units of work (core.Options.Pause): an error from it stops the
// run, which FinishRun then drops.
func (j *RunJob) Compute(pause func() error) {
	if j.idle {
		return
	}
	start := time.Now()
	var paused time.Duration
	stopped := false // by pause: the summary is not made
	if pause != nil {
		inner := pause
		pause = func() error {
			at := time.Now()
			defer func() { paused += time.Since(at) }()
			err := inner()
			stopped = stopped || err != nil
			return err
		}
	}
	defer func() { j.Took = time.Since(start) - paused }()
	// Counted once per prompts text: the cached trace passed the count.
	if c := &j.cache; c.trace == nil || c.text != j.text {
		if n := core.CountPrompts(j.sc.Prompts); n > core.MaxPlaygroundRequests {
			j.problems = []Problem{{Path: "$", Message: "this scenario has " + units.Count(n) + " requests; the playground handles up to " +
				units.Count(core.MaxPlaygroundRequests) + " — run it with `batchlab simulate` (--sample or --first-n take a part of it)"}}
			return
		}
		if pause != nil { // the count scans the whole text, as decoding does next
			if err := pause(); err != nil {
				j.problems = problemsOf(err)
				return
			}
		}
	}
	j.summarise = true
	cat, err := j.cache.catalog(j.models) // the edited models as they are: no JSON
	if err == nil {
		err = j.sc.ValidateWith(cat)
	}
	if err == nil {
		j.cat = cat
		j.res, err = j.simulate(core.Options{Tokenizers: j.tokens, Pause: pause})
	}
	if err != nil {
		j.problems = problemsOf(err)
	}
	if !stopped {
		j.summariseImport(pause)
	}
}

// FinishRun ends job j: it gives the playground its cache back and, unless
// the playground was edited since StartRun (a newer run is due), installs
// what the job computed. It reports whether it did.
func (p *Playground) FinishRun(j *RunJob) bool {
	if !j.idle {
		p.cache = j.cache
	}
	if p.Edits != j.edits {
		if j.res != nil {
			p.cache.spare = j.res.Requests // never shown
		}
		return false
	}
	p.RanEdits = j.edits
	if j.summarise {
		if j.pending != nil && p.toSummarise == j.pending {
			p.Imported = j.summary
		}
		p.toSummarise = nil
	}
	if j.res == nil {
		p.Problems = j.problems
		return true
	}
	if p.Result != nil {
		p.cache.spare = p.Result.Requests // replaced by j.res
	}
	p.Problems = nil
	p.Result = j.res
	p.ResultScenario, p.ResultCatalog = &j.sc, j.cat
	p.Runs++
	if p.SelectedBatch() == nil {
		p.Selected = 0
	}
	return true
}

// requestCache keeps the decoded, timed requests of the last prompts text,
// so that policy edits skip decoding: the part that grows with the text.
type requestCache struct {
	text     string
	mode     core.Mode // the prompts' input rules depend on it
	models   []core.Model
	arrivals core.Arrivals
	seed     uint64
	// traffic: the rules the trace was read with, their model map copied;
	// compared field by field (core.TrafficRules.Equal), neither as JSON
	// nor with reflect.DeepEqual, so that the page's first runs need
	// neither encoding/json's encoder (88 KB of code V8 compiles on first
	// use, on the main thread) nor reflection.
	traffic core.TrafficRules
	trace   *core.Trace // never run itself: a copy is
	// spare holds the requests of the result before the current one, which
	// nothing shows any more: the next run copies the trace into it
	// rather than into a new slice (100,000 requests are 19 MB).
	spare []core.Request
	// cat is the catalog of catModels (see catalog).
	cat       *core.Catalog
	catModels []core.Model
}

// catalog returns core.CatalogOf(models), the last run's catalog while the
// models stay the same: building one takes about a millisecond under
// WebAssembly, at every run.
func (c *requestCache) catalog(models []core.Model) (*core.Catalog, error) {
	if c.cat != nil && sameModels(c.catModels, models) {
		return c.cat, nil
	}
	cat, err := core.CatalogOf(models)
	if err == nil {
		c.cat, c.catModels = cat, models // edits replace a model's strengths, never change them in place
	}
	return cat, err
}

// Result is the job's result once computed; nil before, or when the
// scenario has problems.
func (j *RunJob) Result() *core.Result { return j.res }

// simulate is core.Simulate on the job's catalog with the prompts
// PromptsPath "$" (errors name the editor's own paths) and the decoded
// requests (core's Trace) cached.
func (j *RunJob) simulate(opts core.Options) (*core.Result, error) {
	sc, cat := &j.sc, j.cat
	c := &j.cache
	if c.trace == nil || c.text != j.text || c.mode != sc.Mode || !sameModels(c.models, j.models) || c.arrivals != sc.Arrivals || c.seed != sc.Seed || !c.traffic.Equal(&sc.Traffic) {
		tr, err := sc.Trace(cat, core.Options{PromptsPath: "$", Pause: opts.Pause})
		if err != nil {
			return nil, err
		}
		if tr.Requests == nil {
			tr.Requests = []core.Request{}
		}
		// Once for the runs of this text, not at each run.
		if err := tr.AnalyzeWith(opts); err != nil {
			return nil, err
		}
		// A shallow copy of the models: edits replace a model's strengths,
		// never change them in place.
		traffic := sc.Traffic
		traffic.ModelMap = slices.Clone(traffic.ModelMap)
		*c = requestCache{text: j.text, mode: sc.Mode, models: j.models, arrivals: sc.Arrivals, seed: sc.Seed, traffic: traffic, trace: tr, spare: c.spare,
			cat: c.cat, catModels: c.catModels}
	}
	tr := *c.trace
	reqs, err := copyRequests(c.spare[:0], c.trace.Requests, opts.Pause)
	if err != nil {
		c.spare = reqs
		return nil, err
	}
	tr.Requests = reqs
	tr.Report.Notes = slices.Clone(c.trace.Report.Notes)
	c.spare = nil
	res, err := sc.RunTrace(&tr, cat, opts)
	if err != nil {
		c.spare = tr.Requests // not shown
		return nil, err
	}
	return res, nil
}

// copyRequests appends src to dst, calling pause (nil: never) every
// pauseEvery requests, and stops with its error: 10,000 requests are
// copied with the collector's barriers, a few milliseconds in the page.
func copyRequests(dst, src []core.Request, pause func() error) ([]core.Request, error) {
	dst = slices.Grow(dst, len(src))
	for at := 0; at < len(src); at += pauseEvery {
		if at > 0 && pause != nil {
			if err := pause(); err != nil {
				return dst, err
			}
		}
		dst = append(dst, src[at:min(at+pauseEvery, len(src))]...)
	}
	return dst, nil
}

// compactJSON removes the white space of a JSON document.
func compactJSON(raw []byte) (json.RawMessage, error) {
	var buf bytes.Buffer
	buf.Grow(len(raw))
	if err := json.Compact(&buf, raw); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
