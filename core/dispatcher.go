package core

import (
	"math"
	"slices"
)

// The dispatcher is a discrete-event simulation on a simulated clock (ms).
// Events run in (time, kind, sequence) order: at one instant, calls that
// end run first (freeing slots), then backoffs that end (starting the next
// attempt), then batches that close (queueing FIFO for a slot). Everything
// an attempt does is decided when it starts, from the scenario's dispatch
// stream, in event order, so a run is a pure function of its inputs.

// Event kinds, in the order they run at the same instant.
const (
	evEnd   uint8 = iota // a call ends
	evRetry              // a backoff ends: the batch's next attempt starts
	evReady              // a batch closes (taken from the ready order, not the heap)
)

// An event is a call ending or a backoff ending; it carries the state of
// the batch in flight, so nothing is kept per waiting batch.
type event struct {
	at      int64
	arrival int64 // the request's arrival, for the baseline's units
	seq     uint64
	wait    int32 // after an end to be retried: the backoff (at most a day)
	unit    int32 // the batch (or request, for the baseline)
	slot    int32
	kind    uint8
	attempt uint8
	outcome Outcome
}

// eventQueue is a binary min-heap of events ordered by (time, kind,
// sequence): sequences are unique, so the order of events is the same
// whatever the heap's shape. It moves events by value (nothing is boxed or
// allocated) and compares them directly rather than through
// container/heap's interface, whose method calls cost the most under
// WebAssembly.
type eventQueue struct{ items []event }

// before orders events by time, then kind, then sequence.
func (a *event) before(b *event) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	if a.kind != b.kind {
		return a.kind < b.kind
	}
	return a.seq < b.seq
}

func (q *eventQueue) push(e event) {
	q.items = append(q.items, e)
	q.up(len(q.items) - 1)
}

func (q *eventQueue) pop() event {
	items := q.items
	e := items[0]
	last := len(items) - 1
	items[0] = items[last]
	q.items = items[:last]
	if last > 0 {
		q.down(0)
	}
	return e
}

// init restores the heap order after the items were changed freely.
func (q *eventQueue) init() {
	for i := len(q.items)/2 - 1; i >= 0; i-- {
		q.down(i)
	}
}

func (q *eventQueue) up(i int) {
	items := q.items
	e := items[i]
	for i > 0 {
		parent := (i - 1) / 2
		if !e.before(&items[parent]) {
			break
		}
		items[i] = items[parent]
		i = parent
	}
	items[i] = e
}

func (q *eventQueue) down(i int) {
	items := q.items
	n := len(items)
	e := items[i]
	for {
		child := 2*i + 1
		if child >= n {
			break
		}
		if r := child + 1; r < n && items[r].before(&items[child]) {
			child = r
		}
		if !items[child].before(&e) {
			break
		}
		items[i] = items[child]
		i = child
	}
	items[i] = e
}

// A pool is a counting semaphore of slots with a FIFO queue of batches
// waiting for one. Lanes number the slots for a timeline.
type pool struct {
	slots    int // math.MaxInt when unlimited
	held     int
	inFlight int
	// queue is a ring buffer (its length a power of two) of the waiting
	// units: queued of them from head on.
	queue  []int32
	head   int
	queued int
	free   []int32 // lanes released, reused last-in first-out
	lanes  int32
}

// enqueue adds unit u at the back of the queue.
func (p *pool) enqueue(u int32) {
	if p.queued == len(p.queue) {
		grown := make([]int32, max(16, 2*len(p.queue)))
		n := copy(grown, p.queue[p.head:])
		copy(grown[n:], p.queue[:p.head])
		p.queue, p.head = grown, 0
	}
	p.queue[(p.head+p.queued)&(len(p.queue)-1)] = u
	p.queued++
}

// dequeue removes and returns the unit at the front; the queue must not be
// empty.
func (p *pool) dequeue() int32 {
	u := p.queue[p.head]
	p.head = (p.head + 1) & (len(p.queue) - 1)
	p.queued--
	return u
}

