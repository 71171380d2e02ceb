package core

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Batch files are what people send to the providers' batch APIs. They hold
// prompt text but no times: arrivals come from the scenario's generator.
//
// OpenAI Batch API input (format TrafficOpenAIBatch) is JSON Lines, one
// request per line:
//
//	{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions",
//	 "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "…"}], "max_tokens": 200}}
//
// Anthropic Message Batches (format TrafficAnthropicBatch) is the request
// body of the batches endpoint, one JSON document
//
//	{"requests": [{"custom_id": "r1", "params": {"model": "…", "max_tokens": 200,
//	  "system": "…", "messages": [{"role": "user", "content": "…"}]}}]}
//
// or the same request objects as JSON Lines, one per line.
//
// Rules:
//
//   - custom_id is the request id: a non-empty string, unique.
//   - OpenAI: method, when given, is "POST"; a line whose url is not
//     /v1/chat/completions (embeddings, responses, …) is skipped
//     (SkipNotChat). body (params for Anthropic) is an object.
//   - model is kept as written (mapping it to the catalog is the
//     scenario's business).
//   - The text is the system prompt (Anthropic's system: a string or a
//     list of blocks) followed by each message's content, joined by line
//     breaks. A content is a string, null, or a list of parts whose "text"
//     strings count; other parts (images, tool calls) carry no text. A
//     request without any text is an error.
//   - max_tokens, or OpenAI's max_completion_tokens (which wins when both
//     are given), is a non-negative integer kept as MaxOutputTokens, a hint
//     for the output length; the real output length is unknown.
//   - Other keys are ignored.
func parseOpenAIBatchLine(b *trafficBuilder, src jsonSource, raw []byte, row int) {
	line, _ := src.at(raw)
	item := b.itemPath(row)
	if raw[0] != '{' {
		src.err(b, item, raw, ErrType, "want a request object {custom_id, method, url, body}, got %s", jsonKind(raw))
		return
	}
	errsBefore := b.errs.len()
	var id, method, url, body []byte
	sc := valueScanner{data: raw}
	sc.members(func(key string, v []byte) {
		switch key {
		case "custom_id":
			id = v
		case "method":
			method = v
		case "url":
			url = v
		case "body":
			body = v
		}
	})
	r := TrafficRecord{Line: line}
	r.ID = customID(b, src, raw, id, item, row)
	if method != nil {
		if m, err := optionalString(method); err != nil || m != "POST" {
			src.err(b, item+".method", method, ErrInvalid, "want \"POST\", got %s", clip(method))
		}
	}
	u, err := optionalString(url)
	switch {
	case err != nil || u == "":
		src.err(b, item+".url", orObject(url, raw), ErrRequired, "want the endpoint, like \"/v1/chat/completions\", got %s", jsonKind(url))
	case b.errs.len() == errsBefore && u != "/v1/chat/completions":
		b.skip(SkipNotChat, line)
		return
	}
	parseChatParams(b, src, raw, body, item+".body", &r)
	if b.errs.len() == errsBefore {
		b.add(r, nil)
	}
}

// parseAnthropicBatch reads the Message Batches request body, or its
// request objects as JSON Lines.
func parseAnthropicBatch(data []byte, b *trafficBuilder) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !validJSON(data) {
		first, _, _ := bytes.Cut(bytes.TrimSpace(data), []byte{'\n'})
		if len(first) > 0 && first[0] == '{' && validJSON(first) {
			parseJSONLines(data, b, parseAnthropicRequest)
			return
		}
		var v any
		b.errs.add(jsonError(data, json.Unmarshal(data, &v), "$").(*FieldError))
		return
	}
	var requests []byte
	sc := valueScanner{data: data}
	if sc.peek() == '{' {
		sc.members(func(key string, v []byte) {
			if key == "requests" {
				requests = v
			}
		})
	}
	src := jsonSource{data: data}
	switch {
	case requests == nil && bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) && bytes.Count(bytes.TrimSpace(data), []byte{'\n'}) == 0:
		parseJSONLines(data, b, parseAnthropicRequest) // one request on one line
		return
	case requests == nil || requests[0] != '[':
		start := bytes.TrimLeft(data, " \t\r\n")
		src.err(b, "$.requests", orObject(requests, start), ErrType, "want {\"requests\": [ … ]}, got %s", jsonKind(orObject(requests, start)))
		return
	}
	b.itemRoot = "$.requests"
	b.reserve(bytes.Count(data, []byte("custom_id")))
	sc = valueScanner{data: requests}
	sc.elements(func(i int, raw []byte) {
		if b.stop {
			return
		}
		line, _ := src.at(raw)
		row, ok := b.row(line)
		if ok {
			parseAnthropicRequest(b, src, raw, row)
		}
	})
}

