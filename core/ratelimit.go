package core

// A TokenBucket is a per-minute rate limit as a token bucket: it holds up to
// PerMinute tokens, starts full, and refills continuously at PerMinute per
// 60 000 ms. Time is passed in by the caller, as with
// golang.org/x/time/rate's AllowN(t, n), so the simulated clock drives it.
//
// Arithmetic is in integers: the level is kept in 1/60 000ths of a token,
// so a millisecond adds exactly PerMinute units and nothing is rounded.
// The zero TokenBucket is unlimited.
type TokenBucket struct {
	perMinute int64 // 0 = unlimited
	level     int64 // in units of 1/60000 token
	last      int64 // time of the last refill, ms
}

// maxPerMinute bounds a limit so that the integer level cannot overflow;
// larger limits behave the same as this one in any simulation.
const maxPerMinute = 1 << 40

const msPerMinute = 60_000

// NewTokenBucket returns a full bucket of perMinute tokens refilled over a
// minute; perMinute ≤ 0 means unlimited.
func NewTokenBucket(perMinute int64) TokenBucket {
	if perMinute <= 0 {
		return TokenBucket{}
	}
	perMinute = min(perMinute, maxPerMinute)
	return TokenBucket{perMinute: perMinute, level: perMinute * msPerMinute}
}

// refill adds the tokens earned since the last refill; time never goes back.
func (b *TokenBucket) refill(t int64) {
	if t <= b.last {
		return
	}
	full := b.perMinute * msPerMinute
	if t-b.last >= msPerMinute {
		b.level = full
	} else {
		b.level = min(full, b.level+(t-b.last)*b.perMinute)
	}
	b.last = t
}

// has reports whether n tokens are available at t (after refilling).
func (b *TokenBucket) has(t, n int64) bool {
	if b.perMinute == 0 {
		return true
	}
	b.refill(t)
	return n <= b.perMinute && n*msPerMinute <= b.level
}

// take removes n tokens, which has(t, n) must have allowed.
func (b *TokenBucket) take(n int64) {
	if b.perMinute != 0 {
		b.level -= n * msPerMinute
	}
}

// AllowN reports whether n tokens may be spent at time t (ms) and, if so,
// spends them. A request for more than the bucket holds is never allowed.
func (b *TokenBucket) AllowN(t, n int64) bool {
	if !b.has(t, n) {
		return false
	}
	b.take(n)
	return true
}

// Tokens returns the whole tokens available at time t.
func (b *TokenBucket) Tokens(t int64) int64 {
	if b.perMinute == 0 {
		return maxPerMinute
	}
	b.refill(t)
	return b.level / msPerMinute
}

// modelLimit is a model's pair of buckets: requests and tokens per minute.
// A call passes only if both allow it, and then spends from both.
type modelLimit struct {
	requests, tokens TokenBucket
}

func newModelLimit(m *Model) modelLimit {
	return modelLimit{requests: NewTokenBucket(int64(m.RequestsPerMinute)), tokens: NewTokenBucket(int64(m.TokensPerMinute))}
}

// allow spends one request and n tokens at t if both buckets hold them.
func (l *modelLimit) allow(t, n int64) bool {
	if !l.requests.has(t, 1) || !l.tokens.has(t, n) {
		return false
	}
	l.requests.take(1)
	l.tokens.take(n)
	return true
}