func (p *pool) acquire() int32 {
	p.held++
	if n := len(p.free); n > 0 {
		lane := p.free[n-1]
		p.free = p.free[:n-1]
		return lane
	}
	p.lanes++
	return p.lanes - 1
}

func (p *pool) release(lane int32) {
	p.held--
	p.free = append(p.free, lane)
}

// dispatcher holds one dispatch run. Its units are batches, or requests
// sent one per call (perRequest, the baseline).
type dispatcher struct {
	set    *Dispatch
	models []Model
	shared int
	rng    uniformStream
	limits []modelLimit
	pools  []pool
	global bool // one pool for all models
	record bool // keep attempts, batch outcomes and occupancy
	// done, when closed, stops the run (see Options.Done); pause is called
	// every cancelEvery events (see Options.Pause).
	done  <-chan struct{}
	pause func() error
	// smelt follows Smelt's engine (SemanticsSmelt); script forces
	// failures of the batched run (nil: none).
	smelt  bool
	script *script

	reqs       []Request
	batches    []Batch
	perRequest bool
	// beforeBatching: the baseline started before the batching
	// (startBaseline), which rejects in mode as rejected says.
	beforeBatching bool
	mode           Mode
	order          []int32 // units in ready order (all but the baseline's outside a streamed run)
	next           int     // the next unit of order (or of reqs, for the baseline) to become ready
	// streamed: units are slots of calls (or solo, for the baseline),
	// queued in order as they become ready (stream.go) and reused once
	// finished or cancelled.
	streamed bool
	dispatchFeed
	// readyAll, when set, makes every batch ready at startMs (a fixed job
	// under Smelt's semantics).
	readyAll bool
	startMs  int64

	events   eventQueue
	seq      uint64
	inFlight int

	attempts  []Attempt
	outcomes  []BatchOutcome
	occupancy []OccupancyPoint
	latencies durations
	m         DispatchMetrics
	lastEnd   int64
	ended     bool
	stopped   bool
	// Smelt's own counts: retries when scheduled, tokens of replies, and
	// the last instant a batch finished or was cancelled.
	smeltRetries int
	smeltIn      int64
	smeltOut     int64
	smeltEnd     int64
}

func newDispatcher(set *Dispatch, models []Model, shared int, seed uint64, record bool) *dispatcher {
	set = set.clamped()
	d := &dispatcher{
		set: set, models: models, shared: shared, record: record,
		rng:    newUniformStream(seed, streamDispatch),
		limits: make([]modelLimit, len(models)),
		global: set.Job == JobFixed || set.Slots == SlotsGlobal,
		smelt:  set.smelt(),
	}
	for i := range models {
		d.limits[i] = newModelLimit(&models[i])
	}
	if d.global {
		d.pools = []pool{{slots: set.Concurrency}}
	} else {
		d.pools = make([]pool, len(models))
		for i := range models {
			d.pools[i].slots = models[i].MaxConcurrency
			if d.pools[i].slots <= 0 {
				d.pools[i].slots = math.MaxInt
			}
		}
	}
	return d
}

// poolList names the pools for the result.
func (d *dispatcher) poolList() []Pool {
	if d.global {
		return []Pool{{Name: "global", Slots: d.set.Concurrency}}
	}
	out := make([]Pool, len(d.models))
	for i := range d.models {
		out[i] = Pool{Name: d.models[i].Name, Slots: max(0, d.models[i].MaxConcurrency)}
	}
	return out
}

// call describes unit u: its model, rows, input and output tokens, and for
// a request sent alone its arrival.
func (d *dispatcher) call(u int32) (model int32, rows int, in, out, arrival int64) {
	switch {
	case d.perRequest && d.streamed:
		c := &d.solo[u]
		return c.model, 1, int64(d.shared) + int64(c.tokens), int64(c.out), c.at
	case d.perRequest:
		r := &d.reqs[u]
		in, out = requestTokens(r, d.shared)
		return r.model, 1, in, out, r.CreatedAt
	case d.streamed:
		c := &d.calls[u]
		return c.model, int(c.size), c.in, c.out, 0
	}
	b := &d.batches[u]
	in, out = callTokens(b, d.shared)
	return b.model, b.Size, in, out, 0
}

