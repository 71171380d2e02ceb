package core

import (
	"fmt"
	"slices"
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
	closed   bool
	// ClosedBy is the request that did not fit and so closed the batch on
	// tokens before it was full; empty otherwise.
	ClosedBy string `json:"closed_by,omitempty"`
	// The limits that applied.
	MaxSize   int `json:"max_size"`
	MaxTokens int `json:"max_tokens"`
	// Members are indices into the result's requests, in the order added.
	Members []int32 `json:"-"`

	why     closeRecord
	model   int32
	heapIdx int32 // in the deadline heap, -1 when not in it
}

// A closeRecord is who, beside the rule (Batch.CloseReason) and the
// numbers it compared (the batch's size, tokens, deadline and wait, and
// their limits), made a batch close: the requests involved, by index into
// the result's requests, since ids need not be unique. batcher.decide, the
// one place the close rules live, writes it (RunJob for a fixed-size job);
// Result.Explain reads it.
type closeRecord struct {
	// by is 1 + the index of the request that did not fit and so closed the
	// batch, 0 when none did; setter is 1 + the index of the member whose
	// arrival + wait set the deadline, 0 when no wait did.
	by, setter int32
}

// closer returns the index of the request that did not fit, false if none.
func (w *closeRecord) closer() (int, bool) { return int(w.by) - 1, w.by > 0 }

// deadlineSetter returns the index of the member whose wait set the
// deadline, false if none.
func (w *closeRecord) deadlineSetter() (int, bool) { return int(w.setter) - 1, w.setter > 0 }

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
	mode    Mode
	shared  int // shared_prompt_tokens
	batches []Batch
	open    []int32 // per model: index of its open batch, or -1
	byDue   dueHeap
	reqOf   []int32 // per request: index of its batch, or -1
	rejects []Rejection

	// A streamed run (stream.go) hands the batcher its requests a chunk at
	// a time (reqs is the chunk): batches is then a window, from the oldest
	// batch not yet measured, whose first is batch base+1; onClose is
	// called as each batch closes; rejections are counted, not listed;
	// arrivals holds each batch's members' arrivals until it closes.
	base     int
	onClose  func(bi int32)
	rejected int
	arrivals [][]int64

	// pause, when set, is called every pauseEvery requests; its error
	// stops the run and is kept in err.
	pause func() error
	err   error
}

// paused calls pause after request i when it is due, and reports whether
// the run must stop.
func (b *batcher) paused(i int) bool {
	b.err = pauseAfter(b.pause, i+1)
	return b.err != nil
}

// dueHeap orders open batches by (deadline, id): the event order of batch
// time-outs. It is a binary heap of batch indexes, each batch knowing its
// place (heapIdx), with typed methods rather than container/heap's
// interface, whose calls cost the most under WebAssembly; (deadline, id)
// keys are unique, so the order does not depend on the heap's shape.
type dueHeap struct {
	idx     []int32
	batches *[]Batch
}

func (h *dueHeap) Len() int { return len(h.idx) }

func (h *dueHeap) less(i, j int) bool {
	b := *h.batches
	x, y := &b[h.idx[i]], &b[h.idx[j]]
	if x.DeadlineAt != y.DeadlineAt {
		return x.DeadlineAt < y.DeadlineAt
	}
	return x.ID < y.ID
}

func (h *dueHeap) swap(i, j int) {
	h.idx[i], h.idx[j] = h.idx[j], h.idx[i]
	b := *h.batches
	b[h.idx[i]].heapIdx = int32(i)
	b[h.idx[j]].heapIdx = int32(j)
}

// push adds batch bi.
func (h *dueHeap) push(bi int32) {
	(*h.batches)[bi].heapIdx = int32(len(h.idx))
	h.idx = append(h.idx, bi)
	h.up(len(h.idx) - 1)
}

// remove takes out the batch at place i.
func (h *dueHeap) remove(i int) {
	n := len(h.idx) - 1
	if n != i {
		h.swap(i, n)
		if !h.down(i, n) {
			h.up(i)
		}
	}
	(*h.batches)[h.idx[n]].heapIdx = -1
	h.idx = h.idx[:n]
}

// fix restores the order after the deadline of the batch at place i
// changed.
func (h *dueHeap) fix(i int) {
	if !h.down(i, len(h.idx)) {
		h.up(i)
	}
}

func (h *dueHeap) up(j int) {
	for j > 0 {
		i := (j - 1) / 2
		if i == j || !h.less(j, i) {
			break
		}
		h.swap(i, j)
		j = i
	}
}

