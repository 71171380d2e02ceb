package core

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// commonPromptsCases are documents at the edge of the common shape: some
// taken by decodeCommonPrompts, the rest left to the general decoder.
var commonPromptsCases = []string{
	`[]`, ` [ ] `, `[{"prompt":"x"}]`, `[{"prompt":" "}]`, `[{"prompt":""}]`, `[{}]`, `["a"]`,
	`[{"request_id":"a","created_at_ms":5,"user_id":"u","prompt":"fix the bug"}]`,
	`[{"request_id":"a","prompt":"x"},{"request_id":"a","prompt":"y"}]`,
	`[{"prompt":"x"},{"request_id":"r1","prompt":"y"}]`, `[{"request_id":"r2","prompt":"y"},{"prompt":"x"}]`,
	`[{"request_id":"r3","prompt":"y"},{"prompt":"x"}]`,
	`[{"prompt":"x","created_at_ms":0},{"prompt":"y","created_at_ms":9007199254740991}]`,
	`[{"prompt":"x","created_at_ms":9007199254740992}]`, `[{"prompt":"x","created_at_ms":-1}]`,
	`[{"prompt":"x","created_at_ms":01}]`, `[{"prompt":"x","created_at_ms":1.0}]`, `[{"prompt":"x","created_at_ms":1e3}]`,
	`[{"prompt":"x","user_id":42}]`, `[{"prompt":"x","user_id":-4}]`, `[{"prompt":"x","user_id":null}]`,
	`[{"prompt":"x","prompt":"y"}]`, `[{"prompt":"x","model":"m"}]`, `[{"prompt":"x","extra":1}]`,
	`[{"prompt":"a\"b\\c\/d\b\f\n\r\te"}]`, `[{"prompt":"\u00e9\u0130\ud83d\ude00 \ud800"}]`,
	"[{\"prompt\":\"caf\xc3\xa9 na\xefve\"}]", "[{\"prompt\":\"bad \xff utf8\\n\"}]", "[{\"prompt\":\"tab\tinside\"}]",
	`[{"prompt":"x\q"}]`, `[{"prompt":"x\u12"}]`, `[{"prompt":"x"`, `[{"prompt":"x"},]`, `[{"prompt":"x"}] x`,
	`[{"prompt" "x"}]`, `[{"prompt":"x" "request_id":"a"}]`, `[{"pro\u006dpt":"x"}]`, `{"prompt":"x"}`, `null`, ``,
	`[{"prompt":"x","request_id":""}]`, `[{"prompt":"x","request_id":7}]`, "\t[\r\n{ \"prompt\" : \"x\" } ]\n",
	`[{"created_at_ms":1,"input_tokens":374,"output_tokens":44}]`, `[{"input_tokens":0}]`, `[{"input_tokens":1,"prompt":""}]`,
	`[{"input_tokens":5,"token_count":5}]`, `[{"output_tokens":5}]`, `[{"input_tokens":1099511627777}]`,
	`[{"input_tokens":3,"output_tokens":0,"shared_prefix_tokens":2,"model":"gpt-4","failed":true,"user_id":"u"}]`,
	`[{"input_tokens":3,"failed":false},{"input_tokens":3,"failed":null},{"input_tokens":3,"failed":tru}]`,
	`[{"request_id":"\ud800","prompt":"x"}]`, `[{"request_id":"\ufffd","prompt":"x"}]`, "[{\"request_id\":\"\xff\",\"prompt\":\"x\"}]",
	`[{"input_tokens":3,"model":null}]`, `[{"input_tokens":3,"model":""}]`, `[{"input_tokens":3,"prompt":" "}]`,
	`[{"prompt":"\n \t\r\f"}]`, `[{"prompt":" \b"}]`, `[{"prompt":"\/"}]`, "[{\"prompt\":\"\u2003\\n\"}]", `[{"prompt":"\u0020\n"}]`,
	`[{"request_id":"a\/b","prompt":"x"},{"request_id":"a/b","prompt":"y"}]`, `[{"prompt":"x\ny","user_id":"\"u\"","model":"m\n"}]`,
	`["a","b"]`, `[ "a" , "b" ]`, `[""]`, `[" "]`, `["\n"]`, `["a",""]`, `["a\"b\\c\n"]`, `["\u00e9\ud83d\ude00"]`, `["\ud800"]`,
	"[\"caf\xc3\xa9\"]", "[\"bad \xff\"]", `["a",{"prompt":"b"}]`, `[{"prompt":"a"},"b"]`, `["a",{"request_id":"r2","prompt":"b"}]`,
	`[{"request_id":"r2","prompt":"a"},"b"]`, `["a",{"request_id":"r1","prompt":"b"}]`, `["a" "b"]`, `["a",]`, `["a",null]`, `["a",1]`,
}

