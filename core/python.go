package core

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The reference prototype reads its prompts with Python's json module and
// converts the values it finds with Python's bool(), str() and int(). Seed
// mode reproduces those conversions on the raw JSON values here, so that
// it accepts what the reference accepts and produces what it produces:
//
//   - pyTruthy is bool(): null, false, 0, 0.0, "", [] and {} are false.
//   - pyStr is str(): a string as it is, true → "True", 5 → "5", 1e3 →
//     "1000.0", NaN → "nan", a list or object in Python's repr.
//   - pyInt is int(): a float truncated toward zero, true → 1, a string
//     of decimal digits with surrounding white space, sign and single
//     underscores between digits.
//
// Python's json also reads the literals NaN, Infinity and -Infinity, which
// JSON lacks; the values here may be any of them.

// isNonFinite reports whether v is one of Python's non-finite literals.
func isNonFinite(v []byte) bool {
	switch string(v) {
	case "NaN", "Infinity", "-Infinity":
		return true
	}
	return false
}

// pyTruthy reports whether the JSON value v is true in Python's sense.
func pyTruthy(v []byte) bool {
	if len(v) == 0 {
		return false
	}
	switch v[0] {
	case 'n', 'f':
		return false
	case 't', 'N', 'I':
		return true
	case '"':
		return len(v) > 2
	case '[', '{':
		sc := valueScanner{data: v, pos: 1}
		c := sc.peek()
		return c != ']' && c != '}'
	}
	if isNonFinite(v) {
		return true
	}
	f, _ := strconv.ParseFloat(string(v), 64) // ±Inf on overflow: true, as in Python
	return f != 0
}

// pyStr renders the JSON value v as Python's str() renders what json.loads
// makes of it. A string is returned as it is.
func pyStr(v []byte) string {
	if v[0] == '"' {
		return jsonString(v)
	}
	var b strings.Builder
	pyRepr(&b, v)
	return b.String()
}

// pyRepr writes Python's repr() of the JSON value v.
func pyRepr(b *strings.Builder, v []byte) {
	switch v[0] {
	case 'n':
		b.WriteString("None")
	case 't':
		b.WriteString("True")
	case 'f':
		b.WriteString("False")
	case '"':
		pyStringRepr(b, v)
	case '[':
		b.WriteByte('[')
		sc := valueScanner{data: v}
		sc.elements(func(i int, raw []byte) {
			if i > 0 {
				b.WriteString(", ")
			}
			pyRepr(b, raw)
		})
		b.WriteByte(']')
	case '{':
		// A dict keeps each key where it was first given, with the last
		// value given for it.
		var keys [][]byte
		var vals [][]byte
		at := map[string]int{}
		sc := valueScanner{data: v}
		sc.rawMembers(func(key, raw []byte) {
			k := jsonString(key)
			if i, ok := at[k]; ok {
				vals[i] = raw
				return
			}
			at[k] = len(keys)
			keys, vals = append(keys, key), append(vals, raw)
		})
		b.WriteByte('{')
		for i := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			pyStringRepr(b, keys[i])
			b.WriteString(": ")
			pyRepr(b, vals[i])
		}
		b.WriteByte('}')
	default:
		b.WriteString(pyNumber(v))
	}
}

// pyNumber is str() of a JSON number: an integer literal is a Python int
// (exact, "-0" is 0), anything else a float.
func pyNumber(v []byte) string {
	switch string(v) {
	case "NaN":
		return "nan"
	case "Infinity":
		return "inf"
	case "-Infinity":
		return "-inf"
	case "-0":
		return "0"
	}
	if !isFloatLiteral(v) {
		return string(v)
	}
	f, _ := strconv.ParseFloat(string(v), 64)
	return pyFloat(f)
}

func isFloatLiteral(v []byte) bool {
	for _, c := range v {
		if c == '.' || c == 'e' || c == 'E' {
			return true
		}
	}
	return false
}

// pyFloat is Python's repr of a float: the shortest digits that read back,
// in exponent form when the decimal point would be more than 16 places
// right or 4 places left of the first digit, else with at least ".0".
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX, as Python writes it
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if decpt := exp + 1; decpt <= -4 || decpt > 16 {
		return e
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// pyStringRepr writes Python's repr of the JSON string literal raw: in
// single quotes unless it holds a single quote and no double quote, with
// unprintable characters escaped. Lone surrogates, which Python keeps and
// Go cannot hold, come out as Python writes them (\ud800).
func pyStringRepr(b *strings.Builder, raw []byte) {
	quote := byte('\'')
	hasSingle, hasDouble := false, false
	forEachCodePoint(raw, func(r rune) {
		hasSingle = hasSingle || r == '\''
		hasDouble = hasDouble || r == '"'
	})
	if hasSingle && !hasDouble {
		quote = '"'
	}
	b.WriteByte(quote)
	forEachCodePoint(raw, func(r rune) {
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < ' ' || r == 0x7f:
			b.WriteString(`\x` + hex2(r))
		case r < 0x7f || pyPrintable(r):
			b.WriteRune(r)
		case r <= 0xff:
			b.WriteString(`\x` + hex2(r))
		case r <= 0xffff:
			b.WriteString(`\u` + strings.Repeat("0", 4-len(strconv.FormatInt(int64(r), 16))) + strconv.FormatInt(int64(r), 16))
		default:
			b.WriteString(`\U` + strings.Repeat("0", 8-len(strconv.FormatInt(int64(r), 16))) + strconv.FormatInt(int64(r), 16))
		}
	})
	b.WriteByte(quote)
}