// parseAnthropicRequest reads one {custom_id, params} object.
func parseAnthropicRequest(b *trafficBuilder, src jsonSource, raw []byte, row int) {
	line, _ := src.at(raw)
	item := b.itemPath(row)
	if raw[0] != '{' {
		src.err(b, item, raw, ErrType, "want a request object {custom_id, params}, got %s", jsonKind(raw))
		return
	}
	errsBefore := b.errs.len()
	var id, params []byte
	sc := valueScanner{data: raw}
	sc.members(func(key string, v []byte) {
		switch key {
		case "custom_id":
			id = v
		case "params":
			params = v
		}
	})
	r := TrafficRecord{Line: line}
	r.ID = customID(b, src, raw, id, item, row)
	parseChatParams(b, src, raw, params, item+".params", &r)
	if b.errs.len() == errsBefore {
		b.add(r, nil)
	}
}

// customID reads the required, unique custom_id of the request obj.
func customID(b *trafficBuilder, src jsonSource, obj, v []byte, item string, row int) string {
	id, err := optionalString(v)
	if err != nil || id == "" {
		src.err(b, item+".custom_id", orObject(v, obj), ErrRequired, "want a non-empty string request id, got %s", jsonKind(v))
		return ""
	}
	line, col := src.at(v)
	b.uniqueID(id, row, item+".custom_id", line, col)
	return id
}

// orObject returns v, or obj (to locate a missing v) when v is absent.
func orObject(v, obj []byte) []byte {
	if v == nil {
		return obj
	}
	return v
}

// parseChatParams reads the model, output cap and text of a chat request
// body v (of the request obj) into r.
func parseChatParams(b *trafficBuilder, src jsonSource, obj, v []byte, path string, r *TrafficRecord) {
	if v == nil || v[0] != '{' {
		src.err(b, path, orObject(v, obj), ErrType, "want an object with model and messages, got %s", jsonKind(v))
		return
	}
	var messages, system, maxTokens, maxCompletion []byte
	sc := valueScanner{data: v}
	sc.members(func(key string, f []byte) {
		switch key {
		case "model":
			name, err := optionalString(f)
			if err != nil {
				src.err(b, path+".model", f, ErrType, "want a model name, got %s", jsonKind(f))
			}
			r.Model = name
		case "messages":
			messages = f
		case "system":
			system = f
		case "max_tokens":
			maxTokens = f
		case "max_completion_tokens":
			maxCompletion = f
		}
	})
	for _, m := range []struct {
		key string
		v   []byte
	}{{"max_tokens", maxTokens}, {"max_completion_tokens", maxCompletion}} {
		if m.v == nil || isNull(m.v) {
			continue
		}
		n, ok := parseInt(m.v)
		if !ok || n < 0 || n > maxTrafficTokens {
			src.err(b, path+"."+m.key, m.v, ErrInvalid, "want a non-negative integer number of tokens, got %s", clip(m.v))
			continue
		}
		r.MaxOutputTokens = int(n)
	}
	var pieces []string
	if system != nil {
		contentText(b, src, system, path+".system", &pieces)
	}
	if messages == nil || messages[0] != '[' {
		src.err(b, path+".messages", orObject(messages, v), ErrType, "want an array of messages, got %s", jsonKind(messages))
		return
	}
	sc = valueScanner{data: messages}
	sc.elements(func(i int, m []byte) {
		mp := path + ".messages[" + strconv.Itoa(i) + "]"
		if m[0] != '{' {
			src.err(b, mp, m, ErrType, "want a message object {role, content}, got %s", jsonKind(m))
			return
		}
		ms := valueScanner{data: m}
		ms.members(func(key string, c []byte) {
			if key == "content" {
				contentText(b, src, c, mp+".content", &pieces)
			}
		})
	})
	r.Text = strings.Join(pieces, "\n")
	if isBlank(r.Text) {
		r.Text = ""
		src.err(b, path+".messages", messages, ErrRequired, "no text in the messages")
	}
}

// contentText appends the text of a message content (or a system prompt)
// v: a string, null, or a list of parts with "text".
func contentText(b *trafficBuilder, src jsonSource, v []byte, path string, pieces *[]string) {
	switch v[0] {
	case 'n':
		return
	case '"':
		*pieces = append(*pieces, jsonString(v))
		return
	case '[':
	default:
		src.err(b, path, v, ErrType, "want a string or a list of parts, got %s", jsonKind(v))
		return
	}
	sc := valueScanner{data: v}
	sc.elements(func(i int, part []byte) {
		pp := path + "[" + strconv.Itoa(i) + "]"
		if part[0] != '{' {
			src.err(b, pp, part, ErrType, "want a content part object, got %s", jsonKind(part))
			return
		}
		ps := valueScanner{data: part}
		ps.members(func(key string, t []byte) {
			if key != "text" {
				return
			}
			if t[0] != '"' {
				src.err(b, pp+".text", t, ErrType, "want a string, got %s", jsonKind(t))
				return
			}
			*pieces = append(*pieces, jsonString(t))
		})
	})
}