func (d *dispatcher) poolOf(u int32) int32 {
	if d.global {
		return 0
	}
	switch {
	case d.perRequest && d.streamed:
		return d.solo[u].model
	case d.perRequest:
		return d.reqs[u].model
	case d.streamed:
		return d.calls[u].model
	}
	return d.batches[u].model
}

// readyOrder returns the batches' indices sorted by (close time, ID).
func readyOrder(batches []Batch) []int32 {
	order := make([]int32, len(batches))
	for i := range order {
		order[i] = int32(i)
	}
	byClose := func(a, b int32) int {
		x, y := &batches[a], &batches[b]
		switch {
		case x.ClosedAt != y.ClosedAt:
			if x.ClosedAt < y.ClosedAt {
				return -1
			}
			return 1
		case x.ID != y.ID:
			if x.ID < y.ID {
				return -1
			}
			return 1
		}
		return 0
	}
	if !slices.IsSortedFunc(order, byClose) {
		slices.SortFunc(order, byClose)
	}
	return order
}

// cancelEvery is how many events the dispatcher runs between two looks at
// its done channel.
const cancelEvery = 1 << 10

// run processes every event until no batch is left, or until done is
// closed: then it returns ErrCancelled.
func (d *dispatcher) run() error { return d.advance(math.MaxInt64) }

// advance processes, in event order, the units that become ready before
// frontier and the events up to it, and returns when the next is later
// (or there is none). A streamed run calls it each time every unit ready
// before frontier has been queued; at one instant events run before
// readies, so the events at frontier itself can run.
func (d *dispatcher) advance(frontier int64) error {
	for n := 1; ; n++ {
		if n%cancelEvery == 0 {
			if err := (stopper{d.done, d.pause}).check(); err != nil {
				return err
			}
		}
		u, at, have := d.peekReady()
		if have && (len(d.events.items) == 0 || at < d.events.items[0].at) {
			if at >= frontier {
				return nil
			}
			d.next++
			d.ready(u, at)
			continue
		}
		if len(d.events.items) == 0 || d.events.items[0].at > frontier {
			return nil
		}
		e := d.events.pop()
		switch {
		case e.kind == evEnd:
			d.end(&e)
		case d.stopped: // Smelt: the batch wakes from its backoff, sees the cancel flag and gives its slot back
			pi := d.poolOf(e.unit)
			d.pools[pi].release(e.slot)
			d.cancel(e.unit, e.at, true)
			d.startQueued(pi, e.at)
			if d.record {
				d.mark(pi, e.at)
			}
		default:
			d.attempt(e.unit, e.attempt, e.slot, e.at)
		}
	}
}

// peekReady returns the next unit to become ready and when, false when
// none is left (for now, in a streamed run).
func (d *dispatcher) peekReady() (int32, int64, bool) {
	if d.perRequest && !d.streamed {
		for d.next < len(d.reqs) && d.unsent(&d.reqs[d.next]) {
			d.next++ // rejected: no call
		}
		if d.next < len(d.reqs) {
			return int32(d.next), d.reqs[d.next].CreatedAt, true
		}
		return 0, 0, false
	}
	if d.next >= len(d.order) {
		return 0, 0, false
	}
	u := d.order[d.next]
	switch {
	case d.perRequest:
		return u, d.solo[u].at, true
	case d.readyAll:
		return u, d.startMs, true
	case d.streamed:
		return u, d.calls[u].closedAt, true
	}
	return u, d.batches[u].ClosedAt, true
}

// ready queues unit u, closed at t, for a slot.
func (d *dispatcher) ready(u int32, t int64) {
	pi := d.poolOf(u)
	if d.record {
		o := &d.outcomes[u]
		o.ReadyMs, o.Pool = t, pi
	}
	if d.stopped && !d.smelt {
		d.cancel(u, t, false)
		return
	}
	d.pools[pi].enqueue(u)
	d.startQueued(pi, t)
}

