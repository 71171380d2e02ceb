package core

// A tokenBucket is a per-minute rate limit as a token bucket: it holds up to
// PerMinute tokens, starts full, and refills continuously at PerMinute per
// 60 000 ms. Time is passed in by the caller, as with
// golang.org/x/time/rate's AllowN(t, n), so the simulated clock drives it.
// A model's two buckets make its rate limit (modelLimit.admit).
//
// Arithmetic is in integers: the level is kept in 1/60 000ths of a token,
// so a millisecond adds exactly PerMinute units and nothing is rounded.
// The zero tokenBucket is unlimited.
type tokenBucket struct {
	perMinute int64 // 0 = unlimited
	level     int64 // in units of 1/60000 token
	last      int64 // time of the last refill, ms
}

// maxPerMinute bounds a limit so that the integer level cannot overflow;
// larger limits behave the same as this one in any simulation.
const maxPerMinute = 1 << 40

const msPerMinute = 60_000

// newTokenBucket returns a full bucket of perMinute tokens refilled over a
// minute; perMinute ≤ 0 means unlimited.
func newTokenBucket(perMinute int64) tokenBucket {
	if perMinute <= 0 {
		return tokenBucket{}
	}
	perMinute = min(perMinute, maxPerMinute)
	return tokenBucket{perMinute: perMinute, level: perMinute * msPerMinute}
}

// refill adds the tokens earned since the last refill; time never goes back.
func (b *tokenBucket) refill(t int64) {
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
func (b *tokenBucket) has(t, n int64) bool {
	if b.perMinute == 0 {
		return true
	}
	b.refill(t)
	return n <= b.perMinute && n*msPerMinute <= b.level
}

// take removes n tokens, which has(t, n) must have allowed.
func (b *tokenBucket) take(n int64) {
	if b.perMinute != 0 {
		b.level -= n * msPerMinute
	}
}

// modelLimit is a model's pair of buckets: requests and tokens per minute.
// A call passes only if both allow it, and then spends from both.
type modelLimit struct {
	requests, tokens tokenBucket
}

func newModelLimit(m *Model) modelLimit {
	return modelLimit{requests: newTokenBucket(int64(m.RequestsPerMinute)), tokens: newTokenBucket(int64(m.TokensPerMinute))}
}

// admit is the rate-limit rule of a call of n tokens at t (ms): when both
// buckets hold them it spends one request and n tokens and returns
// ClassNone; otherwise it spends nothing and returns the class of the 429,
// ClassRPM when the requests bucket is short, else ClassTPM.
func (l *modelLimit) admit(t, n int64) FailureClass {
	switch {
	case !l.requests.has(t, 1):
		return ClassRPM
	case !l.tokens.has(t, n):
		return ClassTPM
	}
	l.requests.take(1)
	l.tokens.take(n)
	return ClassNone
}