// checkCommonPromptsAgree fails when decodeCommonPrompts takes data but the
// general decoder decodes it differently or rejects it, when reading it
// with two goroutines gives anything else than with one, when reading it
// in place gives anything else than copying, when analysing its prompts
// gives anything else than checkAnalysed wants, when reading it in chunks
// (checkChunksAgree) does, or when any of them changes data.
func checkCommonPromptsAgree(t *testing.T, data []byte) {
	t.Helper()
	for _, mode := range []Mode{ModeTimer, ModeSeed} {
		fast, ok, _ := decodeCommonPromptsSplit(data, mode, false, copyText, nil)
		split, splitOK, _ := decodeCommonPromptsSplit(data, mode, true, copyText, nil)
		require.Equal(t, ok, splitOK, "%s: %q", mode, data)
		for _, two := range []bool{false, true} {
			for _, text := range []promptText{pointText, analyseText} {
				owned := slices.Clone(data)
				got, gotOK, _ := decodeCommonPromptsSplit(owned, mode, two, text, nil)
				require.Equal(t, ok, gotOK, "%s, prompts %d: %q", mode, text, data)
				require.Equal(t, data, owned, "%s, prompts %d: the document is never written", mode, text)
				switch {
				case !ok:
				case text == pointText:
					require.Equal(t, fast, got, "%s, in place: %q", mode, data)
				default:
					checkAnalysed(t, fast, got)
				}
			}
		}
		checkChunksAgree(t, data, mode, ok, fast)
		if !ok {
			continue
		}
		require.Equal(t, fast, split, "%s: %q", mode, data)
		slow, warnings, err := decodeRequests(data, DefaultCatalog(), "$", mode, nil)
		require.NoError(t, err, "%s: the fast path took %q", mode, data)
		require.Empty(t, warnings, "%s: the fast path took %q", mode, data)
		require.Equal(t, slow, fast, "%s: %q", mode, data)
	}
}

func TestCommonPromptsAgree(t *testing.T) {
	taken := 0
	for _, c := range commonPromptsCases {
		checkCommonPromptsAgree(t, []byte(c))
		if _, ok, _ := decodeCommonPrompts([]byte(c), ModeTimer, copyText, nil); ok {
			taken++
		}
	}
	require.Greater(t, taken, 10, "the fast path takes the common cases")

	// Generated documents of the common shape, then every one cut short or
	// with a byte changed.
	rng := rand.New(rand.NewPCG(5, 5))
	for range 300 {
		doc := commonPromptsDoc(rng)
		_, ok, _ := decodeCommonPrompts(doc, ModeTimer, copyText, nil)
		require.True(t, ok, "%s", doc)
		checkCommonPromptsAgree(t, doc)
		for range 20 {
			mutated := []byte(string(doc))
			i := rng.IntN(len(mutated))
			if rng.IntN(4) == 0 {
				mutated = mutated[:i]
			} else {
				mutated[i] = `"\{}[],: 0a-.eu`[rng.IntN(15)]
			}
			checkCommonPromptsAgree(t, mutated)
		}
	}
}

