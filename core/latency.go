package core

import "math"

// The latency model of one call, from a model's catalog entry:
//
//	duration = (ttft_ms + prefill_ms_per_1k_tokens × input/1000
//	            + decode_ms_per_token × output) × jitter
//
// rounded to whole milliseconds (at least 1), where jitter is log-normal
// with median 1: exp(jitter_sigma × z) for a standard normal z drawn from
// the dispatch stream. z comes from one uniform draw through the inverse
// normal CDF, so each call costs the stream exactly one draw.

// maxCallMs bounds a call's duration: one day.
const maxCallMs = maxWaitMs

// callMs returns the duration of a call of in input and out output tokens
// on m, given the uniform draw u in [0, 1).
func callMs(m *Model, in, out int64, u float64) int64 {
	base := float64(m.TTFTMs) + float64(m.PrefillMsPer1KTokens*float64(in))/1000 + float64(m.DecodeMsPerToken*float64(out))
	return jittered(base, m.JitterSigma, u)
}

// roundTripMs is the duration of a call the provider answers with an error
// before running the model: the time to first token, jittered.
func roundTripMs(m *Model, u float64) int64 {
	return jittered(float64(m.TTFTMs), m.JitterSigma, u)
}

// jittered multiplies base by the log-normal jitter of u and rounds it to
// whole milliseconds in [1, maxCallMs].
func jittered(base, sigma float64, u float64) int64 {
	d := base
	if sigma > 0 {
		d = float64(base * exp(float64(sigma*normalQuantile(u))))
	}
	if !(d < maxCallMs) { // also NaN
		return maxCallMs
	}
	return max(1, int64(d+0.5))
}

// normalQuantile is the inverse of the standard normal CDF at p, by Peter
// Acklam's rational approximation (relative error below 1.15e-9), with p
// clamped into [1e-12, 1 − 1e-12]. It uses +, −, ×, ÷, sqrt and ln only, so
// it gives the same bits on every platform.
func normalQuantile(p float64) float64 {
	const lo, hi = 0.02425, 1 - 0.02425
	// The clamp, as comparisons: the built-in min and max of floats are
	// calls under WebAssembly.
	if p < 1e-12 {
		p = 1e-12
	} else if p > 1-1e-12 {
		p = 1 - 1e-12
	}
	switch {
	case p < lo:
		q := math.Sqrt(-2 * ln(p))
		return horner(q, acklamC[:]) / (float64(horner(q, acklamD[:])*q) + 1)
	case p > hi:
		q := math.Sqrt(-2 * ln(1-p))
		return -horner(q, acklamC[:]) / (float64(horner(q, acklamD[:])*q) + 1)
	}
	q := p - 0.5
	r := float64(q * q)
	return float64(horner(r, acklamA[:])*q) / (float64(horner(r, acklamB[:])*r) + 1)
}

// horner evaluates c[0]·x^(n−1) + … + c[n−1], each product rounded on its
// own so that no fused multiply-add forms.
func horner(x float64, c []float64) float64 {
	acc := c[0]
	for _, k := range c[1:] {
		acc = float64(acc*x) + k
	}
	return acc
}

var (
	acklamA = [...]float64{-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00}
	acklamB = [...]float64{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01}
	acklamC = [...]float64{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00}
	acklamD = [...]float64{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00}
)
