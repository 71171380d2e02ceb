package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTokenBucket(t *testing.T) {
	b := NewTokenBucket(60) // one token per second
	assert.Equal(t, int64(60), b.Tokens(0), "starts full")
	assert.True(t, b.AllowN(0, 60))
	assert.False(t, b.AllowN(0, 1), "empty")
	assert.False(t, b.AllowN(999, 1), "999 ms refill less than a token")
	assert.True(t, b.AllowN(1000, 1), "a token per second")
	assert.False(t, b.AllowN(1000, 1))
	assert.True(t, b.AllowN(10_000, 9), "9 s refill 9 tokens")
	assert.False(t, b.AllowN(10_000, 1))
	assert.Equal(t, int64(60), b.Tokens(500_000), "refill stops at the burst")
	assert.False(t, b.AllowN(500_000, 61), "more than the bucket holds is never allowed")
	assert.True(t, b.AllowN(400_000, 60), "time never goes back: an earlier t refills nothing")
	assert.Equal(t, int64(0), b.Tokens(400_000))

	var unlimited TokenBucket
	assert.True(t, unlimited.AllowN(0, 1<<40))
	u := NewTokenBucket(0)
	assert.True(t, u.AllowN(0, 1<<50))
}

func TestModelLimitBothBuckets(t *testing.T) {
	l := newModelLimit(&Model{RequestsPerMinute: 2, TokensPerMinute: 1000})
	assert.True(t, l.allow(0, 600))
	assert.False(t, l.allow(0, 600), "tokens short: neither bucket is spent")
	assert.True(t, l.allow(0, 400))
	assert.False(t, l.allow(0, 1), "requests exhausted")
	assert.Equal(t, int64(0), l.tokens.Tokens(0))
	assert.True(t, l.allow(60_000, 1000), "a minute later both are full")
}
