package share

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/batchlab/batchlab/core"
)

// Canonical returns the canonical JSON of a decoded scenario: every field
// present (defaults included), object keys sorted, no insignificant white
// space, strings re-escaped the same way. Two documents that decode to the
// same scenario — whatever their key order, spacing, escapes or omitted
// defaults — have the same canonical form. Numbers keep their spelling.
func Canonical(sc *core.Scenario) ([]byte, error) {
	// The prompts, most of a large scenario, are canonicalized from the
	// document as it came (decoding validated it) rather than from
	// json.Marshal's copy of it: a placeholder stands for them.
	withoutPrompts := *sc
	if len(sc.Prompts) > 0 {
		withoutPrompts.Prompts = json.RawMessage("0")
	}
	data, err := json.Marshal(&withoutPrompts)
	if err != nil {
		return nil, fmt.Errorf("encode scenario: %w", err)
	}
	c := canonicalizer{src: data, prompts: sc.Prompts}
	out, err := c.value(make([]byte, 0, len(data)+len(sc.Prompts)))
	if err != nil {
		return nil, fmt.Errorf("encode canonical scenario: %w", err)
	}
	return out, nil
}

// A canonicalizer rewrites compact JSON (as json.Marshal writes it) into
// the canonical form in one pass over the bytes: objects' members sorted by
// key (the last of equal keys kept, as decoding into a map does), strings
// without escapes copied as they are and the others re-encoded as
// encoding/json writes a string with HTML escaping off, numbers and literals
// copied. It gives the bytes that decoding into an interface{} (with
// UseNumber) and encoding again would give, without building that tree: a
// 100,000-prompt share used to spend most of its time there.
type canonicalizer struct {
	src []byte
	pos int
	// prompts, when set, is the value of the top-level member "prompts"
	// (the src holds a placeholder there), in any valid JSON spacing.
	prompts []byte
	depth   int
	// unquoted holds the decoded value of the last string re-encoded.
	unquoted []byte
	// scratch holds an object's members while they are written again in
	// key order (an object's members are all written, nested objects
	// included, before it sorts them, so one buffer serves every level).
	scratch []byte
	// members holds the members of the objects being written, innermost
	// last.
	members []member
}

// member is one object member written to the output: its decoded key and
// the span of `"key":value` in the output.
type member struct {
	key        []byte
	start, end int
}

// value appends the canonical form of the value at c.pos to dst.
func (c *canonicalizer) value(dst []byte) ([]byte, error) {
	c.space()
	defer c.space()
	if c.pos >= len(c.src) {
		return dst, fmt.Errorf("unexpected end of JSON at byte %d", c.pos)
	}
	switch b := c.src[c.pos]; {
	case b == '{':
		return c.object(dst)
	case b == '[':
		c.pos++
		dst = append(dst, '[')
		for i := 0; ; i++ {
			c.space()
			if c.pos < len(c.src) && c.src[c.pos] == ']' {
				c.pos++
				return append(dst, ']'), nil
			}
			if i > 0 {
				if err := c.expect(','); err != nil {
					return dst, err
				}
				dst = append(dst, ',')
			}
			var err error
			if dst, err = c.value(dst); err != nil {
				return dst, err
			}
		}
	case b == '"':
		body, canonical, err := c.str()
		if err != nil {
			return dst, err
		}
		dst, _ = c.appendStr(dst, body, canonical)
		return dst, nil
	default: // a number or a literal: copied up to the next delimiter
		start := c.pos
		for c.pos < len(c.src) && !strings.ContainsRune(",]} \t\r\n", rune(c.src[c.pos])) {
			c.pos++
		}
		if start == c.pos {
			return dst, fmt.Errorf("unexpected %q at byte %d", b, c.pos)
		}
		return append(dst, c.src[start:c.pos]...), nil
	}
}

