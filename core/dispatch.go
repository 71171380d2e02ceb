package core

// Dispatch settings say what happens to each batch after it closes: how many
// calls run at once, how failures are injected and retried, and whether
// the batches come from the policy or from a fixed-size job. The design
// follows a fixed-size batch job ("Smelt"): a batch holds a concurrency slot
// through all its attempts and backoff waits, retriable failures wait
// min(base·2^attempt + U(0, 0.1·base·2^attempt), cap) before the next try,
// and a batch that fails for good may cancel the batches not yet started.
type Dispatch struct {
	// Enabled runs the dispatch simulation after batching (default true).
	Enabled bool `json:"enabled"`
	// Job is where batches come from: "batches" (default) dispatches the
	// batches the policy formed; "fixed" cuts the rows, in input order,
	// into consecutive chunks of BatchSize and sends each chunk to Model.
	Job string `json:"job"`
	// Slots is the scope of the concurrency limit for Job "batches":
	// "model" (default) gives every model its catalog max_concurrency
	// (0 = unlimited); "global" shares Concurrency slots among all models.
	// A fixed job always uses Concurrency global slots.
	Slots string `json:"slots"`
	// Concurrency is the number of global slots (default 3).
	Concurrency int `json:"concurrency"`
	// BatchSize is the rows per chunk of a fixed job (default 10).
	BatchSize int `json:"batch_size"`
	// Shuffle shuffles the rows of a fixed job (seeded) before cutting.
	Shuffle bool `json:"shuffle"`
	// Model is the model of a fixed job; empty means the model most rows
	// selected (ties go to the earlier catalog entry).
	Model string `json:"model,omitempty"`
	// MaxRetries is how many times a failed batch is tried again (default 3).
	MaxRetries int `json:"max_retries"`
	// BackoffBaseMs and BackoffCapMs shape the wait before a retry
	// (defaults 1 s and 60 s).
	BackoffBaseMs int64 `json:"backoff_base_ms"`
	BackoffCapMs  int64 `json:"backoff_cap_ms"`
	// TimeoutMs is the request timeout: a call that would take longer fails
	// at that point (default 120 s).
	TimeoutMs int64 `json:"timeout_ms"`
	// StopOnExhaustion stops the job once a batch fails for good: the
	// batches not yet started are cancelled, and those waiting out a
	// backoff as Semantics says (default true, as in the fixed-size job
	// design).
	StopOnExhaustion bool `json:"stop_on_exhaustion"`
	// BatchAPI sends calls that carry more than one request through the
	// provider's batch API, at the model's batch_discount.
	BatchAPI bool `json:"batch_api"`
	// Baseline also dispatches every request alone, one call each, to
	// compare cost and latency against batching (default true).
	Baseline bool `json:"baseline"`
	// Failures are the injected failure probabilities (default all 0).
	Failures Failures `json:"failures"`
	// Semantics is whose decisions the dispatch follows: "batchlab"
	// (default; empty means it) stops cleanly, "smelt" reproduces Smelt's
	// engine, quirks included (see SemanticsSmelt).
	Semantics string `json:"semantics,omitempty"`
	// Script forces chosen attempts of the batched run to fail (see
	// ScriptedFailure); attempts it does not name follow Failures.
	Script []ScriptedFailure `json:"script,omitempty"`
}

// Failures are the probabilities, per attempt, of each injected failure
// class. RateLimit, Server, Timeout and Client are drawn together (one
// uniform draw), so their sum may be at most 1; a call that survives them
// and completes then fails to parse with probability
// min(1, ParseBase + ParsePerRow × rows in the batch).
type Failures struct {
	// RateLimit is the chance of an HTTP 429 (retried).
	RateLimit float64 `json:"rate_limit"`
	// Server is the chance of an HTTP 500, 502, 503 or 504 (retried).
	Server float64 `json:"server_error"`
	// Timeout is the chance that the call hangs until the request timeout
	// (retried).
	Timeout float64 `json:"timeout"`
	// Client is the chance of an HTTP 400, 401 or 403, never retried.
	Client float64 `json:"client_error"`
	// ParseBase and ParsePerRow give the chance that a completed reply does
	// not parse or validate (retried): bigger batches fail more often.
	ParseBase   float64 `json:"parse_base"`
	ParsePerRow float64 `json:"parse_per_row"`
}

