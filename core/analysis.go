package core

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Intent is what a prompt asks for, as guessed from its keywords.
type Intent uint8

// The intents, in the order the analysis tests them.
const (
	IntentGeneral Intent = iota
	IntentCoding
	IntentSummarization
	IntentReasoning
	IntentDataAnalysis
)

var intentNames = [...]string{"general", "coding", "summarization", "reasoning", "data_analysis"}

// Level is a three-step scale used for complexity and latency tolerance.
type Level uint8

// The levels of a Level.
const (
	Low Level = iota
	Medium
	High
)

var levelNames = [...]string{"low", "medium", "high"}

// Length is the expected length of a model's answer.
type Length uint8

// The output lengths.
const (
	Short Length = iota
	MediumLength
	Long
)

var lengthNames = [...]string{"short", "medium", "long"}

func (i Intent) String() string { return enumName(intentNames[:], int(i)) }
func (l Level) String() string  { return enumName(levelNames[:], int(l)) }
func (l Length) String() string { return enumName(lengthNames[:], int(l)) }

func enumName(names []string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("unknown(%d)", i)
}

func enumParse(names []string, s string) (int, bool) {
	for i, n := range names {
		if n == s {
			return i, true
		}
	}
	return 0, false
}

// MarshalText encodes the intent as its name.
func (i Intent) MarshalText() ([]byte, error) { return []byte(i.String()), nil }

// UnmarshalText decodes an intent name.
func (i *Intent) UnmarshalText(b []byte) error {
	v, ok := enumParse(intentNames[:], string(b))
	if !ok {
		return fmt.Errorf("want one of general, coding, summarization, reasoning, data_analysis, got %q", b)
	}
	*i = Intent(v)
	return nil
}

// MarshalText encodes the level as low, medium or high.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText decodes low, medium or high.
func (l *Level) UnmarshalText(b []byte) error {
	v, ok := enumParse(levelNames[:], string(b))
	if !ok {
		return fmt.Errorf("want one of low, medium, high, got %q", b)
	}
	*l = Level(v)
	return nil
}

// MarshalText encodes the length as short, medium or long.
func (l Length) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText decodes short, medium or long.
func (l *Length) UnmarshalText(b []byte) error {
	v, ok := enumParse(lengthNames[:], string(b))
	if !ok {
		return fmt.Errorf("want one of short, medium, long, got %q", b)
	}
	*l = Length(v)
	return nil
}

// Analysis is what the keyword heuristics read from a prompt, without calling
// any model. Its JSON form is the reference prototype's analysis_json.
type Analysis struct {
	Intent           Intent `json:"intent_type"`
	Complexity       Level  `json:"complexity_level"`
	OutputLength     Length `json:"expected_output_length"`
	LatencyTolerance Level  `json:"latency_tolerance"`
	ComplianceNeeded bool   `json:"compliance_needed"`
}

// Keyword groups, as bits of a mask.
const (
	kwCoding = 1 << iota
	kwSummarization
	kwReasoning
	kwData
	kwShort
	kwLong
	kwCompliance
)

var keywordGroups = []struct {
	mask  uint8
	words []string
}{
	{kwCoding, []string{"code", "python", "javascript", "bug", "function", "class", "api", "test", "refactor"}},
	{kwSummarization, []string{"summarize", "summary", "tl;dr", "tldr", "bullet", "action items"}},
	{kwReasoning, []string{"explain", "why", "analyze", "reason", "prove", "derive", "intuition"}},
	{kwData, []string{"dataset", "csv", "plot", "chart", "visualize", "dashboard"}},
	{kwShort, []string{"brief", "short", "tldr", "tl;dr"}},
	{kwLong, []string{"step-by-step", "detailed", "comprehensive", "in depth"}},
	{kwCompliance, []string{"privacy", "pii", "gdpr", "confidential", "sensitive", "policy", "compliance"}},
}

// The keywords are matched by one automaton (Aho–Corasick) that reads the
// text once, byte by byte. Bytes are first mapped to classes: the 26
// letters (either case), the three other characters that occur in keywords
// (';', '-', ' ') and "anything else".
const (
	classOther = 29
	numClasses = 30
)

var byteClass = func() (c [256]uint8) {
	for i := range c {
		c[i] = classOther
	}
	for b := 'a'; b <= 'z'; b++ {
		c[b] = uint8(b - 'a')
		c[b-'a'+'A'] = uint8(b - 'a')
	}
	c[';'], c['-'], c[' '] = 26, 27, 28
	return c
}()

