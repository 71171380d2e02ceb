package core

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dispatchCase is a generated scenario for the dispatch property tests:
// requests with their analysis and tokens given, a catalog with random
// limits, a policy and random dispatch settings.
type dispatchCase struct {
	reqs   []Request
	cat    *Catalog
	policy Policy
	set    Dispatch
	shared int
	seed   uint64
}

func genDispatchCase(rng *rand.Rand) dispatchCase {
	n := rng.IntN(250)
	reqs := make([]Request, n)
	t := int64(rng.IntN(1000))
	for i := range reqs {
		switch rng.IntN(8) {
		case 0:
			t += int64(rng.IntN(5000))
		case 1, 2: // same instant
		default:
			t += int64(rng.IntN(100))
		}
		tokens := 1 + rng.IntN(600)
		if rng.IntN(30) == 0 {
			tokens = 2000 + rng.IntN(20000)
		}
		reqs[i] = Request{
			ID: fmt.Sprintf("d%d", i), Index: i, CreatedAt: t, TokenCount: tokens,
			Analysis: Analysis{
				Intent: Intent(rng.IntN(5)), Complexity: Level(rng.IntN(3)), OutputLength: Length(rng.IntN(3)),
				LatencyTolerance: Level(rng.IntN(3)), ComplianceNeeded: rng.IntN(4) == 0,
			},
			hasTime: true, hasAnalysis: true, hasTokens: true,
		}
	}
	models := DefaultModels()
	for i := range models {
		m := &models[i]
		m.RequestsPerMinute = []int{0, 5 + rng.IntN(100), 1000}[rng.IntN(3)]
		m.TokensPerMinute = []int{0, 3000 + rng.IntN(60000), 1_000_000}[rng.IntN(3)]
		m.MaxConcurrency = rng.IntN(5)
		m.JitterSigma = float64(rng.IntN(9)) / 10
		if rng.IntN(4) == 0 {
			m.ContextTokens = 800 + rng.IntN(6000)
		}
	}
	p := DefaultPolicy()
	p.MaxBatchSize = 1 + rng.IntN(16)
	p.MaxBatchTokens = 100 + rng.IntN(6000)
	set := DefaultDispatch()
	if rng.IntN(3) == 0 {
		set.Job = JobFixed
	}
	if rng.IntN(2) == 0 {
		set.Slots = SlotsGlobal
	}
	set.Concurrency = 1 + rng.IntN(6)
	set.BatchSize = 1 + rng.IntN(30)
	set.Shuffle = rng.IntN(2) == 0
	set.MaxRetries = rng.IntN(5)
	set.BackoffBaseMs = int64(rng.IntN(3000))
	set.BackoffCapMs = set.BackoffBaseMs + int64(rng.IntN(20000))
	set.TimeoutMs = 300 + int64(rng.IntN(15000))
	set.StopOnExhaustion = rng.IntN(2) == 0
	set.BatchAPI = rng.IntN(2) == 0
	prob := func(scale float64) float64 {
		if rng.IntN(3) == 0 {
			return 0
		}
		return rng.Float64() * scale
	}
	set.Failures = Failures{
		RateLimit: prob(0.2), Server: prob(0.15), Timeout: prob(0.05), Client: prob(0.03),
		ParseBase: prob(0.1), ParsePerRow: prob(0.02),
	}
	return dispatchCase{
		reqs: reqs, cat: buildCatalog(models), policy: p, set: set,
		shared: rng.IntN(3) * rng.IntN(400), seed: rng.Uint64() & MaxTimeMs,
	}
}

// run batches (or cuts the fixed job) and dispatches, as Simulate does.
func (c *dispatchCase) run() *Result {
	reqs := slices.Clone(c.reqs)
	var res *Result
	if c.set.Job == JobFixed {
		res = RunJob(reqs, c.cat, &c.set, ModeTimer, c.shared, c.seed, nil)
	} else {
		res = Run(reqs, c.cat, &c.policy, ModeTimer, c.shared, nil)
	}
	if err := RunDispatch(res, c.cat, &c.set, c.shared, c.seed, nil); err != nil {
		panic(err) // without done it cannot fail
	}
	return res
}

