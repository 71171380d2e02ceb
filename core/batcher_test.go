package core

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vocabulary for generated prompts: keywords of every group and filler.
var vocabulary = strings.Fields(`code python bug function api test refactor summarize summary tl;dr bullet
explain why analyze prove dataset csv plot chart brief short detailed comprehensive step-by-step
privacy pii gdpr policy the a of to and in for on with meeting customer report email plan team
service latency budget launch draft review notes Straße İstanbul 東京 naïve`)

// genInput is a generated scenario for property tests.
type genInput struct {
	reqs   []Request
	cat    *Catalog
	policy Policy
	shared int
}

func generate(rng *rand.Rand) genInput {
	n := rng.IntN(300)
	reqs := make([]Request, n)
	t := int64(rng.IntN(1000))
	for i := range reqs {
		switch rng.IntN(10) {
		case 0: // a gap
			t += int64(rng.IntN(2000))
		case 1, 2: // same instant
		default:
			t += int64(rng.IntN(30))
		}
		words := 1 + rng.IntN(70)
		if rng.IntN(20) == 0 {
			words = 400 + rng.IntN(3000) // a long document
		}
		var b strings.Builder
		for w := range words {
			if w > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(vocabulary[rng.IntN(len(vocabulary))])
		}
		reqs[i] = Request{ID: fmt.Sprintf("g%d", i), Index: i, CreatedAt: t, Text: b.String(), hasTime: true}
	}
	models := DefaultModels()
	if rng.IntN(3) == 0 { // small context windows cause rejections
		for i := range models {
			models[i].ContextTokens = 200 + rng.IntN(4000)
		}
	}
	p := DefaultPolicy()
	p.BaseWaitMs = int64(rng.IntN(200))
	p.WaitLowMs = int64(rng.IntN(200))
	p.WaitHighMs = int64(rng.IntN(300))
	p.MinWaitMs = int64(rng.IntN(50))
	p.MaxWaitMs = p.MinWaitMs + int64(rng.IntN(250))
	p.MaxBatchSize = 1 + rng.IntN(16)
	p.MaxBatchTokens = 1 + rng.IntN(6000)
	p.ModelTuning = rng.IntN(2) == 0
	for range rng.IntN(4) {
		p.Overrides = append(p.Overrides, ModelOverride{
			Model: models[rng.IntN(len(models))].Name, WaitMs: int64(rng.IntN(100)),
			MaxBatchSize: rng.IntN(5), MaxBatchTokens: rng.IntN(800),
		})
	}
	return genInput{reqs: reqs, cat: buildCatalog(models), policy: p, shared: rng.IntN(3) * rng.IntN(500)}
}

func (g genInput) run(mode Mode) *Result {
	return Run(slices.Clone(g.reqs), g.cat, &g.policy, mode, g.shared, nil)
}