// startQueued gives free slots of pool pi to its queue, first come first.
func (d *dispatcher) startQueued(pi int32, t int64) {
	p := &d.pools[pi]
	for p.held < p.slots && p.queued > 0 {
		u := p.dequeue()
		if d.stopped { // Smelt: the batch takes the slot, sees the cancel flag and gives it back
			d.cancel(u, t, false)
			continue
		}
		slot := p.acquire()
		if d.record {
			o := &d.outcomes[u]
			o.StartMs, o.Slot = t, slot
		}
		d.attempt(u, 0, slot, t)
	}
}

// attempt starts attempt a of unit u, holding slot, at t: it decides the
// whole attempt (outcome, end, tokens, backoff) and schedules its end.
// Its parts are functions of their own: how the call goes before a reply
// (classify), what a call that reaches the provider gives (reply), the
// run's counters (account) and the attempt's record (recordAttempt). In
// one function of 8.5 KB of WebAssembly, the playground's first run made
// V8 recompile it with TurboFan during the page's start (60–110 ms of a
// background thread's CPU, beside the first render, on 2 cores), as every
// jump of Go's WebAssembly counts against a function's budget by its
// size; at 6.1 KB, with reply and recordAttempt out, still (30–55 ms).
func (d *dispatcher) attempt(u int32, a uint8, slot int32, t int64) {
	mi, rows, in, out, arrival := d.call(u)
	m := &d.models[mi]
	set := d.set
	class, status, called, scripted := d.classify(u, a, mi, m, t, in+out)
	end, tin, tout := t, int64(0), int64(0)
	if called {
		asked := class
		class, end, tin, tout = d.reply(m, class, t, in, out, rows)
		if asked == ClassNone && class == ClassTimeout {
			status = 0 // no reply came (a scripted time-out keeps its status)
		}
	}
	outcome, wait := OutcomeOK, int64(0)
	if class != ClassNone {
		outcome = OutcomeFailed
		if class.Retriable() && int(a) < set.MaxRetries {
			outcome = OutcomeRetry
			wait = backoffMs(set.BackoffBaseMs, set.BackoffCapMs, int(a), d.rng.Float64())
		}
	}
	cost := attemptCost(m, tin, tout, rows, set.BatchAPI)
	pi := d.account(u, a, class, outcome, tin, tout, cost)
	if d.record {
		d.recordAttempt(u, cost, Attempt{
			Batch: int32(d.batches[u].ID), Number: a, Pool: pi, Slot: slot, StartMs: t, EndMs: end,
			Outcome: outcome, Class: class, Status: status,
			TokensIn: tin, TokensOut: tout, CostUSD: cost.USD(), BackoffMs: wait, Scripted: scripted,
		})
	}
	d.seq++
	d.events.push(event{at: end, arrival: arrival, wait: int32(wait), seq: d.seq, unit: u, slot: slot, kind: evEnd, attempt: a, outcome: outcome})
}

// classify decides how attempt a of unit u, a call of tokens tokens to
// model m (index mi) at t, goes before any reply: the failure class the
// script forces, the context window's (400) or the model's limits' (429),
// or else the injected one; status is the HTTP status that goes with it,
// called whether the call reached the provider.
//
//go:noinline
func (d *dispatcher) classify(u int32, a uint8, mi int32, m *Model, t, tokens int64) (class FailureClass, status int16, called, scripted bool) {
	if d.script != nil && !d.perRequest {
		if forced, ok := d.script.lookup(d.batchID(u), int(a), d.m.Attempts+1); ok {
			return forced.class, forced.status, true, true
		}
	}
	if tokens > int64(m.ContextTokens) {
		return ClassContext, 400, false, false
	}
	if class := d.limits[mi].admit(t, tokens); class != ClassNone {
		return class, 429, false, false
	}
	class, status = d.set.Failures.inject(d.rng.Float64())
	return class, status, true, false
}

