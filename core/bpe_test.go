package core

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pieces splits text with a pre-tokenizer.
func pieces(split pretokenizer, text string) []string {
	var out []string
	for i := 0; i < len(text); {
		end := split(text, i)
		out = append(out, text[i:end])
		i = end
	}
	return out
}

func TestPretokenizers(t *testing.T) {
	cases := []struct {
		text          string
		cl100k, o200k []string
	}{
		{"Hello world", []string{"Hello", " world"}, []string{"Hello", " world"}},
		{"HelloWorld", []string{"HelloWorld"}, []string{"Hello", "World"}},
		{"I'm DON'T", []string{"I", "'m", " DON", "'T"}, []string{"I'm", " DON'T"}},
		{"it'ſ", []string{"it", "'ſ"}, []string{"it'ſ"}},
		{"  x", []string{" ", " x"}, []string{" ", " x"}},
		{"x  ", []string{"x", "  "}, []string{"x", "  "}},
		{"a\n\n  b", []string{"a", "\n\n", " ", " b"}, []string{"a", "\n\n", " ", " b"}},
		{"12345", []string{"123", "45"}, []string{"123", "45"}},
		{"hi!!!\n/x", []string{"hi", "!!!\n", "/x"}, []string{"hi", "!!!\n/", "x"}},
		{"a/b", []string{"a", "/b"}, []string{"a", "/b"}},
		{"\tword", []string{"\tword"}, []string{"\tword"}},
		{"中文 テスト", []string{"中文", " テスト"}, []string{"中文", " テスト"}},
		{"e\u0301te\u0301", []string{"e", "\u0301te", "\u0301"}, []string{"e\u0301te\u0301"}},
		{"\xff\xfeab", []string{"\xff\xfe", "ab"}, []string{"\xff\xfe", "ab"}}, // invalid bytes are symbols
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			assert.Equal(t, c.cl100k, pieces(cl100kPiece, c.text), "cl100k_base")
			assert.Equal(t, c.o200k, pieces(o200kPiece, c.text), "o200k_base")
		})
	}
}

// tinyRanks is a rank file of every byte, then merges of a, b and c.
func tinyRanks(merges ...string) []byte {
	var b strings.Builder
	rank := 0
	add := func(tok string) {
		fmt.Fprintf(&b, "%s %d\n", base64.StdEncoding.EncodeToString([]byte(tok)), rank)
		rank++
	}
	for c := range 256 {
		add(string([]byte{byte(c)}))
	}
	for _, m := range merges {
		add(m)
	}
	return []byte(b.String())
}

func TestBPECountsMerges(t *testing.T) {
	bpe, err := NewBPE(TokenizerO200k, tinyRanks("ab", "bc", "abc"))
	require.NoError(t, err)
	assert.Equal(t, TokenizerO200k, bpe.Name())
	assert.Equal(t, 259, bpe.Len())
	for text, want := range map[string]int{
		"": 0, "a": 1, "abc": 1, "abcabc": 2, "cab": 2, "bca": 2, "abc abc": 3, "ab ab": 3,
		strings.Repeat("abc", 40): 40, // a heap merge (over 64 bytes)
	} {
		assert.Equal(t, want, bpe.CountTokens(text), "%q", text)
	}
}

// TestScanAndHeapMergeAgree is the property that both merge loops pick the
// same pairs.
func TestScanAndHeapMergeAgree(t *testing.T) {
	bpe, err := NewBPE(TokenizerCl100k, tinyRanks("ab", "bc", "ca", "abc", "bca", "aa", "aaa", "cab", "abca"))
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, 2+rng.IntN(scanMergeLimit-1))
		for i := range b {
			b[i] = "abc"[rng.IntN(3)]
		}
		p := string(b)
		require.Equal(t, bpe.scanMerge(p), bpe.heapMerge(p), p)
	}
}

func TestNewBPERefusesBadRanks(t *testing.T) {
	_, err := NewBPE("p50k_base", tinyRanks())
	assert.ErrorIs(t, err, ErrInvalid)
	for name, data := range map[string]string{
		"no rank":   "YQ==\n",
		"bad rank":  "YQ== x\n",
		"not b64":   "!!! 1\n",
		"empty":     "",
		"duplicate": "YQ== 0\nYQ== 1\n",
	} {
		_, err := NewBPE(TokenizerO200k, []byte(data))
		assert.Error(t, err, name)
	}
}

