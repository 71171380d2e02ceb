package core

// A fixed-size job is the other way to form batches: instead of the policy
// grouping requests by model and time, the rows, in input order (shuffled
// by the scenario's seed when Dispatch.Shuffle is set), are cut into
// consecutive chunks of Dispatch.BatchSize, and every chunk is one call to
// the job's model. A chunk closes when its last row has arrived. Results
// (RequestOutcomes) come back in input order whatever the shuffle.

// RunJob enriches reqs (sorted by arrival), cuts them into the fixed-size
// batches of set and measures them. Every request is sent to the job's
// model (set.Model, or the one most requests selected), so its Model is
// overwritten; nothing is rejected up front, and a chunk too big for the
// model's context window fails when called. mode is only reported.
func RunJob(reqs []Request, cat *Catalog, set *Dispatch, mode Mode, shared int, seed uint64, tokens []TokenCounter) *Result {
	Enrich(reqs, cat, tokens)
	models := cat.Models()
	mi := jobModel(reqs, cat, set.Model)
	m := &models[mi]
	for i := range reqs {
		reqs[i].model, reqs[i].Model = mi, m.Name
	}
	order := inputOrder(reqs)
	if set.Shuffle {
		rng := newRand(seed, streamShuffle)
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	size := max(1, set.BatchSize)
	n := len(order)
	batches := make([]Batch, (n+size-1)/size)
	for k := range batches {
		lo, hi := k*size, min(n, (k+1)*size)
		b := &batches[k]
		*b = Batch{
			ID: k + 1, Model: m.Name, Size: hi - lo, CreatedAt: MaxTimeMs,
			MaxSize: size, MaxTokens: m.ContextTokens, CloseReason: CloseSize,
			Members: order[lo:hi:hi], model: mi, heapIdx: -1,
		}
		if b.Size < size {
			b.CloseReason = CloseFlush
		}
		for _, ri := range b.Members {
			r := &reqs[ri]
			b.TokensIn += r.TokenCount
			b.TokensEffective += r.EffectiveTokens
			b.CreatedAt = min(b.CreatedAt, r.CreatedAt)
			if b.why.setter == 0 || r.CreatedAt > b.ClosedAt {
				b.ClosedAt, b.why.setter = r.CreatedAt, ri+1 // the last row to arrive closes the chunk
			}
		}
		b.DeadlineAt, b.WaitMs = b.ClosedAt, b.ClosedAt-b.CreatedAt
		for _, ri := range b.Members {
			r := &reqs[ri]
			r.Batch, r.ClosedAt, r.WaitMs = b.ID, b.ClosedAt, b.ClosedAt-r.CreatedAt
		}
	}
	if reqs == nil {
		reqs = []Request{}
	}
	res := &Result{Mode: mode, Requests: reqs, Batches: batches, Rejected: []Rejection{}}
	res.Metrics = Measure(reqs, batches, nil, models, shared)
	return res
}

// jobModel returns the index of the job's model: name if given and in the
// catalog, else the model most requests selected (ties to the earlier
// catalog entry), else the first.
func jobModel(reqs []Request, cat *Catalog, name string) int32 {
	if i, ok := cat.Lookup(name); ok && name != "" {
		return int32(i)
	}
	counts := make([]int, cat.Len())
	for i := range reqs {
		if m := int(reqs[i].model); m >= 0 && m < len(counts) {
			counts[m]++
		}
	}
	best := 0
	for i, c := range counts {
		if c > counts[best] {
			best = i
		}
	}
	return int32(best)
}
