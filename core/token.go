package core

import "unicode/utf8"

// A TokenCounter estimates how many tokens a prompt costs. The default,
// HeuristicCounter, needs no vocabulary; a real tokenizer can be plugged in
// through Options.Tokenizers (see BPE).
type TokenCounter interface {
	CountTokens(text string) int
}

// HeuristicCounter is the reference estimate: max(1, ⌊code points / 4⌋ + 8),
// counting the text before trimming.
type HeuristicCounter struct{}

// CountTokens returns the heuristic estimate for text.
func (HeuristicCounter) CountTokens(text string) int {
	return heuristicTokens(utf8.RuneCountInString(text))
}

func heuristicTokens(runes int) int {
	return max(1, runes/4+8)
}

// EffectiveTokens is a request's weight against a batch's token limit: its
// prompt tokens grown by the expected output, max(1, round-half-even(tokens ×
// (1 + f))) with f = 0.2 for short, 0.6 for medium and 1.2 for long answers.
func EffectiveTokens(tokens int, out Length) int {
	f := outputFactor[MediumLength]
	if int(out) < len(outputFactor) {
		f = outputFactor[out]
	}
	one := 1.0
	mult := one + f // computed at run time, as the reference does
	return max(1, int(roundHalfEven(float64(tokens)*mult)))
}

var outputFactor = [...]float64{Short: 0.2, MediumLength: 0.6, Long: 1.2}
