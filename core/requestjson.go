package core

import (
	"math"
	"strconv"
)

// A jsonAppender appends its JSON encoding to dst, laid out as
// json.Encoder with SetIndent(l.prefix, l.indent) lays it out (compact when
// the indent is empty), without the final new line. WriteJSON uses it for
// the elements there are one or more of per request, which encoding/json's
// reflection and indenting would make the slowest part of a run
// (TestWriteJSONAppendersMatchEncoder keeps the two identical).
type jsonAppender interface {
	appendJSON(dst []byte, l *jsonLayout) []byte
}

// jsonMembers is the member names of one type of object, indexed by the
// constants its appendJSON writes them with.
type jsonMembers struct{ names []string }

// jsonLayout is how the objects at one depth of a document are laid out:
// prefix before each of their lines, then indent per level (compact when
// indent is empty). It makes, once per type of object, each member's key
// as it is written before its value: for 100,000 requests, 1.6 million
// keys are one append each. A jsonLayout is used by one goroutine at a
// time.
type jsonLayout struct {
	prefix, indent string
	// next is what comes between two objects of an array at this depth,
	// end before an object's closing brace, item before an element of an
	// array member (after its comma), itemsEnd before that array's closing
	// bracket.
	next, end, item, itemsEnd string
	types                     []*jsonMembers
	keys                      [][]string
}

func newJSONLayout(prefix, indent string) *jsonLayout {
	l := &jsonLayout{prefix: prefix, indent: indent, next: ","}
	if indent != "" {
		l.next = ",\n" + prefix
		l.end = "\n" + prefix
		l.item = "\n" + prefix + indent + indent
		l.itemsEnd = "\n" + prefix + indent
	}
	return l
}

// keysOf returns the keys of m's members at l: `,"name":` compact, else
// with a new line and the member's indentation before the name and a
// space after the colon.
func (l *jsonLayout) keysOf(m *jsonMembers) []string {
	for t, known := range l.types {
		if known == m {
			return l.keys[t]
		}
	}
	keys := make([]string, len(m.names))
	for i, name := range m.names {
		if l.indent == "" {
			keys[i] = `,"` + name + `":`
		} else {
			keys[i] = ",\n" + l.prefix + l.indent + `"` + name + `": `
		}
	}
	l.types = append(l.types, m)
	l.keys = append(l.keys, keys)
	return keys
}

// jsonObject appends the members of one object.
type jsonObject struct {
	buf    []byte
	layout *jsonLayout
	keys   []string
	n      int
}

// open starts an object whose members are m.
func (l *jsonLayout) open(dst []byte, m *jsonMembers) jsonObject {
	return jsonObject{buf: append(dst, '{'), layout: l, keys: l.keysOf(m)}
}

// key starts member k: its key, after a comma unless it is the first.
func (o *jsonObject) key(k int) {
	key := o.keys[k]
	if o.n == 0 {
		key = key[1:]
	}
	o.n++
	o.buf = append(o.buf, key...)
}

func (o *jsonObject) str(k int, v string) {
	o.key(k)
	o.buf = appendJSONString(o.buf, v)
}

func (o *jsonObject) int(k int, v int64) {
	o.key(k)
	o.buf = AppendInt(o.buf, v)
}

// name appends member k, the name of value i of an enumeration whose names
// are quoted (quotedNames) in quoted: one append instead of a scan and
// three.
func (o *jsonObject) name(k int, quoted []string, i int) {
	o.key(k)
	if i < len(quoted) {
		o.buf = append(o.buf, quoted[i]...)
		return
	}
	o.buf = appendJSONString(o.buf, enumName(nil, i))
}

// quotedNames returns the names of an enumeration as JSON strings (they
// are plain ASCII).
func quotedNames(names []string) []string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = `"` + n + `"`
	}
	return quoted
}

// The names of the enumerations the JSON of each request holds.
var (
	intentJSON      = quotedNames(intentNames[:])
	levelJSON       = quotedNames(levelNames[:])
	lengthJSON      = quotedNames(lengthNames[:])
	outcomeJSON     = quotedNames(outcomeNames[:])
	closeReasonJSON = quotedNames(closeReasonNames[:])
)

func (o *jsonObject) bool(k int, v bool) {
	o.key(k)
	o.buf = strconv.AppendBool(o.buf, v)
}

// strings appends an array of n strings, the i-th str(i).
func (o *jsonObject) strings(k int, n int, str func(i int) string) {
	o.key(k)
	o.buf = append(o.buf, '[')
	for i := range n {
		if i > 0 {
			o.buf = append(o.buf, ',')
		}
		o.buf = append(o.buf, o.layout.item...)
		o.buf = appendJSONString(o.buf, str(i))
	}
	if n > 0 {
		o.buf = append(o.buf, o.layout.itemsEnd...)
	}
	o.buf = append(o.buf, ']')
}

func (o *jsonObject) close() []byte {
	if o.n > 0 {
		o.buf = append(o.buf, o.layout.end...)
	}
	return append(o.buf, '}')
}