// down sifts the batch at place i0 down among the first n; it reports
// whether it moved.
func (h *dueHeap) down(i0, n int) bool {
	i := i0
	for {
		j1 := 2*i + 1
		if j1 >= n || j1 < 0 {
			break
		}
		j := j1
		if j2 := j1 + 1; j2 < n && h.less(j2, j1) {
			j = j2
		}
		if !h.less(j, i) {
			break
		}
		h.swap(i, j)
		i = j
	}
	return i > i0
}

// BatchRequests groups reqs, which must be enriched and sorted by arrival, into
// batches under limits (one entry per catalog model, from Policy.LimitsFor).
// It sets each request's Batch, ClosedAt and WaitMs and returns the batches
// in order of opening (which is also order of creation time) and the
// requests it rejected. sharedTokens is the prompt sent once per call; in
// timer mode a request whose effective tokens plus sharedTokens exceed its
// model's context window is rejected.
func BatchRequests(reqs []Request, models []Model, limits []Limits, mode Mode, sharedTokens int) ([]Batch, []Rejection) {
	batches, rejected, _ := batchRequests(reqs, models, limits, mode, sharedTokens, nil)
	return batches, rejected
}

// batchRequests is BatchRequests calling pause (nil: never) every
// pauseEvery requests: its error stops the batching and is returned.
func batchRequests(reqs []Request, models []Model, limits []Limits, mode Mode, sharedTokens int, pause func() error) ([]Batch, []Rejection, error) {
	b := &batcher{
		pause:   pause,
		reqs:    reqs,
		models:  models,
		limits:  limits,
		mode:    mode,
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
	if b.err != nil {
		return nil, nil, b.err
	}
	if len(reqs) > 0 {
		b.closeAll(reqs[len(reqs)-1].CreatedAt)
	}
	b.finish()
	return b.batches, b.rejects, nil
}

// openBatch starts a batch for model m at time t and returns its index.
func (b *batcher) openBatch(m int32, t int64) int32 {
	l := &b.limits[m]
	if len(b.batches) == cap(b.batches) {
		// Double, where append grows large slices by a quarter: from the
		// first guess (a quarter of the requests) to one batch per request
		// that allocates 1.75 times the batches' final size, not 5 times.
		b.batches = slices.Grow(b.batches, len(b.batches)+1)
	}
	b.batches = append(b.batches, Batch{
		ID: b.base + len(b.batches) + 1, Model: b.models[m].Name, CreatedAt: t, DeadlineAt: MaxTimeMs + maxWaitMs,
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
	if b.onClose != nil {
		for int(bi) >= len(b.arrivals) {
			b.arrivals = append(b.arrivals, nil)
		}
		b.arrivals[bi] = append(b.arrivals[bi], r.CreatedAt)
	}
}

// A closeEvent is a moment the close rules are applied to an open batch.
type closeEvent uint8

const (
	onTick   closeEvent = iota // the clock reached now
	onArrive                   // request r is about to join
	onJoin                     // request r has joined
	onEnd                      // the input ended at now (the last arrival)
)

// decide is the one place the close rules live: it applies them to open
// batch bi at event ev, at now, with request r (arriving or just joined;
// unused otherwise), and, if one fires, closes the batch, records why and
// reports true.
//
//   - time: the deadline has come. Timer mode closes at the deadline; seed
//     mode notices only at now, and at the end of the input flushes.
//   - tokens, before a join: r does not fit, and so closes the batch.
//   - after a join: an oversize request travels alone (tokens); else the
//     batch closes when it has reached its size, then its token limit.
func (b *batcher) decide(bi int32, ev closeEvent, r int, now int64) bool {
	bt := &b.batches[bi]
	at, reason := now, CloseTime
	switch ev {
	case onTick, onEnd:
		switch {
		case ev == onTick && bt.DeadlineAt > now:
			return false
		case b.mode != ModeSeed:
			at = bt.DeadlineAt
		case ev == onEnd:
			reason = CloseFlush
		}
	case onArrive:
		if bt.TokensEffective+b.reqs[r].EffectiveTokens <= bt.MaxTokens {
			return false
		}
		reason = CloseTokens
	case onJoin:
		switch {
		case bt.Oversize:
			reason = CloseTokens
		case bt.Size >= bt.MaxSize:
			reason = CloseSize
		case bt.TokensEffective >= bt.MaxTokens:
			reason = CloseTokens
		default:
			return false
		}
	}
	bt.ClosedAt, bt.WaitMs, bt.CloseReason = at, at-bt.CreatedAt, reason
	if ev == onArrive {
		bt.why.by = int32(r) + 1
		bt.ClosedBy = b.reqs[r].ID
	}
	if b.open[bt.model] == bi {
		b.open[bt.model] = -1
	}
	if bt.heapIdx >= 0 {
		b.byDue.remove(int(bt.heapIdx))
	}
	bt.closed = true
	if b.onClose != nil {
		b.onClose(bi)
	}
	return true
}

// setDeadline makes request ri's arrival + wait the deadline of batch bi
// when it is the first or comes earlier than the deadline it has.
func (b *batcher) setDeadline(bi int32, ri int, fresh bool) {
	r := &b.reqs[ri]
	bt := &b.batches[bi]
	due := r.CreatedAt + b.limits[r.model].WaitMs[r.LatencyTolerance%3]
	switch {
	case fresh:
		bt.DeadlineAt, bt.why.setter = due, int32(ri)+1
		b.byDue.push(bi)
	case due < bt.DeadlineAt:
		bt.DeadlineAt, bt.why.setter = due, int32(ri)+1
		b.byDue.fix(int(bt.heapIdx))
	}
}

// place puts request ri, arriving at now, in the open batch of its model,
// or in a new one when there is none or ri does not fit, and then lets the
// batch close if it is full. Only timer mode lets a later request bring the
// deadline forward; in seed mode the first request's wait counts.
func (b *batcher) place(ri int, now int64) {
	r := &b.reqs[ri]
	bi := b.open[r.model]
	fresh := bi < 0 || b.decide(bi, onArrive, ri, now)
	if fresh {
		bi = b.openBatch(r.model, now)
		b.open[r.model] = bi
	}
	if fresh || b.mode != ModeSeed {
		b.setDeadline(bi, ri, fresh)
	}
	b.add(bi, ri)
	b.decide(bi, onJoin, ri, now)
}

// closeDue closes the open batches whose deadline has come by now, in
// deadline order.
func (b *batcher) closeDue(now int64) {
	for b.byDue.Len() > 0 && b.decide(b.byDue.idx[0], onTick, -1, now) {
	}
}

// closeAll closes the batches still open when the input ends, at the last
// arrival.
func (b *batcher) closeAll(last int64) {
	for b.byDue.Len() > 0 {
		b.decide(b.byDue.idx[0], onEnd, -1, last)
	}
}

// runSeed is the reference algorithm, with the open batches' time-outs kept
// in a heap instead of scanned: a batch times out when a request arrives at
// now ≥ created + wait of its first request, and closes at now.
func (b *batcher) runSeed() {
	for i := range b.reqs {
		now := b.reqs[i].CreatedAt
		b.closeDue(now)
		b.place(i, now)
		if b.paused(i) {
			return
		}
	}
}

// runTimer processes events in (time, kind, sequence) order: at each
// instant, batches due close first (at their deadline), then the request
// arriving then is placed.
func (b *batcher) runTimer() {
	for i := range b.reqs {
		r := &b.reqs[i]
		now := r.CreatedAt
		b.closeDue(now)
		m := &b.models[r.model]
		switch {
		case rejected(r, b.shared, m, b.mode):
			b.reqOf[i] = -1
			if b.onClose != nil {
				b.rejected++
				break
			}
			b.rejects = append(b.rejects, Rejection{
				RequestID: r.ID, Index: i,
				Reason: rejectReason(r.EffectiveTokens, b.shared, m),
			})
		case r.EffectiveTokens > b.limits[r.model].MaxTokens:
			// Travels alone, at once: waiting cannot bring it company.
			bi := b.openBatch(r.model, now)
			b.batches[bi].Oversize = true
			b.batches[bi].DeadlineAt = now
			b.add(bi, i)
			b.decide(bi, onJoin, i, now)
		default:
			b.place(i, now)
		}
		if b.paused(i) {
			return
		}
	}
}

// rejected reports whether the batching in mode rejects request r, of
// model m, with shared prompt tokens in every call: in timer mode, when
// they exceed m's context window; seed mode, as the reference, batches
// every request.
func rejected(r *Request, shared int, m *Model, mode Mode) bool {
	return mode != ModeSeed && r.EffectiveTokens+shared > m.ContextTokens
}

// rejectReason says why a request of effective tokens cannot travel on
// model m with shared prompt tokens in every call.
func rejectReason(tokens, shared int, m *Model) string {
	need := FormatCount(tokens) + " tokens"
	if shared > 0 {
		need = FormatCount(tokens) + " tokens (+" + FormatCount(shared) + " shared)"
	}
	return need + " exceed " + m.Name + "'s context window of " + FormatCount(m.ContextTokens) + " tokens"
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
