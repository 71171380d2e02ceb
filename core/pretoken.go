package core

import (
	"unicode"
	"unicode/utf8"
)

// Character classes of the pre-tokenizers, as bit flags.
const (
	clsLetter  uint8 = 1 << iota // \p{L}
	clsNumber                    // \p{N}
	clsSpace                     // \s (Unicode White_Space)
	clsNewline                   // \r or \n
	clsUpper                     // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
	clsLower                     // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
)

// asciiClasses holds the classes of the ASCII characters.
var asciiClasses = func() (t [utf8.RuneSelf]uint8) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = classOf(r)
	}
	return t
}()

func classOf(r rune) uint8 {
	var c uint8
	switch {
	case unicode.In(r, unicode.Lu, unicode.Lt):
		c = clsLetter | clsUpper
	case unicode.Is(unicode.Ll, r):
		c = clsLetter | clsLower
	case unicode.In(r, unicode.Lm, unicode.Lo):
		c = clsLetter | clsUpper | clsLower
	case unicode.IsMark(r):
		c = clsUpper | clsLower
	case unicode.IsNumber(r):
		c = clsNumber
	case unicode.IsSpace(r):
		c = clsSpace
		if r == '\r' || r == '\n' {
			c |= clsNewline
		}
	}
	return c
}

// classAt returns the classes of the character at s[i] and its size in
// bytes; 0, 0 at the end. An invalid byte is a character of no class
// (U+FFFD is a symbol).
func classAt(s string, i int) (uint8, int) {
	if i >= len(s) {
		return 0, 0
	}
	if b := s[i]; b < utf8.RuneSelf {
		return asciiClasses[b], 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return classOf(r), n
}

// runOf returns the end of the run of characters from i that have one of
// the classes in any and none of those in not.
func runOf(s string, i int, any, not uint8) int {
	for {
		c, n := classAt(s, i)
		if n == 0 || c&any == 0 || c&not != 0 {
			return i
		}
		i += n
	}
}

// notClass returns the end of the run of characters from i that have none
// of the classes in not.
func notClass(s string, i int, not uint8) int {
	for {
		c, n := classAt(s, i)
		if n == 0 || c&not != 0 {
			return i
		}
		i += n
	}
}

// contraction returns the end of the English contraction at s[i] ('s, 't,
// 're, 've, 'm, 'll, 'd, any case; ſ folds to s), or i.
func contraction(s string, i int) int {
	if i+1 >= len(s) || s[i] != '\'' {
		return i
	}
	switch s[i+1] | 0x20 {
	case 's', 't', 'm', 'd':
		return i + 2
	case 'r', 'v':
		if i+2 < len(s) && s[i+2]|0x20 == 'e' {
			return i + 3
		}
	case 'l':
		if i+2 < len(s) && s[i+2]|0x20 == 'l' {
			return i + 3
		}
	}
	if len(s) >= i+3 && s[i+1:i+3] == "ſ" {
		return i + 3
	}
	return i
}

// spacePiece returns the end of the whitespace piece at s[i], which is
// whitespace: `\s*[\r\n]+|\s+(?!\S)|\s+`.
func spacePiece(s string, i int) int {
	end, lastNewline, last := i, -1, i
	for {
		c, n := classAt(s, end)
		if c&clsSpace == 0 {
			break
		}
		if c&clsNewline != 0 {
			lastNewline = end
		}
		last = end
		end += n
	}
	switch {
	case lastNewline >= 0:
		return lastNewline + 1 // \r and \n are one byte
	case end == len(s) || last == i:
		return end
	default:
		return last // leave the last space to the word after it
	}
}

// numberPiece returns the end of `\p{N}{1,3}` at s[i], which is a number.
func numberPiece(s string, i int) int {
	for range 3 {
		c, n := classAt(s, i)
		if c&clsNumber == 0 {
			break
		}
		i += n
	}
	return i
}

// punctPiece returns the end of ` ?[^\s\p{L}\p{N}]+` followed by the run of
// the trailing characters in trail at s[i], or i when there is none.
func punctPiece(s string, i int, trail func(byte) bool) int {
	j := i
	if s[j] == ' ' {
		j++
	}
	end := notClass(s, j, clsSpace|clsLetter|clsNumber)
	if end == j {
		return i
	}
	for end < len(s) && trail(s[end]) {
		end++
	}
	return end
}

func isNewline(b byte) bool      { return b == '\r' || b == '\n' }
func isNewlineSlash(b byte) bool { return b == '\r' || b == '\n' || b == '/' }

// A pretokenizer splits text into the pieces byte-pair encoding merges
// separately; piece returns the end of the piece that starts at s[i].
type pretokenizer func(s string, i int) int

// cl100kPiece splits as cl100k_base's pattern
//
//	(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
func cl100kPiece(s string, i int) int {
	if e := contraction(s, i); e > i {
		return e
	}
	c, n := classAt(s, i)
	if c&(clsNewline|clsLetter|clsNumber) == 0 {
		if next, _ := classAt(s, i+n); next&clsLetter != 0 {
			return runOf(s, i+n, clsLetter, 0)
		}
	}
	switch {
	case c&clsLetter != 0:
		return runOf(s, i, clsLetter, 0)
	case c&clsNumber != 0:
		return numberPiece(s, i)
	}
	if e := punctPiece(s, i, isNewline); e > i {
		return e
	}
	return spacePiece(s, i)
}

// o200kPiece splits as o200k_base's pattern
//
//	[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|
//	[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|
//	\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
func o200kPiece(s string, i int) int {
	c, n := classAt(s, i)
	// The word alternatives, first with the optional prefix character
	// taken, then without it.
	starts := [2]int{i, i}
	if c&(clsNewline|clsLetter|clsNumber) == 0 {
		starts[0] = i + n
	}
	for _, start := range starts {
		if e := lowerWord(s, start); e > start {
			return e
		}
	}
	for _, start := range starts {
		if e := upperWord(s, start); e > start {
			return e
		}
	}
	if c&clsNumber != 0 {
		return numberPiece(s, i)
	}
	if e := punctPiece(s, i, isNewlineSlash); e > i {
		return e
	}
	return spacePiece(s, i)
}

// lowerWord matches `U*L+C?` at s[i] (U the upper, L the lower classes, C
// a contraction), backtracking as the pattern does: U* gives back
// characters until one that is also lower-case can start L+. It returns i
// when there is no match.
func lowerWord(s string, i int) int {
	k := runOf(s, i, clsUpper, 0)
	for {
		if c, _ := classAt(s, k); c&clsLower != 0 {
			return contraction(s, runOf(s, k, clsLower, 0))
		}
		if k == i {
			return i
		}
		_, n := utf8.DecodeLastRuneInString(s[i:k])
		k -= n
	}
}

// upperWord matches `U+L*C?` at s[i], or returns i.
func upperWord(s string, i int) int {
	e := runOf(s, i, clsUpper, 0)
	if e == i {
		return i
	}
	return contraction(s, runOf(s, e, clsLower, 0))
}