// Request's members, in the order appendJSON writes them.
const (
	rqID = iota
	rqCreatedAt
	rqUserID
	rqIntent
	rqComplexity
	rqOutputLength
	rqLatencyTolerance
	rqCompliance
	rqTokenCount
	rqOutputTokens
	rqTraceModel
	rqFailed
	rqSharedPrefix
	rqModel
	rqTokensEffective
	rqBatch
	rqClosedAt
	rqWait
	rqWaitLimit
)

var requestMembers = &jsonMembers{[]string{
	rqID:               "request_id",
	rqCreatedAt:        "created_at_ms",
	rqUserID:           "user_id",
	rqIntent:           "intent_type",
	rqComplexity:       "complexity_level",
	rqOutputLength:     "expected_output_length",
	rqLatencyTolerance: "latency_tolerance",
	rqCompliance:       "compliance_needed",
	rqTokenCount:       "token_count",
	rqOutputTokens:     "output_tokens",
	rqTraceModel:       "trace_model",
	rqFailed:           "failed",
	rqSharedPrefix:     "shared_prefix_tokens",
	rqModel:            "selected_model",
	rqTokensEffective:  "tokens_effective",
	rqBatch:            "batch",
	rqClosedAt:         "closed_at_ms",
	rqWait:             "wait_ms",
	rqWaitLimit:        "wait_limit_ms",
}}

func (r *Request) appendJSON(dst []byte, l *jsonLayout) []byte {
	o := l.open(dst, requestMembers)
	o.str(rqID, r.ID)
	o.int(rqCreatedAt, r.CreatedAt)
	if r.UserID != "" {
		o.str(rqUserID, r.UserID)
	}
	o.name(rqIntent, intentJSON, int(r.Intent))
	o.name(rqComplexity, levelJSON, int(r.Complexity))
	o.name(rqOutputLength, lengthJSON, int(r.OutputLength))
	o.name(rqLatencyTolerance, levelJSON, int(r.LatencyTolerance))
	o.bool(rqCompliance, r.ComplianceNeeded)
	o.int(rqTokenCount, int64(r.TokenCount))
	if r.OutputTokens != 0 {
		o.int(rqOutputTokens, int64(r.OutputTokens))
	}
	if r.TraceModel != "" {
		o.str(rqTraceModel, r.TraceModel)
	}
	if r.Failed {
		o.bool(rqFailed, r.Failed)
	}
	if r.SharedPrefixTokens != 0 {
		o.int(rqSharedPrefix, int64(r.SharedPrefixTokens))
	}
	o.str(rqModel, r.Model)
	o.int(rqTokensEffective, int64(r.EffectiveTokens))
	o.int(rqBatch, int64(r.Batch))
	o.int(rqClosedAt, r.ClosedAt)
	o.int(rqWait, r.WaitMs)
	o.int(rqWaitLimit, r.WaitLimitMs)
	return o.close()
}

// Batch (batchJSON)'s members, in the order appendJSON writes them.
const (
	bjID = iota
	bjModel
	bjSize
	bjTokensIn
	bjTokensEffective
	bjCreatedAt
	bjDeadline
	bjClosedAt
	bjWait
	bjCloseReason
	bjOversize
	bjClosedBy
	bjMaxSize
	bjMaxTokens
	bjRequestIDs
)

var batchMembers = &jsonMembers{[]string{
	bjID:              "id",
	bjModel:           "model",
	bjSize:            "size",
	bjTokensIn:        "tokens_in",
	bjTokensEffective: "tokens_effective",
	bjCreatedAt:       "created_at_ms",
	bjDeadline:        "deadline_ms",
	bjClosedAt:        "closed_at_ms",
	bjWait:            "wait_ms",
	bjCloseReason:     "close_reason",
	bjOversize:        "oversize",
	bjClosedBy:        "closed_by",
	bjMaxSize:         "max_size",
	bjMaxTokens:       "max_tokens",
	bjRequestIDs:      "request_ids",
}}

// appendBatchJSON appends batch b as a batchJSON with n request ids, the
// i-th id(i).
func appendBatchJSON(dst []byte, b *Batch, l *jsonLayout, n int, id func(i int) string) []byte {
	o := l.open(dst, batchMembers)
	o.int(bjID, int64(b.ID))
	o.str(bjModel, b.Model)
	o.int(bjSize, int64(b.Size))
	o.int(bjTokensIn, int64(b.TokensIn))
	o.int(bjTokensEffective, int64(b.TokensEffective))
	o.int(bjCreatedAt, b.CreatedAt)
	o.int(bjDeadline, b.DeadlineAt)
	o.int(bjClosedAt, b.ClosedAt)
	o.int(bjWait, b.WaitMs)
	o.name(bjCloseReason, closeReasonJSON, int(b.CloseReason))
	if b.Oversize {
		o.bool(bjOversize, b.Oversize)
	}
	if b.ClosedBy != "" {
		o.str(bjClosedBy, b.ClosedBy)
	}
	o.int(bjMaxSize, int64(b.MaxSize))
	o.int(bjMaxTokens, int64(b.MaxTokens))
	o.strings(bjRequestIDs, n, id)
	return o.close()
}

