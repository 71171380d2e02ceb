package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The tests call admit, the rule the dispatcher applies to every attempt.

func TestTokenBucketRefill(t *testing.T) {
	l := newModelLimit(&Model{TokensPerMinute: 60}) // one token per second, requests unlimited
	assert.Equal(t, ClassNone, l.admit(0, 60), "starts full")
	assert.Equal(t, ClassTPM, l.admit(0, 1), "empty")
	assert.Equal(t, ClassTPM, l.admit(999, 1), "999 ms refill less than a token")
	assert.Equal(t, ClassNone, l.admit(1000, 1), "a token per second")
	assert.Equal(t, ClassTPM, l.admit(1000, 1))
	assert.Equal(t, ClassNone, l.admit(10_000, 9), "9 s refill 9 tokens")
	assert.Equal(t, ClassTPM, l.admit(10_000, 1))
	assert.Equal(t, ClassTPM, l.admit(500_000, 61), "more than the bucket holds is never allowed")
	assert.Equal(t, ClassNone, l.admit(400_000, 60), "refill stops at the burst; an earlier t refills nothing")
	assert.Equal(t, ClassTPM, l.admit(400_000, 1))

	var unlimited modelLimit
	assert.Equal(t, ClassNone, unlimited.admit(0, 1<<40))
	u := newModelLimit(&Model{})
	assert.Equal(t, ClassNone, u.admit(0, 1<<50))
}

func TestModelLimitBothBuckets(t *testing.T) {
	l := newModelLimit(&Model{RequestsPerMinute: 2, TokensPerMinute: 1000})
	assert.Equal(t, ClassNone, l.admit(0, 600))
	assert.Equal(t, ClassTPM, l.admit(0, 600), "tokens short: neither bucket is spent")
	assert.Equal(t, ClassNone, l.admit(0, 400), "the refused call took no request")
	assert.Equal(t, ClassRPM, l.admit(0, 0), "requests exhausted")
	assert.Equal(t, ClassRPM, l.admit(0, 1<<50), "requests are checked first")
	assert.Equal(t, ClassNone, l.admit(60_000, 1000), "a minute later both are full")
}
