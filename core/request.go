package core

import (
	"runtime"
	"slices"
	"sync"
)

// A Request is one prompt travelling through the simulation: what the input
// said about it, what enrichment guessed, and where batching put it.
type Request struct {
	ID        string `json:"request_id"`
	CreatedAt int64  `json:"created_at_ms"`
	UserID    string `json:"user_id,omitempty"`
	Text      string `json:"-"`
	// Index is the request's 0-based position in the input array (among
	// the rows the traffic rules keep).
	Index int `json:"-"`

	Analysis
	// TokenCount is the prompt's tokens (input_tokens in the input).
	TokenCount int `json:"token_count"`
	// OutputTokens is the real output length when the input gives it
	// (output_tokens); it then replaces the expected-output estimate.
	OutputTokens int `json:"output_tokens,omitempty"`
	// TraceModel is the model a trace or log names for the request, routed
	// to a catalog model by the traffic rules.
	TraceModel string `json:"trace_model,omitempty"`
	// Failed marks a row the log says failed (BurstGPT: no response
	// tokens); the traffic rules may drop such rows.
	Failed bool `json:"failed,omitempty"`
	// SharedPrefixTokens is how many leading tokens the request shares
	// with an earlier one (Mooncake's hash blocks), for a prompt cache.
	SharedPrefixTokens int `json:"shared_prefix_tokens,omitempty"`

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
	hasTime, hasAnalysis, hasTokens, hasModel, hasOutput bool
}

// Enrich fills every request's analysis, token count, model and effective
// tokens, keeping the values the input gave. counters[m] counts the prompts
// of catalog model m; a nil slice or entry means the reference heuristic.
// Models named by the input must be in cat (the decoder checks this). With
// the heuristic only, natively, it shares the requests among the
// processors (each request's enrichment depends on it alone); under WASM,
// or with other counters (which may not be safe for concurrent use), it
// runs on the caller's goroutine.
func Enrich(reqs []Request, cat *Catalog, counters []TokenCounter) {
	heuristic := !slices.ContainsFunc(counters, func(c TokenCounter) bool { return c != nil })
	parts := 1
	if heuristic && runtime.GOOS != "js" {
		parts = min(runtime.GOMAXPROCS(0), len(reqs)/enrichChunk)
	}
	if parts <= 1 {
		enrich(reqs, cat, counters)
		return
	}
	var wg sync.WaitGroup
	size := (len(reqs) + parts - 1) / parts
	for lo := 0; lo < len(reqs); lo += size {
		wg.Go(func() { enrich(reqs[lo:min(lo+size, len(reqs))], cat, nil) })
	}
	wg.Wait()
}

// enrichChunk is the fewest requests worth a goroutine of their own.
const enrichChunk = 4096

// enrich is Enrich on the caller's goroutine.
func enrich(reqs []Request, cat *Catalog, counters []TokenCounter) {
	var an Analyzer
	for i := range reqs {
		r := &reqs[i]
		runes := -1
		if !r.hasAnalysis {
			r.Analysis, runes = an.Analyze(r.Text)
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
		if !r.hasTokens {
			var exact TokenCounter
			if int(r.model) < len(counters) {
				exact = counters[r.model]
			}
			switch {
			case exact != nil:
				r.TokenCount = exact.CountTokens(r.Text)
			case runes >= 0:
				r.TokenCount = heuristicTokens(runes)
			default:
				r.TokenCount = HeuristicCounter{}.CountTokens(r.Text)
			}
		}
		if r.hasOutput {
			r.EffectiveTokens = max(1, r.TokenCount+r.OutputTokens)
		} else {
			r.EffectiveTokens = EffectiveTokens(r.TokenCount, r.OutputLength)
		}
	}
}