// keywordMatcher is the automaton. Each entry of next, at state ×
// numClasses + class, packs the move in one word: the next state's row
// (state × numClasses) in the low 16 bits (TestKeywordRowsFit), the groups of every keyword
// ending there (found[state]) in the bits above.
var keywordMatcher = func() (m struct {
	next  []uint32
	found []uint8
}) {
	// The trie of all keywords.
	next := [][numClasses]int{{}}
	found := []uint8{0}
	for _, g := range keywordGroups {
		for _, w := range g.words {
			s := 0
			for i := 0; i < len(w); i++ {
				c := byteClass[w[i]]
				if next[s][c] == 0 {
					next = append(next, [numClasses]int{})
					found = append(found, 0)
					next[s][c] = len(next) - 1
				}
				s = next[s][c]
			}
			found[s] |= g.mask
		}
	}
	// Breadth first: failure links, and missing edges filled in from them.
	fail := make([]int, len(next))
	queue := []int{}
	for c := range numClasses {
		if t := next[0][c]; t != 0 {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		found[s] |= found[fail[s]]
		for c := range numClasses {
			t := next[s][c]
			if t == 0 {
				next[s][c] = next[fail[s]][c]
				continue
			}
			fail[t] = next[fail[s]][c]
			queue = append(queue, t)
		}
	}
	m.next = make([]uint32, len(next)*numClasses)
	for s := range next {
		for c := range numClasses {
			t := next[s][c]
			m.next[s*numClasses+c] = uint32(t*numClasses) | uint32(found[t])<<16
		}
	}
	m.found = found
	return m
}()

// Analyzer runs the keyword heuristics. Its zero value is ready to use.
type Analyzer struct{}

// Analyze reads the prompt text and returns its analysis plus the number of
// Unicode code points in text, which the heuristic token counter uses.
//
// The rules are the reference prototype's: keyword substring tests on the
// lower-cased text (Python's str.lower), word counts split on Python's white
// space. Keywords are ASCII, so the lower-cased text matters only where it
// can take part in a match: ASCII letters fold, U+212A KELVIN SIGN becomes
// 'k', U+0130 becomes 'i' followed by a character no keyword holds (Python
// maps it to "i\u0307"), and every other non-ASCII character becomes one
// such character. (No other character lower-cases to ASCII.)
//
// The text is read twice: once for its words and code points, once by the
// keyword automaton, which reads bytes (see keywordsOf).
func (a *Analyzer) Analyze(text string) (Analysis, int) {
	words, runes, folds := countWords(text)
	var mask uint8
	if folds {
		mask = keywordsFolded(text)
	} else {
		mask = keywordsOf(text)
	}
	var an Analysis
	switch {
	case mask&kwCoding != 0:
		an.Intent = IntentCoding
	case mask&kwSummarization != 0:
		an.Intent = IntentSummarization
	case mask&kwReasoning != 0:
		an.Intent = IntentReasoning
	case mask&kwData != 0:
		an.Intent = IntentDataAnalysis
	default:
		an.Intent = IntentGeneral
	}
	switch {
	case words < 15:
		an.Complexity = Low
	case words < 45:
		an.Complexity = Medium
	default:
		an.Complexity = High
	}
	switch {
	case mask&kwShort != 0:
		an.OutputLength, an.LatencyTolerance = Short, Low
	case mask&kwLong != 0:
		an.OutputLength, an.LatencyTolerance = Long, High
	default:
		an.OutputLength, an.LatencyTolerance = MediumLength, Medium
	}
	an.ComplianceNeeded = mask&kwCompliance != 0
	return an, runes
}

// countWords returns the number of words of text (runs of characters
// other than Python's white space), its code points (each byte of invalid
// UTF-8 counting as one, as utf8.RuneCountInString does), and whether it
// holds U+212A or U+0130, the non-ASCII characters that lower-case to an
// ASCII letter. Eight ASCII bytes in a row without control characters are
// read at once, as one word of bits (words start where a space is followed
// by anything else).
func countWords(text string) (words, runes int, folds bool) {
	var space uint64 = 0x80 // bit 7 when the character before i is white space
	i := 0
	for i < len(text) {
		if i+8 <= len(text) {
			x := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(text[i:]), 8))
			// For ASCII bytes (high bit clear), adding to each byte never
			// carries into the next.
			if x&highs == 0 && ^(x+0x60*ones)&highs == 0 { // ASCII, nothing below ' '
				spaces := ^((x ^ 0x20*ones) + 0x7f*ones) & highs // the bytes equal to ' '
				words += bits.OnesCount64(^spaces & highs & (spaces<<8 | space))
				space = spaces >> 56
				i += 8
				runes += 8
				continue
			}
		}
		c := text[i]
		var s uint64
		if c < utf8.RuneSelf {
			i++
			s = uint64(asciiSpaceBit[c])
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			i += size
			if unicode.IsSpace(r) { // Python's str.isspace above ASCII
				s = 0x80
			}
			folds = folds || r == 0x212A || r == 0x130
		}
		if s == 0 && space != 0 {
			words++
		}
		space = s
		runes++
	}
	return words, runes, folds
}

