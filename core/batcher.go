package core

import (
	"container/heap"
	"fmt"
)

// Mode is how batches close.
type Mode string

// The close modes.
const (
	// ModeTimer (the default) closes a batch exactly at its deadline, the
	// earliest arrival + wait among its members, whether or not anything
	// else arrives. Size and token limits come from the batch's model.
	ModeTimer Mode = "timer"
	// ModeSeed reproduces the reference prototype to the letter: time-outs
	// are noticed only when a request arrives, the wait comes from a batch's
	// first request, and open batches are flushed at the last arrival.
	ModeSeed Mode = "seed"
)

// CloseReason says which rule closed a batch.
type CloseReason uint8

// The close reasons.
const (
	CloseTime   CloseReason = iota // the wait ran out
	CloseSize                      // the batch reached its size limit
	CloseTokens                    // the batch reached its token limit
	CloseFlush                     // end of input (seed mode)
)

var closeReasonNames = [...]string{"time", "size", "tokens", "flush"}

func (c CloseReason) String() string { return enumName(closeReasonNames[:], int(c)) }

// MarshalText encodes the reason as time, size, tokens or flush.
func (c CloseReason) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText decodes time, size, tokens or flush.
func (c *CloseReason) UnmarshalText(b []byte) error {
	v, ok := enumParse(closeReasonNames[:], string(b))
	if !ok {
		return fmt.Errorf("want one of time, size, tokens, flush, got %q", b)
	}
	*c = CloseReason(v)
	return nil
}

// A Batch is a group of requests for one model sent as one call.
type Batch struct {
	ID              int    `json:"id"`
	Model           string `json:"model"`
	Size            int    `json:"size"`
	TokensIn        int    `json:"tokens_in"`
	TokensEffective int    `json:"tokens_effective"`
	CreatedAt       int64  `json:"created_at_ms"`
	// DeadlineAt is when the batch would close on time: in timer mode the
	// earliest arrival + wait of its members, in seed mode creation + the
	// wait of its first request.
	DeadlineAt  int64       `json:"deadline_ms"`
	ClosedAt    int64       `json:"closed_at_ms"`
	WaitMs      int64       `json:"wait_ms"`
	CloseReason CloseReason `json:"close_reason"`
	// Oversize marks a batch holding one request whose effective tokens
	// exceed the token limit on their own.
	Oversize bool `json:"oversize,omitempty"`
	// ClosedBy is the request that did not fit and so closed the batch on
	// size or tokens before it was full; empty otherwise.
	ClosedBy string `json:"closed_by,omitempty"`
	// The limits that applied.
	MaxSize   int `json:"max_size"`
	MaxTokens int `json:"max_tokens"`
	// Members are indices into the result's requests, in the order added.
	Members []int32 `json:"-"`

	model   int32
	heapIdx int
}

// A Rejection is a request that no batch can carry.
type Rejection struct {
	RequestID string `json:"request_id"`
	Index     int    `json:"index"` // into the result's requests
	Reason    string `json:"reason"`
}

// batcher holds the state of one batching run.
type batcher struct {
	reqs    []Request
	models  []Model
	limits  []Limits
	shared  int // shared_prompt_tokens
	batches []Batch
	open    []int32 // per model: index of its open batch, or -1
	byDue   dueHeap
	reqOf   []int32 // per request: index of its batch, or -1
	rejects []Rejection
}

// dueHeap orders open batches by (deadline, id): the event order of batch
// time-outs.
type dueHeap struct {
	idx     []int32
	batches *[]Batch
}

func (h *dueHeap) Len() int { return len(h.idx) }
func (h *dueHeap) Less(i, j int) bool {
	b := *h.batches
	x, y := &b[h.idx[i]], &b[h.idx[j]]
	if x.DeadlineAt != y.DeadlineAt {
		return x.DeadlineAt < y.DeadlineAt
	}
	return x.ID < y.ID
}
func (h *dueHeap) Swap(i, j int) {
	h.idx[i], h.idx[j] = h.idx[j], h.idx[i]
	b := *h.batches
	b[h.idx[i]].heapIdx = i
	b[h.idx[j]].heapIdx = j
}
func (h *dueHeap) Push(x any) {
	i := x.(int32)
	(*h.batches)[i].heapIdx = len(h.idx)
	h.idx = append(h.idx, i)
}
func (h *dueHeap) Pop() any {
	n := len(h.idx) - 1
	i := h.idx[n]
	h.idx = h.idx[:n]
	(*h.batches)[i].heapIdx = -1
	return i
}

