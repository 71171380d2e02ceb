package state

import (
	"bytes"
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
	return len(text)-len(p.PromptsText) > LongLine && hasLongLine(text)
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
// JSON array.
func onePerLine(text string) string {
	dec := json.NewDecoder(strings.NewReader(text))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return text
	}
	var b bytes.Buffer
	b.Grow(len(text) + len(text)/64)
	b.WriteByte('[')
	for n := 0; dec.More(); n++ {
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			return text
		}
		if n > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
		b.Write(raw)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim(']') {
		return text
	}
	if _, err := dec.Token(); err == nil || dec.More() {
		return text // more after the array
	}
	b.WriteString("\n]")
	return b.String()
}
