package core

import (
	"slices"
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

func boost(m *Model, sel int, complexity Level) float64 {
	var b float64
	lowOrMedium := complexity == Low || complexity == Medium
	switch {
	case sel == selReasoning && m.Provider == "deepseek" && strings.Contains(m.Name, "reasoner"):
		b += 0.2
	}
	if sel == selCoding && m.Provider == "deepseek" && strings.Contains(m.Name, "chat") && lowOrMedium {
		b += 0.15
	}
	if sel == selSummarization && m.Provider == "anthropic" && strings.Contains(m.Name, "haiku") {
		b += 0.15
	}
	if sel == selCoding && m.Provider == "google" && strings.Contains(m.Name, "flash") && complexity != High {
		b += 0.1
	}
	if m.Provider == "xai" && strings.Contains(m.Name, "mini") && lowOrMedium {
		b += 0.08
	}
	return b
}

// choose runs the selection for one combination of analysis values.
func (c *Catalog) choose(sel int, complexity, tolerance Level, compliance bool) int {
	if len(c.models) == 0 {
		return -1
	}
	type cand struct {
		idx             int
		cost, latency   int
		strength, boost float64
	}
	req := requiredStrength(complexity, tolerance, compliance)
	var cands []cand
	for i := range c.models {
		m := &c.models[i]
		if m.strength(sel) >= req {
			cands = append(cands, cand{idx: i, strength: m.strength(sel)})
		}
	}
	if len(cands) == 0 {
		for i := range c.models {
			cands = append(cands, cand{idx: i, strength: c.models[i].strength(sel)})
		}
		slices.SortStableFunc(cands, func(a, b cand) int {
			switch {
			case a.strength > b.strength:
				return -1
			case a.strength < b.strength:
				return 1
			}
			return 0
		})
		cands = cands[:min(5, len(cands))]
	}
	for i := range cands {
		m := &c.models[cands[i].idx]
		cands[i].cost = rankOf(costRanks, m.CostTier, 2)
		cands[i].latency = rankOf(latencyRanks, m.LatencyTier, 1)
		cands[i].boost = boost(m, sel, complexity)
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
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
	n := min(5, len(cands))
	compFlag := "0"
	if compliance {
		compFlag = "1"
	}
	key := strengthKeys[sel] + "|" + complexity.String() + "|" + tolerance.String() + "|" + compFlag
	sum := 0
	for _, r := range key {
		sum += int(r)
	}
	return cands[sum%n].idx
}
