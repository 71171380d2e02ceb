// Package units is the playground's one formatter for the quantities it
// shows: counts (thousands separated by commas everywhere), durations (in
// the unit their size calls for, with Millis for the exact figure in a
// tooltip), money, percentages and plurals, always with their unit; and
// it picks the round steps their axes are marked in. Panels format
// figures here, never with strconv or fmt.
package units

import (
	"math"
	"strconv"
	"strings"

	"github.com/batchlab/batchlab/core"
)

// Duration formats a time in milliseconds for people: "80 ms", "1.25 s",
// "3 min 20 s", "2 h 05 min".
func Duration(ms float64) string {
	neg := ms < 0
	if neg {
		ms = -ms
	}
	var s string
	switch {
	case ms < 60_000 && ms == float64(int64(ms)) && int64(ms)%10 != 5:
		s = wholeDuration(int64(ms))
	case ms < 1000:
		s = trim(strconv.FormatFloat(ms, 'f', 1, 64)) + " ms"
	case ms < 60_000:
		s = trim(strconv.FormatFloat(ms/1000, 'f', 2, 64)) + " s"
	case ms < 3_600_000:
		m := int64(ms) / 60_000
		sec := (int64(ms) % 60_000) / 1000
		s = strconv.FormatInt(m, 10) + " min " + strconv.FormatInt(sec, 10) + " s"
	default:
		h := int64(ms) / 3_600_000
		m := (int64(ms) % 3_600_000) / 60_000
		s = strconv.FormatInt(h, 10) + " h " + pad2(m) + " min"
	}
	if neg {
		return "−" + s
	}
	return s
}

// wholeDuration is Duration of a whole number of ms under a minute, but
// for those ending in 5 at and above a second (which FormatFloat rounds
// by their binary value, one way or the other), in integers: most
// durations shown are whole ms, and formatting them as floats made V8
// recompile strconv's float formatting with TurboFan during the page's
// start (50–100 ms of a background thread's CPU, beside the first
// render). TestDurationWholeMs compares the two on every such ms.
func wholeDuration(ms int64) string {
	if ms < 1000 {
		return strconv.FormatInt(ms, 10) + " ms"
	}
	hundredths := (ms + 5) / 10 // ms/10 rounded: it never ends in .5
	return trim(strconv.FormatInt(hundredths/100, 10)+"."+pad2(hundredths%100)) + " s"
}

// Clock formats a time since midnight (or since the start of a run) as
// "h:mm:ss.mmm", dropping the hours when zero.
func Clock(ms int64) string {
	if ms < 0 {
		return "−" + Clock(-ms)
	}
	h, rest := ms/3_600_000, ms%3_600_000
	m, rest := rest/60_000, rest%60_000
	s, milli := rest/1000, rest%1000
	out := pad2(m) + ":" + pad2(s) + "." + pad3(milli)
	if h > 0 {
		out = strconv.FormatInt(h, 10) + ":" + out
	}
	return out
}

// Count formats an integer with commas between thousands, "12,345", as
// core's explanations do (core.FormatCount), so that one panel never mixes
// two separators; a negative count gets a minus sign, "−1,000".
func Count(n int) string {
	if n < 0 {
		return "−" + core.FormatCount(-n)
	}
	return core.FormatCount(n)
}

// Noun is the word for n things: one when n is 1 (or −1), else many.
func Noun(n int, one, many string) string {
	if n == 1 || n == -1 {
		return one
	}
	return many
}

// Plural formats a count with its noun: "1 request", "12,345 requests",
// "0 retries".
func Plural(n int, one, many string) string {
	return Count(n) + " " + Noun(n, one, many)
}

// Tokens formats a token count: "3,000 tokens", "1 token".
func Tokens(n int) string { return Plural(n, "token", "tokens") }

// Requests formats a number of requests: "1 request", "12 requests".
func Requests(n int) string { return Plural(n, "request", "requests") }

// Millis formats an exact number of milliseconds, "97,890 ms": the
// tooltip of a figure that Duration rounds.
func Millis(ms int64) string {
	if ms < 0 {
		return "−" + core.FormatCount(int(-ms)) + " ms"
	}
	return core.FormatCount(int(ms)) + " ms"
}

