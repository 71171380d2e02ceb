package core

// A Request is one prompt travelling through the simulation: what the input
// said about it, what enrichment guessed, and where batching put it.
type Request struct {
	ID        string `json:"request_id"`
	CreatedAt int64  `json:"created_at_ms"`
	UserID    string `json:"user_id,omitempty"`
	Text      string `json:"-"`
	// Index is the request's 0-based position in the input array.
	Index int `json:"-"`

	Analysis
	TokenCount      int    `json:"token_count"`
	Model           string `json:"selected_model"`
	EffectiveTokens int    `json:"tokens_effective"`

	// Batch is the ID of the batch that carries the request, 0 if rejected.
	Batch int `json:"batch"`
	// ClosedAt is when its batch closed, and WaitMs = ClosedAt − CreatedAt.
	ClosedAt int64 `json:"closed_at_ms"`
	WaitMs   int64 `json:"wait_ms"`
	// WaitLimitMs is the request's own wait from the policy (its model and
	// latency tolerance): the most timer mode lets it wait.
	WaitLimitMs int64 `json:"wait_limit_ms"`

	model int32 // index into the catalog
	// What the input gave, to be used as is rather than computed.
	hasTime, hasAnalysis, hasTokens, hasModel bool
}

// Enrich fills every request's analysis, token count, model and effective
// tokens, keeping the values the input gave. tokens may be nil for the
// reference heuristic. Models named by the input must be in cat (the
// decoder checks this).
func Enrich(reqs []Request, cat *Catalog, tokens TokenCounter) {
	var an Analyzer
	_, heuristic := tokens.(HeuristicCounter)
	if tokens == nil {
		heuristic = true
	}
	for i := range reqs {
		r := &reqs[i]
		runes := -1
		if !r.hasAnalysis {
			r.Analysis, runes = an.Analyze(r.Text)
		}
		if !r.hasTokens {
			switch {
			case heuristic && runes >= 0:
				r.TokenCount = heuristicTokens(runes)
			case heuristic:
				r.TokenCount = HeuristicCounter{}.CountTokens(r.Text)
			default:
				r.TokenCount = tokens.CountTokens(r.Text)
			}
		}
		if r.hasModel {
			if m, ok := cat.Lookup(r.Model); ok {
				r.model = int32(m)
			}
		} else {
			m := cat.selectIndex(r.Analysis)
			r.model = int32(m)
			r.Model = cat.models[m].Name
		}
		r.EffectiveTokens = EffectiveTokens(r.TokenCount, r.OutputLength)
	}
}