// commonPromptsDoc generates a document of the common shape, with escapes,
// non-ASCII text and both kinds of user id.
func commonPromptsDoc(rng *rand.Rand) []byte {
	var b strings.Builder
	b.WriteString("[")
	for i := range rng.IntN(8) {
		if i > 0 {
			b.WriteString(",\n ")
		}
		b.WriteString(`{"prompt":"`)
		for w := range 1 + rng.IntN(30) {
			if w > 0 {
				b.WriteString([]string{" ", `\n`, `\"`, `\\`, `\u00e9`, `}, {`}[rng.IntN(6)])
			}
			b.WriteString(vocabulary[rng.IntN(len(vocabulary))])
		}
		b.WriteString(`"`)
		if rng.IntN(2) == 0 {
			b.WriteString(`, "request_id": "id` + strconv.Itoa(i) + `"`)
		}
		if rng.IntN(2) == 0 {
			b.WriteString(`,"created_at_ms":` + strconv.Itoa(rng.IntN(1e6)))
		}
		if rng.IntN(2) == 0 {
			b.WriteString(`,"input_tokens":` + strconv.Itoa(1+rng.IntN(9000)) + `,"output_tokens":` + strconv.Itoa(rng.IntN(900)))
		}
		if rng.IntN(4) == 0 {
			b.WriteString(`,"model":"m` + strconv.Itoa(rng.IntN(3)) + `","failed":` + strconv.FormatBool(rng.IntN(2) == 0) + `,"shared_prefix_tokens":` + strconv.Itoa(rng.IntN(50)))
		}
		switch rng.IntN(3) {
		case 0:
			b.WriteString(`,"user_id":` + strconv.Itoa(rng.IntN(100)))
		case 1:
			b.WriteString(`,"user_id":"u` + strconv.Itoa(rng.IntN(100)) + `"`)
		}
		b.WriteString("}")
	}
	b.WriteString("]")
	return []byte(b.String())
}

// FuzzCommonPrompts checks the fast path against the general decoder,
// starting from the cases above and FuzzDecodeRequests' corpus.
func FuzzCommonPrompts(f *testing.F) {
	for _, c := range promptsCorpus(f) {
		f.Add(c)
	}
	f.Fuzz(checkCommonPromptsAgree)
}

// promptsCorpus is the cases above and FuzzDecodeRequests' seed corpus.
func promptsCorpus(t testing.TB) [][]byte {
	var docs [][]byte
	for _, c := range commonPromptsCases {
		docs = append(docs, []byte(c))
	}
	files, _ := filepath.Glob("testdata/fuzz/FuzzDecodeRequests/*")
	for _, name := range files {
		text, err := os.ReadFile(name)
		require.NoError(t, err)
		_, lit, _ := strings.Cut(strings.TrimSpace(string(text)), "\n")
		s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lit, "[]byte("), ")"))
		require.NoError(t, err, name)
		docs = append(docs, []byte(s))
	}
	return docs
}

// TestDecodeRequestsInPlace: decoding in place gives what decoding a copy
// gives — requests, warnings and errors — on the fuzz corpus and on
// generated documents, and it consumes the document: the prompts are
// decoded over it rather than copied (the ids are copied, together).
func TestDecodeRequestsInPlace(t *testing.T) {
	docs := promptsCorpus(t)
	rng := rand.New(rand.NewPCG(7, 7))
	for range 100 {
		docs = append(docs, commonPromptsDoc(rng))
	}
	cat := DefaultCatalog()
	for _, doc := range docs {
		for _, mode := range []Mode{ModeTimer, ModeSeed} {
			want, wantWarnings, wantErr := DecodeRequests(doc, cat, "$", mode)
			owned := slices.Clone(doc)
			got, warnings, err := DecodeRequestsInPlace(owned, cat, "$", mode)
			require.Equal(t, wantErr, err, "%s: %q", mode, doc)
			require.Equal(t, wantWarnings, warnings, "%s: %q", mode, doc)
			require.Equal(t, want, got, "%s: %q", mode, doc)
		}
	}

	doc := []byte(`[{"request_id":"a","prompt":"say \"hi\"\nthen stop"},{"prompt":"plain"}]`)
	reqs, _, err := DecodeRequestsInPlace(doc, cat, "$", ModeTimer)
	require.NoError(t, err)
	require.Equal(t, "say \"hi\"\nthen stop", reqs[0].Text)
	inDoc := func(s string) bool {
		at := uintptr(unsafe.Pointer(unsafe.StringData(s))) - uintptr(unsafe.Pointer(&doc[0]))
		return at < uintptr(len(doc))
	}
	require.False(t, inDoc(reqs[0].Text), "the escaped prompt is decoded into a buffer of its own")
	require.True(t, inDoc(reqs[1].Text), "the plain prompt points into the document")
	require.False(t, inDoc(reqs[0].ID), "ids are copied together")
	require.Equal(t, `[{"request_id":"a","prompt":"say \"hi\"\nthen stop"},{"prompt":"plain"}]`, string(doc), "the document is never written")
}

