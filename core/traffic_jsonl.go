package core

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// JSON Lines of batchlab's own prompt objects (format TrafficJSONL): one
// JSON value per line, either a prompt string or an object
//
//	{request_id?, created_at_ms?, prompt | shortened_query, user_id?,
//	 input_tokens? (or token_count, the same field), output_tokens?,
//	 selected_model?}
//
// Rules:
//
//   - The text is prompt, or shortened_query when prompt is absent, null
//     or ""; it may be left out when input_tokens is given (a token-only
//     request). A text of white space only is an error.
//   - input_tokens (or token_count; both given must agree) is a positive
//     integer, output_tokens a non-negative integer, created_at_ms a
//     non-negative integer of at most MaxTimeMs, kept as given (not
//     rebased). user_id is a string or a number; request_id a string,
//     unique.
//   - Any other key is an error, with a "did you mean" hint when a known
//     key is close: a typo must not silently turn a field into nothing.
//   - Records are sorted stably by arrival only when every one has an
//     arrival; otherwise they stay in file order.

// promptKeys are the keys of a prompt object, for "did you mean".
var promptKeys = []string{"request_id", "created_at_ms", "prompt", "shortened_query", "user_id", "input_tokens",
	"token_count", "output_tokens", "selected_model"}

// A jsonSource locates raw values (subslices of data) for error messages:
// by line and column within the line when line > 0, else by offset in the
// whole document.
type jsonSource struct {
	data      []byte
	line      int
	lineStart int
}

func (s jsonSource) at(v []byte) (line, col int) {
	off := cap(s.data) - cap(v)
	if s.line > 0 {
		return s.line, off - s.lineStart + 1
	}
	return position(s.data, int64(off))
}

// err records an error at path, located at the raw value v.
func (s jsonSource) err(b *trafficBuilder, path string, v []byte, kind error, format string, args ...any) {
	line, col := s.at(v)
	b.errAt(path, line, col, kind, format, args...)
}

// parseJSONLines reads data as JSON Lines: each non-blank line is one
// JSON value, handed to parse with its row index once it is known to be
// valid JSON.
func parseJSONLines(data []byte, b *trafficBuilder, parse jsonLineParser) {
	readJSONLines(data, jsonLines{b: b, parse: parse})
}

// readJSONLines reads data's rows into rows.b with rows' parsers.
func readJSONLines(data []byte, rows jsonLines) {
	rows.b.reserve(bytes.Count(data, []byte{'\n'}) + 1)
	rows.sc = newJSONLScanner(data)
	for rows.row() {
	}
}

// A jsonLineParser reads one row, raw (valid JSON), at index row.
type jsonLineParser func(b *trafficBuilder, src jsonSource, raw []byte, row int)

// jsonLines reads the rows of a JSON Lines format into a builder, one at a
// time: what ParseTraffic and a streamed run share.
type jsonLines struct {
	sc    *jsonlScanner
	b     *trafficBuilder
	parse jsonLineParser
	// fast, when set, reads first each row, not yet known to be valid: it
	// reports whether it read it (a row of the format's common shape,
	// checked as it went), else it left the builder untouched and the row
	// goes to validJSON and parse.
	fast func(b *trafficBuilder, src jsonSource, raw []byte, row int) bool
}

// row reads the next non-blank line into the builder; false at the end of
// the input, or when the row limit stops the parse.
func (j *jsonLines) row() bool {
	sc, b := j.sc, j.b
	for {
		text, more := sc.next()
		if !more {
			return false
		}
		raw := bytes.TrimSpace(text)
		if len(raw) == 0 {
			continue
		}
		i, ok := b.row(sc.line)
		if !ok {
			return false
		}
		src := jsonSource{data: sc.data, line: sc.line, lineStart: sc.lineStart}
		if j.fast != nil && j.fast(b, src, raw, i) {
			return true
		}
		if !validJSON(raw) {
			var v any
			fe := jsonError(raw, json.Unmarshal(raw, &v), b.itemPath(i)).(*FieldError)
			_, col := src.at(raw)
			fe.Line, fe.Column = sc.line, col+max(fe.Column, 1)-1
			b.errs.add(fe)
			return true
		}
		j.parse(b, src, raw, i)
		return true
	}
}

// offset is how far into the input the rows have been read.
func (j *jsonLines) offset() int64 { return j.sc.offset() }