// RequestOutcome's members, in the order appendJSON writes them.
const (
	roID = iota
	roIndex
	roBatch
	roOutcome
	roCompleted
	roLatency
)

var requestOutcomeMembers = &jsonMembers{[]string{
	roID:        "request_id",
	roIndex:     "index",
	roBatch:     "batch",
	roOutcome:   "outcome",
	roCompleted: "completed_at_ms",
	roLatency:   "latency_ms",
}}

func (r *RequestOutcome) appendJSON(dst []byte, l *jsonLayout) []byte {
	o := l.open(dst, requestOutcomeMembers)
	o.str(roID, r.RequestID)
	o.int(roIndex, int64(r.Index))
	o.int(roBatch, int64(r.Batch))
	o.name(roOutcome, outcomeJSON, int(r.Outcome))
	o.int(roCompleted, r.CompletedMs)
	o.int(roLatency, r.LatencyMs)
	return o.close()
}

// float appends v as encoding/json writes a float64 (v is finite).
func (o *jsonObject) float(k int, v float64) {
	o.key(k)
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

// OccupancyPoint's members, in the order appendJSON writes them.
const (
	opAt = iota
	opPool
	opHeld
	opInFlight
)

var occupancyMembers = &jsonMembers{[]string{
	opAt:       "at_ms",
	opPool:     "pool",
	opHeld:     "held",
	opInFlight: "in_flight",
}}

func (p *OccupancyPoint) appendJSON(dst []byte, l *jsonLayout) []byte {
	o := l.open(dst, occupancyMembers)
	o.int(opAt, p.AtMs)
	o.int(opPool, int64(p.Pool))
	o.int(opHeld, int64(p.Held))
	o.int(opInFlight, int64(p.InFlight))
	return o.close()
}

// BatchOutcome's members, in the order appendJSON writes them.
const (
	boBatch = iota
	boOutcome
	boAttempts
	boPool
	boSlot
	boReady
	boStart
	boEnd
	boTokensIn
	boTokensOut
	boCost
)

var batchOutcomeMembers = &jsonMembers{[]string{
	boBatch:     "batch",
	boOutcome:   "outcome",
	boAttempts:  "attempts",
	boPool:      "pool",
	boSlot:      "slot",
	boReady:     "ready_ms",
	boStart:     "start_ms",
	boEnd:       "end_ms",
	boTokensIn:  "tokens_in",
	boTokensOut: "tokens_out",
	boCost:      "cost_usd",
}}

func (b *BatchOutcome) appendJSON(dst []byte, l *jsonLayout) []byte {
	o := l.open(dst, batchOutcomeMembers)
	o.int(boBatch, int64(b.Batch))
	o.name(boOutcome, outcomeJSON, int(b.Outcome))
	o.int(boAttempts, int64(b.Attempts))
	o.int(boPool, int64(b.Pool))
	o.int(boSlot, int64(b.Slot))
	o.int(boReady, b.ReadyMs)
	o.int(boStart, b.StartMs)
	o.int(boEnd, b.EndMs)
	o.int(boTokensIn, b.TokensIn)
	o.int(boTokensOut, b.TokensOut)
	o.float(boCost, b.CostUSD)
	return o.close()
}

// Attempt's members, in the order appendJSON writes them.
const (
	atBatch = iota
	atNumber
	atPool
	atSlot
	atStart
	atEnd
	atOutcome
	atClass
	atStatus
	atScripted
	atTokensIn
	atTokensOut
	atCost
	atBackoff
)

var attemptMembers = &jsonMembers{[]string{
	atBatch:     "batch",
	atNumber:    "attempt",
	atPool:      "pool",
	atSlot:      "slot",
	atStart:     "start_ms",
	atEnd:       "end_ms",
	atOutcome:   "outcome",
	atClass:     "class",
	atStatus:    "status",
	atScripted:  "scripted",
	atTokensIn:  "tokens_in",
	atTokensOut: "tokens_out",
	atCost:      "cost_usd",
	atBackoff:   "backoff_ms",
}}

func (a *Attempt) appendJSON(dst []byte, l *jsonLayout) []byte {
	o := l.open(dst, attemptMembers)
	o.int(atBatch, int64(a.Batch))
	o.int(atNumber, int64(a.Number))
	o.int(atPool, int64(a.Pool))
	o.int(atSlot, int64(a.Slot))
	o.int(atStart, a.StartMs)
	o.int(atEnd, a.EndMs)
	o.name(atOutcome, outcomeJSON, int(a.Outcome))
	if a.Class != 0 {
		o.str(atClass, a.Class.String())
	}
	o.int(atStatus, int64(a.Status))
	if a.Scripted {
		o.bool(atScripted, a.Scripted)
	}
	o.int(atTokensIn, a.TokensIn)
	o.int(atTokensOut, a.TokensOut)
	o.float(atCost, a.CostUSD)
	o.int(atBackoff, a.BackoffMs)
	return o.close()
}
