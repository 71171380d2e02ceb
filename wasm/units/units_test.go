package units

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDuration(t *testing.T) {
	tests := []struct {
		ms   float64
		want string
	}{
		{0, "0 ms"}, {80, "80 ms"}, {49.44, "49.4 ms"}, {999, "999 ms"},
		{1000, "1 s"}, {1250, "1.25 s"}, {59_990, "59.99 s"},
		{200_000, "3 min 20 s"}, {7_500_000, "2 h 05 min"}, {-80, "−80 ms"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Duration(tt.ms), "%v", tt.ms)
	}
}

func TestClock(t *testing.T) {
	assert.Equal(t, "00:00.080", Clock(80))
	assert.Equal(t, "01:02.003", Clock(62_003))
	assert.Equal(t, "9:00:00.000", Clock(9*3_600_000))
	assert.Equal(t, "−00:01.000", Clock(-1000))
}

func TestCounts(t *testing.T) {
	assert.Equal(t, "0", Count(0))
	assert.Equal(t, "999", Count(999))
	assert.Equal(t, "1,000", Count(1000))
	assert.Equal(t, "12,345,678", Count(12345678))
	assert.Equal(t, "−1,000", Count(-1000))
	assert.Equal(t, "1 token", Tokens(1))
	assert.Equal(t, "3,000 tokens", Tokens(3000))
	assert.Equal(t, "1 request", Requests(1))
	assert.Equal(t, "2 requests", Requests(2))
	assert.Equal(t, "13.9 %", Percent(0.139))
	assert.Equal(t, "100 %", Percent(1))
	assert.Equal(t, "2.38", Decimal(2.375))
	assert.Equal(t, "2", Decimal(2))
	assert.Equal(t, "10,000", Decimal(10000))
	assert.Equal(t, "−1,234.5", Decimal(-1234.5))
	assert.Equal(t, "1,250 %", Percent(12.5))
	assert.Equal(t, "39.5 %", Percent(0.39494), "one decimal")
	assert.Equal(t, "−451.5 %", Percent(-4.515))
}

func TestPlural(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0 requests"}, {1, "1 request"}, {2, "2 requests"}, {-1, "−1 request"}, {10000, "10,000 requests"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Plural(tt.n, "request", "requests"), "%d", tt.n)
	}
	assert.Equal(t, "retry", Noun(1, "retry", "retries"))
	assert.Equal(t, "retries", Noun(3, "retry", "retries"))
}

func TestSigned(t *testing.T) {
	assert.Equal(t, "+1 min 37 s", SignedDuration(97_890))
	assert.Equal(t, "−80 ms", SignedDuration(-80))
	assert.Equal(t, "0 ms", SignedDuration(0))
	assert.Equal(t, "97,890 ms", Millis(97_890))
	assert.Equal(t, "−1,000 ms", Millis(-1000))
	assert.Equal(t, "+13.9 %", SignedPercent(0.139))
	assert.Equal(t, "−451.5 %", SignedPercent(-4.515))
	assert.Equal(t, "0 %", SignedPercent(0))
}

func TestTick(t *testing.T) {
	tests := []struct {
		t, step int64
		want    string
	}{
		{0, 500, "0.0 s"}, {1500, 500, "1.5 s"}, {250, 50, "0.25 s"}, {3, 1, "0.003 s"},
		{42_000, 2000, "42 s"}, {200_000, 20_000, "3:20"}, {61_500, 500, "1:01.5"},
		{9*3_600_000 + 5*60_000, 300_000, "9:05"}, {720_000, 120_000, "12 min"},
		{3_600_000 + 61_000, 1000, "1:01:01"}, {9*3_600_000 + 33*60_000 + 15_500, 50, "9:33:15.50"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Tick(tt.t, tt.step), "%d/%d", tt.t, tt.step)
	}
}

func TestUSD(t *testing.T) {
	assert.Equal(t, "$12.50", USD(12.5))
	assert.Equal(t, "$0.0042", USD(0.0042))
	assert.Equal(t, "−$0.000021", USD(-0.000021))
	assert.Equal(t, "$0.00", USD(0))
	assert.Equal(t, "$1,234.50", USD(1234.5))
}

func TestNiceStep(t *testing.T) {
	for _, tt := range []struct{ x, want float64 }{
		{0.2, 1}, {0.3, 1}, {1.5, 2}, {13, 20}, {260, 500}, {600, 1000},
	} {
		assert.Equal(t, tt.want, NiceStep(tt.x), "NiceStep(%v)", tt.x)
	}
}

func TestSize(t *testing.T) {
	assert.Equal(t, "512 bytes", Size(512))
	assert.Equal(t, "3.4 kB", Size(3400))
	assert.Equal(t, "12.5 MB", Size(12_500_000))
	assert.Equal(t, "2 MB", Size(2_000_000))
}

// TestDurationWholeMs checks Duration's integer path (wholeDuration)
// against the float formatting it stands for, on every whole ms under a
// minute, negative too, and on fractions beside them.
func TestDurationWholeMs(t *testing.T) {
	float := func(ms float64) string {
		if ms < 1000 {
			return trim(strconv.FormatFloat(ms, 'f', 1, 64)) + " ms"
		}
		return trim(strconv.FormatFloat(ms/1000, 'f', 2, 64)) + " s"
	}
	for ms := range int64(60_000) {
		want := float(float64(ms))
		require.Equal(t, want, Duration(float64(ms)), "%d ms", ms)
		if ms > 0 {
			require.Equal(t, "−"+want, Duration(-float64(ms)), "%d ms", -ms)
		}
		require.Equal(t, float(float64(ms)+0.25), Duration(float64(ms)+0.25), "%d.25 ms", ms)
	}
}
