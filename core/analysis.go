package core

import (
	"fmt"
	"runtime"
	"unicode"
	"unicode/utf8"
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
// text once, byte by byte, and counts the words as it goes. Bytes are first
// mapped to classes: the 26 letters (either case), the three other
// characters that occur in keywords (';', '-', ' '), the other white space
// and "anything else".
const (
	classBlank = 29 // white space but ' '
	classOther = 30
	numClasses = 31
)

var byteClass = func() (c [256]uint8) {
	for i := range c {
		c[i] = classOther
		if i < utf8.RuneSelf && asciiSpace[i] {
			c[i] = classBlank
		}
	}
	for b := 'a'; b <= 'z'; b++ {
		c[b] = uint8(b - 'a')
		c[b-'a'+'A'] = uint8(b - 'a')
	}
	c[';'], c['-'], c[' '] = 26, 27, 28
	return c
}()

// keywordRows bounds the rows of the automaton's table
// (TestKeywordRowsFit): a power of two, so that a row fits the bits below
// it in a move; the table has 32 entries more, one for each class of the
// last row, so that a row plus a class (below 32) is proved in range.
const keywordRows = 1 << 13

// A keywordMove is one entry of the automaton's table, at state ×
// numClasses + class: the next state's row (its number × numClasses) in
// the bits below keywordRows, the groups of every keyword ending there in
// the bits from 16, and at bit 31 whether the byte began a word (it is
// not white space, the one before was or there was none).
type keywordMove = uint32

const wordStartBit = 31

// keywordMatcher is the automaton. Its states are those of the keywords'
// trie, each paired with whether the last byte read was white space (the
// text's start counts as white space); the state the text starts in is the
// first. states counts them. The table is data of the program
// (keywordtable.go, written by TestKeywordTable -update from
// keywordGroups, which checks it): built at start-up, it took 1–3 ms
// natively and under WebAssembly, where its loops were also compiled
// twice, first to run then to optimize.
var keywordMatcher = &keywordTable

// keywordAutomaton is the table of keywordMatcher and its number of states.
type keywordAutomaton struct {
	next   [keywordRows + 32]keywordMove
	states int
}

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
// such character, or white space where Python's str.isspace says so.
// (No other character lower-cases to ASCII.)
//
// ASCII text, the common case, is read four bytes at a time, each byte
// one table look-up without a branch: under WebAssembly every branch
// back costs a jump through a table, and natively the look-ups, one
// after the other, are what takes the time: natively, a long text is
// read as two halves at once (see scanHalves), so that the look-ups of
// one half overlap those of the other (under WebAssembly, that is no
// faster).
func (a *Analyzer) Analyze(text string) (Analysis, int) {
	an, runes, _ := a.analyze(text)
	return an, runes
}

// analyze is Analyze, and reports whether text is valid UTF-8.
func (a *Analyzer) analyze(text string) (Analysis, int, bool) {
	var s keywordScan
	if runtime.GOOS != "js" && len(text) >= halvesFromBytes {
		s = scanHalves(text)
	} else {
		s = s.scan(text)
	}
	found, words := s.found, s.words
	mask := uint8(found >> 16)
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
	return an, len(text) - s.extra, found&badUTF8Bit == 0
}

// A keywordScan is the keyword automaton part way through a text: its
// row, the keyword groups and word starts found (as in a move: groups
// from bit 16, and badUTF8Bit), and the bytes read beyond the first of
// each character.
type keywordScan struct {
	row, found, words, extra int
}

// step moves the automaton by one byte class.
func (s keywordScan) step(class uint8) keywordScan {
	x := int(keywordMatcher.next[s.row&(keywordRows-1)+int(class%32)])
	s.row = x & (keywordRows - 1)
	s.found |= x
	s.words += x >> wordStartBit
	return s
}

// char reads the character text starts with (text is not empty) and
// returns the rest of text. The characters beyond ASCII step as their
// lower-cased forms would (see Analyze). Those of two and three bytes
// (Latin, Greek, Cyrillic, CJK…) are decoded here, the others by
// decodedChar, whose rule the rest follows (TestKeywordCharDecodes).
func (s keywordScan) char(text string) (keywordScan, string) {
	c := text[0]
	if c < utf8.RuneSelf {
		return s.step(byteClass[c]), text[1:]
	}
	if len(text) >= 2 && c >= 0xC2 && c <= 0xDF && text[1]&0xC0 == 0x80 {
		s.extra++
		switch rune(c&0x1F)<<6 | rune(text[1]&0x3F) {
		case 0x85, 0xA0: // the white space of two bytes
			s = s.step(classBlank)
		case 0x130:
			s = s.step(byteClass['i']).step(classOther)
		default:
			s = s.step(classOther)
		}
		return s, text[2:]
	}
	if len(text) >= 3 && c >= 0xE0 && c <= 0xEF && text[1]&0xC0 == 0x80 && text[2]&0xC0 == 0x80 {
		r := rune(c&0x0F)<<12 | rune(text[1]&0x3F)<<6 | rune(text[2]&0x3F)
		if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) { // neither overlong nor a surrogate
			s.extra += 2
			switch {
			case r == 0x1680, r >= 0x2000 && r <= 0x200A, r == 0x2028, r == 0x2029, r == 0x202F, r == 0x205F, r == 0x3000:
				s = s.step(classBlank) // the white space of three bytes
			case r == 0x212A:
				s = s.step(byteClass['k'])
			default:
				s = s.step(classOther)
			}
			return s, text[3:]
		}
	}
	return s.decodedChar(text)
}

