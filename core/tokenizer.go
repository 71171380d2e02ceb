package core

import (
	"slices"
	"strings"
)

// Names of the tokenizers a catalog model can name (Model.Tokenizer).
const (
	// TokenizerHeuristic is the reference estimate (HeuristicCounter).
	TokenizerHeuristic = "heuristic"
	// TokenizerO200k is the byte-pair encoding of GPT-4o, GPT-4.1, o1 and
	// later OpenAI models.
	TokenizerO200k = "o200k_base"
	// TokenizerCl100k is the byte-pair encoding of GPT-4 and GPT-3.5.
	TokenizerCl100k = "cl100k_base"
)

// TokenizerList is the tokenizers a model may name, in the order shown.
var TokenizerList = []string{TokenizerHeuristic, TokenizerO200k, TokenizerCl100k}

// ExactTokenizers are the tokenizers a BPE counts exactly.
var ExactTokenizers = []string{TokenizerO200k, TokenizerCl100k}

// RanksFile is the name of a tokenizer's tiktoken rank file where the
// playground fetches it, next to main.wasm: "o200k_base.tiktoken".
func RanksFile(tokenizer string) string { return tokenizer + ".tiktoken" }

// How prompt tokens are counted (Scenario.Tokens).
const (
	// TokensHeuristic (the default, also spelled "") estimates every prompt
	// as the reference does.
	TokensHeuristic = "heuristic"
	// TokensExact counts each prompt with the tokenizer its model names,
	// where the caller supplies it (Options.Tokenizers); seed mode and
	// models without an exact tokenizer keep the estimate.
	TokensExact = "exact"
)

// Tokenizers gives the counter of an exact tokenizer by name
// (TokenizerO200k, TokenizerCl100k), or nil when the caller has none for it.
type Tokenizers func(name string) TokenCounter

// DefaultTokenizer is the tokenizer of a model that names none: o200k_base
// for GPT-4o, GPT-4.1, GPT-5 and the o-series, cl100k_base for GPT-4 and
// GPT-3.5, the heuristic for every other model.
func DefaultTokenizer(model string) string {
	name := model[strings.LastIndexByte(model, '/')+1:]
	switch {
	case strings.HasPrefix(name, "gpt-4o"), strings.HasPrefix(name, "gpt-4.1"), strings.HasPrefix(name, "gpt-5"),
		len(name) >= 2 && name[0] == 'o' && name[1] >= '1' && name[1] <= '9':
		return TokenizerO200k
	case strings.HasPrefix(name, "gpt-4"), strings.HasPrefix(name, "gpt-3.5"):
		return TokenizerCl100k
	}
	return TokenizerHeuristic
}

// counters returns each catalog model's counter under mode: nil (the
// heuristic) but for exact counts of models whose tokenizer tokenizers
// supplies. lacking[m] is the tokenizer model m names but tokenizers does
// not supply, "" when none.
func counters(cat *Catalog, mode string, tokenizers Tokenizers) (per []TokenCounter, lacking []string) {
	if mode != TokensExact {
		return nil, nil
	}
	per = make([]TokenCounter, len(cat.models))
	lacking = make([]string, len(cat.models))
	for i := range cat.models {
		name := cat.models[i].TokenizerName()
		if name == TokenizerHeuristic {
			continue
		}
		if tokenizers != nil {
			per[i] = tokenizers(name)
		}
		if per[i] == nil {
			lacking[i] = name
		}
	}
	return per, lacking
}

// lackingNote says which tokenizers the requests that were counted (not
// given a count) needed but did not have, in catalog order; "" when none.
func lackingNote(reqs []Request, lacking []string) string {
	if lacking == nil {
		return ""
	}
	used := make([]bool, len(lacking))
	for i := range reqs {
		if !reqs[i].hasTokens {
			used[reqs[i].model] = true
		}
	}
	var names []string
	for m, name := range lacking {
		if used[m] && name != "" && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "exact token counts asked for, but no " + strings.Join(names, " or ") + " tokenizer here: the prompts of its models are estimated"
}
