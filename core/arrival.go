package core

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// Arrivals says when requests without created_at_ms arrive. Times come from
// a generator seeded by the scenario, never from the clock: the k-th such
// request (in input order, from 0) arrives at
//
//	fixed:   start + k·gap
//	poisson: start + the sum of k+1 exponential gaps of mean 1000/rate ms,
//	         each rounded down to whole milliseconds
//	burst:   start + ⌊k / burst_size⌋ · burst_gap
type Arrivals struct {
	Process    string  `json:"process"` // fixed, poisson or burst
	StartMs    int64   `json:"start_ms"`
	GapMs      int64   `json:"gap_ms"`       // fixed
	RatePerSec float64 `json:"rate_per_s"`   // poisson: mean requests per second
	BurstSize  int     `json:"burst_size"`   // burst: requests arriving together
	BurstGapMs int64   `json:"burst_gap_ms"` // burst: time between bursts
}

// DefaultArrivals: one request every 10 ms; poisson at 50/s and bursts of
// 10 every second when those processes are chosen.
func DefaultArrivals() Arrivals {
	return Arrivals{Process: "fixed", GapMs: 10, RatePerSec: 50, BurstSize: 10, BurstGapMs: 1000}
}

// newRand returns the scenario's generator for one purpose (stream), so that
// adding draws to one part of the simulation leaves the others unchanged.
func newRand(seed uint64, stream uint64) *rand.Rand {
	return rand.New(newPCG(seed, stream))
}

// newPCG is the source of newRand(seed, stream).
func newPCG(seed uint64, stream uint64) *rand.PCG {
	return rand.NewPCG(seed, stream^0x9e3779b97f4a7c15)
}

// A uniformStream draws what newRand(seed, stream).Float64 would, the same
// numbers, without rand.Rand's call through its Source interface for each
// draw (what costs the most under WebAssembly).
type uniformStream struct{ src *rand.PCG }

func newUniformStream(seed uint64, stream uint64) uniformStream {
	return uniformStream{newPCG(seed, stream)}
}

// Float64 returns a number in [0, 1), as rand.Rand.Float64 does.
func (u uniformStream) Float64() float64 {
	return float64(u.src.Uint64()<<11>>11) / (1 << 53)
}

// Random streams.
const (
	streamArrivals = iota + 1
	streamDispatch
	streamShuffle
	streamSample
)

// AssignArrivals gives each request without a time its arrival from a, then
// sorts all requests by time, stably (ties keep input order).
func AssignArrivals(reqs []Request, a Arrivals, seed uint64) {
	c := a.clock(seed)
	for i := range reqs {
		c.time(&reqs[i])
	}
	for i := 1; i < len(reqs); i++ { // not slices.IsSortedFunc: it copies each request (192 bytes) twice
		if reqs[i].CreatedAt < reqs[i-1].CreatedAt {
			slices.SortStableFunc(reqs, func(x, y Request) int { return cmp.Compare(x.CreatedAt, y.CreatedAt) })
			return
		}
	}
}

// An arrivalClock gives requests without a time their arrivals, one at a
// time in input order.
type arrivalClock struct {
	a   Arrivals
	rng *rand.Rand
	k   int64 // requests timed so far
	t   int64 // poisson: the last arrival
}

func (a Arrivals) clock(seed uint64) *arrivalClock {
	return &arrivalClock{a: a, rng: newRand(seed, streamArrivals), t: a.StartMs}
}

// time gives r its arrival unless it has one.
func (c *arrivalClock) time(r *Request) {
	if r.hasTime {
		return
	}
	a := &c.a
	switch a.Process {
	case "poisson":
		u := c.rng.Float64() // [0, 1)
		gap := -ln(1-u) * 1000 / a.RatePerSec
		c.t += int64(min(gap, maxWaitMs))
		r.CreatedAt = min(c.t, MaxTimeMs)
	case "burst":
		r.CreatedAt = a.StartMs + c.k/int64(max(a.BurstSize, 1))*a.BurstGapMs
	default:
		r.CreatedAt = a.StartMs + c.k*a.GapMs
	}
	r.CreatedAt = min(r.CreatedAt, MaxTimeMs)
	c.k++
}
