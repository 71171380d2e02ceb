package core

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackoffBounds(t *testing.T) {
	tests := []struct {
		base, capMs int64
		attempt     int
		u           float64
		want        int64
	}{
		{1000, 60_000, 0, 0, 1000},
		{1000, 60_000, 0, 0.999, 1099},
		{1000, 60_000, 1, 0.5, 2100},
		{1000, 60_000, 2, 0, 4000},
		{1000, 60_000, 5, 0, 32_000},
		{1000, 60_000, 6, 0, 60_000}, // capped
		{1000, 60_000, 20, 0.7, 60_000},
		{0, 0, 3, 0.5, 0},
		{86_400_000, 86_400_000, 20, 0.99, 86_400_000},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, backoffMs(tt.base, tt.capMs, tt.attempt, tt.u), "%+v", tt)
	}
}

func TestInjectShares(t *testing.T) {
	f := Failures{RateLimit: 0.1, Server: 0.2, Timeout: 0.1, Client: 0.3}
	tests := []struct {
		u      float64
		class  FailureClass
		status int16
	}{
		{0, ClassRateLimit, 429}, {0.099, ClassRateLimit, 429},
		{0.1001, ClassServer, 500}, {0.16, ClassServer, 502}, {0.21, ClassServer, 503}, {0.299, ClassServer, 504},
		{0.3001, ClassTimeout, 0}, {0.399, ClassTimeout, 0},
		{0.4001, ClassClient, 400}, {0.55, ClassClient, 401}, {0.69, ClassClient, 403},
		{0.7001, ClassNone, 200}, {0.999, ClassNone, 200},
	}
	for _, tt := range tests {
		c, s := f.inject(tt.u)
		assert.Equal(t, tt.class, c, "u=%v", tt.u)
		assert.Equal(t, tt.status, s, "u=%v", tt.u)
	}
	none := Failures{}
	c, _ := none.inject(0)
	assert.Equal(t, ClassNone, c)
}

func TestParseFailureGrowsWithRows(t *testing.T) {
	f := Failures{ParseBase: 0.01, ParsePerRow: 0.005}
	assert.InDelta(t, 0.015, f.parseFailure(1), 1e-12)
	assert.InDelta(t, 0.26, f.parseFailure(50), 1e-12)
	assert.Equal(t, 1.0, f.parseFailure(1000))
}

func TestRetriable(t *testing.T) {
	for _, c := range []FailureClass{ClassRateLimit, ClassRPM, ClassTPM, ClassServer, ClassTimeout, ClassParse} {
		assert.True(t, c.Retriable(), c.String())
	}
	for _, c := range []FailureClass{ClassNone, ClassClient, ClassContext} {
		assert.False(t, c.Retriable(), c.String())
	}
	var c FailureClass
	require.NoError(t, c.UnmarshalText([]byte("tpm_limit")))
	assert.Equal(t, ClassTPM, c)
	assert.Error(t, c.UnmarshalText([]byte("oops")))
}

func TestNormalQuantile(t *testing.T) {
	// Known quantiles of the standard normal distribution.
	for p, z := range map[float64]float64{
		0.5: 0, 0.975: 1.959963984540054, 0.025: -1.959963984540054, 0.8413447460685429: 1,
		0.001: -3.090232306167813, 0.999: 3.090232306167813, 1e-9: -5.997807015007686,
	} {
		assert.InDelta(t, z, normalQuantile(p), 1e-8, "p=%v", p)
	}
	assert.False(t, math.IsInf(normalQuantile(0), 0), "clamped")
	assert.False(t, math.IsInf(normalQuantile(1), 0), "clamped")
}

func TestCallDuration(t *testing.T) {
	m := Model{TTFTMs: 500, PrefillMsPer1KTokens: 20, DecodeMsPerToken: 10}
	assert.Equal(t, int64(500+20+1000), callMs(&m, 1000, 100, 0.3), "no jitter without sigma")
	m.JitterSigma = 0.5
	assert.Equal(t, int64(1520), callMs(&m, 1000, 100, 0.5), "median jitter is 1")
	assert.Less(t, callMs(&m, 1000, 100, 0.1), int64(1520))
	assert.Greater(t, callMs(&m, 1000, 100, 0.9), int64(1520))
	m.DecodeMsPerToken = 1e300
	assert.Equal(t, int64(maxCallMs), callMs(&m, 1, 1<<40, 0.5), "bounded")
	assert.Equal(t, int64(1), callMs(&Model{}, 0, 0, 0.5), "at least 1 ms")
}

func TestAttemptCost(t *testing.T) {
	m := Model{InputUSDPerMTok: 2.5, OutputUSDPerMTok: 10, BatchDiscount: 0.5}
	c := attemptCost(&m, 1_000_000, 100_000, 1, true)
	assert.Equal(t, 3.5, c.USD())
	assert.Equal(t, 1.75, attemptCost(&m, 1_000_000, 100_000, 2, true).USD(), "batch API discount")
	assert.Equal(t, 3.5, attemptCost(&m, 1_000_000, 100_000, 2, false).USD())
	assert.Equal(t, picoUSD(maxPicoUSD), attemptCost(&Model{InputUSDPerMTok: 1e300}, 1, 0, 1, false))
	assert.Equal(t, picoUSD(maxPicoUSD), picoUSD(maxPicoUSD).plus(5))
}

func TestRadixSort(t *testing.T) {
	for _, n := range []int{0, 1, 2, 100, 5000} {
		for _, spread := range []int64{1, 70_000, 1 << 40} {
			v := make([]int64, n)
			for i := range v {
				v[i] = int64(i*7919) % (spread + 1) * (spread / max(1, spread/1000))
			}
			want := slices.Clone(v)
			slices.Sort(want)
			radixSort(v, make([]int64, n))
			require.Equal(t, want, v, "n=%d spread=%d", n, spread)
		}
	}
	v := []int64{5, -1, 3}
	radixSort(v, make([]int64, 3))
	assert.Equal(t, []int64{-1, 3, 5}, v)
}