// account counts attempt a of unit u, which ended in class and outcome
// with tin and tout tokens for cost, in the run's metrics (and Smelt's way
// of counting), and takes its place in u's pool, which it returns.
//
//go:noinline
func (d *dispatcher) account(u int32, a uint8, class FailureClass, outcome Outcome, tin, tout int64, cost picoUSD) int32 {
	d.m.Attempts++
	if a > 0 {
		d.m.Retries++
	}
	if outcome == OutcomeRetry {
		d.smeltRetries++ // Smelt counts a retry when it schedules it
	}
	if class == ClassNone || class == ClassParse { // Smelt counts the tokens of replies only
		d.smeltIn += tin
		d.smeltOut += tout
	}
	d.m.Failures.add(class)
	d.m.TokensIn += tin
	d.m.TokensOut += tout
	d.m.cost = d.m.cost.plus(cost)
	pi := d.poolOf(u)
	d.pools[pi].inFlight++
	d.inFlight++
	d.m.MaxInFlight = max(d.m.MaxInFlight, d.inFlight)
	return pi
}

// reply works out a call of in and out tokens for rows rows to model m,
// started at t, that reached the provider with class (ClassNone unless
// failed or scripted): the failure class it ends with, when, and the
// tokens it consumed. It draws the call's jitter, then, for a reply, the
// chance that it does not parse.
//
//go:noinline
func (d *dispatcher) reply(m *Model, class FailureClass, t, in, out int64, rows int) (_ FailureClass, end, tin, tout int64) {
	set := d.set
	jitter := d.rng.Float64()
	switch class {
	case ClassNone:
		dur := callMs(m, in, out, jitter)
		if dur > set.TimeoutMs {
			return ClassTimeout, t + set.TimeoutMs, in, int64(float64(float64(out)*float64(set.TimeoutMs)) / float64(dur))
		}
		if p := set.Failures.parseFailure(rows); p > 0 && d.rng.Float64() < p {
			class = ClassParse
		}
		return class, t + dur, in, out
	case ClassParse: // scripted: the reply comes, in full, and does not parse
		return class, t + callMs(m, in, out, jitter), in, out
	case ClassTimeout: // the call hangs: no reply, input consumed
		return class, t + set.TimeoutMs, in, 0
	}
	return class, t + roundTripMs(m, jitter), 0, 0 // an HTTP error after a round trip, nothing consumed
}

// recordAttempt keeps attempt at of unit u, which cost cost, for the
// result: the attempts, u's outcome and the pool's occupancy.
//
//go:noinline
func (d *dispatcher) recordAttempt(u int32, cost picoUSD, at Attempt) {
	d.attempts = append(d.attempts, at)
	o := &d.outcomes[u]
	o.Attempts++
	o.TokensIn += at.TokensIn
	o.TokensOut += at.TokensOut
	o.cost = o.cost.plus(cost)
	d.mark(at.Pool, at.StartMs)
}

// end handles the end of a call: schedule the retry after its backoff
// (the slot stays held), or release the slot and finish the batch.
func (d *dispatcher) end(e *event) {
	pi := d.poolOf(e.unit)
	p := &d.pools[pi]
	p.inFlight--
	d.inFlight--
	if e.outcome == OutcomeRetry && d.stopped && !d.smelt {
		// A stopped run starts nothing new: no retry.
		p.release(e.slot)
		d.cancel(e.unit, e.at, true)
		if d.record {
			d.mark(pi, e.at)
		}
		return
	}
	if e.outcome == OutcomeRetry {
		d.seq++
		d.events.push(event{at: e.at + int64(e.wait), seq: d.seq, unit: e.unit, slot: e.slot, kind: evRetry, attempt: e.attempt + 1})
		if d.record {
			d.mark(pi, e.at)
		}
		return
	}
	p.release(e.slot)
	d.finish(e.unit, e.outcome, e.at, e.arrival)
	if d.record {
		d.mark(pi, e.at)
	}
	stop := e.outcome == OutcomeFailed && d.set.StopOnExhaustion && !d.stopped
	if stop && !d.smelt {
		d.stop(e.at)
	}
	d.startQueued(pi, e.at)
	if stop && d.smelt {
		// Smelt frees the slot before it sets the cancel flag: the next
		// waiting batch has started anyway.
		d.stop(e.at)
	}
}

