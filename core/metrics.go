package core

import "slices"

// Metrics summarise a batching run. Times are in milliseconds, ratios are
// fractions from 0 to 1, percentiles are by nearest rank.
type Metrics struct {
	Requests        int `json:"requests"`
	BatchedRequests int `json:"batched_requests"`
	Rejected        int `json:"rejected_requests"`
	Batches         int `json:"batches"`
	OversizeBatches int `json:"oversize_batches"`

	MeanBatchSize   float64 `json:"mean_batch_size"`
	MedianBatchSize int     `json:"median_batch_size"`
	// SizeFill and TokenFill are the mean over batches of size / size limit
	// and of effective tokens / token limit. Only the token ratio is capped
	// at 1 (an oversize batch counts as full); a batch never exceeds its
	// size limit.
	SizeFill  float64 `json:"size_fill_ratio"`
	TokenFill float64 `json:"token_fill_ratio"`

	// QueueWait is close − arrival over batched requests.
	QueueWait WaitStats `json:"queue_wait_ms"`

	CloseReasons CloseCounts `json:"close_reasons"`

	// LLMCallsSaved = batched requests − batches: calls avoided against one
	// call per request. CallsPerRequest = batches / batched requests.
	LLMCallsSaved   int     `json:"llm_calls_saved"`
	CallsPerRequest float64 `json:"calls_per_request"`
	// SharedPromptTokens is the instruction prompt a call carries once;
	// PromptTokensSaved = shared × calls saved.
	SharedPromptTokens int `json:"shared_prompt_tokens"`
	PromptTokensSaved  int `json:"prompt_tokens_saved"`

	// SpanMs is from the first arrival to the last close.
	SpanMs int64 `json:"span_ms"`

	Models []ModelMetrics `json:"models"`
}

// WaitStats are nearest-rank percentiles of a set of durations, in ms.
type WaitStats struct {
	Mean float64 `json:"mean"`
	P50  int64   `json:"p50"`
	P95  int64   `json:"p95"`
	P99  int64   `json:"p99"`
	Max  int64   `json:"max"`
}

// CloseCounts counts batches by close reason.
type CloseCounts struct {
	Time   int `json:"time"`
	Size   int `json:"size"`
	Tokens int `json:"tokens"`
	Flush  int `json:"flush"`
}

// ModelMetrics are the metrics of one model's batches.
type ModelMetrics struct {
	Model           string    `json:"model"`
	Requests        int       `json:"requests"`
	Batches         int       `json:"batches"`
	MeanBatchSize   float64   `json:"mean_batch_size"`
	TokensIn        int       `json:"tokens_in"`
	TokensEffective int       `json:"tokens_effective"`
	QueueWait       WaitStats `json:"queue_wait_ms"`
}

// Measure computes the metrics of a batching run over models (the catalog,
// whose order the per-model table follows; models without requests are
// left out).
func Measure(reqs []Request, batches []Batch, rejected []Rejection, models []Model, sharedTokens int) Metrics {
	t := newBatchTally(len(models))
	for i := range batches {
		t.add(&batches[i])
	}
	var first, last int64
	if len(reqs) > 0 {
		first, last = reqs[0].CreatedAt, reqs[len(reqs)-1].CreatedAt
	}
	m := t.metrics(len(reqs), len(rejected), sharedTokens, first, last)

	// Waits grouped by model (a counting sort), so each model's percentiles
	// come from its own contiguous run and the whole set from all of them.
	start := make([]int, len(models)+1)
	for i := range t.perModel {
		start[i+1] = start[i] + t.perModel[i].Requests
	}
	waits := make([]int64, m.BatchedRequests)
	fill := slices.Clone(start[:len(models)])
	for i := range reqs {
		r := &reqs[i]
		if r.Batch == 0 {
			continue
		}
		waits[fill[r.model]] = r.WaitMs
		fill[r.model]++
	}
	m.Models = t.models(models, func(i int) WaitStats { return waitStats(waits[start[i]:start[i+1]]) })
	m.QueueWait = waitStats(waits)
	return m
}

// A batchTally adds up the metrics of batches, given one by one in the
// order of their IDs (which the float sums follow): Measure's, and a
// streamed run's as its batches close.
type batchTally struct {
	batches int
	// sizes counts the batches of each size (for the median).
	sizes     []int
	sizeFill  float64
	tokenFill float64
	closes    CloseCounts
	oversize  int
	perModel  []ModelMetrics
	lastClose int64
}

func newBatchTally(models int) *batchTally {
	return &batchTally{perModel: make([]ModelMetrics, models)}
}