// BatchRequests groups reqs, which must be enriched and sorted by arrival, into
// batches under limits (one entry per catalog model, from Policy.LimitsFor).
// It sets each request's Batch, ClosedAt and WaitMs and returns the batches
// in order of opening (which is also order of creation time) and the
// requests it rejected. sharedTokens is the prompt sent once per call; in
// timer mode a request whose effective tokens plus sharedTokens exceed its
// model's context window is rejected.
func BatchRequests(reqs []Request, models []Model, limits []Limits, mode Mode, sharedTokens int) ([]Batch, []Rejection) {
	b := &batcher{
		reqs:    reqs,
		models:  models,
		limits:  limits,
		shared:  sharedTokens,
		batches: make([]Batch, 0, len(reqs)/4+1),
		open:    make([]int32, len(models)),
		reqOf:   make([]int32, len(reqs)),
	}
	b.byDue.batches = &b.batches
	for i := range b.open {
		b.open[i] = -1
	}
	if mode == ModeSeed {
		b.runSeed()
	} else {
		b.runTimer()
	}
	b.finish()
	return b.batches, b.rejects
}

// openBatch starts a batch for model m at time t and returns its index.
func (b *batcher) openBatch(m int32, t int64) int32 {
	l := &b.limits[m]
	b.batches = append(b.batches, Batch{
		ID: len(b.batches) + 1, Model: b.models[m].Name, CreatedAt: t, DeadlineAt: MaxTimeMs + maxWaitMs,
		MaxSize: l.MaxSize, MaxTokens: l.MaxTokens, model: m, heapIdx: -1,
	})
	return int32(len(b.batches) - 1)
}

func (b *batcher) add(bi int32, ri int) {
	bt := &b.batches[bi]
	r := &b.reqs[ri]
	bt.Size++
	bt.TokensIn += r.TokenCount
	bt.TokensEffective += r.EffectiveTokens
	b.reqOf[ri] = bi
}

// close closes batch bi at time t for reason, taking it off the open list
// and the deadline heap.
func (b *batcher) close(bi int32, t int64, reason CloseReason) {
	bt := &b.batches[bi]
	bt.ClosedAt, bt.WaitMs, bt.CloseReason = t, t-bt.CreatedAt, reason
	if b.open[bt.model] == bi {
		b.open[bt.model] = -1
	}
	if bt.heapIdx >= 0 {
		heap.Remove(&b.byDue, bt.heapIdx)
	}
}

// closeIfFull applies the size then the token limit after an append.
func (b *batcher) closeIfFull(bi int32, t int64) {
	bt := &b.batches[bi]
	switch {
	case bt.Size >= bt.MaxSize:
		b.close(bi, t, CloseSize)
	case bt.TokensEffective >= bt.MaxTokens:
		b.close(bi, t, CloseTokens)
	}
}

// makeRoom closes the open batch bi at t if request r does not fit in it.
func (b *batcher) makeRoom(bi int32, r *Request, t int64) bool {
	bt := &b.batches[bi]
	if bt.Size == 0 {
		return false
	}
	switch {
	case bt.Size+1 > bt.MaxSize:
		b.close(bi, t, CloseSize)
	case bt.TokensEffective+r.EffectiveTokens > bt.MaxTokens:
		b.close(bi, t, CloseTokens)
	default:
		return false
	}
	bt.ClosedBy = r.ID
	return true
}

// batchFor returns the open batch of r's model when r fits in it; else it
// closes that batch (on size or tokens) and opens a new one at now, and
// fresh says so.
func (b *batcher) batchFor(r *Request, now int64) (bi int32, fresh bool) {
	bi = b.open[r.model]
	if bi >= 0 && !b.makeRoom(bi, r, now) {
		return bi, false
	}
	bi = b.openBatch(r.model, now)
	b.open[r.model] = bi
	return bi, true
}

