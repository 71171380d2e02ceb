package core

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// An Import is traffic brought in from a file, in the form a scenario
// stores: a prompts document of batchlab's own request objects (token
// fields, text when there is text), untransformed, and a note of where it
// came from. A scenario, and so its share id, never depends on the file's
// format.
type Import struct {
	Prompts json.RawMessage
	Source  TrafficSource
	// Report says what the file held (nil for a prompts document, which
	// is stored as it is).
	Report *TrafficReport
}

// DetectBytes is how much of a file's start ImportTraffic gives
// DetectTrafficFormat.
const DetectBytes = 4096

// ImportTraffic reads a file of traffic in format (TrafficUnknown: detect
// it from the first bytes and the file name). A prompts document (a JSON
// array) is kept as it is; every other format is parsed (ParseTraffic)
// and written as prompt objects. Errors are joined *FieldError values with
// the file's positions.
func ImportTraffic(data []byte, fileName string, format TrafficFormat, opts TrafficOptions) (*Import, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fieldErr("$", ErrRequired, "the file is empty: want prompts (a JSON array) or a trace (CSV or JSON Lines)")
	}
	if format == TrafficUnknown {
		format = DetectTrafficFormat(data[:min(len(data), DetectBytes)], fileName)
	}
	switch format {
	case TrafficUnknown:
		return nil, fieldErr("$", ErrInvalid, "cannot tell the file's format: want a prompts JSON array, JSON Lines or a CSV trace with a header; name the format (one of %s)", TrafficFormatList())
	case TrafficPrompts:
		return &Import{Prompts: data}, nil
	}
	t, err := ParseTraffic(data, format, opts)
	if err != nil {
		return nil, err
	}
	return &Import{Prompts: t.PromptsJSON(), Source: TrafficSource{Format: string(format), File: baseName(fileName)}, Report: &t.Report}, nil
}

// baseName is the last element of a slash- or backslash-separated path:
// a scenario keeps the file's name, never a path of the user's machine.
func baseName(name string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '/' || name[i] == '\\' {
			return name[i+1:]
		}
	}
	return name
}

// PromptsJSON writes the records as a prompts document of request objects
// with the fields each record gives: request_id, created_at_ms, prompt,
// input_tokens, output_tokens, model, user_id, failed and
// shared_prefix_tokens.
func (t *Traffic) PromptsJSON() json.RawMessage {
	b := make([]byte, 0, 96*len(t.Records)+2)
	b = append(b, '[')
	for i := range t.Records {
		r := &t.Records[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		first := true
		key := func(k string) {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, '"')
			b = append(b, k...)
			b = append(b, '"', ':')
		}
		if r.ID != "" {
			key("request_id")
			b = appendJSONString(b, r.ID)
		}
		if r.HasArrival {
			key("created_at_ms")
			b = strconv.AppendInt(b, r.ArrivalMs, 10)
		}
		if r.Text != "" {
			key("prompt")
			b = appendJSONString(b, r.Text)
		}
		if r.InputTokens > 0 {
			key("input_tokens")
			b = strconv.AppendInt(b, int64(r.InputTokens), 10)
		}
		if r.HasOutputTokens {
			key("output_tokens")
			b = strconv.AppendInt(b, int64(r.OutputTokens), 10)
		}
		if r.Model != "" {
			key("model")
			b = appendJSONString(b, r.Model)
		}
		if r.UserID != "" {
			key("user_id")
			b = appendJSONString(b, r.UserID)
		}
		if r.Failed {
			key("failed")
			b = append(b, "true"...)
		}
		if r.SharedPrefixTokens > 0 {
			key("shared_prefix_tokens")
			b = strconv.AppendInt(b, int64(r.SharedPrefixTokens), 10)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// jsonPlain tells the bytes that encoding/json writes as they are in a
// string: ASCII but control characters, the quote, the backslash and the
// HTML characters <, > and &.
var jsonPlain = func() (plain [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		plain[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return plain
}()

// appendJSONString appends s as a JSON string: plain ASCII as it is,
// anything else through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !jsonPlain[s[i]] {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