// checkAnalysed fails unless the requests decoded with analyseText (got)
// are those decoded with copyText (copied) with every prompt analysed,
// its tokens estimated unless given, and its text dropped.
func checkAnalysed(t *testing.T, copied, got []Request) {
	t.Helper()
	require.Len(t, got, len(copied))
	var an Analyzer
	for i, want := range copied {
		if want.Text != "" {
			var runes int
			want.Analysis, runes = an.Analyze(want.Text)
			want.hasAnalysis, want.Text = true, ""
			if !want.hasTokens {
				want.TokenCount, want.hasTokens = heuristicTokens(runes), true
			}
		}
		require.Equal(t, want, got[i], "request %d", i)
	}
}

// TestCommonPromptsSplitStrings: an array of prompt strings, alone or
// with objects, is read by two goroutines as by one, and as the general
// decoder reads it.
func TestCommonPromptsSplitStrings(t *testing.T) {
	doc := func(items int, object func(i int) bool) []byte {
		b := []byte("[")
		for i := range items {
			if i > 0 {
				b = append(b, ",\n"...)
			}
			text := fmt.Sprintf(`prompt %d: say \"%s\", \"then\"\n`, i, strings.Repeat("word ", 40+i%50))
			if object(i) {
				b = fmt.Appendf(b, `{"prompt":"%s"}`, text)
			} else {
				b = fmt.Appendf(b, `"%s"`, text)
			}
		}
		return append(b, ']')
	}
	for name, object := range map[string]func(int) bool{
		"strings":          func(int) bool { return false },
		"objects later":    func(i int) bool { return i > 12000 },
		"every tenth item": func(i int) bool { return i%10 == 5 },
		"objects first":    func(i int) bool { return i < 100 }, // read by one goroutine: no guess
	} {
		data := doc(20000, object)
		require.Greater(t, len(data), splitDecodeBytes, name)
		want, ok, _ := decodeCommonPromptsSplit(data, ModeTimer, false, copyText, nil)
		require.True(t, ok, name)
		slow, _, err := decodeRequests(data, DefaultCatalog(), "$", ModeTimer, nil)
		require.NoError(t, err)
		require.Equal(t, slow, want, name)
		for _, text := range []promptText{copyText, pointText, analyseText} {
			got, ok, _ := decodeCommonPromptsSplit(slices.Clone(data), ModeTimer, true, text, nil)
			require.True(t, ok, name)
			if text == analyseText {
				checkAnalysed(t, want, got)
				continue
			}
			require.Equal(t, want, got, name)
		}
		if !object(0) {
			require.Positive(t, itemAfter(data, len(data)/2, itemEnd(data)[0]), "%s: a guess in the middle", name)
		}
	}
}

