package core

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		want  Analysis
		runes int
	}{
		{"coding wins over summary", "Summarize this Python code", Analysis{IntentCoding, Low, MediumLength, Medium, false}, 26},
		{"summary", "Give me a TL;DR", Analysis{IntentSummarization, Low, Short, Low, false}, 15},
		{"reasoning", "explain the proof", Analysis{IntentReasoning, Low, MediumLength, Medium, false}, 17},
		{"data analysis", "a CSV of sales", Analysis{IntentDataAnalysis, Low, MediumLength, Medium, false}, 14},
		{"general", "hello there", Analysis{IntentGeneral, Low, MediumLength, Medium, false}, 11},
		{"long output", "a detailed plan", Analysis{IntentGeneral, Low, Long, High, false}, 15},
		{"short beats long", "brief but detailed", Analysis{IntentGeneral, Low, Short, Low, false}, 18},
		{"compliance", "check GDPR rules", Analysis{IntentGeneral, Low, MediumLength, Medium, true}, 16},
		{"substring match", "capital letters", Analysis{IntentCoding, Low, MediumLength, Medium, false}, 15}, // "api" in "capital"
		{"multi-word keyword", "list ACTION   ITEMS", Analysis{IntentGeneral, Low, MediumLength, Medium, false}, 19},
		{"multi-word keyword exact", "list action items", Analysis{IntentSummarization, Low, MediumLength, Medium, false}, 17},
		{"kelvin sign folds to k", "brea\u212A it", Analysis{IntentGeneral, Low, MediumLength, Medium, false}, 8},
		{"kelvin sign makes a keyword", "\u212Aeep it short", Analysis{IntentGeneral, Low, Short, Low, false}, 13},
		{"dotted capital I breaks a keyword", "EXPLA\u0130N", Analysis{IntentGeneral, Low, MediumLength, Medium, false}, 7},
		{"dotted capital I after pii", "PII\u0130", Analysis{IntentGeneral, Low, MediumLength, Medium, true}, 4},
		{"dotted capital I inside pii", "P\u0130I", Analysis{IntentGeneral, Low, MediumLength, Medium, false}, 3},
		{"python white space splits words", "a\x1cb\x1dc\x1ed\x1fe", Analysis{IntentGeneral, Low, MediumLength, Medium, false}, 9},
		{"unicode spaces", "a\u00a0b\u2003c\u3000d", Analysis{IntentGeneral, Low, MediumLength, Medium, false}, 7},
		{"empty", "", Analysis{IntentGeneral, Low, MediumLength, Medium, false}, 0},
	}
	var a Analyzer
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, runes := a.Analyze(tt.text)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.runes, runes)
		})
	}
}

func TestAnalyzeWordCount(t *testing.T) {
	var a Analyzer
	words := func(n int, sep string) string {
		s := ""
		for i := range n {
			if i > 0 {
				s += sep
			}
			s += "w"
		}
		return s
	}
	for _, tt := range []struct {
		n    int
		sep  string
		want Level
	}{
		{14, " ", Low}, {15, " ", Medium}, {44, "\t\n ", Medium}, {45, " ", High},
		{15, "\x1c", Medium}, // Go's unicode.IsSpace does not split here; Python does
		{15, "\u2028", Medium},
		{15, "\u200b", Low}, // zero width space is not white space
	} {
		got, _ := a.Analyze("  " + words(tt.n, tt.sep) + "  ")
		assert.Equal(t, tt.want, got.Complexity, "%d words separated by %q", tt.n, tt.sep)
	}
}

func TestTokens(t *testing.T) {
	c := HeuristicCounter{}
	assert.Equal(t, 8, c.CountTokens(""))
	assert.Equal(t, 8, c.CountTokens("abc"))
	assert.Equal(t, 9, c.CountTokens("abcd"))
	assert.Equal(t, 9, c.CountTokens("日本語の"), "code points, not bytes")
	assert.Equal(t, 9, c.CountTokens("  ab  "), "before trimming")

	assert.Equal(t, 12, EffectiveTokens(10, Short))
	assert.Equal(t, 16, EffectiveTokens(10, MediumLength))
	assert.Equal(t, 22, EffectiveTokens(10, Long))
	assert.Equal(t, 1, EffectiveTokens(0, Short))
	// 29 × 1.6 = 46.4 → 46; 27 × 2.2 = 59.400000000000006 → 59
	assert.Equal(t, 46, EffectiveTokens(29, MediumLength))
	assert.Equal(t, 59, EffectiveTokens(27, Long))
}

func TestRoundHalfEven(t *testing.T) {
	for x, want := range map[float64]float64{0.5: 0, 1.5: 2, 2.5: 2, 3.5: 4, 2.4: 2, 2.6: 3} {
		assert.Equal(t, want, roundHalfEven(x), "%v", x)
	}
}

// naiveAnalyze is the specification read literally: lower-case like Python,
// then substring tests in order.
func naiveAnalyze(text string) Analysis {
	low := strings.ToLower(strings.ReplaceAll(text, "\u0130", "i\u0307"))
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(low, w) {
				return true
			}
		}
		return false
	}
	var a Analysis
	g := keywordGroups
	switch {
	case has(g[0].words...):
		a.Intent = IntentCoding
	case has(g[1].words...):
		a.Intent = IntentSummarization
	case has(g[2].words...):
		a.Intent = IntentReasoning
	case has(g[3].words...):
		a.Intent = IntentDataAnalysis
	}
	n := len(strings.FieldsFunc(text, isSpace))
	a.Complexity = map[bool]Level{true: Low, false: Medium}[n < 15]
	if n >= 45 {
		a.Complexity = High
	}
	switch {
	case has(g[4].words...):
		a.OutputLength, a.LatencyTolerance = Short, Low
	case has(g[5].words...):
		a.OutputLength, a.LatencyTolerance = Long, High
	default:
		a.OutputLength, a.LatencyTolerance = MediumLength, Medium
	}
	a.ComplianceNeeded = has(g[6].words...)
	return a
}

