package report

import (
	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// A Member is one request of a batch as the batch detail lists it. Prompt
// is the raw text: the page must show it as text, never as HTML.
type Member struct {
	ID, Prompt, Arrived, Wait, Tokens, Analysis string
}

// Members lists the requests of batch b in the order they joined it.
func Members(res *core.Result, b *core.Batch) []Member {
	out := make([]Member, 0, len(b.Members))
	for _, m := range b.Members {
		r := &res.Requests[m]
		out = append(out, Member{
			ID: r.ID, Prompt: r.Text, Arrived: units.Clock(r.CreatedAt), Wait: units.Duration(float64(r.WaitMs)),
			Tokens:   units.Count(r.TokenCount) + " → " + units.Count(r.EffectiveTokens),
			Analysis: r.Intent.String() + ", " + r.Complexity.String() + " complexity, " + r.OutputLength.String() + " answer, " + r.LatencyTolerance.String() + " tolerance",
		})
	}
	return out
}