// The jobs of Dispatch.Job.
const (
	JobBatches = "batches"
	JobFixed   = "fixed"
)

// The scopes of Dispatch.Slots.
const (
	SlotsModel  = "model"
	SlotsGlobal = "global"
)

// The semantics of Dispatch.Semantics.
const (
	// SemanticsBatchlab stops as a user expects: at the instant a batch
	// fails for good (with StopOnExhaustion) nothing new starts, batches
	// waiting for a slot or in a backoff are cancelled then, and a call
	// still running is not retried.
	SemanticsBatchlab = "batchlab"
	// SemanticsSmelt reproduces the decisions and counts of Smelt's
	// engine (src/smelt/batch.py): every chunk of a fixed job is ready at
	// the job's first arrival, in index order; the cancel flag is checked
	// only at the top of an attempt, so a batch in backoff is cancelled
	// when it wakes; a batch failing for good frees its slot before the
	// flag is set, so the next waiting batch starts anyway, and queued
	// batches are cancelled at the next slot release. The metrics then
	// carry Smelt's own figures too (DispatchMetrics.Smelt).
	SemanticsSmelt = "smelt"
)

// Bounds of the dispatch settings, which keep every time and count far from
// overflow.
const (
	maxConcurrency = 1_000_000
	maxJobBatch    = 1_000_000
	maxRetries     = 20
)

// DefaultDispatch returns the defaults: dispatch on, the policy's batches,
// per-model slots (3 global slots for a fixed job of 10-row chunks), up to
// 3 retries with backoff from 1 s capped at 60 s, a 120 s timeout, stop on
// exhaustion, the baseline computed, and no injected failures.
func DefaultDispatch() Dispatch {
	return Dispatch{
		Enabled: true, Job: JobBatches, Slots: SlotsModel, Concurrency: 3, BatchSize: 10,
		MaxRetries: 3, BackoffBaseMs: 1000, BackoffCapMs: 60_000, TimeoutMs: 120_000,
		StopOnExhaustion: true, Baseline: true,
	}
}

// validate checks the settings, naming bad fields under prefix
// ("$.dispatch"). cat checks Model; nil skips that check.
func (d *Dispatch) validate(prefix string, cat *Catalog, errs *errorList) {
	if d.Model != "" && cat != nil {
		if _, ok := cat.Lookup(d.Model); !ok {
			errs.addf(prefix+".model", ErrUnknownModel, "model %q is not in the catalog", d.Model)
		}
	}
	if d.BackoffCapMs < d.BackoffBaseMs && d.BackoffBaseMs <= maxWaitMs {
		errs.addf(prefix+".backoff_cap_ms", ErrInvalid, "want a cap of at least backoff_base_ms (%d ms), got %d", d.BackoffBaseMs, d.BackoffCapMs)
	}
	d.Failures.validate(prefix+".failures", errs)
	validateScript(d.Script, d.MaxRetries, prefix+".script", errs)
}

// smelt reports whether the dispatch follows Smelt's engine.
func (d *Dispatch) smelt() bool { return d.Semantics == SemanticsSmelt }

// validate checks that the exclusive failure classes, each a probability
// (the settings table checks those), add up to at most 1.
func (f *Failures) validate(prefix string, errs *errorList) {
	ok := true
	for _, v := range []float64{f.RateLimit, f.Server, f.Timeout, f.Client} {
		ok = ok && v >= 0 && v <= 1
	}
	if sum := f.RateLimit + f.Server + f.Timeout + f.Client; ok && sum > 1 {
		errs.addf(prefix, ErrInvalid, "want rate_limit + server_error + timeout + client_error ≤ 1, got %v", sum)
	}
}

// clamped returns a copy of d with every number in the range validate
// accepts, so that a dispatch of unvalidated settings still ends and never
// overflows.
func (d *Dispatch) clamped() *Dispatch {
	c := *d
	c.Concurrency = max(1, min(c.Concurrency, maxConcurrency))
	c.BatchSize = max(1, min(c.BatchSize, maxJobBatch))
	c.MaxRetries = max(0, min(c.MaxRetries, maxRetries))
	c.BackoffBaseMs = max(0, min(c.BackoffBaseMs, maxWaitMs))
	c.BackoffCapMs = max(0, min(c.BackoffCapMs, maxWaitMs))
	c.TimeoutMs = max(1, min(c.TimeoutMs, maxWaitMs))
	return &c
}