func (t *batchTally) add(b *Batch) {
	t.batches++
	if b.Size >= len(t.sizes) {
		t.sizes = append(t.sizes, make([]int, b.Size+1-len(t.sizes))...)
	}
	t.sizes[b.Size]++
	t.sizeFill += float64(b.Size) / float64(b.MaxSize)
	t.tokenFill += min(1, float64(b.TokensEffective)/float64(b.MaxTokens))
	switch b.CloseReason {
	case CloseTime:
		t.closes.Time++
	case CloseSize:
		t.closes.Size++
	case CloseTokens:
		t.closes.Tokens++
	case CloseFlush:
		t.closes.Flush++
	}
	if b.Oversize {
		t.oversize++
	}
	pm := &t.perModel[b.model]
	pm.Batches++
	pm.Requests += b.Size
	pm.TokensIn += b.TokensIn
	pm.TokensEffective += b.TokensEffective
	t.lastClose = max(t.lastClose, b.ClosedAt)
}

// metrics returns the metrics of the batches but the waits' (QueueWait
// and Models): requests and rejected count the run's requests, first and
// last are the first and last arrivals.
func (t *batchTally) metrics(requests, rejected, sharedTokens int, first, last int64) Metrics {
	m := Metrics{
		Requests: requests, Rejected: rejected, Batches: t.batches,
		SharedPromptTokens: sharedTokens, CloseReasons: t.closes, OversizeBatches: t.oversize,
	}
	m.BatchedRequests = m.Requests - m.Rejected
	if n := t.batches; n > 0 {
		m.MeanBatchSize = float64(m.BatchedRequests) / float64(n)
		m.SizeFill = t.sizeFill / float64(n)
		m.TokenFill = t.tokenFill / float64(n)
		m.MedianBatchSize = t.medianSize()
	}
	if m.BatchedRequests > 0 {
		m.CallsPerRequest = float64(m.Batches) / float64(m.BatchedRequests)
	}
	m.LLMCallsSaved = m.BatchedRequests - m.Batches
	m.PromptTokensSaved = sharedTokens * m.LLMCallsSaved
	if requests > 0 {
		m.SpanMs = max(t.lastClose, last) - first
	}
	return m
}

// medianSize is the nearest-rank median of the batch sizes.
func (t *batchTally) medianSize() int {
	rank := nearestRank(50, t.batches)
	for size, n := range t.sizes {
		if rank -= n; rank <= 0 {
			return size
		}
	}
	return 0
}

// models returns the per-model metrics of the models with batches, in
// catalog order; waits(i) gives the queue waits of model i.
func (t *batchTally) models(models []Model, waits func(i int) WaitStats) []ModelMetrics {
	var out []ModelMetrics
	for i := range t.perModel {
		pm := &t.perModel[i]
		if pm.Batches == 0 {
			continue
		}
		pm.Model = models[i].Name
		pm.MeanBatchSize = float64(pm.Requests) / float64(pm.Batches)
		pm.QueueWait = waits(i)
		out = append(out, *pm)
	}
	return out
}

// A duration is a number of milliseconds as stored for percentiles: int64,
// or int32 where every value fits (4 bytes a request instead of 8).
type duration interface{ ~int32 | ~int64 }

// waitStats sorts d in place and returns its statistics.
func waitStats[T duration](d []T) WaitStats {
	if len(d) == 0 {
		return WaitStats{}
	}
	var sum float64
	for _, v := range d {
		sum += float64(v)
	}
	p := nearestRanks(d, 50, 95, 99, 100)
	return WaitStats{Mean: sum / float64(len(d)), P50: int64(p[0]), P95: int64(p[1]), P99: int64(p[2]), Max: int64(p[3])}
}

// nearestRanks sorts v in place and returns the nearest-rank percentiles
// ps (0 < p ≤ 100): the value at 1-based rank ⌈p/100 · n⌉.
func nearestRanks[T duration](v []T, ps ...int) []T {
	out := make([]T, len(ps))
	if len(v) == 0 {
		return out
	}
	sortDurations(v)
	for i, p := range ps {
		out[i] = v[nearestRank(p, len(v))-1]
	}
	return out
}

// nearestRank is the 1-based rank of percentile p (0 < p ≤ 100) among n
// values: ⌈p·n/100⌉, at least 1.
func nearestRank(p, n int) int {
	return max(1, min((p*n+99)/100, n))
}

// sortDurations sorts non-negative durations; small ranges use a counting
// sort, which is linear.
func sortDurations[T duration](v []T) {
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	if lo < 0 || int64(hi)-int64(lo) > int64(4*len(v)+1024) {
		slices.Sort(v)
		return
	}
	counts := make([]int32, hi-lo+1)
	for _, x := range v {
		counts[x-lo]++
	}
	i := 0
	for d, c := range counts {
		for ; c > 0; c-- {
			v[i] = lo + T(d)
			i++
		}
	}
}