// object appends the canonical form of the object at c.pos to dst.
func (c *canonicalizer) object(dst []byte) ([]byte, error) {
	c.pos++
	dst = append(dst, '{')
	base := len(dst)
	// This object's members sit at the end of c.members, above those of
	// the objects that contain it.
	outer := len(c.members)
	defer func() { c.members = c.members[:outer] }()
	c.depth++
	defer func() { c.depth-- }()
	for i := 0; ; i++ {
		c.space()
		if c.pos < len(c.src) && c.src[c.pos] == '}' {
			c.pos++
			break
		}
		if i > 0 {
			if err := c.expect(','); err != nil {
				return dst, err
			}
			dst = append(dst, ',')
		}
		body, canonical, err := c.str()
		if err != nil {
			return dst, err
		}
		if err := c.expect(':'); err != nil {
			return dst, err
		}
		start := len(dst)
		var key []byte
		dst, key = c.appendStr(dst, body, canonical)
		if !canonical {
			key = bytes.Clone(key) // appendStr's buffer serves the next string
		}
		dst = append(dst, ':')
		if c.depth == 1 && string(key) == "prompts" && c.prompts != nil {
			if _, err = c.value(nil); err != nil { // the placeholder
				return dst, err
			}
			prompts := canonicalizer{src: c.prompts, scratch: c.scratch}
			dst, err = prompts.value(dst)
			c.scratch = prompts.scratch
		} else {
			dst, err = c.value(dst)
		}
		if err != nil {
			return dst, err
		}
		c.members = append(c.members, member{key: key, start: start, end: len(dst)})
	}
	members := c.members[outer:]
	if slices.IsSortedFunc(members, compareKeys) && !hasEqualNeighbours(members) {
		return append(dst, '}'), nil // json.Marshal's struct order is often sorted already
	}
	// Out of order, or repeated keys: the last of equal keys wins, and the
	// members are written again in key order.
	slices.SortStableFunc(members, compareKeys)
	kept := members[:0]
	for i, m := range members {
		if i+1 < len(members) && bytes.Equal(members[i+1].key, m.key) {
			continue
		}
		kept = append(kept, m)
	}
	c.scratch = append(c.scratch[:0], dst[base:]...)
	written := c.scratch
	dst = dst[:base]
	for i, m := range kept {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, written[m.start-base:m.end-base]...)
	}
	return append(dst, '}'), nil
}

// compareKeys orders members by key, byte by byte, as encoding/json sorts
// a map's keys.
func compareKeys(a, b member) int { return bytes.Compare(a.key, b.key) }

// hasEqualNeighbours reports whether two adjacent members of a sorted list
// have the same key.
func hasEqualNeighbours(members []member) bool {
	for i := 1; i < len(members); i++ {
		if bytes.Equal(members[i].key, members[i-1].key) {
			return true
		}
	}
	return false
}

// space skips white space.
func (c *canonicalizer) space() {
	for c.pos < len(c.src) {
		switch c.src[c.pos] {
		case ' ', '\t', '\r', '\n':
			c.pos++
		default:
			return
		}
	}
}

// expect consumes the byte b, after any white space.
func (c *canonicalizer) expect(b byte) error {
	c.space()
	if c.pos >= len(c.src) || c.src[c.pos] != b {
		return fmt.Errorf("want %q at byte %d", b, c.pos)
	}
	c.pos++
	return nil
}

// str consumes a string and returns its body (the bytes between the
// quotes) and whether that body is already canonical: no escape, valid
// UTF-8, nothing encoding/json would escape.
func (c *canonicalizer) str() (body []byte, canonical bool, err error) {
	c.space()
	start := c.pos
	if err := c.expect('"'); err != nil {
		return nil, false, err
	}
	// The next quote and the backslashes before it are found with
	// bytes.IndexByte; each byte is looked at once for each.
	escaped, quote := false, -1
	for {
		if quote < c.pos {
			i := bytes.IndexByte(c.src[c.pos:], '"')
			if i < 0 {
				return nil, false, fmt.Errorf("unterminated string at byte %d", start)
			}
			quote = c.pos + i
		}
		i := bytes.IndexByte(c.src[c.pos:quote], '\\')
		if i < 0 {
			c.pos = quote + 1
			body = c.src[start+1 : quote]
			return body, !escaped && plain(body), nil
		}
		escaped = true
		c.pos += i + 2 // past the escaped byte, which may be that quote
	}
}

// appendStr appends the canonical form of the string whose body str
// returned, and returns its decoded value as bytes (valid until the next
// call).
func (c *canonicalizer) appendStr(dst, body []byte, canonical bool) (out, decoded []byte) {
	if canonical {
		dst = append(dst, '"')
		dst = append(dst, body...)
		return append(dst, '"'), body
	}
	c.unquoted = core.AppendUnquotedJSON(c.unquoted[:0], body)
	return core.AppendQuotedJSON(dst, c.unquoted), c.unquoted
}

// plain reports whether a string's bytes are what encoding/json writes for
// them: valid UTF-8 without control characters, U+2028 or U+2029 (which it
// escapes).
func plain(raw []byte) bool {
	ascii := true
	for _, b := range raw {
		if b < 0x20 {
			return false
		}
		if b >= 0x80 {
			ascii = false
		}
	}
	return ascii || utf8.Valid(raw) && !bytes.Contains(raw, []byte("\u2028")) && !bytes.Contains(raw, []byte("\u2029"))
}