// unsent reports whether the baseline sends request r no call: the
// batching rejected it.
func (d *dispatcher) unsent(r *Request) bool {
	if d.beforeBatching {
		return rejected(r, d.shared, &d.models[r.model], d.mode)
	}
	return r.Batch == 0
}

// rows returns the number of requests unit u carries.
func (d *dispatcher) rows(u int32) int {
	switch {
	case d.perRequest:
		return 1
	case d.streamed:
		return int(d.calls[u].size)
	}
	return d.batches[u].Size
}

// batchID returns the ID of batch unit u.
func (d *dispatcher) batchID(u int32) int {
	if d.streamed {
		return int(d.calls[u].id)
	}
	return d.batches[u].ID
}

// finish records that unit u ended at t, ok or failed for good; arrival
// is the request's for the baseline's units.
func (d *dispatcher) finish(u int32, outcome Outcome, t, arrival int64) {
	d.lastEnd, d.ended = max(d.lastEnd, t), true
	d.smeltEnd = max(d.smeltEnd, t)
	rows := d.rows(u)
	d.m.Batches++
	if outcome == OutcomeOK {
		d.m.SuccessfulBatches++
		d.m.SuccessfulRows += rows
		switch {
		case d.perRequest:
			d.latencies.add(t - arrival)
		case d.streamed:
			d.memberLatencies(u, t)
		default:
			for _, ri := range d.batches[u].Members {
				d.latencies.add(t - d.reqs[ri].CreatedAt)
			}
		}
	} else {
		d.m.FailedBatches++
		d.m.FailedRows += rows
	}
	if d.record {
		o := &d.outcomes[u]
		o.Outcome, o.EndMs = outcome, t
	}
	if d.streamed {
		d.free = append(d.free, u)
	}
}

// cancel records that unit u was cancelled at t: before it started, or
// (started) between its attempts, after it released its slot.
func (d *dispatcher) cancel(u int32, t int64, started bool) {
	d.m.Batches++
	d.m.CancelledBatches++
	d.m.CancelledRows += d.rows(u)
	d.smeltEnd = max(d.smeltEnd, t)
	if d.record {
		o := &d.outcomes[u]
		o.Outcome, o.EndMs = OutcomeCancelled, t
		if !started {
			o.StartMs, o.Slot = t, -1
		}
	}
	if d.streamed {
		d.free = append(d.free, u)
	}
}

// stop is stop_on_exhaustion after a batch failed for good at t. Under
// batchlab's semantics nothing starts from then on: the queued batches
// and the batches waiting out a backoff are cancelled at t, batches
// closing later as they close, calls still running are not retried.
// Under Smelt's it only sets the cancel flag, which batches see when
// they take a slot or wake from a backoff.
func (d *dispatcher) stop(t int64) {
	d.stopped = true
	d.m.Stopped, d.m.StoppedAtMs = true, t
	if d.smelt {
		return
	}
	for pi := range d.pools {
		p := &d.pools[pi]
		for p.queued > 0 {
			d.cancel(p.dequeue(), t, false)
		}
	}
	kept := d.events.items[:0]
	for _, e := range d.events.items {
		if e.kind != evRetry {
			kept = append(kept, e)
			continue
		}
		pi := d.poolOf(e.unit)
		d.pools[pi].release(e.slot)
		d.cancel(e.unit, t, true)
		if d.record {
			d.mark(pi, t)
		}
	}
	d.events.items = kept
	d.events.init()
}

// mark records pool pi's occupancy at t, replacing a point of the same
// instant and pool.
func (d *dispatcher) mark(pi int32, t int64) {
	p := &d.pools[pi]
	pt := OccupancyPoint{AtMs: t, Pool: pi, Held: int32(min(p.held, math.MaxInt32)), InFlight: int32(min(p.inFlight, math.MaxInt32))}
	if n := len(d.occupancy); n > 0 && d.occupancy[n-1].AtMs == t && d.occupancy[n-1].Pool == pi {
		d.occupancy[n-1] = pt
		return
	}
	d.occupancy = append(d.occupancy, pt)
}

