package core

import (
	"fmt"
	"strconv"
)

// An Explanation says why a batch closed: the rule that fired and by how
// much, with the other limits for context.
type Explanation struct {
	Batch       int         `json:"batch"`
	CloseReason CloseReason `json:"close_reason"`
	Size        int         `json:"size"`
	MaxSize     int         `json:"max_size"`
	Tokens      int         `json:"tokens_effective"`
	MaxTokens   int         `json:"max_tokens"`
	WaitMs      int64       `json:"wait_ms"`
	// WaitLimitMs is how long the batch could wait: its deadline minus its
	// creation.
	WaitLimitMs int64 `json:"wait_limit_ms"`
	// LateMs is how much longer than its limit the batch waited (seed mode
	// notices time-outs only at the next arrival).
	LateMs int64 `json:"late_ms,omitempty"`
	// DeadlineBy is the member whose arrival + wait set the deadline.
	DeadlineBy string `json:"deadline_by,omitempty"`
	// ClosedBy is the request that did not fit, and NeededTokens its
	// effective tokens, when a batch closed before it was full.
	ClosedBy     string `json:"closed_by,omitempty"`
	NeededTokens int    `json:"needed_tokens,omitempty"`
	// Text says all of it in one sentence.
	Text string `json:"text"`
}

// Explain returns why batch b of the result closed, as the batcher
// recorded it. It takes time in b's size: the requests involved are found
// by index, never by id.
func (r *Result) Explain(b *Batch) Explanation {
	w := &b.why
	e := Explanation{
		Batch: b.ID, CloseReason: b.CloseReason, Size: b.Size, MaxSize: b.MaxSize,
		Tokens: b.TokensEffective, MaxTokens: b.MaxTokens, WaitMs: b.WaitMs,
		WaitLimitMs: b.DeadlineAt - b.CreatedAt, ClosedBy: b.ClosedBy,
	}
	if i, ok := w.deadlineSetter(); ok && i < len(r.Requests) {
		e.DeadlineBy = r.Requests[i].ID
	}
	if i, ok := w.closer(); ok && i < len(r.Requests) {
		e.NeededTokens = r.Requests[i].EffectiveTokens
	}
	e.LateMs = max(0, e.WaitMs-e.WaitLimitMs)
	e.Text = e.text(b)
	return e
}

// Explanations returns the explanation of every batch, in batch order.
func (r *Result) Explanations() []Explanation {
	out := make([]Explanation, len(r.Batches))
	for i := range r.Batches {
		out[i] = r.Explain(&r.Batches[i])
	}
	return out
}

func (e *Explanation) text(b *Batch) string {
	_, closed := b.why.closer()
	size := fmt.Sprintf("%s/%s requests", FormatCount(e.Size), FormatCount(e.MaxSize))
	tokens := fmt.Sprintf("tokens %s/%s", FormatCount(e.Tokens), FormatCount(e.MaxTokens))
	waited := fmt.Sprintf("waited %d of %d ms", e.WaitMs, e.WaitLimitMs)
	switch {
	case b.Oversize:
		return fmt.Sprintf("sent alone at once: %s effective tokens are over the %s-token limit on their own", FormatCount(e.Tokens), FormatCount(e.MaxTokens))
	case e.CloseReason == CloseSize:
		return fmt.Sprintf("closed on size: %s; %s; %s", size, tokens, waited)
	case e.CloseReason == CloseTokens && closed:
		return fmt.Sprintf("closed on tokens: %s, and %s needed %s more; %s; %s", tokens, e.ClosedBy, FormatCount(e.NeededTokens), size, waited)
	case e.CloseReason == CloseTokens:
		return fmt.Sprintf("closed on tokens: %s reached; %s; %s", tokens, size, waited)
	case e.CloseReason == CloseTime && e.LateMs > 0:
		return fmt.Sprintf("closed on time, noticed only at the next arrival: waited %d ms against a %d ms limit (%d ms late, set by %s); %s; %s",
			e.WaitMs, e.WaitLimitMs, e.LateMs, e.DeadlineBy, size, tokens)
	case e.CloseReason == CloseTime:
		return fmt.Sprintf("closed on time: %s (deadline set by %s); %s; %s", waited, e.DeadlineBy, size, tokens)
	}
	return fmt.Sprintf("flushed at the last arrival: %s; %s; %s", waited, size, tokens)
}

// count formats n with thousands separators: 12,345.
func FormatCount(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