// slotsOf returns the slots of every pool of the run.
func (c *dispatchCase) slotsOf(res *Result) []int {
	out := make([]int, len(res.Dispatch.Pools))
	for i, p := range res.Dispatch.Pools {
		out[i] = p.Slots
		if out[i] == 0 {
			out[i] = math.MaxInt
		}
	}
	return out
}

// maxConcurrent returns, per pool, the most intervals open at once, where
// an interval [start, end) releases before any acquire at the same time.
func maxConcurrent(pools int, ivs [][3]int64) []int {
	type ev struct{ at, delta, pool int64 }
	evs := make([]ev, 0, 2*len(ivs))
	for _, iv := range ivs {
		evs = append(evs, ev{iv[0], 1, iv[2]}, ev{iv[1], -1, iv[2]})
	}
	slices.SortFunc(evs, func(a, b ev) int {
		if a.at != b.at {
			return cmp.Compare(a.at, b.at)
		}
		return cmp.Compare(a.delta, b.delta)
	})
	cur, best := make([]int, pools), make([]int, pools)
	for _, e := range evs {
		cur[e.pool] += int(e.delta)
		best[e.pool] = max(best[e.pool], cur[e.pool])
	}
	return best
}

// TestDispatchProperties checks the dispatch guarantees on 200 generated
// scenarios, each under both semantics.
func TestDispatchProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	var cases [2]dispatchCase
	var attempts, retries, clientErrors, stopped, cancelled, inBackoff, fixed, shuffled, rateLimited int
	for iter := range 400 {
		if iter%2 == 0 {
			c := genDispatchCase(rng)
			cases[0], cases[1] = c, c
			cases[1].set.Semantics = SemanticsSmelt
		}
		c := cases[iter%2]
		smelt := c.set.smelt()
		res := c.run()
		d := res.Dispatch
		require.NotNil(t, d)
		set := &c.set
		slots := c.slotsOf(res)
		m := &d.Metrics
		msg := func(format string, args ...any) string {
			return fmt.Sprintf("iter %d: ", iter) + fmt.Sprintf(format, args...)
		}
		require.Len(t, d.Batches, len(res.Batches))

		// Attempts, grouped by batch in order.
		byBatch := make([][]Attempt, len(res.Batches)+1)
		var tokIn, tokOut int64
		var cost float64
		var calls [][3]int64
		for _, a := range res.Attempts {
			require.Positive(t, a.Batch)
			byBatch[a.Batch] = append(byBatch[a.Batch], a)
			tokIn += a.TokensIn
			tokOut += a.TokensOut
			cost += a.CostUSD
			require.LessOrEqual(t, a.StartMs, a.EndMs)
			calls = append(calls, [3]int64{a.StartMs, a.EndMs, int64(a.Pool)})
			if a.Class == ClassRateLimit || a.Class == ClassRPM || a.Class == ClassTPM {
				rateLimited++
			}
		}
		// Token totals equal the sum over attempts (failed ones included).
		require.Equal(t, m.TokensIn, tokIn, msg("tokens in"))
		require.Equal(t, m.TokensOut, tokOut, msg("tokens out"))
		require.InDelta(t, m.CostUSD, cost, 1e-9, msg("cost"))
		require.Equal(t, len(res.Attempts), m.Attempts)
		attempts += m.Attempts
		retries += m.Retries

		// Calls in flight never exceed the limit at any instant.
		for pi, n := range maxConcurrent(len(slots), calls) {
			require.LessOrEqual(t, n, slots[pi], msg("pool %d has %d calls in flight", pi, n))
		}
		require.LessOrEqual(t, m.MaxInFlight, len(res.Attempts))

		var held [][3]int64
		lanes := map[[2]int32][][2]int64{}
		rows := 0
		firstFailEnd := int64(math.MaxInt64)
		for bi := range res.Batches {
			b := &res.Batches[bi]
			o := &d.Batches[bi]
			as := byBatch[b.ID]
			require.Equal(t, int32(b.ID), o.Batch)
			require.Equal(t, len(as), o.Attempts)
			// No batch is tried more than 1 + max_retries times.
			require.LessOrEqual(t, o.Attempts, 1+set.MaxRetries, msg("batch %d", b.ID))
			rows += b.Size
			if !smelt || set.Job != JobFixed {
				require.GreaterOrEqual(t, o.ReadyMs, b.ClosedAt)
			}
			if o.Outcome == OutcomeCancelled {
				require.True(t, set.StopOnExhaustion && m.Stopped)
				cancelled++
				if len(as) == 0 {
					require.Equal(t, int32(-1), o.Slot)
					require.Equal(t, o.StartMs, o.EndMs)
					continue
				}
				// Cancelled between attempts, after a retriable failure.
				inBackoff++
				last := as[len(as)-1]
				require.Equal(t, OutcomeRetry, last.Outcome)
				if smelt {
					require.Equal(t, last.EndMs+last.BackoffMs, o.EndMs, msg("Smelt cancels a batch in backoff when it wakes"))
				} else {
					require.Equal(t, max(m.StoppedAtMs, last.EndMs), o.EndMs, msg("cancelled at the stop, or when its call ends after it"))
					require.GreaterOrEqual(t, last.EndMs+last.BackoffMs, m.StoppedAtMs)
				}
			}
			require.NotEmpty(t, as)
			require.Less(t, o.Slot, int32(min(slots[o.Pool], math.MaxInt32)))
			held = append(held, [3]int64{o.StartMs, o.EndMs, int64(o.Pool)})
			lanes[[2]int32{o.Pool, o.Slot}] = append(lanes[[2]int32{o.Pool, o.Slot}], [2]int64{o.StartMs, o.EndMs})
			require.Equal(t, o.StartMs, as[0].StartMs)
			if o.Outcome != OutcomeCancelled {
				require.Equal(t, o.EndMs, as[len(as)-1].EndMs)
			}
			var bIn, bOut int64
			for k, a := range as {
				require.Equal(t, uint8(k), a.Number)
				require.Equal(t, o.Slot, a.Slot, msg("a batch keeps its slot"))
				require.Equal(t, o.Pool, a.Pool)
				bIn += a.TokensIn
				bOut += a.TokensOut
				last := k == len(as)-1
				switch {
				case a.Outcome == OutcomeRetry:
					require.True(t, a.Class.Retriable())
					// Every backoff lies within its formula's bounds.
					step := set.BackoffBaseMs << a.Number
					lo := min(step, set.BackoffCapMs)
					hi := min(step+int64(0.1*float64(step)), set.BackoffCapMs)
					require.GreaterOrEqual(t, a.BackoffMs, lo, msg("backoff of batch %d attempt %d", b.ID, k))
					require.LessOrEqual(t, a.BackoffMs, hi, msg("backoff of batch %d attempt %d", b.ID, k))
					if last {
						require.Equal(t, OutcomeCancelled, o.Outcome, msg("batch %d: a retry is due unless the batch was cancelled", b.ID))
						break
					}
					require.Equal(t, a.EndMs+a.BackoffMs, as[k+1].StartMs, msg("the retry starts when the backoff ends"))
				default:
					require.True(t, last, msg("batch %d: only the last attempt ends the batch", b.ID))
					require.Zero(t, a.BackoffMs)
				}
				// 400/401/403 are never retried.
				if a.Status == 400 || a.Status == 401 || a.Status == 403 {
					require.Equal(t, OutcomeFailed, a.Outcome, msg("status %d retried", a.Status))
					require.False(t, a.Class.Retriable())
					clientErrors++
				}
				if a.Class == ClassNone {
					require.Equal(t, OutcomeOK, a.Outcome)
				}
			}
			require.Equal(t, o.TokensIn, bIn)
			require.Equal(t, o.TokensOut, bOut)
			switch o.Outcome {
			case OutcomeOK:
				require.Equal(t, ClassNone, as[len(as)-1].Class)
			case OutcomeFailed:
				a := as[len(as)-1]
				require.True(t, !a.Class.Retriable() || len(as) == 1+set.MaxRetries, msg("batch %d failed with retries left", b.ID))
				firstFailEnd = min(firstFailEnd, o.EndMs)
			case OutcomeCancelled:
			default:
				t.Fatalf("iter %d: batch %d ended %s", iter, b.ID, o.Outcome)
			}
		}
		// A slot lane is held by one batch at a time, so slots held (and
		// the calls within them) never exceed the pool's size.
		for _, ivs := range lanes {
			slices.SortFunc(ivs, func(a, b [2]int64) int {
				if a[0] != b[0] {
					return cmp.Compare(a[0], b[0])
				}
				return cmp.Compare(a[1], b[1])
			})
			for k := 1; k < len(ivs); k++ {
				require.LessOrEqual(t, ivs[k-1][1], ivs[k][0], msg("lane held twice"))
			}
		}
		for pi, n := range maxConcurrent(len(slots), held) {
			require.LessOrEqual(t, n, slots[pi], msg("pool %d has %d slots held", pi, n))
		}
		// With stop_on_exhaustion no batch starts after the failing one ends.
		if set.StopOnExhaustion && firstFailEnd < math.MaxInt64 {
			stopped++
			require.True(t, m.Stopped)
			require.Equal(t, firstFailEnd, m.StoppedAtMs)
			for bi := range d.Batches {
				o := &d.Batches[bi]
				if o.Outcome != OutcomeCancelled {
					require.LessOrEqual(t, o.StartMs, firstFailEnd, msg("batch %d started after the stop", o.Batch))
				}
			}
			// Under either semantics no attempt starts after the stop
			// instant (Smelt's extra call starts at it).
			for _, a := range res.Attempts {
				require.LessOrEqual(t, a.StartMs, m.StoppedAtMs, msg("batch %d attempt %d started after the stop", a.Batch, a.Number))
			}
		} else {
			require.False(t, m.Stopped)
			require.Zero(t, m.CancelledBatches)
		}
		require.Equal(t, rows, m.Rows)
		require.Equal(t, m.Rows, m.SuccessfulRows+m.FailedRows+m.CancelledRows)
		// Smelt's figures: cancelled counts as failed, retries when
		// scheduled, tokens of replies only.
		if smelt {
			sm := m.Smelt
			require.NotNil(t, sm)
			require.Equal(t, m.FailedBatches+m.CancelledBatches, sm.FailedBatches)
			require.Equal(t, m.FailedRows+m.CancelledRows, sm.FailedRows)
			require.Equal(t, sm.TotalBatches, sm.SuccessfulBatches+sm.FailedBatches)
			var scheduled int
			var replyIn, replyOut int64
			for _, a := range res.Attempts {
				if a.Outcome == OutcomeRetry {
					scheduled++
				}
				if a.Class == ClassNone || a.Class == ClassParse {
					replyIn += a.TokensIn
					replyOut += a.TokensOut
				}
			}
			require.Equal(t, scheduled, sm.TotalRetries)
			require.Equal(t, replyIn, sm.InputTokens)
			require.Equal(t, replyOut, sm.OutputTokens)
			require.GreaterOrEqual(t, sm.WallTimeSeconds*1000, float64(m.WallMs)-0.5)
		} else {
			require.Nil(t, m.Smelt)
		}
		require.Equal(t, len(res.Batches), m.Batches)

		// Request outcomes come back in input order, with their batch's fate.
		outs := d.RequestOutcomes()
		require.Len(t, outs, len(c.reqs))
		byIndex := make([]*Request, len(res.Requests))
		for i := range res.Requests {
			byIndex[res.Requests[i].Index] = &res.Requests[i]
		}
		okRows := 0
		for i, o := range outs {
			require.Equal(t, i, o.Index, msg("input order"))
			r := byIndex[i]
			require.Equal(t, r.ID, o.RequestID)
			if o.Batch == 0 {
				require.Equal(t, OutcomeRejected, o.Outcome)
				continue
			}
			b := &d.Batches[o.Batch-1]
			require.Equal(t, b.Outcome, o.Outcome)
			require.Contains(t, res.Batches[o.Batch-1].Members, int32(slices.IndexFunc(res.Requests, func(x Request) bool { return x.Index == i })))
			if o.Outcome == OutcomeOK {
				okRows++
				require.Equal(t, b.EndMs, o.CompletedMs)
				require.Equal(t, o.CompletedMs-r.CreatedAt, o.LatencyMs)
				if !smelt || set.Job != JobFixed { // Smelt starts every chunk at once, arrived or not
					require.GreaterOrEqual(t, o.LatencyMs, int64(0))
				}
				require.LessOrEqual(t, o.LatencyMs, m.Latency.Max)
			}
		}
		require.Equal(t, m.SuccessfulRows, okRows)

		if set.Job == JobFixed {
			fixed++
			require.Len(t, d.Pools, 1)
			for k := range res.Batches {
				b := &res.Batches[k]
				require.LessOrEqual(t, b.Size, set.BatchSize)
				if k < len(res.Batches)-1 {
					require.Equal(t, set.BatchSize, b.Size, "only the last chunk is short")
				}
				if !set.Shuffle {
					for j, ri := range b.Members {
						require.Equal(t, k*set.BatchSize+j, res.Requests[ri].Index, "chunks are consecutive rows")
					}
				}
			}
			if set.Shuffle {
				shuffled++
			}
		}

		// The baseline sends every dispatched request alone.
		require.NotNil(t, d.Baseline)
		require.Equal(t, m.Rows, d.Baseline.Rows)
		require.Equal(t, d.Baseline.Rows, d.Baseline.Batches)
	}
	t.Logf("200 scenarios × 2 semantics: %d attempts, %d retries, %d rate-limited, %d client errors, %d stopped, %d cancelled batches (%d between attempts), %d fixed jobs (%d shuffled)",
		attempts, retries, rateLimited, clientErrors, stopped, cancelled, inBackoff, fixed, shuffled)
	// The generator must reach every branch it is meant to test.
	assert.Positive(t, retries)
	assert.Positive(t, rateLimited)
	assert.Positive(t, clientErrors)
	assert.Positive(t, stopped)
	assert.Positive(t, cancelled)
	assert.Positive(t, inBackoff)
	assert.Positive(t, shuffled)
}