func TestAnalyzeMatchesNaive(t *testing.T) {
	pieces := []string{"co", "de", "CODE", "tl;", "dr", "TL;DR", "step-", "by-step", "in ", "depth", "In  depth",
		"action", " items", "p", "ii", "P\u0130I", "\u0130", "\u212A", "eep", "sh", "ort", "why", "WHY", " ", "\t",
		"\x1c", "\u00a0", "\u3000", "é", "\xff", "\xe6\x97", "日本", "x", ";", "-", "summar", "ize", "api", "gdpr", "\u212Aeep",
		"\xe2\x84", "\xc4", "\xb0", "word ", "filler text "}
	rng := rand.New(rand.NewPCG(5, 6))
	var a Analyzer
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		got, runes := a.Analyze(text)
		require.Equal(t, naiveAnalyze(text), got, "%q", text)
		require.Equal(t, utf8.RuneCountInString(text), runes)
	}
}

// pythonUnicodeSpace lists the non-ASCII characters Python's str.isspace
// accepts (bidirectional class WS, B or S, or category Zs).
var pythonUnicodeSpace = map[rune]bool{
	0x85: true, 0xA0: true, 0x1680: true,
	0x2000: true, 0x2001: true, 0x2002: true, 0x2003: true, 0x2004: true, 0x2005: true,
	0x2006: true, 0x2007: true, 0x2008: true, 0x2009: true, 0x200A: true,
	0x2028: true, 0x2029: true, 0x202F: true, 0x205F: true, 0x3000: true,
}

// TestUnicodeSpaceIsPythons proves, for every rune from 0x80 up, that
// unicode.IsSpace is Python's str.isspace, so that isSpace need only add
// the ASCII table.
func TestUnicodeSpaceIsPythons(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if unicode.IsSpace(r) != pythonUnicodeSpace[r] {
			require.Failf(t, "differs", "U+%04X: unicode.IsSpace %v, Python %v", r, unicode.IsSpace(r), pythonUnicodeSpace[r])
		}
	}
	for r := range rune(utf8.RuneSelf) {
		require.Equal(t, asciiSpace[r], isSpace(r), "U+%04X", r)
	}
}

// TestKeywordCharDecodes checks keywordScan.char, which decodes the
// characters of two and three bytes itself, against decodedChar, which
// decodes with utf8.DecodeRuneInString: for every byte sequence of up to three
// bytes led by one beyond ASCII (valid or not, cut short or not), from a
// state after a word and one after white space.
func TestKeywordCharDecodes(t *testing.T) {
	starts := []keywordScan{keywordScan{}.scan("a code"), keywordScan{}.scan("tl; ")}
	check := func(text string) {
		for _, s := range starts {
			got, rest := s.char(text)
			want, wantRest := s.decodedChar(text)
			if got != want || rest != wantRest {
				require.Failf(t, "differs", "% x: char %+v %q, decoded %+v %q", text, got, rest, want, wantRest)
			}
		}
	}
	b := make([]byte, 0, 3)
	for b0 := utf8.RuneSelf; b0 < 256; b0++ {
		check(string(append(b[:0], byte(b0))))
		for b1 := range 256 {
			check(string(append(b[:0], byte(b0), byte(b1))))
			if b0 < 0xE0 || b0 > 0xF4 || b1&0xC0 != 0x80 {
				continue // a third byte changes nothing the first two decide
			}
			for b2 := range 256 {
				check(string(append(b[:0], byte(b0), byte(b1), byte(b2))))
			}
		}
	}
}

// TestKeywordRowsFit checks that the keyword automaton's rows fit its
// table and the 16 bits a move gives them.
func TestKeywordRowsFit(t *testing.T) {
	require.LessOrEqual(t, keywordMatcher.states*numClasses, keywordRows)
	require.LessOrEqual(t, keywordRows, 1<<16)
}

// TestScanHalves checks that reading a text as two halves at once finds
// what reading it from the start finds, whatever stands around the middle:
// keywords, white space, characters beyond ASCII, invalid UTF-8.
func TestScanHalves(t *testing.T) {
	pieces := []string{"co", "de", "CODE", "tl;", "dr", "step-", "by-step", "in ", "depth", "action", " items",
		"comprehensive", "\u0130", "\u212A", "eep", "sh", "ort", " ", "  ", "\t", "\x1c", "\u00a0", "\u3000", "é",
		"\xff", "\xe6\x97", "\x97\x97\x97", "日本", "x", ";", "-", "gdpr", "word ", "filler text ", "Straße "}
	rng := rand.New(rand.NewPCG(13, 14))
	for range 20000 {
		var b strings.Builder
		for b.Len() < halvesFromBytes+rng.IntN(200) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		want := keywordScan{}.scan(text)
		got := scanHalves(text)
		require.Equal(t, uint8(want.found>>16), uint8(got.found>>16), "%q", text)
		require.Equal(t, want.words, got.words, "%q", text)
		require.Equal(t, want.extra, got.extra, "%q", text)
		require.Equal(t, want.row, got.row, "%q", text)
	}
}
