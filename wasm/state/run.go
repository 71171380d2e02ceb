package state

import (
	"bytes"
	"encoding/json"
	"github.com/batchlab/batchlab/wasm/units"
	"slices"
	"time"

	"github.com/batchlab/batchlab/core"
)

// BuildScenario returns the scenario the controls describe: the prompts
// editor's text as prompts and, when the catalog was edited, the whole
// catalog. The prompts are shared by the scenarios built from the same
// text, and must not be changed.
func (p *Playground) BuildScenario() core.Scenario {
	sc := p.Scenario
	sc.Version = core.ScenarioVersion
	if p.PromptsText != "" {
		if p.prompts.text != p.PromptsText { // a copy per text, not per run (5 MB)
			p.prompts.text, p.prompts.raw = p.PromptsText, json.RawMessage(p.PromptsText)
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
	start := time.Now()
	p.RanEdits = p.Edits
	if len(p.typing) > 0 {
		p.Problems = nil
		return 0
	}
	sc := p.BuildScenario()
	// Counted once per prompts text: the cached trace passed the count.
	if c := &p.cache; c.trace == nil || c.text != p.PromptsText {
		if n := core.CountPrompts(sc.Prompts); n > core.MaxPlaygroundRequests {
			p.Problems = []Problem{{Path: "$", Message: "this scenario has " + units.Count(n) + " requests; the playground handles up to " +
				units.Count(core.MaxPlaygroundRequests) + " — run it with `batchlab simulate` (--sample or --first-n take a part of it)"}}
			return time.Since(start)
		}
	}
	defer p.summariseImport(&sc)
	cat, err := core.CatalogOf(p.Models) // the edited models as they are: no JSON
	if err == nil {
		err = sc.ValidateWith(cat)
	}
	if err != nil {
		p.Problems = problemsOf(err)
		return time.Since(start)
	}
	res, err := p.simulate(&sc, cat)
	if err != nil {
		p.Problems = problemsOf(err)
		return time.Since(start)
	}
	p.Problems = nil
	p.Result = res
	p.ResultScenario, p.ResultCatalog = &sc, cat
	p.Runs++
	if p.SelectedBatch() == nil {
		p.Selected = 0
	}
	return time.Since(start)
}

// requestCache keeps the decoded, timed requests of the last prompts text,
// so that policy edits skip decoding: the part that grows with the text.
type requestCache struct {
	text     string
	mode     core.Mode // the prompts' input rules depend on it
	models   []core.Model
	arrivals core.Arrivals
	seed     uint64
	traffic  string
	trace    *core.Trace // never run itself: a copy is
	// spare holds the requests of the result before the current one, which
	// nothing shows any more: the next run copies the trace into it
	// rather than into a new slice (100,000 requests are 19 MB).
	spare []core.Request
}

// simulate is core.Simulate on catalog cat with the prompts PromptsPath
// "$" (errors name the editor's own paths) and the decoded requests
// (core's Trace) cached.
func (p *Playground) simulate(sc *core.Scenario, cat *core.Catalog) (*core.Result, error) {
	trafficKey, _ := json.Marshal(sc.Traffic)
	c := &p.cache
	if c.trace == nil || c.text != p.PromptsText || c.mode != sc.Mode || !sameModels(c.models, p.Models) || c.arrivals != sc.Arrivals || c.seed != sc.Seed || c.traffic != string(trafficKey) {
		tr, err := sc.Trace(cat, core.Options{PromptsPath: "$"})
		if err != nil {
			return nil, err
		}
		if tr.Requests == nil {
			tr.Requests = []core.Request{}
		}
		tr.Analyze() // once for the runs of this text, not at each run
		// A shallow copy of the models: edits replace a model's strengths,
		// never change them in place.
		*c = requestCache{text: p.PromptsText, mode: sc.Mode, models: slices.Clone(p.Models), arrivals: sc.Arrivals, seed: sc.Seed, traffic: string(trafficKey), trace: tr}
	}
	tr := *c.trace
	tr.Requests = append(c.spare[:0], c.trace.Requests...)
	tr.Report.Notes = slices.Clone(c.trace.Report.Notes)
	c.spare = nil
	res, err := sc.RunTrace(&tr, cat, core.Options{Tokenizers: p.Vocab.Counter})
	if err != nil {
		c.spare = tr.Requests // not shown
		return nil, err
	}
	if p.Result != nil {
		c.spare = p.Result.Requests // replaced by res
	}
	return res, nil
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