// SignedDuration formats a difference of times with its sign, "+1 min
// 38 s", "−80 ms", "0 ms", in the units Duration picks.
func SignedDuration(ms float64) string {
	if ms > 0 {
		return "+" + Duration(ms)
	}
	return Duration(ms)
}

// SignedPercent formats a fraction as a percentage with its sign:
// "+13.9 %", "−451.5 %", "0 %".
func SignedPercent(f float64) string {
	switch {
	case f > 0:
		return "+" + Percent(f)
	case f < 0:
		return "−" + Percent(-f)
	}
	return "0 %"
}

// Percent formats a fraction from 0 to 1 as a percentage with one decimal
// and thousands separated: "13.9 %", "1,250 %", "−5 %".
func Percent(f float64) string {
	if f < 0 {
		return "−" + Percent(-f)
	}
	return grouped(trim(strconv.FormatFloat(100*f, 'f', 1, 64))) + " %"
}

// Decimal formats a number with at most two decimals and its thousands
// separated: "2.5", "10,000", "−0.25".
func Decimal(f float64) string {
	if f < 0 {
		return "−" + Decimal(-f)
	}
	return grouped(trim(strconv.FormatFloat(f, 'f', 2, 64)))
}

// grouped separates the thousands of a non-negative decimal's whole part:
// "12345.5" → "12,345.5".
func grouped(s string) string {
	whole, frac, found := strings.Cut(s, ".")
	if n, err := strconv.Atoi(whole); err == nil {
		whole = core.FormatCount(n)
	}
	if found {
		return whole + "." + frac
	}
	return whole
}

// Size formats a number of bytes: "512 bytes", "3.4 kB", "12.5 MB"
// (powers of 1,000).
func Size(n int) string {
	switch {
	case n < 1000:
		return strconv.Itoa(n) + " bytes"
	case n < 1_000_000:
		return trim(strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64)) + " kB"
	}
	return trim(strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64)) + " MB"
}

// trim removes trailing zeros after a decimal point.
func trim(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

func pad3(n int64) string {
	switch {
	case n < 10:
		return "00" + strconv.FormatInt(n, 10)
	case n < 100:
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// Tick labels a mark of a time axis at t ms whose marks are step ms apart,
// with no more precision than the step needs: "1.5 s", "42 s", "3:20",
// "9:05", "12 min".
func Tick(t, step int64) string {
	h, m, s := t/3_600_000, (t%3_600_000)/60_000, (t%60_000)/1000
	switch {
	case step >= 60_000 && t >= 3_600_000:
		return strconv.FormatInt(h, 10) + ":" + pad2(m)
	case step >= 60_000:
		return strconv.FormatInt(t/60_000, 10) + " min"
	case step >= 1000 && t >= 3_600_000:
		return strconv.FormatInt(h, 10) + ":" + pad2(m) + ":" + pad2(s)
	case step >= 1000 && t >= 60_000:
		return strconv.FormatInt(t/60_000, 10) + ":" + pad2(s)
	case step >= 1000:
		return strconv.FormatInt(t/1000, 10) + " s"
	}
	decimals := 1
	if step < 100 {
		decimals = 2
	}
	if step < 10 {
		decimals = 3
	}
	frac := strconv.FormatFloat(float64(t%60_000)/1000, 'f', decimals, 64)
	if t >= 3_600_000 {
		if t%60_000 < 10_000 {
			frac = "0" + frac
		}
		return strconv.FormatInt(h, 10) + ":" + pad2(m) + ":" + frac
	}
	if t >= 60_000 {
		if t%60_000 < 10_000 {
			frac = "0" + frac
		}
		return strconv.FormatInt(t/60_000, 10) + ":" + frac
	}
	return frac + " s"
}

// USD formats an amount of US dollars with the precision small amounts
// need, thousands separated: "$12.50", "$1,234.00", "$0.0042",
// "−$0.000021".
func USD(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "−", -v
	}
	decimals := 2
	for x := v; x > 0 && x < 0.1 && decimals < 8; x *= 10 {
		decimals++
	}
	return sign + "$" + grouped(strconv.FormatFloat(v, 'f', decimals, 64))
}

// NiceStep rounds x up to 1, 2 or 5 times a power of ten, at least 1: the
// step of an axis or of histogram bins (in ms, tokens, …).
func NiceStep(x float64) float64 {
	if x <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}