func TestDefaultTokenizer(t *testing.T) {
	for model, want := range map[string]string{
		"gpt-4o": TokenizerO200k, "gpt-4o-mini": TokenizerO200k, "gpt-4.1": TokenizerO200k, "o3-mini": TokenizerO200k, "gpt-5": TokenizerO200k,
		"gpt-4": TokenizerCl100k, "gpt-4-turbo": TokenizerCl100k, "gpt-3.5-turbo": TokenizerCl100k,
		"claude-3-opus": TokenizerHeuristic, "models/gemini-2.5-pro": TokenizerHeuristic, "openai/gpt-4o": TokenizerO200k, "": TokenizerHeuristic,
	} {
		assert.Equal(t, want, DefaultTokenizer(model), model)
	}
}

// byteCounter counts a token per byte: a stand-in exact tokenizer.
type byteCounter struct{}

func (byteCounter) CountTokens(text string) int { return len(text) }

func TestExactTokensInASimulation(t *testing.T) {
	text := strings.Repeat("Summarize this paragraph about batching. ", 3)
	run := func(mode Mode, tokens string, tokenizers Tokenizers) *Result {
		s := DefaultScenario()
		s.Mode, s.Tokens = mode, tokens
		s.Prompts = []byte(`[{"prompt":` + fmt.Sprintf("%q", text) + `,"model":"gpt-4o-mini"},{"prompt":"hi","model":"claude-3-haiku"}]`)
		res, err := Simulate(&s, Options{Tokenizers: tokenizers})
		require.NoError(t, err)
		return res
	}
	exact := func(name string) TokenCounter {
		if name == TokenizerO200k {
			return byteCounter{}
		}
		return nil
	}
	heuristic := HeuristicCounter{}.CountTokens(text)
	res := run(ModeTimer, TokensExact, exact)
	assert.Equal(t, len(text), res.Requests[0].TokenCount, "gpt-4o-mini counts with o200k_base")
	assert.Equal(t, HeuristicCounter{}.CountTokens("hi"), res.Requests[1].TokenCount, "claude estimates")
	assert.Empty(t, res.Traffic.Notes, "every tokenizer asked for was there")

	assert.Equal(t, heuristic, run(ModeTimer, TokensHeuristic, exact).Requests[0].TokenCount)
	assert.Equal(t, heuristic, run(ModeSeed, TokensExact, exact).Requests[0].TokenCount, "seed mode estimates")
	missing := run(ModeTimer, TokensExact, nil)
	assert.Equal(t, heuristic, missing.Requests[0].TokenCount)
	require.NotNil(t, missing.Traffic)
	assert.Contains(t, strings.Join(missing.Traffic.Notes, "\n"), "no o200k_base tokenizer here", "only the tokenizers of the models used")
}

func TestModelTokenizerIsValidated(t *testing.T) {
	s := DefaultScenario()
	s.Catalog.Models = append(s.Catalog.Models, []byte(`{"name":"gpt-4o","tokenizer":"p50k_base"}`))
	_, err := s.BuildCatalog()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "$.catalog.models[0].tokenizer")
	s.Catalog.Models[0] = []byte(`{"name":"my-model","tokenizer":"cl100k_base","strengths":{"general":3}}`)
	cat, err := s.BuildCatalog()
	require.NoError(t, err)
	i, _ := cat.Lookup("my-model")
	assert.Equal(t, TokenizerCl100k, cat.Models()[i].TokenizerName())
}

// FuzzBPE checks that any text splits into pieces that cover it and
// counts without panicking, at most one token per byte.
func FuzzBPE(f *testing.F) {
	for _, s := range []string{"", "Hello world", "I'm\n\n  x", "中文 e\u0301", "\xff\xfe", "12345!!!/", strings.Repeat("ab", 50)} {
		f.Add(s)
	}
	bpe, err := NewBPE(TokenizerO200k, tinyRanks("ab", "bc", "abc", "He", "ll", "llo"))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, text string) {
		for _, split := range []pretokenizer{cl100kPiece, o200kPiece} {
			require.Equal(t, text, strings.Join(pieces(split, text), ""))
		}
		n := bpe.CountTokens(text)
		require.LessOrEqual(t, n, len(text))
		require.Equal(t, len(text) > 0, n > 0)
	})
}

// FuzzParseRanks checks that any rank file is read or refused without
// panicking, and that what is read counts text.
func FuzzParseRanks(f *testing.F) {
	f.Add(tinyRanks("ab"))
	f.Add([]byte("YQ== 0\nYg== 1\n\nYWI= 2\n"))
	f.Add([]byte("YQ== 4294967295\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		bpe, err := NewBPE(TokenizerCl100k, data)
		if err != nil {
			return
		}
		require.Positive(t, bpe.Len())
		require.Positive(t, bpe.CountTokens("abc"))
	})
}
