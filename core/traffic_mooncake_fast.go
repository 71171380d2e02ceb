package core

// The Mooncake rows of a real trace all have one shape: an object of plain
// keys whose values are unsigned numbers, and hash_ids an array of unsigned
// integers. scanMooncakeLine reads that shape in one pass, checking the
// syntax as it goes, where the general path checks the row (validJSON),
// then scans it, then parses each hash id: a third of the time of a
// streamed Mooncake run. Any other row goes the general way.

// A mooncakeRow is what a Mooncake row gives: the raw timestamp and token
// counts (nil when missing) and the hash ids.
type mooncakeRow struct {
	ts, in, out []byte
	ids         []int64
}

// scanMooncakeLine reads raw when it is a Mooncake row of the common shape:
// a JSON object whose keys have no escapes and only printable ASCII, whose
// values are numbers written 0|[1-9][0-9]*(.[0-9]+)? (any key) or, for
// hash_ids, an array of integers 0|[1-9][0-9]{0,17}. The ids are appended
// to ids[:0]. As on the general path, a key given twice counts the last
// time. ok is false for every other row, valid or not: the caller then
// takes the general path, which gives the same result for a row of this
// shape (FuzzMooncakeFastLine checks it).
func scanMooncakeLine(raw []byte, ids []int64) (row mooncakeRow, ok bool) {
	row.ids = ids[:0]
	i := skipSpace(raw, 0)
	if i == len(raw) || raw[i] != '{' {
		return row, false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return row, skipSpace(raw, i+1) == len(raw)
	}
	for {
		if i == len(raw) || raw[i] != '"' {
			return row, false
		}
		start := i + 1
		for i = start; i < len(raw) && raw[i] != '"'; i++ {
			if c := raw[i]; c < 0x20 || c > 0x7e || c == '\\' {
				return row, false
			}
		}
		if i == len(raw) {
			return row, false
		}
		key := raw[start:i]
		i = skipSpace(raw, i+1)
		if i == len(raw) || raw[i] != ':' {
			return row, false
		}
		i = skipSpace(raw, i+1)
		if string(key) == "hash_ids" {
			if i, ok = scanHashIDs(raw, i, &row.ids); !ok {
				return row, false
			}
		} else {
			end, ok := scanUnsigned(raw, i)
			if !ok {
				return row, false
			}
			switch string(key) {
			case "timestamp":
				row.ts = raw[i:end]
			case "input_length":
				row.in = raw[i:end]
			case "output_length":
				row.out = raw[i:end]
			}
			i = end
		}
		var done bool
		if i, done, ok = nextMember(raw, i, '}'); !ok || done {
			return row, ok && skipSpace(raw, i) == len(raw)
		}
	}
}

// nextMember moves past what follows a member or element at raw[i:]: a
// comma and the space after it, or the closing byte (done); ok is false
// for anything else.
func nextMember(raw []byte, i int, closing byte) (next int, done, ok bool) {
	i = skipSpace(raw, i)
	switch {
	case i == len(raw):
		return i, false, false
	case raw[i] == ',':
		return skipSpace(raw, i+1), false, true
	case raw[i] == closing:
		return i + 1, true, true
	}
	return i, false, false
}

// scanUnsigned returns the end of the number 0|[1-9][0-9]*(.[0-9]+)? at
// raw[i:], and false when none starts there or another follows right after
// it (a minus, an exponent: the general path reads those).
func scanUnsigned(raw []byte, i int) (int, bool) {
	start := i
	for i < len(raw) && isDigit(raw[i]) {
		i++
	}
	if i == start || raw[start] == '0' && i > start+1 {
		return i, false
	}
	if i < len(raw) && raw[i] == '.' {
		i++
		frac := i
		for i < len(raw) && isDigit(raw[i]) {
			i++
		}
		if i == frac {
			return i, false
		}
	}
	if i < len(raw) && (raw[i] == 'e' || raw[i] == 'E' || raw[i] == '.' || isDigit(raw[i])) {
		return i, false
	}
	return i, true
}

// scanHashIDs reads the array of integers 0|[1-9][0-9]{0,17} at raw[i:],
// appending them to *ids (reset first: the last hash_ids counts), and
// returns the index after it.
func scanHashIDs(raw []byte, i int, ids *[]int64) (int, bool) {
	if i == len(raw) || raw[i] != '[' {
		return i, false
	}
	*ids = (*ids)[:0]
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return i + 1, true
	}
	for {
		start := i
		var n int64
		for i < len(raw) && isDigit(raw[i]) {
			n = n*10 + int64(raw[i]-'0')
			i++
		}
		if d := i - start; d == 0 || d > 18 || raw[start] == '0' && d > 1 {
			return i, false
		}
		*ids = append(*ids, n)
		var done, ok bool
		if i, done, ok = nextMember(raw, i, ']'); !ok || done {
			return i, ok
		}
	}
}
