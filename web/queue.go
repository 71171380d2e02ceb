package web

import (
	"context"
	"fmt"
	"math"
	"runtime/debug"
	"sync"
	"time"

	"github.com/batchlab/batchlab/core"
)

// MaxSimulationWait bounds the queue of POST /api/simulate by the time a
// new simulation would wait for its turn: when the simulations admitted
// and not yet done need longer than this on the turns there are, the API
// answers 503 busy with Retry-After, well before the server's write
// timeout (60 s) could cut a waiting answer.
const MaxSimulationWait = 20 * time.Second

// MaxWaitingSimulations is how many simulations may wait for their turn,
// however cheap; past that POST /api/simulate answers 503 busy too.
const MaxWaitingSimulations = 1000

// The cost model of a simulation: a linear estimate of the CPU time it
// takes, encoding its answer included, calibrated by
// BenchmarkSimulationCost on a 2-CPU host (rounded up).
const (
	costPerSimulation = time.Millisecond
	costPerByte       = 20 * time.Nanosecond // decoding and analysing the prompts
	costPerRequest    = 15 * time.Microsecond
	costPerAttempt    = 4 * time.Microsecond
)

// simulationCost checks the scenario against the API's limits — requests
// and the dispatch's worst case — and estimates the CPU time its
// simulation takes. size is the scenario's size in bytes.
func simulationCost(sc *core.Scenario, size int) (time.Duration, error) {
	n := core.CountPrompts(sc.Prompts)
	if n > MaxSimulateRequests {
		return 0, &Error{Code: CodeOverLimit, Path: "$.prompts",
			Message: fmt.Sprintf("the API simulates at most %d requests, this scenario has %d; run larger ones with `batchlab simulate`", MaxSimulateRequests, n)}
	}
	worst := sc.Dispatch.WorstCase(n)
	if worst.Attempts() > core.MaxAttempts {
		return 0, &Error{Code: CodeOverLimit, Path: "$.dispatch.max_retries",
			Message: fmt.Sprintf("this scenario could make up to %s calls (%s); the API makes at most %s: lower $.dispatch.max_retries, send fewer requests or turn off $.dispatch.baseline, or run it with `batchlab simulate`",
				core.FormatCount(int(worst.Attempts())), worst, core.FormatCount(core.MaxAttempts))}
	}
	attempts := worst.Calls + worst.Baseline
	if sc.Dispatch.Failures != (core.Failures{}) {
		attempts = worst.Attempts() // retries only follow failures
	}
	return costPerSimulation + time.Duration(size)*costPerByte + time.Duration(n)*costPerRequest + time.Duration(attempts)*costPerAttempt, nil
}

// A simulationQueue admits simulations while the expected wait of a new
// one stays under MaxSimulationWait, and runs them a few at a time.
type simulationQueue struct {
	// turns admits this many simulations at a time (see NewAPI); the
	// others wait their turn, so that CPU-heavy simulations cannot starve
	// the cheap requests (share, load, open).
	turns chan struct{}

	mu sync.Mutex
	// pending is the estimated CPU time of the simulations admitted and
	// not yet done, waiting is how many of them wait for a turn.
	pending time.Duration
	waiting int
}

func newSimulationQueue(turns int) *simulationQueue {
	return &simulationQueue{turns: make(chan struct{}, turns)}
}

// admit counts a simulation of the given cost in, or refuses it with a
// *busyError when the queue is full.
func (q *simulationQueue) admit(cost time.Duration) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	wait := q.pending / time.Duration(cap(q.turns))
	if wait <= MaxSimulationWait && q.waiting < MaxWaitingSimulations {
		q.pending += cost
		q.waiting++
		return nil
	}
	retry := max(1, int(math.Ceil(wait.Seconds())))
	return &busyError{retryAfter: retry, err: &Error{Code: CodeBusy,
		Message: fmt.Sprintf("the server is busy: the simulations already queued need about %d s; try again in %d s", retry, retry)}}
}

// heavySimulation is the estimated cost from which a simulation's memory
// is handed back to the operating system once the queue is empty: the Go
// runtime keeps freed memory for a while, and a few heavy answers held a
// server's RSS at hundreds of megabytes long after they were sent.
const heavySimulation = 100 * time.Millisecond

// done counts out a simulation admitted with cost; after a heavy one, when
// no other simulation is admitted, it returns the freed memory to the
// operating system (a full collection, off the request's path).
func (q *simulationQueue) done(cost time.Duration) {
	q.mu.Lock()
	q.pending -= cost
	idle := q.pending == 0
	q.mu.Unlock()
	if idle && cost >= heavySimulation {
		go debug.FreeOSMemory()
	}
}

// take waits for a turn for a simulation admitted, and reports false if
// ctx ends first.
func (q *simulationQueue) take(ctx context.Context) bool {
	defer func() {
		q.mu.Lock()
		q.waiting--
		q.mu.Unlock()
	}()
	select {
	case q.turns <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// give gives a turn back.
func (q *simulationQueue) give() { <-q.turns }

// busyError is the queue's refusal: 503 busy, and the seconds to wait
// before trying again (the expected wait of the queue) for Retry-After.
type busyError struct {
	err        *Error
	retryAfter int
}

func (e *busyError) Error() string { return e.err.Error() }
func (e *busyError) Unwrap() error { return e.err }
