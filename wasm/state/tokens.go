package state

import (
	"maps"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// Vocabularies are the exact tokenizers the page has loaded. Their rank
// files are large (o200k_base 3.6 MB, cl100k_base 1.7 MB), so the page
// fetches one only when exact counts are on and a model of the catalog
// names it; runs estimate until it is here (core notes which).
type Vocabularies struct {
	loaded map[string]*core.BPE
	// Loading is the tokenizer being fetched, "" when none; Received and
	// Total its progress in bytes (Total 0 while unknown).
	Loading         string
	Received, Total int64
	// Failed holds the tokenizers whose file could not be had, with why:
	// the page does not ask for them again.
	Failed map[string]string
}

// Counter gives the core the tokenizers loaded so far (core.Tokenizers).
func (v *Vocabularies) Counter(name string) core.TokenCounter {
	if b := v.loaded[name]; b != nil {
		return b
	}
	return nil
}

// snapshot gives the core the tokenizers loaded now, whatever loads
// later: a run computed off the page's lock keeps its counters.
func (v *Vocabularies) snapshot() core.Tokenizers {
	return (&Vocabularies{loaded: maps.Clone(v.loaded)}).Counter
}

// Next returns the tokenizer to fetch for p: exact counts are on and a
// model of the catalog names it, it is neither loaded nor failed, and
// nothing is being fetched; "" when there is none.
func (v *Vocabularies) Next(p *Playground) string {
	if v.Loading != "" || p.Scenario.Tokens != core.TokensExact || p.Scenario.Mode == core.ModeSeed {
		return ""
	}
	for i := range p.Models {
		name := p.Models[i].TokenizerName()
		if name == core.TokenizerHeuristic || v.loaded[name] != nil || v.Failed[name] != "" {
			continue
		}
		return name
	}
	return ""
}

// Start marks name as being fetched.
func (v *Vocabularies) Start(name string) {
	v.Loading, v.Received, v.Total = name, 0, 0
}

// Progress records the bytes of the file received so far, of total (0
// while unknown).
func (v *Vocabularies) Progress(received, total int64) {
	v.Received, v.Total = received, total
}

// VocabDone takes the fetched rank file of the tokenizer being fetched,
// or the error that stopped it, ends the fetch and, when the tokenizer is
// now loaded, asks for a run with its exact counts.
func (p *Playground) VocabDone(data []byte, err error) {
	if p.Vocab.done(data, err) {
		p.edited()
	}
}

func (v *Vocabularies) done(data []byte, err error) bool {
	name := v.Loading
	v.Loading = ""
	var bpe *core.BPE
	if err == nil {
		bpe, err = core.NewBPE(name, data)
	}
	if err != nil {
		if v.Failed == nil {
			v.Failed = map[string]string{}
		}
		v.Failed[name] = err.Error()
		return false
	}
	if v.loaded == nil {
		v.loaded = map[string]*core.BPE{}
	}
	v.loaded[name] = bpe
	return true
}

// Fraction is how much of the file being fetched has arrived, 0 to 1
// (0 while its size is unknown).
func (v *Vocabularies) Fraction() float64 {
	if v.Total <= 0 {
		return 0
	}
	return min(1, float64(v.Received)/float64(v.Total))
}

// Status is the line the page shows about exact counts, "" when they are
// off or every tokenizer asked for is loaded.
func (v *Vocabularies) Status(p *Playground) string {
	if p.Scenario.Tokens != core.TokensExact {
		return ""
	}
	if p.Scenario.Mode == core.ModeSeed {
		return "Seed mode counts tokens as the reference does: estimates."
	}
	if v.Loading != "" {
		s := "Loading the " + v.Loading + " tokenizer (" + units.Size(int(v.Received))
		if v.Total > 0 {
			s += " of " + units.Size(int(v.Total))
		}
		return s + "); token counts are estimates until it is here."
	}
	for i := range p.Models {
		name := p.Models[i].TokenizerName()
		if why := v.Failed[name]; why != "" {
			return "The " + name + " tokenizer could not be loaded (" + why + "): its models' token counts are estimates."
		}
	}
	return ""
}
