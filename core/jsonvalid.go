package core

import (
	"encoding/binary"
	"math/bits"
)

// maxJSONDepth is the deepest nesting of arrays and objects encoding/json
// accepts; validJSON keeps to it so that both agree on every document.
const maxJSONDepth = 10_000

// validJSON reports whether data is one JSON value, surrounded by white
// space at most: json.Valid's answer (FuzzValidJSON checks that they agree),
// in a single pass that skips the plain runs of strings eight bytes at a
// time. Like json.Valid it does not check that strings are UTF-8. A 16 MiB
// scenario is checked several times faster than by json.Valid, which
// matters most under WebAssembly (the Worker's share path).
func validJSON(data []byte) bool {
	v := jsonValidator{data: data}
	return v.document()
}

// A jsonValidator walks a document once, keeping the open containers on a
// stack ('{' or '[').
type jsonValidator struct {
	data  []byte
	pos   int
	stack []byte
}

func (v *jsonValidator) document() bool {
	for {
		if !v.value() {
			return false
		}
		for {
			v.space()
			if len(v.stack) == 0 {
				return v.pos == len(v.data)
			}
			if v.pos >= len(v.data) {
				return false
			}
			top, c := v.stack[len(v.stack)-1], v.data[v.pos]
			if c == ',' {
				v.pos++
				if top == '{' && !v.key() {
					return false
				}
				break // to the next value
			}
			if c != top+2 { // '{'+2 is '}', '['+2 is ']'
				return false
			}
			v.stack = v.stack[:len(v.stack)-1]
			v.pos++
		}
	}
}

// value moves past the next value or, when it opens a non-empty
// container, into it and down to its first scalar or empty container,
// reporting whether it was well formed so far.
func (v *jsonValidator) value() bool {
	for {
		v.space()
		if v.pos >= len(v.data) {
			return false
		}
		switch c := v.data[v.pos]; c {
		case '{', '[':
			if len(v.stack) == maxJSONDepth {
				return false
			}
			v.pos++
			v.space()
			if v.pos < len(v.data) && v.data[v.pos] == c+2 { // empty
				v.pos++
				return true
			}
			v.stack = append(v.stack, c)
			if c == '{' && !v.key() {
				return false
			}
		case '"':
			return v.string()
		case 't':
			return v.literal("true")
		case 'f':
			return v.literal("false")
		case 'n':
			return v.literal("null")
		default:
			return v.number()
		}
	}
}

// key moves past an object's key and its colon.
func (v *jsonValidator) key() bool {
	v.space()
	if v.pos >= len(v.data) || v.data[v.pos] != '"' || !v.string() {
		return false
	}
	v.space()
	if v.pos >= len(v.data) || v.data[v.pos] != ':' {
		return false
	}
	v.pos++
	return true
}

func (v *jsonValidator) space() { v.pos = skipSpace(v.data, v.pos) }

func (v *jsonValidator) literal(word string) bool {
	if len(v.data)-v.pos < len(word) || string(v.data[v.pos:v.pos+len(word)]) != word {
		return false
	}
	v.pos += len(word)
	return true
}

// string moves past the string at pos: no control characters, escapes as
// JSON defines them.
func (v *jsonValidator) string() bool {
	data := v.data
	i := v.pos + 1
	for {
		for i+8 <= len(data) {
			if m := specialBytes(binary.LittleEndian.Uint64(data[i:]), 0); m != 0 {
				i += firstMarked(m) // to the byte that ends the run
				break
			}
			i += 8
		}
		if i >= len(data) {
			return false
		}
		switch c := data[i]; {
		case c == '"':
			v.pos = i + 1
			return true
		case c == '\\':
			n := escapeLen(data, i)
			if n == 0 {
				return false
			}
			i += n
		case c < ' ':
			return false
		default:
			i++
		}
	}
}

// number moves past a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (v *jsonValidator) number() bool {
	data, i := v.data, v.pos
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && data[i] >= '1' && data[i] <= '9':
		i = skipDigits(data, i)
	default:
		return false
	}
	if i < len(data) && data[i] == '.' {
		j := skipDigits(data, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := skipDigits(data, i)
		if j == i {
			return false
		}
		i = j
	}
	v.pos = i
	return true
}

// skipDigits returns the index of the first byte at or after i that is not a
// decimal digit.
func skipDigits(data []byte, i int) int {
	for i < len(data) && data[i] >= '0' && data[i] <= '9' {
		i++
	}
	return i
}

// escapeLen returns the length of the escape at data[i], a backslash: 2,
// 6 for \uXXXX, or 0 when it is not one JSON allows.
func escapeLen(data []byte, i int) int {
	if i+1 >= len(data) {
		return 0
	}
	switch data[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if _, ok := hex4(data[i+2:]); ok {
			return 6
		}
	}
	return 0
}

// Eight-byte words for finding the bytes that end a plain run of a string.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// specialBytes marks (the top bit of their byte) the bytes of w that end
// a plain run of a string: a quote, a backslash, a control character, and
// a byte beyond ASCII when high is highs (0: those are plain). The lowest
// mark is always one of those; a borrow may mark bytes above it too.
func specialBytes(w, high uint64) uint64 {
	quote, slash := w^(ones*'"'), w^(ones*'\\')
	zero := func(v uint64) uint64 { return (v - ones) & ^v & highs }
	return zero(quote) | zero(slash) | (w-ones*0x20)&^w&highs | w&high
}

// plainWord reports whether none of the eight bytes of w is a quote, a
// backslash or a control character: a run a string scanner can skip
// whole. Bytes past ASCII are plain.
func plainWord(w uint64) bool { return specialBytes(w, 0) == 0 }

// firstMarked returns the index (0 to 8, 8 for none) of the lowest byte
// specialBytes marked in m: the byte that ends the run.
func firstMarked(m uint64) int { return bits.TrailingZeros64(m) >> 3 }

// plainASCII reports whether the eight bytes of w are printable ASCII
// other than a quote or a backslash: a run that needs neither decoding nor
// escaping.
func plainASCII(w uint64) bool { return plainWord(w) && w&highs == 0 }