// TestDispatchSameSeedSameJSON runs generated scenarios twice and compares
// the JSON output byte for byte; a digest of all of them is pinned, so the
// test also proves that native and WASM builds agree.
func TestDispatchSameSeedSameJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	h := sha256.New()
	for iter := range 40 {
		c := genDispatchCase(rng)
		a, err := json.Marshal(c.run())
		require.NoError(t, err)
		b, err := json.Marshal(c.run())
		require.NoError(t, err)
		require.Equal(t, string(a), string(b), "iter %d", iter)
		h.Write(a)
	}
	// Update when the dispatch model (or a rejection's wording) changes on
	// purpose; it must be the same under GOOS=js GOARCH=wasm.
	const want = "7218db3eeeccaf26d73ed3f61e1ef1e36633671ad49f4f79d8f2811bbcf2027b"
	require.Equal(t, want, hex.EncodeToString(h.Sum(nil)))
}

// TestDispatchSeedMatters checks that a different seed changes the draws.
func TestDispatchSeedMatters(t *testing.T) {
	c := dispatchCase{cat: DefaultCatalog(), policy: DefaultPolicy(), set: DefaultDispatch(), seed: 1}
	for i := range 50 {
		c.reqs = append(c.reqs, Request{ID: fmt.Sprint(i), Index: i, CreatedAt: int64(i * 5), TokenCount: 100, hasTime: true, hasAnalysis: true, hasTokens: true})
	}
	c.set.Failures.Server = 0.3
	a := c.run()
	c.seed = 2
	b := c.run()
	assert.NotEqual(t, a.Dispatch.Metrics, b.Dispatch.Metrics)
}

// TestUniformStreamIsRandFloat64 checks that the dispatcher's draws are
// rand.Rand.Float64's over the same stream.
func TestUniformStreamIsRandFloat64(t *testing.T) {
	for _, seed := range []uint64{0, 1, 42, 1 << 63} {
		want, got := newRand(seed, streamDispatch), newUniformStream(seed, streamDispatch)
		for range 10_000 {
			require.Equal(t, want.Float64(), got.Float64())
		}
	}
}
