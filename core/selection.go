package core

import (
	"strings"
)

// Model selection is cost-first with a capability threshold, exactly as the
// reference prototype: keep the models strong enough for the prompt, rank
// them by cost, then latency, then strength, take the first five, and pick
// one of those by a checksum of the analysis so that similar prompts spread
// over equally cheap models.

// selectionIntent maps an analysed intent onto the strengths models declare.
func selectionIntent(i Intent) int {
	switch i {
	case IntentCoding:
		return selCoding
	case IntentSummarization:
		return selSummarization
	case IntentReasoning, IntentDataAnalysis:
		return selReasoning
	}
	return selGeneral
}

// SelectModel returns the name of the model the catalog chooses for an analysis.
func (c *Catalog) SelectModel(a Analysis) string {
	return c.models[c.selectIndex(a)].Name
}

func (c *Catalog) selectIndex(a Analysis) int {
	comp := 0
	if a.ComplianceNeeded {
		comp = 1
	}
	return c.selected[selectionIntent(a.Intent)][a.Complexity%3][a.LatencyTolerance%3][comp]
}

// requiredStrength is the strength a model needs for the analysis. The
// additions happen at run time in float64, in this order, as in the
// reference: 2.2 + 0.6 is 2.8000000000000003, which a 2.8 model misses.
func requiredStrength(complexity, tolerance Level, compliance bool) float64 {
	var req float64
	switch complexity {
	case High:
		req = 4.0
	case Medium:
		req = 2.8
	default:
		req = 2.2
	}
	if compliance {
		req += 0.6
	}
	if tolerance == Low && (complexity == Medium || complexity == High) {
		req += 0.2
	}
	return req
}

// A modelTraits is what the 72 selections of a catalog read of a model,
// worked out once per model (buildCatalog) rather than for each selection
// and candidate: its strength per selection group, its cost and latency
// ranks, and which of boost's rules can apply to it, by its provider and
// name. (Each look-up in the model's maps, about 4,000 at a build, made
// V8 recompile the runtime's map functions with TurboFan during the
// page's start.)
type modelTraits struct {
	strength                                                             [len(strengthKeys)]float64
	cost, latency                                                        int
	deepseekReasoner, deepseekChat, anthropicHaiku, googleFlash, xaiMini bool
}

func traitsOf(m *Model) modelTraits {
	t := modelTraits{
		cost:             rankOf(costRanks, m.CostTier, 2),
		latency:          rankOf(latencyRanks, m.LatencyTier, 1),
		deepseekReasoner: m.Provider == "deepseek" && strings.Contains(m.Name, "reasoner"),
		deepseekChat:     m.Provider == "deepseek" && strings.Contains(m.Name, "chat"),
		anthropicHaiku:   m.Provider == "anthropic" && strings.Contains(m.Name, "haiku"),
		googleFlash:      m.Provider == "google" && strings.Contains(m.Name, "flash"),
		xaiMini:          m.Provider == "xai" && strings.Contains(m.Name, "mini"),
	}
	for sel := range t.strength {
		t.strength[sel] = m.strength(sel)
	}
	return t
}

// boost is the reference's bonus for a model of traits t in selection
// group sel at complexity, added up in the reference's order.
func boost(t *modelTraits, sel int, complexity Level) float64 {
	var b float64
	lowOrMedium := complexity == Low || complexity == Medium
	if sel == selReasoning && t.deepseekReasoner {
		b += 0.2
	}
	if sel == selCoding && t.deepseekChat && lowOrMedium {
		b += 0.15
	}
	if sel == selSummarization && t.anthropicHaiku {
		b += 0.15
	}
	if sel == selCoding && t.googleFlash && complexity != High {
		b += 0.1
	}
	if t.xaiMini && lowOrMedium {
		b += 0.08
	}
	return b
}

// choose runs the selection for one combination of analysis values.
// Its parts are functions of their own (candidates, rank, selectionSum):
// the playground builds the default catalog, 72 selections, before its
// first timeline, and in one function of 5 KB of WebAssembly that work
// made V8 recompile it with TurboFan then (about 50 ms of a background
// thread's CPU, beside the first render, on 2 cores): every jump of Go's
// WebAssembly counts against a function's budget by its size.
func (c *Catalog) choose(sel int, complexity, tolerance Level, compliance bool) int {
	if len(c.models) == 0 {
		return -1
	}
	cands := c.candidates(sel, requiredStrength(complexity, tolerance, compliance))
	c.rank(cands, sel, complexity)
	return cands[selectionSum(sel, complexity, tolerance, compliance)%min(5, len(cands))].idx
}

// A candidate is a model in the running for a selection, with its sort
// keys.
type candidate struct {
	idx             int
	cost, latency   int
	strength, boost float64
}

// candidates returns the models strong enough (req) for selection group
// sel, or when none is, the five strongest.
//
//go:noinline
func (c *Catalog) candidates(sel int, req float64) []candidate {
	cands := make([]candidate, 0, len(c.models))
	for i := range c.models {
		if st := c.traits[i].strength[sel]; st >= req {
			cands = append(cands, candidate{idx: i, strength: st})
		}
	}
	if len(cands) > 0 {
		return cands
	}
	return c.strongest(sel, cands)
}

// strongest returns the five strongest models for selection group sel,
// in cands (empty).
//
//go:noinline
func (c *Catalog) strongest(sel int, cands []candidate) []candidate {
	for i := range c.models {
		cands = append(cands, candidate{idx: i, strength: c.traits[i].strength[sel]})
	}
	sortCandidates(cands, func(a, b *candidate) int {
		switch {
		case a.strength > b.strength:
			return -1
		case a.strength < b.strength:
			return 1
		}
		return 0
	})
	return cands[:min(5, len(cands))]
}

// rank sorts the candidates by cost, then latency, then strength and
// boost (both descending), stably.
//
//go:noinline
func (c *Catalog) rank(cands []candidate, sel int, complexity Level) {
	for i := range cands {
		t := &c.traits[cands[i].idx]
		cands[i].cost, cands[i].latency = t.cost, t.latency
		cands[i].boost = boost(t, sel, complexity)
	}
	sortCandidates(cands, func(a, b *candidate) int {
		if a.cost != b.cost {
			return a.cost - b.cost
		}
		if a.latency != b.latency {
			return a.latency - b.latency
		}
		if a.strength != b.strength { // -strength ascending
			if a.strength > b.strength {
				return -1
			}
			return 1
		}
		if a.boost != b.boost {
			if a.boost > b.boost {
				return -1
			}
			return 1
		}
		return 0
	})
}

// sortCandidates sorts cands stably by cmp, by insertion (a catalog has
// tens of models): as slices.SortStableFunc does, in a function of a
// fifth of its size.
//
//go:noinline
func sortCandidates(cands []candidate, cmp func(a, b *candidate) int) {
	for i := 1; i < len(cands); i++ {
		for j := i; j > 0 && cmp(&cands[j], &cands[j-1]) < 0; j-- {
			cands[j], cands[j-1] = cands[j-1], cands[j]
		}
	}
}

// selectionSum is the reference's checksum of a selection's key, which
// picks one of the (up to five) first candidates.
//
//go:noinline
func selectionSum(sel int, complexity, tolerance Level, compliance bool) int {
	compFlag := "0"
	if compliance {
		compFlag = "1"
	}
	key := strengthKeys[sel] + "|" + complexity.String() + "|" + tolerance.String() + "|" + compFlag
	sum := 0
	for _, r := range key {
		sum += int(r)
	}
	return sum
}