// metrics finishes the run's metrics; it sorts the latencies.
func (d *dispatcher) metrics() DispatchMetrics {
	m := d.m
	m.Rows = m.SuccessfulRows + m.FailedRows + m.CancelledRows
	if first, ok := d.firstArrival(); ok && d.ended {
		m.WallMs = max(0, d.lastEnd-first)
	}
	m.CostUSD = m.cost.USD()
	if m.SuccessfulRows > 0 {
		m.CostPerRowUSD = float64(m.cost) / float64(m.SuccessfulRows) / 1e12
	}
	m.Latency = d.latencies.stats()
	if m.WallMs > 0 {
		m.Throughput = float64(m.SuccessfulRows) / (float64(m.WallMs) / 1000)
	}
	if d.smelt {
		m.Smelt = d.smeltMetrics(&m)
	}
	return m
}

// smeltMetrics returns the run's figures as Smelt reports them: cancelled
// batches counted as failed, retries counted when scheduled, tokens of
// replies only, and the wall time up to the last batch to finish or be
// cancelled.
func (d *dispatcher) smeltMetrics(m *DispatchMetrics) *SmeltMetrics {
	s := &SmeltMetrics{
		TotalRows: m.Rows, SuccessfulRows: m.SuccessfulRows, FailedRows: m.FailedRows + m.CancelledRows,
		TotalBatches: m.Batches, SuccessfulBatches: m.SuccessfulBatches, FailedBatches: m.FailedBatches + m.CancelledBatches,
		TotalRetries: d.smeltRetries, InputTokens: d.smeltIn, OutputTokens: d.smeltOut,
	}
	if first, ok := d.firstArrival(); ok && m.Batches > 0 {
		s.WallTimeSeconds = float64(max(0, d.smeltEnd-first)) / 1000
	}
	return s
}

// firstArrival returns the arrival of the first request dispatched.
func (d *dispatcher) firstArrival() (int64, bool) {
	if d.streamed {
		return d.firstAt, d.hasFirst
	}
	for i := range d.reqs {
		if !d.unsent(&d.reqs[i]) {
			return d.reqs[i].CreatedAt, true
		}
	}
	return 0, false
}

// newDispatchResult is a dispatch's result without its batches: the job,
// pools and metrics, and the baseline's (nil when off) compared.
func newDispatchResult(set *Dispatch, pools []Pool, m DispatchMetrics, base *DispatchMetrics) *DispatchResult {
	out := &DispatchResult{Job: set.Job, Pools: pools, Metrics: m, Baseline: base}
	if out.Job == "" {
		out.Job = JobBatches
	}
	if base != nil {
		out.Saving = compare(&out.Metrics, base)
	}
	return out
}

// RunDispatch simulates what happens to res's batches after they close,
// under set, and stores the attempts and the dispatch result in res. cat
// is the catalog the batches were formed with, shared the shared prompt
// tokens every call carries once, seed the scenario's seed. With
// set.Baseline it also dispatches every batched request alone, sent at its
// arrival, and compares. Closing done (nil: never) stops it with
// ErrCancelled, leaving res as it was.
func RunDispatch(res *Result, cat *Catalog, set *Dispatch, shared int, seed uint64, done <-chan struct{}) error {
	return runDispatch(res, cat, set, shared, seed, stopper{done: done}, nil)
}

// A baselineRun is the baseline of a dispatch (every request alone) run
// on a goroutine of its own from before the batching (startBaseline),
// which it needs not wait for: the requests it sends are known once
// enriched.
type baselineRun struct {
	b    *dispatcher
	done chan error
}

