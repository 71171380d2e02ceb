package core

import "fmt"

// Policy is how requests are grouped: how long a request may wait for
// company, and how big a batch may grow. The defaults are latency-first, as
// in the reference prototype.
type Policy struct {
	// BaseWaitMs is the wait of a request with medium latency tolerance.
	BaseWaitMs int64 `json:"base_wait_ms"`
	// WaitLowMs and WaitHighMs are the waits for low and high tolerance.
	WaitLowMs  int64 `json:"wait_low_ms"`
	WaitHighMs int64 `json:"wait_high_ms"`
	// Every adaptive wait is clamped into [MinWaitMs, MaxWaitMs].
	MinWaitMs int64 `json:"min_wait_ms"`
	MaxWaitMs int64 `json:"max_wait_ms"`
	// MaxBatchSize and MaxBatchTokens close a batch when reached; tokens are
	// effective tokens (prompt grown by the expected output).
	MaxBatchSize   int `json:"max_batch_size"`
	MaxBatchTokens int `json:"max_batch_tokens"`
	// ModelTuning adjusts the limits per model from its catalog tiers:
	//   latency low:      size ≥ 12, tokens ≥ 4500, wait ≤ 80 ms
	//   latency medium:   size ≤ 8,  tokens ≤ 5000
	//   cost very-low/low: tokens ≥ 5000
	//   cost high:        size ≤ 6,  tokens ≤ 3500
	ModelTuning bool `json:"model_tuning"`
	// Overrides set limits of single models; they apply after tuning.
	Overrides []ModelOverride `json:"overrides"`
}

// A ModelOverride replaces limits of one model. Zero fields leave the limit
// as the policy and tuning make it.
type ModelOverride struct {
	Model          string `json:"model"`
	WaitMs         int64  `json:"wait_ms"` // replaces the wait for every tolerance
	MaxBatchSize   int    `json:"max_batch_size"`
	MaxBatchTokens int    `json:"max_batch_tokens"`
}

// DefaultPolicy returns the reference defaults: base wait 80 ms (low
// tolerance 50, high 120, clamped to [40, 120]), batches of 8 requests and
// 3000 effective tokens, tuning per model on.
func DefaultPolicy() Policy {
	return Policy{
		BaseWaitMs: 80, WaitLowMs: 50, WaitHighMs: 120, MinWaitMs: 40, MaxWaitMs: 120,
		MaxBatchSize: 8, MaxBatchTokens: 3000, ModelTuning: true,
	}
}

// Limits are the resolved limits of one model.
type Limits struct {
	WaitMs    [3]int64 // by latency tolerance: low, medium, high
	MaxSize   int
	MaxTokens int
}

// adaptiveWait is the wait for a tolerance before tuning: low, base or high,
// clamped into [min, max].
func (p *Policy) adaptiveWait(tol Level) int64 {
	w := p.BaseWaitMs
	switch tol {
	case Low:
		w = p.WaitLowMs
	case High:
		w = p.WaitHighMs
	}
	return max(p.MinWaitMs, min(w, p.MaxWaitMs))
}

// LimitsFor resolves the limits of model m under the policy.
func (p *Policy) LimitsFor(m *Model) Limits {
	var l Limits
	for tol := range 3 {
		l.WaitMs[tol] = p.adaptiveWait(Level(tol))
	}
	l.MaxSize, l.MaxTokens = p.MaxBatchSize, p.MaxBatchTokens
	if p.ModelTuning {
		switch m.LatencyTier {
		case "low":
			l.MaxSize = max(l.MaxSize, 12)
			l.MaxTokens = max(l.MaxTokens, 4500)
			for tol := range l.WaitMs {
				l.WaitMs[tol] = min(l.WaitMs[tol], 80)
			}
		case "medium":
			l.MaxSize = min(l.MaxSize, 8)
			l.MaxTokens = min(l.MaxTokens, 5000)
		}
		switch m.CostTier {
		case "very-low", "low":
			l.MaxTokens = max(l.MaxTokens, 5000)
		case "high":
			l.MaxSize = min(l.MaxSize, 6)
			l.MaxTokens = min(l.MaxTokens, 3500)
		}
	}
	for _, o := range p.Overrides {
		if o.Model != m.Name {
			continue
		}
		if o.WaitMs > 0 {
			l.WaitMs = [3]int64{o.WaitMs, o.WaitMs, o.WaitMs}
		}
		if o.MaxBatchSize > 0 {
			l.MaxSize = o.MaxBatchSize
		}
		if o.MaxBatchTokens > 0 {
			l.MaxTokens = o.MaxBatchTokens
		}
	}
	return l
}

// maxWaitMs bounds waits so that times stay far from overflow: one day.
const maxWaitMs = 24 * 60 * 60 * 1000

func (p *Policy) validate(prefix string, cat *Catalog, errs *errorList) {
	if p.MinWaitMs > p.MaxWaitMs {
		errs.addf(prefix+".min_wait_ms", ErrInvalid, "want min_wait_ms ≤ max_wait_ms (%d ms), got %d", p.MaxWaitMs, p.MinWaitMs)
	}
	for i, o := range p.Overrides {
		op := fmt.Sprintf("%s.overrides[%d]", prefix, i)
		if _, ok := cat.Lookup(o.Model); !ok {
			errs.addf(op+".model", ErrUnknownModel, "model %q is not in the catalog", o.Model)
		}
		if o.WaitMs < 0 || o.WaitMs > maxWaitMs {
			errs.addf(op+".wait_ms", ErrInvalid, "want a wait from 0 (keep) to %d ms, got %d", maxWaitMs, o.WaitMs)
		}
		if o.MaxBatchSize < 0 {
			errs.addf(op+".max_batch_size", ErrInvalid, "want 0 (keep) or more requests, got %d", o.MaxBatchSize)
		}
		if o.MaxBatchTokens < 0 {
			errs.addf(op+".max_batch_tokens", ErrInvalid, "want 0 (keep) or more tokens, got %d", o.MaxBatchTokens)
		}
	}
}
