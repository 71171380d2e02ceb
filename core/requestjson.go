package core

import "strconv"

// A jsonAppender appends its JSON encoding to dst, laid out as
// json.Encoder with SetIndent(prefix, indent) lays it out (compact when
// indent is empty), without the final new line. WriteJSON uses it for the
// elements there are one or more of per request, which encoding/json's
// reflection and indenting would make the slowest part of a run
// (TestWriteJSONAppendersMatchEncoder keeps the two identical).
type jsonAppender interface {
	appendJSON(dst []byte, prefix, indent string) []byte
}

// jsonObject appends the members of one object.
type jsonObject struct {
	buf            []byte
	prefix, indent string
	n              int
}

func openJSONObject(dst []byte, prefix, indent string) jsonObject {
	return jsonObject{buf: append(dst, '{'), prefix: prefix, indent: indent}
}

// newline starts a line at the object's depth + extra indents.
func (o *jsonObject) newline(extra int) {
	if o.indent == "" {
		return
	}
	o.buf = append(o.buf, '\n')
	o.buf = append(o.buf, o.prefix...)
	for range extra {
		o.buf = append(o.buf, o.indent...)
	}
}

func (o *jsonObject) key(name string) {
	if o.n > 0 {
		o.buf = append(o.buf, ',')
	}
	o.n++
	o.newline(1)
	o.buf = append(o.buf, '"')
	o.buf = append(o.buf, name...)
	o.buf = append(o.buf, '"', ':')
	if o.indent != "" {
		o.buf = append(o.buf, ' ')
	}
}

func (o *jsonObject) str(name, v string) {
	o.key(name)
	o.buf = appendJSONString(o.buf, v)
}

func (o *jsonObject) int(name string, v int64) {
	o.key(name)
	o.buf = strconv.AppendInt(o.buf, v, 10)
}

func (o *jsonObject) bool(name string, v bool) {
	o.key(name)
	o.buf = strconv.AppendBool(o.buf, v)
}

// strings appends an array of strings.
func (o *jsonObject) strings(name string, v []string) {
	o.key(name)
	if v == nil {
		o.buf = append(o.buf, "null"...)
		return
	}
	o.buf = append(o.buf, '[')
	for i, s := range v {
		if i > 0 {
			o.buf = append(o.buf, ',')
		}
		o.newline(2)
		o.buf = appendJSONString(o.buf, s)
	}
	if len(v) > 0 {
		o.newline(1)
	}
	o.buf = append(o.buf, ']')
}

func (o *jsonObject) close() []byte {
	if o.n > 0 {
		o.newline(0)
	}
	return append(o.buf, '}')
}

func (r *Request) appendJSON(dst []byte, prefix, indent string) []byte {
	o := openJSONObject(dst, prefix, indent)
	o.str("request_id", r.ID)
	o.int("created_at_ms", r.CreatedAt)
	if r.UserID != "" {
		o.str("user_id", r.UserID)
	}
	o.str("intent_type", r.Intent.String())
	o.str("complexity_level", r.Complexity.String())
	o.str("expected_output_length", r.OutputLength.String())
	o.str("latency_tolerance", r.LatencyTolerance.String())
	o.bool("compliance_needed", r.ComplianceNeeded)
	o.int("token_count", int64(r.TokenCount))
	if r.OutputTokens != 0 {
		o.int("output_tokens", int64(r.OutputTokens))
	}
	if r.TraceModel != "" {
		o.str("trace_model", r.TraceModel)
	}
	if r.Failed {
		o.bool("failed", r.Failed)
	}
	if r.SharedPrefixTokens != 0 {
		o.int("shared_prefix_tokens", int64(r.SharedPrefixTokens))
	}
	o.str("selected_model", r.Model)
	o.int("tokens_effective", int64(r.EffectiveTokens))
	o.int("batch", int64(r.Batch))
	o.int("closed_at_ms", r.ClosedAt)
	o.int("wait_ms", r.WaitMs)
	o.int("wait_limit_ms", r.WaitLimitMs)
	return o.close()
}

func (b *batchJSON) appendJSON(dst []byte, prefix, indent string) []byte {
	o := openJSONObject(dst, prefix, indent)
	o.int("id", int64(b.ID))
	o.str("model", b.Model)
	o.int("size", int64(b.Size))
	o.int("tokens_in", int64(b.TokensIn))
	o.int("tokens_effective", int64(b.TokensEffective))
	o.int("created_at_ms", b.CreatedAt)
	o.int("deadline_ms", b.DeadlineAt)
	o.int("closed_at_ms", b.ClosedAt)
	o.int("wait_ms", b.WaitMs)
	o.str("close_reason", b.CloseReason.String())
	if b.Oversize {
		o.bool("oversize", b.Oversize)
	}
	if b.ClosedBy != "" {
		o.str("closed_by", b.ClosedBy)
	}
	o.int("max_size", int64(b.MaxSize))
	o.int("max_tokens", int64(b.MaxTokens))
	o.strings("request_ids", b.RequestIDs)
	return o.close()
}

func (r *RequestOutcome) appendJSON(dst []byte, prefix, indent string) []byte {
	o := openJSONObject(dst, prefix, indent)
	o.str("request_id", r.RequestID)
	o.int("index", int64(r.Index))
	o.int("batch", int64(r.Batch))
	o.str("outcome", r.Outcome.String())
	o.int("completed_at_ms", r.CompletedMs)
	o.int("latency_ms", r.LatencyMs)
	return o.close()
}