func hex2(r rune) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[r>>4&0xf], digits[r&0xf]})
}

// pyPrintable is Python's str.isprintable for one character above ASCII:
// false for controls, format characters, surrogates, private use,
// separators and unassigned code points.
func pyPrintable(r rune) bool {
	if 0xd800 <= r && r <= 0xdfff {
		return false
	}
	if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Zl, unicode.Zp, unicode.Zs) {
		return false
	}
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S)
}

// forEachCodePoint calls fn with each code point of the JSON string
// literal raw as Python's json decodes it: a \u escape of a surrogate that
// is not half of a pair gives that surrogate; invalid UTF-8 (which the
// decoder refuses before) would give U+FFFD.
func forEachCodePoint(raw []byte, fn func(rune)) {
	body := raw[1 : len(raw)-1]
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' {
			r, n := utf8.DecodeRune(body[i:])
			fn(r)
			i += n
			continue
		}
		esc := body[i+1]
		i += 2
		switch esc {
		case 'b':
			fn('\b')
		case 'f':
			fn('\f')
		case 'n':
			fn('\n')
		case 'r':
			fn('\r')
		case 't':
			fn('\t')
		case 'u':
			r, _ := hex4(body[i:]) // valid JSON guarantees the digits
			i += 4
			if 0xd800 <= r && r < 0xdc00 && i+6 <= len(body) && body[i] == '\\' && body[i+1] == 'u' {
				if lo, _ := hex4(body[i+2:]); 0xdc00 <= lo && lo <= 0xdfff {
					r = 0x10000 + (r-0xd800)<<10 + (lo - 0xdc00)
					i += 6
				}
			}
			fn(r)
		default: // " \ /
			fn(rune(esc))
		}
	}
}

// hasLoneSurrogate reports whether the JSON string literal raw escapes a
// surrogate that is not half of a pair: Python keeps it, a Go string
// cannot.
func hasLoneSurrogate(raw []byte) bool {
	if !containsByte(raw, '\\') {
		return false
	}
	lone := false
	forEachCodePoint(raw, func(r rune) { lone = lone || 0xd800 <= r && r <= 0xdfff })
	return lone
}

// pyIntResult says why pyInt could not give a time.
type pyIntResult uint8

const (
	pyIntOK       pyIntResult = iota
	pyIntRefused              // int() raises: the reference stops too
	pyIntTooLarge             // int() gives a number beyond ±MaxTimeMs
)

// pyInt is Python's int() of the JSON value v (not null), within
// ±MaxTimeMs.
func pyInt(v []byte) (int64, pyIntResult) {
	switch v[0] {
	case 't':
		return 1, pyIntOK
	case 'f':
		return 0, pyIntOK
	case '"':
		return pyIntString(jsonString(v))
	case '[', '{', 'n', 'N', 'I':
		return 0, pyIntRefused
	}
	if isNonFinite(v) { // -Infinity
		return 0, pyIntRefused
	}
	if !isFloatLiteral(v) {
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil || n < -MaxTimeMs || n > MaxTimeMs {
			return 0, pyIntTooLarge
		}
		return n, pyIntOK
	}
	f, _ := strconv.ParseFloat(string(v), 64)
	switch {
	case math.IsInf(f, 0):
		return 0, pyIntRefused // OverflowError: cannot convert float infinity
	case math.Abs(f) >= MaxTimeMs+1:
		return 0, pyIntTooLarge
	}
	return int64(f), pyIntOK // truncated toward zero
}

// pyIntString is int(s) for a string: white space around, an optional
// sign, decimal digits of any script with single underscores between
// them. The white space is str.isspace's but for U+001C–001F, which int()
// refuses.
func pyIntString(s string) (int64, pyIntResult) {
	s = strings.TrimFunc(s, func(r rune) bool { return isSpace(r) && (r < 0x1c || r > 0x1f) })
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var n int64
	digits, big := 0, false
	prevDigit := false
	for _, r := range s {
		if r == '_' {
			if !prevDigit {
				return 0, pyIntRefused
			}
			prevDigit = false
			continue
		}
		d, ok := decimalValue(r)
		if !ok {
			return 0, pyIntRefused
		}
		digits++
		prevDigit = true
		if n = n*10 + int64(d); n > MaxTimeMs {
			big, n = true, 0
		}
	}
	switch {
	case digits == 0 || !prevDigit:
		return 0, pyIntRefused
	case big:
		return 0, pyIntTooLarge
	case neg:
		n = -n
	}
	return n, pyIntOK
}

// decimalValue is the digit value of r, a decimal digit of any script
// (Unicode category Nd, whose digits come in runs of ten from zero).
func decimalValue(r rune) (int, bool) {
	if r < utf8.RuneSelf {
		if '0' <= r && r <= '9' {
			return int(r - '0'), true
		}
		return 0, false
	}
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10, true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10, true
		}
	}
	return 0, false
}
