package core

// dispatchFeed is the state of a streamed dispatcher (dispatcher.streamed):
// its units are slots, reused once finished, and the batches' latencies
// come from their members' queue waits.
type dispatchFeed struct {
	free []int32 // slots finished or cancelled, to reuse
	// solo are the baseline's units, requests sent alone; calls the
	// batches'.
	solo  []soloCall
	calls []batchCall
	// waits holds the queue waits of every batched request of each model,
	// batch after batch (see batchCall.waitsAt).
	waits *[][]int32
	// firstAt is the arrival of the first request dispatched.
	firstAt  int64
	hasFirst bool
}

// slot returns a free unit: a slot of calls, or of solo for the baseline.
func (d *dispatcher) slot() int32 {
	if n := len(d.free); n > 0 {
		u := d.free[n-1]
		d.free = d.free[:n-1]
		return u
	}
	if d.perRequest {
		d.solo = append(d.solo, soloCall{})
		return int32(len(d.solo) - 1)
	}
	d.calls = append(d.calls, batchCall{})
	return int32(len(d.calls) - 1)
}

// queue makes unit u ready after every unit queued before it; the units
// of a streamed run must be queued in ready order.
func (d *dispatcher) queue(u int32) {
	if d.next > 1<<12 && d.next > len(d.order)/2 {
		d.order = d.order[:copy(d.order, d.order[d.next:])]
		d.next = 0
	}
	d.order = append(d.order, u)
}

// queueBatch queues closed batch b (without its members), whose members'
// waits start at waitsAt in the waits of its model.
func (d *dispatcher) queueBatch(b *Batch, waitsAt int64) {
	u := d.slot()
	in, out := callTokens(b, d.shared)
	d.calls[u] = batchCall{closedAt: b.ClosedAt, waitsAt: waitsAt, in: in, out: out, id: int32(b.ID), size: int32(b.Size), model: b.model}
	d.queue(u)
}

// A batchCall is what the dispatch of a closed batch needs: where its
// members' waits start in the waits of its model, and its call.
type batchCall struct {
	closedAt, waitsAt int64
	in, out           int64
	id, size, model   int32
}

// queueRequest queues batched request r, from a trace, to be sent alone
// (the baseline), ready at its arrival.
func (d *dispatcher) queueRequest(r *Request) {
	u := d.slot()
	d.solo[u] = soloCall{at: r.CreatedAt, tokens: int32(r.TokenCount), out: int32(max(0, r.EffectiveTokens-r.TokenCount)), model: r.model}
	d.queue(u)
}

// A soloCall is what the call of a request sent alone needs (see
// requestTokens): a streamed baseline may queue millions of them. A
// trace's token counts fit in 32 bits (maxTrafficTokens).
type soloCall struct {
	at          int64
	tokens, out int32
	model       int32
}

// arrived notes the arrival of a batched request.
func (d *dispatcher) arrived(t int64) {
	if !d.hasFirst {
		d.firstAt, d.hasFirst = t, true
	}
}

// memberLatencies adds the latencies of batch slot u's members, the batch
// having ended at t: t − arrival = t − close + wait, in the members' order.
func (d *dispatcher) memberLatencies(u int32, t int64) {
	c := &d.calls[u]
	for _, w := range (*d.waits)[c.model][c.waitsAt:][:c.size] {
		d.latencies.add(t - c.closedAt + int64(w))
	}
}