// parsePromptLine reads one batchlab prompt object (or prompt string).
func parsePromptLine(b *trafficBuilder, src jsonSource, raw []byte, row int) {
	line, _ := src.at(raw)
	r := TrafficRecord{Line: line}
	item := b.itemPath(row)
	path := func(key string) string { return item + "." + key }
	errsBefore := b.errs.len()
	switch raw[0] {
	case '"':
		r.Text = jsonString(raw)
		switch {
		case isBlank(r.Text):
			src.err(b, item, raw, ErrRequired, "want a non-empty prompt")
		case b.tokenOnly:
			src.err(b, item, raw, ErrInvalid, "%s", streamNoText)
		}
	case '{':
		parsePromptObject(b, src, raw, item, path, &r)
	default:
		src.err(b, item, raw, ErrType, "want a prompt object or a prompt string, got %s", jsonKind(raw))
	}
	if b.errs.len() > errsBefore {
		return
	}
	b.uniqueID(r.ID, row, path("request_id"), line, 1)
	b.add(r, nil)
}

func parsePromptObject(b *trafficBuilder, src jsonSource, raw []byte, item string, path func(string) string, r *TrafficRecord) {
	var prompt, shortened, tokens, count []byte
	sc := valueScanner{data: raw}
	sc.members(func(key string, v []byte) {
		switch key {
		case "prompt":
			prompt = v
		case "shortened_query":
			shortened = v
		case "input_tokens":
			tokens = v
		case "token_count":
			count = v
		case "request_id":
			id, err := optionalString(v)
			switch {
			case err != nil:
				src.err(b, path(key), v, ErrType, "want a string, got %s", jsonKind(v))
			case id != "" && b.tokenOnly:
				src.err(b, path(key), v, ErrInvalid, "%s", streamNoIDs)
			}
			r.ID = id
		case "created_at_ms":
			if isNull(v) {
				return
			}
			t, ok := parseInt(v)
			if !ok || t < 0 || t > MaxTimeMs {
				src.err(b, path(key), v, ErrInvalid, "want a non-negative integer number of milliseconds (at most %d), got %s", int64(MaxTimeMs), clip(v))
			}
			r.ArrivalMs, r.HasArrival = t, true
		case "user_id":
			switch {
			case isNull(v):
			case v[0] == '"':
				r.UserID = jsonString(v)
			case v[0] == '-' || isDigit(v[0]):
				r.UserID = string(v)
			default:
				src.err(b, path(key), v, ErrType, "want a string or a number, got %s", jsonKind(v))
			}
		case "output_tokens":
			if isNull(v) {
				return
			}
			n, ok := parseInt(v)
			if !ok || n < 0 || n > maxTrafficTokens {
				src.err(b, path(key), v, ErrInvalid, "want a non-negative integer number of tokens, got %s", clip(v))
			}
			r.OutputTokens, r.HasOutputTokens = int(n), true
		case "selected_model":
			name, err := optionalString(v)
			if err != nil {
				src.err(b, path(key), v, ErrType, "want a model name, got %s", jsonKind(v))
			}
			r.Model = name
		default:
			msg := "unknown field"
			if s, ok := suggestName(key, promptKeys); ok {
				msg += "; did you mean " + strconv.Quote(s) + "?"
			}
			k := namePath(item, key)
			src.err(b, k, v, ErrUnknownField, "%s", msg)
		}
	})

	for _, f := range []struct {
		key string
		v   []byte
	}{{"input_tokens", tokens}, {"token_count", count}} {
		if f.v == nil || isNull(f.v) {
			continue
		}
		n, ok := parseInt(f.v)
		switch {
		case !ok || n < 1 || n > maxTrafficTokens:
			src.err(b, path(f.key), f.v, ErrInvalid, "want a positive integer number of tokens, got %s", clip(f.v))
		case r.InputTokens != 0 && int(n) != r.InputTokens:
			src.err(b, path(f.key), f.v, ErrInvalid, "token_count %d disagrees with input_tokens %d (they are the same field)", n, r.InputTokens)
		default:
			r.InputTokens = int(n)
		}
	}

	text, err := optionalString(prompt)
	if err != nil {
		src.err(b, path("prompt"), prompt, ErrType, "want a string, got %s", jsonKind(prompt))
	}
	if text == "" && err == nil {
		if text, err = optionalString(shortened); err != nil {
			src.err(b, path("shortened_query"), shortened, ErrType, "want a string, got %s", jsonKind(shortened))
		}
	}
	switch {
	case text != "" && isBlank(text):
		src.err(b, path("prompt"), raw, ErrRequired, "want a prompt with more than white space")
	case text != "" && b.tokenOnly:
		at, key := prompt, "prompt"
		if s, _ := optionalString(prompt); s == "" {
			at, key = shortened, "shortened_query"
		}
		src.err(b, path(key), at, ErrInvalid, "%s", streamNoText)
	case text == "" && r.InputTokens == 0 && err == nil:
		src.err(b, path("prompt"), raw, ErrRequired, "want a prompt (or shortened_query) or input_tokens")
	}
	r.Text = text
}
