package core

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"
)

// A valueScanner walks a JSON document already known to be valid
// (validJSON), handing out the raw bytes of values without decoding them.
// It makes the prompts decoder several times faster than decoding each item
// into a map, and it allocates only for the strings it returns.
type valueScanner struct {
	data []byte
	pos  int
}

func (s *valueScanner) space() { s.pos = skipSpace(s.data, s.pos) }

// skipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// peek returns the next non-space byte, or 0 at the end.
func (s *valueScanner) peek() byte {
	s.space()
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

// value returns the raw bytes of the next value and moves past it.
func (s *valueScanner) value() []byte {
	s.space()
	start := s.pos
	depth := 0
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch c {
		case '"':
			s.skipString()
			if depth == 0 {
				return s.data[start:s.pos]
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 { // the end of the enclosing value
				return s.data[start:s.pos]
			}
			depth--
			if depth == 0 {
				s.pos++
				return s.data[start:s.pos]
			}
		case ',', ' ', '\t', '\n', '\r', ':':
			if depth == 0 {
				return s.data[start:s.pos]
			}
		}
		s.pos++
	}
	return s.data[start:s.pos]
}

// skipString moves past the string that starts at pos, or to the end of
// data when it ends there, cut (valueEnds reads cut items).
func (s *valueScanner) skipString() {
	s.pos++ // opening quote
	for s.pos < len(s.data) {
		if s.pos+8 <= len(s.data) {
			m := specialBytes(binary.LittleEndian.Uint64(s.data[s.pos:]), 0)
			if m == 0 {
				s.pos += 8
				continue
			}
			s.pos += firstMarked(m) // to the byte that ends the run
		}
		switch s.data[s.pos] {
		case '\\':
			s.pos = min(s.pos+2, len(s.data))
			continue
		case '"':
			s.pos++
			return
		}
		s.pos++
	}
}

// expect moves past byte c (and the space before it) if it is next.
func (s *valueScanner) expect(c byte) bool {
	if s.peek() == c {
		s.pos++
		return true
	}
	return false
}

// elements calls fn with the raw bytes of each element of the array at
// pos, in order.
func (s *valueScanner) elements(fn func(i int, raw []byte)) {
	s.expect('[')
	for i := 0; !s.expect(']'); i++ {
		v := s.value()
		if len(v) == 0 { // no value here: only in a document that is not JSON
			return
		}
		fn(i, v)
		s.expect(',')
	}
}

// count returns the number of elements of the array at pos, leaving the
// scanner (a copy) where it was.
func (s valueScanner) count() int {
	n := 0
	s.elements(func(int, []byte) { n++ })
	return n
}

// members calls fn with each key (decoded) and raw value of the object at
// pos, in order.
func (s *valueScanner) members(fn func(key string, raw []byte)) {
	s.rawMembers(func(key, raw []byte) { fn(jsonString(key), raw) })
}

// rawMembers calls fn with each key and value of the object at pos, both
// raw, in order.
func (s *valueScanner) rawMembers(fn func(key, raw []byte)) {
	s.expect('{')
	for !s.expect('}') {
		key := s.value()
		s.expect(':')
		fn(key, s.value())
		s.expect(',')
	}
}

// validPythonJSON reports whether data is JSON as Python's json module
// reads it: JSON, plus the literals NaN, Infinity and -Infinity. clean is
// data itself when it is plain JSON, else a copy with those literals
// replaced by numbers of the same length, for encoding/json's messages;
// nonFinite says whether there were any.
func validPythonJSON(data []byte) (clean []byte, nonFinite, ok bool) {
	if validJSON(data) {
		return data, false, true
	}
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case (c == 'N' && bytes.HasPrefix(data[i:], []byte("NaN")) ||
			c == 'I' && bytes.HasPrefix(data[i:], []byte("Infinity"))) && valueStart(data, i, c == 'I'):
			if !nonFinite {
				data, nonFinite = bytes.Clone(data), true
			}
			n := 3
			if c == 'I' {
				n = 8
			}
			data[i] = '0'
			for j := 1; j < n; j++ {
				data[i+j] = ' '
			}
			i += n - 1
		}
	}
	return data, nonFinite, nonFinite && validJSON(data)
}

// valueStart reports whether a value may start at data[i]: at the start,
// or after '[', ',' or ':' and white space. With minus, a '-' right
// before it may come first (-Infinity; Python has no -NaN).
func valueStart(data []byte, i int, minus bool) bool {
	if minus && i > 0 && data[i-1] == '-' {
		i--
	}
	for i--; i >= 0; i-- {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			continue
		case '[', ',', ':':
			return true
		}
		return false
	}
	return true
}

// jsonString decodes a valid JSON string literal; escapes and invalid UTF-8
// (which becomes U+FFFD) are decoded as encoding/json decodes them.
func jsonString(raw []byte) string {
	body := raw[1 : len(raw)-1]
	plain := true
	for _, c := range body {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain || (!containsByte(body, '\\') && utf8.Valid(body)) {
		return string(body)
	}
	return string(AppendUnquotedJSON(make([]byte, 0, len(body)), body))
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}