// TestTimerProperties checks the timer mode's guarantees on generated inputs.
func TestTimerProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rejections, oversize, batches := 0, 0, 0
	for iter := range 400 {
		g := generate(rng)
		res := g.run(ModeTimer)
		models := g.cat.Models()
		seen := make([]int, len(res.Requests))
		for bi := range res.Batches {
			b := &res.Batches[bi]
			lim := g.policy.LimitsFor(&models[b.model])
			require.Equal(t, bi+1, b.ID)
			require.Equal(t, b.Size, len(b.Members), "iter %d batch %d", iter, b.ID)
			require.LessOrEqual(t, b.Size, lim.MaxSize, "iter %d batch %d exceeds its size limit", iter, b.ID)
			if b.Oversize {
				require.Equal(t, 1, b.Size, "iter %d: an oversize batch travels alone", iter)
				oversize++
			} else {
				require.LessOrEqual(t, b.TokensEffective, lim.MaxTokens, "iter %d batch %d exceeds its token limit", iter, b.ID)
			}
			if b.CloseReason == CloseTime {
				require.Equal(t, b.DeadlineAt, b.ClosedAt, "iter %d: a timed-out batch closes exactly at its deadline", iter)
			}
			require.NotEqual(t, CloseFlush, b.CloseReason, "timer mode never flushes")
			tokIn, tokEff := 0, 0
			for k, ri := range b.Members {
				r := &res.Requests[ri]
				seen[ri]++
				require.Equal(t, b.Model, r.Model)
				require.Equal(t, b.ID, r.Batch)
				require.GreaterOrEqual(t, r.WaitMs, int64(0))
				require.LessOrEqual(t, r.WaitMs, lim.WaitMs[r.LatencyTolerance],
					"iter %d: request %s waited longer than its limit", iter, r.ID)
				require.GreaterOrEqual(t, r.CreatedAt, b.CreatedAt)
				if k > 0 {
					require.Less(t, b.Members[k-1], ri, "members in arrival order")
				}
				tokIn += r.TokenCount
				tokEff += r.EffectiveTokens
			}
			require.Equal(t, tokIn, b.TokensIn)
			require.Equal(t, tokEff, b.TokensEffective)
		}
		for _, rj := range res.Rejected {
			seen[rj.Index]++
			r := &res.Requests[rj.Index]
			require.Equal(t, 0, r.Batch)
			require.Greater(t, r.EffectiveTokens+g.shared, models[r.model].ContextTokens)
		}
		for ri, n := range seen {
			require.Equal(t, 1, n, "iter %d: request %s is in %d places", iter, res.Requests[ri].ID, n)
		}
		m := res.Metrics
		require.Equal(t, len(res.Requests), m.BatchedRequests+m.Rejected)
		require.Equal(t, m.Batches, m.CloseReasons.Time+m.CloseReasons.Size+m.CloseReasons.Tokens+m.CloseReasons.Flush)
		rejections += len(res.Rejected)
		batches += len(res.Batches)
	}
	t.Logf("400 generated inputs: %d batches, %d oversize, %d rejected", batches, oversize, rejections)
	assert.Positive(t, oversize, "the generator should exercise oversize requests")
	assert.Positive(t, rejections, "the generator should exercise rejections")
}

// referenceSeed is the seed-mode specification written as plainly as
// possible: scan every open batch on every arrival, in order of opening.
func referenceSeed(reqs []Request, models []Model, limits []Limits) []Batch {
	type open struct {
		b     Batch
		first *Request
		ids   []int32
	}
	var opened []*open // in order of opening, open ones only
	var all []*open
	closeAt := func(o *open, t int64, reason CloseReason) {
		o.b.ClosedAt, o.b.WaitMs, o.b.CloseReason = t, t-o.b.CreatedAt, reason
		opened = slices.DeleteFunc(opened, func(x *open) bool { return x == o })
	}
	for i := range reqs {
		r := &reqs[i]
		now := r.CreatedAt
		for _, o := range slices.Clone(opened) {
			if now-o.b.CreatedAt >= limits[o.b.model].WaitMs[o.first.LatencyTolerance] {
				closeAt(o, now, CloseTime)
			}
		}
		var cur *open
		for _, o := range opened {
			if o.b.model == r.model {
				cur = o
			}
		}
		newBatch := func() *open {
			o := &open{b: Batch{ID: len(all) + 1, Model: r.Model, CreatedAt: now, model: r.model}}
			opened = append(opened, o)
			all = append(all, o)
			return o
		}
		if cur == nil {
			cur = newBatch()
		}
		P := limits[r.model]
		if cur.b.Size > 0 && (cur.b.Size+1 > P.MaxSize || cur.b.TokensEffective+r.EffectiveTokens > P.MaxTokens) {
			reason := CloseTokens
			if cur.b.Size+1 > P.MaxSize {
				reason = CloseSize
			}
			closeAt(cur, now, reason)
			cur = newBatch()
		}
		if cur.first == nil {
			cur.first = r
		}
		cur.b.Size++
		cur.b.TokensIn += r.TokenCount
		cur.b.TokensEffective += r.EffectiveTokens
		cur.ids = append(cur.ids, int32(i))
		if cur.b.Size >= P.MaxSize {
			closeAt(cur, now, CloseSize)
		} else if cur.b.TokensEffective >= P.MaxTokens {
			closeAt(cur, now, CloseTokens)
		}
	}
	if len(reqs) > 0 {
		last := reqs[len(reqs)-1].CreatedAt
		for _, o := range slices.Clone(opened) {
			closeAt(o, last, CloseFlush)
		}
	}
	out := make([]Batch, len(all))
	for i, o := range all {
		out[i] = o.b
		out[i].Members = o.ids
	}
	slices.SortStableFunc(out, func(a, b Batch) int {
		if a.CreatedAt != b.CreatedAt {
			return int(a.CreatedAt - b.CreatedAt)
		}
		return a.ID - b.ID
	})
	return out
}