// asciiSpaceBit is asciiSpace as 0x80 and 0, the bit countWords keeps,
// for every byte value (0 from utf8.RuneSelf up).
var asciiSpaceBit = func() (t [256]uint8) {
	for c, sp := range asciiSpace {
		if sp {
			t[c] = 0x80
		}
	}
	return t
}()

// The groups that decide an analysis whatever else the text holds: the
// first intent, the first output length, compliance.
const kwDecisive = kwCoding | kwShort | kwCompliance

// keywordsOf returns the keyword groups of a text holding neither U+212A
// nor U+0130. Then every byte of a non-ASCII character can be read as the
// class of characters no keyword holds (after one of them the automaton
// is back at its start, and stays there), so the automaton reads bytes.
// A step depends on the one before (a table look-up), so a long text is
// read as two halves at once, the second from maxKeywordBytes before the
// middle: from its start the automaton finds every keyword that starts
// there or later, which covers all those ending in the second half. The
// reading stops once the decisive groups are all found.
func keywordsOf(text string) uint8 {
	next := keywordMatcher.next
	var found0, found1 uint32 // keyword groups, shifted as in next
	row0, row1 := 0, 0        // the states' rows in next
	i, end := 0, len(text)
	if len(text) >= splitKeywordBytes {
		half := (len(text) + maxKeywordBytes) / 2
		j := half - maxKeywordBytes
		second := text[j:]
		first := text[:half]
		// second is one byte longer than first at most.
		for i < len(first) {
			block := min(len(first), i+keywordBlock)
			for ; i < block; i++ {
				x0 := next[row0+int(byteClass[first[i]])]
				x1 := next[row1+int(byteClass[second[i]])]
				row0, row1 = int(x0&0xffff), int(x1&0xffff)
				found0 |= x0
				found1 |= x1
			}
			if uint8((found0|found1)>>16)&kwDecisive == kwDecisive {
				return uint8((found0 | found1) >> 16)
			}
		}
		text, i, end, row0, found0 = second, len(first), len(second), row1, found0|found1
	}
	for i < end {
		block := min(end, i+keywordBlock)
		for ; i < block; i++ {
			x := next[row0+int(byteClass[text[i]])]
			row0 = int(x & 0xffff)
			found0 |= x
		}
		if uint8(found0>>16)&kwDecisive == kwDecisive {
			break
		}
	}
	return uint8(found0 >> 16)
}

// A text of splitKeywordBytes or more is read as two halves at once;
// the reading checks whether it may stop every keywordBlock bytes.
const (
	splitKeywordBytes = 128
	keywordBlock      = 64
)

// maxKeywordBytes is the length of the longest keyword.
var maxKeywordBytes = func() int {
	n := 0
	for _, g := range keywordGroups {
		for _, w := range g.words {
			n = max(n, len(w))
		}
	}
	return n
}()

// keywordsFolded returns the keyword groups of any text, reading it
// character by character: U+212A reads as 'k', U+0130 as 'i' and a
// character no keyword holds.
func keywordsFolded(text string) uint8 {
	next := keywordMatcher.next
	var found uint32
	row := 0
	step := func(class uint8) {
		x := next[row+int(class)]
		row = int(x & 0xffff)
		found |= x
	}
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf:
			step(byteClass[r])
		case r == 0x212A:
			step(byteClass['k'])
		case r == 0x130:
			step(byteClass['i'])
			step(classOther)
		default:
			step(classOther)
		}
	}
	return uint8(found >> 16)
}

// asciiSpace marks the ASCII characters Python's str.isspace accepts.
var asciiSpace = [utf8.RuneSelf]bool{
	'\t': true, '\n': true, '\v': true, '\f': true, '\r': true,
	0x1C: true, 0x1D: true, 0x1E: true, 0x1F: true, ' ': true,
}

// isSpace reports whether r is white space for Python's str.isspace, which
// above ASCII is unicode.IsSpace (TestUnicodeSpaceIsPythons).
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return unicode.IsSpace(r)
}

// isBlank reports whether s is empty or only white space.
func isBlank(s string) bool {
	for _, r := range s {
		if !isSpace(r) {
			return false
		}
	}
	return true
}