// TestCommonPromptsSplitLarge: with thousands of items, the two goroutines
// share one slice of requests (reqRegion) when the halves are alike, and
// fall back to joining copies when one half has many more items than its
// size suggested; the result is always the one-goroutine result.
func TestCommonPromptsSplitLarge(t *testing.T) {
	doc := func(halves ...[2]int) []byte { // {items, prompt length (negative: with text that looks like items)} per half
		b := []byte("[")
		for _, h := range halves {
			for range h[0] {
				if len(b) > 1 {
					b = append(b, ",\n"...)
				}
				b = append(b, `{"request_id":"id`...)
				b = strconv.AppendInt(b, int64(bytes.Count(b, []byte("{"))), 10)
				b = append(b, `","prompt":"say \"`...)
				b = append(b, strings.Repeat("x", max(h[1], -h[1]))...)
				if h[1] < 0 { // where the second goroutine is likely to start
					b = append(b, strings.Repeat(`}, {\"a\": \"b\"}, {`, -h[1]/20)...)
				}
				b = append(b, `\"\n"}`...)
			}
		}
		return append(b, ']')
	}
	for _, data := range [][]byte{
		doc([2]int{3000, 100}, [2]int{3000, 100}),
		doc([2]int{1500, 400}, [2]int{12000, 20}),
		doc([2]int{12000, 20}, [2]int{1500, 400}),
		doc([2]int{3000, -100}, [2]int{3000, -100}),
		doc([2]int{1000, -3000}, [2]int{5000, 50}),
	} {
		want, ok, _ := decodeCommonPromptsSplit(data, ModeTimer, false, copyText, nil)
		require.True(t, ok)
		for _, text := range []promptText{copyText, pointText, analyseText} {
			got, ok, _ := decodeCommonPromptsSplit(slices.Clone(data), ModeTimer, true, text, nil)
			require.True(t, ok)
			if text == analyseText {
				checkAnalysed(t, want, got)
				continue
			}
			require.Equal(t, want, got)
		}
	}
}

// TestAnalysedPromptsCheckUTF8: when the decoder of the common shape
// analyses the prompts, the analysis checks their UTF-8 in place of the
// string scan: a prompt with a byte that is not UTF-8 anywhere — short or
// read in halves, plain or with escapes, in an object or a string of an
// array — leaves the document to the general decoder (which reports it),
// and valid characters of every length do not.
func TestAnalysedPromptsCheckUTF8(t *testing.T) {
	long := strings.Repeat("explain the code ", 20) // read in halves
	for _, bad := range []string{"\xff", "\xc3", "\xc3(", "\xe2\x82", "\xe2\x82(", "\xed\xa0\x80", "\xf0\x9f\x98", "\xc0\xaf", "\x80", "\xf8\x88\x80\x80\x80"} {
		for _, prompt := range []string{
			bad, "a" + bad, bad + "b", "why " + bad + " now",
			long + bad, bad + long, long[:150] + bad + long[150:], "naïve " + long + bad,
			`say \"hi\"` + bad, bad + `\n` + long, `\u00e9` + bad, bad + `\u00e9` + long,
		} {
			for _, doc := range []string{
				`[{"prompt": "` + prompt + `"}]`,
				`["` + prompt + `"]`,
				`[{"request_id": "a", "prompt": "ok"}, {"request_id": "b", "prompt": "` + prompt + `"}]`,
			} {
				_, ok, err := decodeCommonPrompts([]byte(doc), ModeSeed, analyseText, nil)
				require.NoError(t, err)
				require.False(t, ok, "%q", doc)
				_, _, err = DecodeRequests([]byte(doc), nil, "$", ModeSeed)
				require.ErrorIs(t, err, ErrSyntax, "%q", doc)
			}
		}
	}
	for _, good := range []string{"é", "naïve", "€", "\ufffd", "😀", "\u212a", "İ", "日本語", "a\u00a0b", "a\u3000b"} {
		for _, prompt := range []string{good, long + good, good + long, long[:150] + good + long[150:], `\"` + good + `\n`, `\u00e9` + good} {
			doc := `[{"prompt": "` + prompt + `"}, "` + prompt + `"]`
			reqs, ok, err := decodeCommonPrompts([]byte(doc), ModeSeed, analyseText, nil)
			require.NoError(t, err)
			require.True(t, ok, "%q", doc)
			require.Len(t, reqs, 2)
		}
	}
}