// runSeed is the reference algorithm, with the open batches' time-outs kept
// in a heap instead of scanned: a batch times out when a request arrives at
// now ≥ created + wait of its first request, and closes at now.
func (b *batcher) runSeed() {
	for i := range b.reqs {
		r := &b.reqs[i]
		now := r.CreatedAt
		for b.byDue.Len() > 0 && b.batches[b.byDue.idx[0]].DeadlineAt <= now {
			b.close(b.byDue.idx[0], now, CloseTime)
		}
		bi, fresh := b.batchFor(r, now)
		if fresh {
			b.batches[bi].DeadlineAt = now + b.limits[r.model].WaitMs[r.LatencyTolerance%3]
			heap.Push(&b.byDue, bi)
		}
		b.add(bi, i)
		b.closeIfFull(bi, now)
	}
	if len(b.reqs) == 0 {
		return
	}
	last := b.reqs[len(b.reqs)-1].CreatedAt
	for b.byDue.Len() > 0 {
		b.close(b.byDue.idx[0], last, CloseFlush)
	}
}

// runTimer processes events in (time, kind, sequence) order: at each
// instant, batches due close first (at their deadline), then the request
// arriving then is placed.
func (b *batcher) runTimer() {
	for i := range b.reqs {
		r := &b.reqs[i]
		now := r.CreatedAt
		for b.byDue.Len() > 0 {
			top := b.byDue.idx[0]
			due := b.batches[top].DeadlineAt
			if due > now {
				break
			}
			b.close(top, due, CloseTime)
		}
		m := &b.models[r.model]
		l := &b.limits[r.model]
		if r.EffectiveTokens+b.shared > m.ContextTokens {
			b.reqOf[i] = -1
			b.rejects = append(b.rejects, Rejection{
				RequestID: r.ID, Index: i,
				Reason: fmt.Sprintf("needs %d effective tokens (+%d shared) but %s holds %d", r.EffectiveTokens, b.shared, m.Name, m.ContextTokens),
			})
			continue
		}
		if r.EffectiveTokens > l.MaxTokens {
			// Travels alone, at once: waiting cannot bring it company.
			bi := b.openBatch(r.model, now)
			b.add(bi, i)
			b.batches[bi].Oversize = true
			b.batches[bi].DeadlineAt = now
			b.close(bi, now, CloseTokens)
			continue
		}
		bi, fresh := b.batchFor(r, now)
		bt := &b.batches[bi]
		switch due := now + l.WaitMs[r.LatencyTolerance%3]; {
		case fresh:
			bt.DeadlineAt = due
			heap.Push(&b.byDue, bi)
		case due < bt.DeadlineAt:
			bt.DeadlineAt = due
			heap.Fix(&b.byDue, bt.heapIdx)
		}
		b.add(bi, i)
		b.closeIfFull(bi, now)
	}
	for b.byDue.Len() > 0 {
		top := b.byDue.idx[0]
		b.close(top, b.batches[top].DeadlineAt, CloseTime)
	}
}

// finish lays out each batch's members (in arrival order, one shared
// backing array) and sets every request's batch, close time and wait.
func (b *batcher) finish() {
	offsets := make([]int32, len(b.batches)+1)
	for i := range b.batches {
		offsets[i+1] = offsets[i] + int32(b.batches[i].Size)
	}
	flat := make([]int32, offsets[len(b.batches)])
	fill := offsets[:len(b.batches)]
	for ri, bi := range b.reqOf {
		r := &b.reqs[ri]
		if bi < 0 {
			r.Batch, r.ClosedAt, r.WaitMs = 0, 0, 0
			continue
		}
		bt := &b.batches[bi]
		flat[fill[bi]] = int32(ri)
		fill[bi]++
		r.Batch, r.ClosedAt, r.WaitMs = bt.ID, bt.ClosedAt, bt.ClosedAt-r.CreatedAt
	}
	for ri := range b.reqs {
		r := &b.reqs[ri]
		r.WaitLimitMs = b.limits[r.model].WaitMs[r.LatencyTolerance%3]
	}
	start := int32(0)
	for i := range b.batches {
		end := start + int32(b.batches[i].Size)
		b.batches[i].Members = flat[start:end:end]
		start = end
	}
}
