package core

// The cost of an attempt, in US dollars: its input and output tokens at the
// model's prices per million tokens,
//
//	(input × input_usd_per_mtok + output × output_usd_per_mtok) / 1e6
//
// less the model's batch_discount when the call carries more than one
// request through a batch API (Dispatch.BatchAPI). Failed attempts cost
// the tokens they consumed (see attemptTokens).

// attemptCost returns the price of an attempt of rows requests on m, in
// whole picodollars (10⁻¹² USD). Costs are summed as integers, so that
// totals do not depend on the order of addition and equal costs compare
// equal.
func attemptCost(m *Model, in, out int64, rows int, batchAPI bool) picoUSD {
	// USD per 1M tokens × 1e12 / 1e6 = picodollars per token × 1e6.
	p := float64(float64(in)*m.InputUSDPerMTok) + float64(float64(out)*m.OutputUSDPerMTok)
	p = float64(p * 1e6)
	if batchAPI && rows > 1 {
		p = float64(p * (1 - m.BatchDiscount))
	}
	if !(p < maxPicoUSD) { // also NaN
		return maxPicoUSD
	}
	if r := roundHalfEven(p); r > 0 { // max(0, r), a call under WebAssembly
		return picoUSD(r)
	}
	return 0
}

// picoUSD is an amount of money in picodollars.
type picoUSD int64

// maxPicoUSD (about 9 million dollars) bounds every sum, which saturates.
const maxPicoUSD = 1 << 63 / 1024 * 1023

// plus adds without overflow.
func (p picoUSD) plus(q picoUSD) picoUSD {
	if q > maxPicoUSD-p {
		return maxPicoUSD
	}
	return p + q
}

// USD returns the amount in dollars.
func (p picoUSD) USD() float64 { return float64(p) / 1e12 }

// callTokens returns the tokens of a call carrying a batch: the shared
// prompt once plus every member's prompt tokens in, and every member's
// expected output out. A request's expected output is its effective tokens
// minus its prompt tokens, round(token_count × f) with f 0.2, 0.6 or 1.2
// for a short, medium or long answer (see EffectiveTokens); a batch's is
// therefore tokens_effective − tokens_in.
func callTokens(b *Batch, shared int) (in, out int64) {
	return int64(shared) + int64(b.TokensIn), max(0, int64(b.TokensEffective)-int64(b.TokensIn))
}

// requestTokens is callTokens for a request sent alone.
func requestTokens(r *Request, shared int) (in, out int64) {
	return int64(shared) + int64(r.TokenCount), max(0, int64(r.EffectiveTokens)-int64(r.TokenCount))
}
