package core

import (
	"math"
	"strconv"
)

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
	// lead[:leadLen] is what comes before a member's name: its line's start
	// when indenting, and the name's opening quote (leadLen 0: it did not
	// fit). Keys are most of the output's appends: one instead of four.
	lead    [32]byte
	leadLen int
}

func openJSONObject(dst []byte, prefix, indent string) jsonObject {
	o := jsonObject{buf: append(dst, '{'), prefix: prefix, indent: indent}
	if n := len(prefix) + len(indent); n+2 <= len(o.lead) {
		if indent != "" {
			o.lead[0] = '\n'
			copy(o.lead[1+copy(o.lead[1:], prefix):], indent)
			o.leadLen = n + 1
		}
		o.lead[o.leadLen] = '"'
		o.leadLen++
	}
	return o
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
	if o.leadLen > 0 {
		o.buf = append(o.buf, o.lead[:o.leadLen]...)
	} else {
		o.newline(1)
		o.buf = append(o.buf, '"')
	}
	o.buf = append(o.buf, name...)
	if o.indent != "" {
		o.buf = append(o.buf, `": `...)
	} else {
		o.buf = append(o.buf, `":`...)
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

// strings appends an array of n strings, the i-th str(i).
func (o *jsonObject) strings(name string, n int, str func(i int) string) {
	o.key(name)
	o.buf = append(o.buf, '[')
	for i := range n {
		if i > 0 {
			o.buf = append(o.buf, ',')
		}
		o.newline(2)
		o.buf = appendJSONString(o.buf, str(i))
	}
	if n > 0 {
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

// appendBatchJSON appends batch b as a batchJSON with n request ids, the
// i-th id(i).
func appendBatchJSON(dst []byte, b *Batch, prefix, indent string, n int, id func(i int) string) []byte {
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
	o.strings("request_ids", n, id)
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

// float appends v as encoding/json writes a float64 (v is finite).
func (o *jsonObject) float(name string, v float64) {
	o.key(name)
	o.buf = appendJSONFloat(o.buf, v)
}

// appendJSONFloat appends the finite v as encoding/json encodes a
// float64: the shortest decimal that reads back as v, in exponent form
// below 1e-6 or from 1e21 (abs), with an exponent of at least one digit.
func appendJSONFloat(dst []byte, v float64) []byte {
	format := byte('f')
	if abs := math.Abs(v); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, v, format, -1, 64)
	if n := len(dst); format == 'e' && n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
		dst[n-2] = dst[n-1] // e-07 → e-7
		dst = dst[:n-1]
	}
	return dst
}

func (p *OccupancyPoint) appendJSON(dst []byte, prefix, indent string) []byte {
	o := openJSONObject(dst, prefix, indent)
	o.int("at_ms", p.AtMs)
	o.int("pool", int64(p.Pool))
	o.int("held", int64(p.Held))
	o.int("in_flight", int64(p.InFlight))
	return o.close()
}

func (b *BatchOutcome) appendJSON(dst []byte, prefix, indent string) []byte {
	o := openJSONObject(dst, prefix, indent)
	o.int("batch", int64(b.Batch))
	o.str("outcome", b.Outcome.String())
	o.int("attempts", int64(b.Attempts))
	o.int("pool", int64(b.Pool))
	o.int("slot", int64(b.Slot))
	o.int("ready_ms", b.ReadyMs)
	o.int("start_ms", b.StartMs)
	o.int("end_ms", b.EndMs)
	o.int("tokens_in", b.TokensIn)
	o.int("tokens_out", b.TokensOut)
	o.float("cost_usd", b.CostUSD)
	return o.close()
}

func (a *Attempt) appendJSON(dst []byte, prefix, indent string) []byte {
	o := openJSONObject(dst, prefix, indent)
	o.int("batch", int64(a.Batch))
	o.int("attempt", int64(a.Number))
	o.int("pool", int64(a.Pool))
	o.int("slot", int64(a.Slot))
	o.int("start_ms", a.StartMs)
	o.int("end_ms", a.EndMs)
	o.str("outcome", a.Outcome.String())
	if a.Class != 0 {
		o.str("class", a.Class.String())
	}
	o.int("status", int64(a.Status))
	if a.Scripted {
		o.bool("scripted", a.Scripted)
	}
	o.int("tokens_in", a.TokensIn)
	o.int("tokens_out", a.TokensOut)
	o.float("cost_usd", a.CostUSD)
	o.int("backoff_ms", a.BackoffMs)
	return o.close()
}