// startBaseline starts the baseline of dispatch set for reqs, enriched and
// to be batched in mode, on a goroutine of its own, and returns it for
// runDispatch. Call it only with set.Baseline and a processor to spare.
func startBaseline(reqs []Request, models []Model, set *Dispatch, mode Mode, shared int, seed uint64, stop stopper) *baselineRun {
	b := newBaseline(reqs, models, set, shared, seed, stop)
	b.beforeBatching, b.mode = true, mode
	return &baselineRun{b: b, done: b.aside(len(reqs))}
}

// wait waits for the baseline (if any: r may be nil) to be done, for a
// run that fails before its dispatch.
func (r *baselineRun) wait() {
	if r != nil {
		<-r.done
	}
}

// newBaseline returns the dispatcher of set's baseline for reqs: every
// request sent alone, at its arrival.
func newBaseline(reqs []Request, models []Model, set *Dispatch, shared int, seed uint64, stop stopper) *dispatcher {
	b := newDispatcher(set, models, shared, seed, false)
	b.reqs, b.perRequest = reqs, true
	b.done, b.pause = stop.done, stop.pause
	return b
}

// aside runs d on a goroutine of its own, with room for the latencies of
// rows requests, and returns the channel its error comes on.
func (d *dispatcher) aside(rows int) chan error {
	d.latencies.reserve(rows)
	done := make(chan error, 1)
	go func() { done <- d.run() }()
	return done
}

// runDispatch is RunDispatch stopped as stop says, with the baseline
// started early (nil: none; it then runs the baseline itself).
func runDispatch(res *Result, cat *Catalog, set *Dispatch, shared int, seed uint64, stop stopper, early *baselineRun) error {
	models := cat.Models()
	d := newDispatcher(set, models, shared, seed, true)
	d.done, d.pause = stop.done, stop.pause
	d.reqs, d.batches = res.Requests, res.Batches
	d.script = newScript(set.Script)
	d.order = readyOrder(res.Batches)
	if d.smelt && set.Job == JobFixed {
		// Smelt creates every chunk's task at once, in index order.
		for i := range d.order {
			d.order[i] = int32(i)
		}
		d.readyAll = true
		d.startMs, _ = d.firstArrival()
	}
	d.outcomes = make([]BatchOutcome, len(res.Batches))
	for i := range d.outcomes {
		d.outcomes[i] = BatchOutcome{Batch: int32(res.Batches[i].ID), Slot: -1}
	}
	d.attempts = make([]Attempt, 0, len(res.Batches)+len(res.Batches)/4)
	d.occupancy = make([]OccupancyPoint, 0, 2*len(res.Batches))
	rows := 0
	for i := range res.Batches {
		rows += res.Batches[i].Size
	}
	d.latencies.reserve(rows)
	// The baseline, every request alone, is a run of its own: natively,
	// on a goroutine beside the batched one (for 100,000 requests it took
	// 20 of the dispatch's 28 ms), with latencies of its own; else after
	// it, in its latencies.
	var b *dispatcher
	var baselined chan error
	switch {
	case early != nil:
		b, baselined = early.b, early.done
	case set.Baseline:
		b = newBaseline(res.Requests, models, set, shared, seed, stop)
		if stop.pause == nil && spareProcessor() {
			baselined = b.aside(rows)
		}
	}
	aside := baselined != nil
	err := d.run()
	var dm DispatchMetrics
	if err == nil {
		for i := range d.outcomes {
			d.outcomes[i].CostUSD = d.outcomes[i].cost.USD()
		}
		dm = d.metrics()
	}
	if aside { // done with res's requests before returning, whatever err
		if berr := <-baselined; err == nil {
			err = berr
		}
	}
	if err != nil {
		return err
	}
	var base *DispatchMetrics
	if b != nil {
		if !aside {
			b.latencies = d.latencies
			b.latencies.reset()
			if err := b.run(); err != nil {
				return err
			}
		}
		bm := b.metrics()
		base = &bm
	}
	out := newDispatchResult(set, d.poolList(), dm, base)
	out.Batches, out.Occupancy, out.reqs = d.outcomes, d.occupancy, res.Requests
	res.Attempts, res.Dispatch = d.attempts, out
	res.Warnings = append(res.Warnings, d.script.unused(set.Script)...)
	return nil
}