// badUTF8Bit is the bit of keywordScan.found that says a byte was not
// UTF-8 (no move sets it): every character beyond ASCII is read by char,
// whose own decoding takes only valid ones, the others going to
// decodedChar.
const badUTF8Bit = 1 << 24

// decodedChar is char for any character, decoded by
// utf8.DecodeRuneInString: the rule char's own decoding follows.
func (s keywordScan) decodedChar(text string) (keywordScan, string) {
	r, size := utf8.DecodeRuneInString(text)
	if r == utf8.RuneError && size == 1 {
		s.found |= badUTF8Bit
	}
	s.extra += size - 1
	switch {
	case unicode.IsSpace(r): // Python's str.isspace above ASCII
		s = s.step(classBlank)
	case r == 0x212A:
		s = s.step(byteClass['k'])
	case r == 0x130:
		s = s.step(byteClass['i']).step(classOther)
	default:
		s = s.step(classOther)
	}
	return s, text[size:]
}

// scan reads text from s.
func (s keywordScan) scan(text string) keywordScan {
	next := &keywordMatcher.next
	row, found, words := s.row&(keywordRows-1), s.found, s.words
	step := func(class uint8) {
		x := int(next[row+int(class%32)])
		row = x & (keywordRows - 1)
		found |= x
		words += x >> wordStartBit
	}
	for len(text) > 0 {
		if len(text) >= 4 && (text[0]|text[1]|text[2]|text[3]) < utf8.RuneSelf {
			step(byteClass[text[0]])
			step(byteClass[text[1]])
			step(byteClass[text[2]])
			step(byteClass[text[3]])
			text = text[4:]
			continue
		}
		if c := text[0]; c < utf8.RuneSelf {
			step(byteClass[c])
			text = text[1:]
			continue
		}
		s.row, s.found, s.words = row, found, words
		s, text = s.char(text)
		row, found, words = s.row, s.found, s.words
	}
	s.row, s.found, s.words = row, found, words
	return s
}

// Texts of halvesFromBytes or more are read as two halves at once.
const halvesFromBytes = 128

// keywordContext is the length of the longest keyword: the automaton's
// state after a text depends on its last keywordContext bytes at most.
var keywordContext = func() int {
	n := 0
	for _, g := range keywordGroups {
		for _, w := range g.words {
			n = max(n, len(w))
		}
	}
	return n
}()

// scanHalves is keywordScan{}.scan(text) as two scans at once, one of
// each half of text (of halvesFromBytes or more): the second starts from
// the state the automaton would be in at the middle, found by reading the
// keywordContext characters before it (or more bytes), whose keyword
// groups are found in text too, the characters being whole, and whose
// words and extra bytes are the first half's to count.
func scanHalves(text string) keywordScan {
	mid := len(text) / 2
	for mid > 0 && !utf8.RuneStart(text[mid]) {
		mid--
	}
	from := mid - keywordContext
	if from < 0 || !asciiText(text[from:mid]) { // keywordContext characters at most 4 bytes each
		from = max(0, mid-4*keywordContext)
		for from > 0 && !utf8.RuneStart(text[from]) {
			from--
		}
	}
	// The second half's state at mid (its words and extra bytes are the
	// first half's).
	second := keywordScan{}.scan(text[from:mid])
	rowA, rowB := 0, second.row&(keywordRows-1)
	found, words, extra := second.found, 0, 0
	next := &keywordMatcher.next
	stepA := func(class uint8) {
		x := int(next[rowA+int(class%32)])
		rowA = x & (keywordRows - 1)
		found |= x
		words += x >> wordStartBit
	}
	stepB := func(class uint8) {
		x := int(next[rowB+int(class%32)])
		rowB = x & (keywordRows - 1)
		found |= x
		words += x >> wordStartBit
	}
	// char reads the character text[i:] starts with from row and returns
	// the row after it and where the next character starts.
	char := func(row, i int) (int, int) {
		c, rest := keywordScan{row, found, words, extra}.char(text[i:])
		found, words, extra = c.found, c.words, c.extra
		return c.row & (keywordRows - 1), len(text) - len(rest)
	}
	i, j := 0, mid // the next bytes of the halves
	for i+4 <= mid && j+4 <= len(text) {
		a, b := text[i:i+4], text[j:j+4]
		asciiA := (a[0] | a[1] | a[2] | a[3]) < utf8.RuneSelf
		asciiB := (b[0] | b[1] | b[2] | b[3]) < utf8.RuneSelf
		if asciiA && asciiB {
			stepA(byteClass[a[0]])
			stepB(byteClass[b[0]])
			stepA(byteClass[a[1]])
			stepB(byteClass[b[1]])
			stepA(byteClass[a[2]])
			stepB(byteClass[b[2]])
			stepA(byteClass[a[3]])
			stepB(byteClass[b[3]])
			i, j = i+4, j+4
			continue
		}
		if !asciiA {
			rowA, i = char(rowA, i)
		}
		if !asciiB {
			rowB, j = char(rowB, j)
		}
	}
	for i < mid {
		rowA, i = char(rowA, i)
	}
	return keywordScan{rowB, found, words, extra}.scan(text[j:])
}

// asciiText reports whether s is all ASCII.
func asciiText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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