// TestSeedMatchesSpecification compares the seed batcher (heap of time-outs,
// O(log models) per request) with the plain reading of the specification on
// generated timestamped inputs.
func TestSeedMatchesSpecification(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for iter := range 400 {
		g := generate(rng)
		res := g.run(ModeSeed)
		models := g.cat.Models()
		limits := make([]Limits, len(models))
		for i := range models {
			limits[i] = g.policy.LimitsFor(&models[i])
		}
		want := referenceSeed(res.Requests, models, limits)
		require.Len(t, res.Batches, len(want), "iter %d", iter)
		for i := range want {
			got := res.Batches[i]
			w := want[i]
			require.Equal(t, w.ID, got.ID, "iter %d", iter)
			require.Equal(t, w.Members, got.Members, "iter %d batch %d", iter, w.ID)
			require.Equal(t, [5]int64{w.CreatedAt, w.ClosedAt, w.WaitMs, int64(w.Size), int64(w.TokensEffective)},
				[5]int64{got.CreatedAt, got.ClosedAt, got.WaitMs, int64(got.Size), int64(got.TokensEffective)}, "iter %d batch %d", iter, w.ID)
			require.Equal(t, w.CloseReason, got.CloseReason, "iter %d batch %d", iter, w.ID)
		}
		require.Empty(t, res.Rejected, "seed mode rejects nothing, as the reference")
	}
}

func TestBatchingExamples(t *testing.T) {
	// Two requests for one model, 100 ms apart, wait 80 ms: the timer mode
	// closes the first batch at 80 ms; the seed mode notices the time-out
	// only when the second request arrives at 100 ms.
	cat := DefaultCatalog()
	in := []Request{
		{ID: "a", CreatedAt: 0, Text: "tell me a joke", hasTime: true},
		{ID: "b", CreatedAt: 100, Text: "tell me a joke", hasTime: true},
		{ID: "c", CreatedAt: 130, Text: "tell me a joke", hasTime: true},
	}
	p := DefaultPolicy()
	timer := Run(slices.Clone(in), cat, &p, ModeTimer, 0, nil)
	seed := Run(slices.Clone(in), cat, &p, ModeSeed, 0, nil)
	require.Len(t, timer.Batches, 2)
	assert.Equal(t, int64(80), timer.Batches[0].ClosedAt)
	assert.Equal(t, CloseTime, timer.Batches[0].CloseReason)
	assert.Equal(t, int64(180), timer.Batches[1].ClosedAt)
	require.Len(t, seed.Batches, 2)
	assert.Equal(t, int64(100), seed.Batches[0].ClosedAt)
	assert.Equal(t, CloseTime, seed.Batches[0].CloseReason)
	assert.Equal(t, int64(130), seed.Batches[1].ClosedAt, "flushed at the last arrival")
	assert.Equal(t, CloseFlush, seed.Batches[1].CloseReason)

	empty := Run(nil, cat, &p, ModeTimer, 0, nil)
	assert.Empty(t, empty.Batches)
	assert.Equal(t, 0, empty.Metrics.Batches)
}
