package state

import (
	"encoding/json"
	"strings"
)

// LongLine is the length in bytes of an editor line past which a pasted
// prompts array is put one element per line. Chromium lays out a
// textarea's line (a paragraph) whole again after every keystroke in it:
// a 256 KB document on one line took 0.5 to 1.3 s per keystroke, the same
// document one prompt per line 16 ms or less.
const LongLine = 4 << 10

// relines reports whether SetPrompts puts text one element per line: it
// grew past what was there by more than LongLine (a paste, not
// keystrokes) and has a line longer than LongLine.
func (p *Playground) relines(text string) bool {
	return len(text)-len(p.text) > LongLine && hasLongLine(text)
}

// hasLongLine reports whether a line of text is longer than LongLine.
func hasLongLine(text string) bool {
	for len(text) > LongLine {
		i := strings.IndexByte(text, '\n')
		if i < 0 || i > LongLine {
			return true
		}
		text = text[i+1:]
	}
	return false
}

// onePerLine returns the JSON array text with each element on a line of
// its own, the elements as written; text as it is when it is not a valid
// JSON array. Once json.Valid has checked it, the elements are cut at the
// array's own commas in one pass over the bytes: a json.Decoder handing
// out each element took most of a 5 MB paste's 0.6 s under WebAssembly.
func onePerLine(text string) string {
	const space = " \t\r\n"
	start := len(text) - len(strings.TrimLeft(text, space))
	if start == len(text) || text[start] != '[' || !json.Valid([]byte(text)) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + len(text)/64)
	b.WriteByte('[')
	n := 0
	element := func(el string) {
		if el = strings.Trim(el, space); el == "" {
			return // the empty array's
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		b.WriteByte('\n')
		b.WriteString(el)
	}
	depth, from := 0, start+1
	for i := from; i < len(text); i++ {
		switch text[i] {
		case '"': // to the closing quote (valid: it is there)
			for i++; text[i] != '"'; i++ {
				if text[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			depth++
		case ',':
			if depth == 0 {
				element(text[from:i])
				from = i + 1
			}
		case ']', '}':
			if depth == 0 { // the array's end: only space follows (valid)
				element(text[from:i])
				b.WriteString("\n]")
				return b.String()
			}
			depth--
		}
	}
	return text // not reached: a valid array ends with its ']'
}
