package core

import "strings"

// The groups of settings, in the order the playground shows them.
const (
	GroupInput     = "input"     // what is simulated: prompts, name
	GroupLimits    = "limits"    // the batch limits
	GroupWaits     = "waits"     // the adaptive wait per latency tolerance
	GroupOverrides = "overrides" // per-model limits
	GroupScenario  = "scenario"  // close mode, tuning, seed, shared prompt
	GroupArrivals  = "arrivals"  // times of prompts without created_at_ms
	GroupCatalog   = "catalog"   // the model catalog
	GroupDispatch  = "dispatch"  // what happens after a batch closes
	GroupFailures  = "failures"  // injected failures
	GroupTraffic   = "traffic"   // how imported rows are shaped and read
)

// maxBatchRequests and maxBatchTokens bound the policy's batch limits, and
// maxBurst the arrivals' burst size.
const (
	maxBatchRequests = 1_000_000
	maxBatchTokens   = 1 << 40
	maxBurst         = 1_000_000
	maxSharedTokens  = 10_000_000
	maxTraceRows     = 100_000_000
)

// Reasons a setting has no effect.
func idleUnlessGlobalSlots(s *Scenario) string {
	if s.Dispatch.Job != JobFixed && s.Dispatch.Slots != SlotsGlobal {
		return "no effect with per-model slots: each model uses its catalog max_concurrency; choose global slots (or a fixed job) to use it"
	}
	return idleWithoutDispatch(s)
}

func idleUnlessFixedJob(s *Scenario) string {
	if s.Dispatch.Job != JobFixed {
		return "no effect unless the job is fixed-size"
	}
	return idleWithoutDispatch(s)
}

func idleWithoutDispatch(s *Scenario) string {
	if !s.Dispatch.Enabled {
		return "no effect while dispatch is off"
	}
	return ""
}

// forProcess makes st a setting of one arrival process: idle under the
// others, and applying it (a sweep) switches to its process.
func forProcess(st Setting, process string) Setting {
	st.idle = func(s *Scenario) string {
		if s.Arrivals.Process != process {
			return "no effect unless the arrival process is " + process
		}
		return ""
	}
	st.activate = func(s *Scenario) { s.Arrivals.Process = process }
	return st
}

func useGlobalSlots(s *Scenario) { s.Dispatch.Slots = SlotsGlobal }
func useFixedJob(s *Scenario)    { s.Dispatch.Job = JobFixed }

// settings is the table of every scenario setting (but the document's
// version). Order is the playground's order within each group.
var settings = append([]Setting{
	// What is simulated.
	{Path: "name", Label: "Name", Group: GroupInput, Kind: KindText,
		Help: "The scenario's name, shown by the presets and lessons.",
		ref:  func(s *Scenario) any { return &s.Name }, Sample: "Steady chat"},
	{Path: "description", Label: "Description", Group: GroupInput, Kind: KindText,
		Help: "What the scenario shows.",
		ref:  func(s *Scenario) any { return &s.Description }, Sample: "A chat service at 10 requests per second."},
	{Path: "prompts", Label: "Prompts", Group: GroupInput, Kind: KindStructured,
		Help: "The prompts document: an array of prompt strings or objects {request_id?, created_at_ms?, prompt, user_id?, …}. The CLI reads it from --input.",
		ref:  func(s *Scenario) any { return &s.Prompts }, Sample: `["hello","world"]`},

	{Path: "trace", Label: "Embedded trace", Group: GroupInput, Kind: KindStructured, Derived: true,
		Help:   "A trace or log embedded as it is: {format?, file?, data, csv?}, in any format batchlab imports; decoding the scenario imports it into prompts (and traffic.source). Give prompts or a trace, not both.",
		Sample: `{"format":"azure","file":"azure.csv","data":"TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n"}`,
		ref:    func(s *Scenario) any { return &s.EmbeddedTrace }},

	// The batch limits.
	{Path: "policy.wait_ms", Label: "Wait, every tolerance", Unit: "ms", Group: GroupLimits, Kind: KindInt, Derived: true,
		Help: "Sets the wait of low, medium and high latency tolerance to this and widens the clamp to include it; shows the medium (base) wait. Per-model tuning still caps low-latency models at 80 ms.",
		Min:  0, Max: maxWaitMs, Step: 1, Range: Range{0, 380, 20}, Slider: true, Flag: "wait-ms",
		ref: func(s *Scenario) any { return &s.Policy.BaseWaitMs },
		set: func(s *Scenario, v float64) {
			w := int64(clampInt(v))
			p := &s.Policy
			p.BaseWaitMs, p.WaitLowMs, p.WaitHighMs = w, w, w
			p.MinWaitMs, p.MaxWaitMs = min(p.MinWaitMs, w), max(p.MaxWaitMs, w)
		}},
	{Path: "policy.max_batch_size", Label: "Max batch size", Unit: "requests", Group: GroupLimits, Kind: KindInt,
		Help: "A batch closes as soon as it holds this many requests (per-model tuning and overrides may change it per model).",
		Min:  1, Max: maxBatchRequests, Step: 1, Range: Range{1, 20, 1}, Slider: true, Flag: "max-batch-size",
		ref: func(s *Scenario) any { return &s.Policy.MaxBatchSize }},
	{Path: "policy.max_batch_tokens", Label: "Max batch tokens", Unit: "tokens", Group: GroupLimits, Kind: KindInt,
		Help: "A batch closes when its effective tokens (prompt grown by the expected answer) would pass this (per-model tuning and overrides may change it per model).",
		Min:  1, Max: maxBatchTokens, Step: 100, Range: Range{1000, 20000, 1000}, Slider: true, Flag: "max-batch-tokens",
		ref: func(s *Scenario) any { return &s.Policy.MaxBatchTokens }},

	// The adaptive wait.
	wait("base_wait_ms", "Base wait (medium tolerance)", "How long a request with medium latency tolerance may wait for company, before the clamp.",
		Range{0, 380, 20}, func(p *Policy) *int64 { return &p.BaseWaitMs }),
	wait("wait_low_ms", "Low tolerance wait", "Wait of requests that need a quick answer, before the clamp.",
		Range{0, 380, 20}, func(p *Policy) *int64 { return &p.WaitLowMs }),
	wait("wait_high_ms", "High tolerance wait", "Wait of requests that can take their time, before the clamp.",
		Range{0, 380, 20}, func(p *Policy) *int64 { return &p.WaitHighMs }),
	wait("min_wait_ms", "Clamp: at least", "Every wait is raised to at least this.",
		Range{0, 190, 10}, func(p *Policy) *int64 { return &p.MinWaitMs }),
	{Path: "policy.max_wait_ms", Label: "Clamp: at most", Unit: "ms", Group: GroupWaits, Kind: KindInt,
		Help: "Every wait is cut to at most this (raise it to let longer waits through).",
		Min:  0, Max: maxWaitMs, Step: 1, Range: Range{40, 420, 20}, Flag: "max-wait-ms",
		ref:      func(s *Scenario) any { return &s.Policy.MaxWaitMs },
		activate: func(s *Scenario) { s.Policy.MinWaitMs = min(s.Policy.MinWaitMs, s.Policy.MaxWaitMs) }},

	// Per-model limits.
	{Path: "policy.overrides", Label: "Per-model overrides", Group: GroupOverrides, Kind: KindStructured,
		Help: "Limits of single models, applied after tuning: a list of {model, wait_ms, max_batch_size, max_batch_tokens}; 0 keeps the policy's limit.",
		ref:  func(s *Scenario) any { return &s.Policy.Overrides }, Sample: `[{"model":"gpt-4o-mini","wait_ms":30,"max_batch_size":3,"max_batch_tokens":0}]`},

	// Mode, tuning, seed and the shared prompt.
	{Path: "mode", Label: "Close mode", Group: GroupScenario, Kind: KindChoice, Flag: "mode", Optional: true,
		Help:    "How batches close: timer closes exactly at the deadline; seed reproduces the reference prototype (time-outs noticed only on arrivals).",
		Choices: []Choice{{string(ModeTimer), "timer (closes exactly at the deadline)"}, {string(ModeSeed), "seed (the reference prototype: time-outs noticed on arrivals)"}},
		ref:     func(s *Scenario) any { return &s.Mode }},
	{Path: "tokens", Label: "Token counts", Group: GroupScenario, Kind: KindChoice, Flag: "tokens", Optional: true,
		Help:    "How prompt tokens are counted: the reference estimate (⌊characters/4⌋ + 8), or exactly with the tokenizer each model names (o200k_base, cl100k_base; other models and seed mode keep the estimate).",
		Choices: []Choice{{TokensHeuristic, "heuristic (⌊characters/4⌋ + 8)"}, {TokensExact, "exact (the model's tokenizer)"}},
		ref:     func(s *Scenario) any { return &s.Tokens }},
	{Path: "policy.model_tuning", Label: "Per-model tuning", Group: GroupScenario, Kind: KindBool, Flag: "model-tuning",
		Help: "Low-latency models get bigger batches (at least 12 requests, 4,500 tokens) and waits of at most 80 ms; expensive ones smaller batches (at most 6 requests, 3,500 tokens).",
		ref:  func(s *Scenario) any { return &s.Policy.ModelTuning }},
	{Path: "seed", Label: "Seed", Group: GroupScenario, Kind: KindInt, Flag: "seed",
		Help: "Drives every random choice (generated arrivals, dispatch jitter and failures): the same seed gives the same result.",
		Min:  0, Max: MaxTimeMs, Step: 1,
		ref: func(s *Scenario) any { return &s.Seed }},
	{Path: "shared_prompt_tokens", Label: "Shared prompt", Unit: "tokens", Group: GroupScenario, Kind: KindInt, Flag: "shared-prompt-tokens",
		Help: "An instruction prompt every call carries once: batching pays it once per batch instead of once per request.",
		Min:  0, Max: maxSharedTokens, Step: 1, Range: Range{0, 1900, 100},
		ref: func(s *Scenario) any { return &s.SharedPromptTokens }},

	// Arrivals of prompts without created_at_ms.
	{Path: "arrivals.process", Label: "Arrival process", Group: GroupArrivals, Kind: KindChoice, Flag: "arrival-process",
		Help:    "How prompts without created_at_ms are timed.",
		Choices: []Choice{{"fixed", "fixed gap"}, {"poisson", "poisson"}, {"burst", "bursts"}},
		ref:     func(s *Scenario) any { return &s.Arrivals.Process }},
	{Path: "arrivals.start_ms", Label: "Start", Unit: "ms", Group: GroupArrivals, Kind: KindInt, Flag: "arrival-start-ms",
		Help: "When the first untimed prompt arrives.",
		Min:  0, Max: MaxTimeMs / 2, Step: 1,
		ref: func(s *Scenario) any { return &s.Arrivals.StartMs }},
	forProcess(Setting{Path: "arrivals.gap_ms", Label: "Gap (fixed)", Unit: "ms", Group: GroupArrivals, Kind: KindInt, Flag: "arrival-gap-ms",
		Help: "Time between untimed prompts when the process is fixed.",
		Min:  0, Max: maxWaitMs, Step: 1, Range: Range{0, 190, 10},
		ref: func(s *Scenario) any { return &s.Arrivals.GapMs }}, "fixed"),
	forProcess(Setting{Path: "arrivals.rate_per_s", Label: "Rate (poisson)", Unit: "per s", Group: GroupArrivals, Kind: KindNumber, Flag: "arrival-rate",
		Help: "Mean arrivals per second when the process is poisson.",
		Min:  0.001, Max: 1e6, Step: 0.1, Range: Range{10, 200, 10},
		ref: func(s *Scenario) any { return &s.Arrivals.RatePerSec }}, "poisson"),
	forProcess(Setting{Path: "arrivals.burst_size", Label: "Burst size", Unit: "requests", Group: GroupArrivals, Kind: KindInt, Flag: "burst-size",
		Help: "Prompts arriving together when the process is burst.",
		Min:  1, Max: maxBurst, Step: 1, Range: Range{1, 20, 1},
		ref: func(s *Scenario) any { return &s.Arrivals.BurstSize }}, "burst"),
	forProcess(Setting{Path: "arrivals.burst_gap_ms", Label: "Burst gap", Unit: "ms", Group: GroupArrivals, Kind: KindInt, Flag: "burst-gap-ms",
		Help: "Time between bursts when the process is burst.",
		Min:  0, Max: maxWaitMs, Step: 1, Range: Range{0, 1900, 100},
		ref: func(s *Scenario) any { return &s.Arrivals.BurstGapMs }}, "burst"),

	// The catalog.
	{Path: "catalog.replace", Label: "Replace the catalog", Group: GroupCatalog, Kind: KindBool,
		Help: "The given models are the whole catalog, instead of edits of the default one.",
		ref:  func(s *Scenario) any { return &s.Catalog.Replace }},
	{Path: "catalog.models", Label: "Models", Group: GroupCatalog, Kind: KindStructured,
		Help: "Models that replace the default model of the same name (only the fields given) or are added.",
		ref:  func(s *Scenario) any { return &s.Catalog.Models }, Sample: `[{"name":"gpt-4o-mini","rpm":77}]`},

	// Dispatch.
	{Path: "dispatch.enabled", Label: "Simulate dispatch", Group: GroupDispatch, Kind: KindBool, Flag: "dispatch",
		Help: "Send the closed batches to their models and draw the calls after each bar.",
		ref:  func(s *Scenario) any { return &s.Dispatch.Enabled }},
	{Path: "dispatch.job", Label: "Batches from", Group: GroupDispatch, Kind: KindChoice, Flag: "job",
		Help:    "Where batches come from: the policy's batches, or a fixed-size job cutting the rows in input order.",
		Choices: []Choice{{JobBatches, "the policy (batches above)"}, {JobFixed, "a fixed-size job (Smelt-style)"}},
		ref:     func(s *Scenario) any { return &s.Dispatch.Job }, idle: idleWithoutDispatch},
	{Path: "dispatch.slots", Label: "Concurrency slots", Group: GroupDispatch, Kind: KindChoice, Flag: "slots",
		Help:    "Scope of the concurrency limit for the policy's batches: per model (each model's catalog max_concurrency) or global (Global slots calls over all models). A fixed job always uses global slots.",
		Choices: []Choice{{SlotsModel, "per model (catalog limit)"}, {SlotsGlobal, "global (Global slots)"}},
		ref:     func(s *Scenario) any { return &s.Dispatch.Slots },
		idle: func(s *Scenario) string {
			if s.Dispatch.Job == JobFixed {
				return "no effect on a fixed job, which always uses global slots"
			}
			return idleWithoutDispatch(s)
		}},
	{Path: "dispatch.model", Label: "Fixed job: model", Group: GroupDispatch, Kind: KindText, Flag: "job-model",
		Help: "The model of a fixed job; empty means the model most rows selected.",
		ref:  func(s *Scenario) any { return &s.Dispatch.Model }, idle: idleUnlessFixedJob, Sample: "gpt-4o-mini"},
	{Path: "dispatch.concurrency", Label: "Global slots", Unit: "calls", Group: GroupDispatch, Kind: KindInt, Flag: "concurrency",
		Help: "Calls at once over all models, when slots are global or the job is fixed.",
		Min:  1, Max: maxConcurrency, Step: 1, Range: Range{1, 20, 1},
		ref: func(s *Scenario) any { return &s.Dispatch.Concurrency }, idle: idleUnlessGlobalSlots, activate: useGlobalSlots},
	{Path: "dispatch.max_retries", Label: "Max retries", Unit: "retries", Group: GroupDispatch, Kind: KindInt, Flag: "max-retries",
		Help: "How often a failed batch is tried again.",
		Min:  0, Max: maxRetries, Step: 1, Range: Range{0, 10, 1},
		ref: func(s *Scenario) any { return &s.Dispatch.MaxRetries }, idle: idleWithoutDispatch},
	{Path: "dispatch.backoff_base_ms", Label: "Backoff base", Unit: "ms", Group: GroupDispatch, Kind: KindInt, Flag: "backoff-base-ms",
		Help: "Wait before the first retry: retry k waits min(base·2^k + U(0, 0.1·base·2^k), cap).",
		Min:  0, Max: maxWaitMs, Step: 1, Range: Range{0, 4750, 250},
		ref: func(s *Scenario) any { return &s.Dispatch.BackoffBaseMs }, idle: idleWithoutDispatch,
		activate: func(s *Scenario) { s.Dispatch.BackoffCapMs = max(s.Dispatch.BackoffCapMs, s.Dispatch.BackoffBaseMs) }},
	{Path: "dispatch.backoff_cap_ms", Label: "Backoff cap", Unit: "ms", Group: GroupDispatch, Kind: KindInt, Flag: "backoff-cap-ms",
		Help: "The longest wait between retries.",
		Min:  0, Max: maxWaitMs, Step: 1, Range: Range{1000, 20000, 1000},
		ref: func(s *Scenario) any { return &s.Dispatch.BackoffCapMs }, idle: idleWithoutDispatch,
		activate: func(s *Scenario) { s.Dispatch.BackoffBaseMs = min(s.Dispatch.BackoffCapMs, s.Dispatch.BackoffBaseMs) }},
	{Path: "dispatch.timeout_ms", Label: "Request timeout", Unit: "ms", Group: GroupDispatch, Kind: KindInt, Flag: "timeout-ms",
		Help: "A call that would take longer fails at this point.",
		Min:  1, Max: maxWaitMs, Step: 1, Range: Range{1000, 20000, 1000},
		ref: func(s *Scenario) any { return &s.Dispatch.TimeoutMs }, idle: idleWithoutDispatch},
	{Path: "dispatch.batch_size", Label: "Fixed job: rows per batch", Unit: "rows", Group: GroupDispatch, Kind: KindInt, Flag: "batch-size",
		Help: "Chunk size when the job is fixed-size.",
		Min:  1, Max: maxJobBatch, Step: 1, Range: Range{1, 20, 1},
		ref: func(s *Scenario) any { return &s.Dispatch.BatchSize }, idle: idleUnlessFixedJob, activate: useFixedJob},
	{Path: "dispatch.shuffle", Label: "Fixed job: shuffle rows", Group: GroupDispatch, Kind: KindBool, Flag: "shuffle",
		Help: "Shuffle the rows (by the seed) before cutting the fixed job.",
		ref:  func(s *Scenario) any { return &s.Dispatch.Shuffle }, idle: idleUnlessFixedJob},
	{Path: "dispatch.stop_on_exhaustion", Label: "Stop on exhaustion", Group: GroupDispatch, Kind: KindBool, Flag: "stop-on-exhaustion",
		Help: "When a batch fails for good, stop the job: the batches not yet started are cancelled (see Semantics for batches waiting out a backoff).",
		ref:  func(s *Scenario) any { return &s.Dispatch.StopOnExhaustion }, idle: idleWithoutDispatch},
	{Path: "dispatch.semantics", Label: "Semantics", Group: GroupDispatch, Kind: KindChoice, Flag: "semantics", Optional: true,
		Help:    "Whose decisions the dispatch follows: batchlab stops cleanly (at the stop nothing new starts, backoffs included); smelt reproduces Smelt's engine (batches in backoff cancelled when they wake, one extra call after the stop, cancelled counted as failed, every chunk ready at the start).",
		Choices: []Choice{{SemanticsBatchlab, "batchlab (a clean stop)"}, {SemanticsSmelt, "smelt (Smelt's engine, quirks included)"}},
		ref:     func(s *Scenario) any { return &s.Dispatch.Semantics }, idle: idleWithoutDispatch},
	{Path: "dispatch.script", Label: "Scripted failures", Group: GroupDispatch, Kind: KindStructured, Flag: "script",
		Help:   "Forces chosen attempts of the batched run to fail, whatever the probabilities: a list of {batch, attempt, failure, status?} (batches from 1, attempts from 0) or {call, failure, status?} (the n-th call, from 1). Failures: rate_limit, server_error, timeout, client_error, parse. The CLI reads it from a file.",
		Sample: `[{"batch":2,"failure":"rate_limit"},{"batch":5,"attempt":1,"failure":"server_error","status":503},{"call":7,"failure":"timeout"}]`,
		ref:    func(s *Scenario) any { return &s.Dispatch.Script }, idle: idleWithoutDispatch},
	{Path: "dispatch.batch_api", Label: "Batch API discount", Group: GroupDispatch, Kind: KindBool, Flag: "batch-api",
		Help: "Calls with more than one request go through the provider's batch API, at the model's batch_discount.",
		ref:  func(s *Scenario) any { return &s.Dispatch.BatchAPI }, idle: idleWithoutDispatch},
	{Path: "dispatch.baseline", Label: "Compare with one call per request", Group: GroupDispatch, Kind: KindBool, Flag: "baseline",
		Help: "Also dispatch every request alone and compare cost and latency.",
		ref:  func(s *Scenario) any { return &s.Dispatch.Baseline }, idle: idleWithoutDispatch},

	// Injected failures.
	failure("rate_limit", "Rate limit (429)", "fail-429", "Chance of an HTTP 429 per attempt; retried.", Range{0, 0.475, 0.025},
		func(f *Failures) *float64 { return &f.RateLimit }),
	failure("server_error", "Server error (5xx)", "fail-5xx", "Chance of an HTTP 500, 502, 503 or 504 per attempt; retried.", Range{0, 0.475, 0.025},
		func(f *Failures) *float64 { return &f.Server }),
	failure("timeout", "Hangs (timeout)", "fail-timeout", "Chance that an attempt hangs until the request timeout; retried.", Range{0, 0.475, 0.025},
		func(f *Failures) *float64 { return &f.Timeout }),
	failure("client_error", "Client error (4xx)", "fail-4xx", "Chance of an HTTP 400, 401 or 403 per attempt; never retried.", Range{0, 0.475, 0.025},
		func(f *Failures) *float64 { return &f.Client }),
	failure("parse_base", "Parse failure", "fail-parse", "Chance that a completed reply does not parse, before the per-row term; retried.", Range{0, 0.475, 0.025},
		func(f *Failures) *float64 { return &f.ParseBase }),
	failure("parse_per_row", "… plus per row", "fail-parse-per-row", "Added parse-failure chance per request in the batch: big batches fail more.", Range{0, 0.038, 0.002},
		func(f *Failures) *float64 { return &f.ParsePerRow }),
}, trafficSettings...)

// trafficSettings are the traffic rules (see TrafficRules).
var trafficSettings = []Setting{
	{Path: "traffic.source.format", Label: "Imported from (format)", Group: GroupTraffic, Kind: KindText,
		Help: "The format the rows were imported from; a note that changes nothing.",
		ref:  func(s *Scenario) any { return &s.Traffic.Source.Format }, Sample: "azure"},
	{Path: "traffic.source.file", Label: "Imported from (file)", Group: GroupTraffic, Kind: KindText,
		Help: "The file the rows were imported from; a note that changes nothing.",
		ref:  func(s *Scenario) any { return &s.Traffic.Source.File }, Sample: "AzureLLMInferenceTrace_conv.csv"},
	{Path: "traffic.first_n", Label: "First rows only", Unit: "rows", Group: GroupTraffic, Kind: KindInt, Flag: "first-n",
		Help: "Keep only the first N rows of the input (0 keeps every row).",
		Min:  0, Max: maxTraceRows, Step: 1,
		ref: func(s *Scenario) any { return &s.Traffic.FirstN }},
	{Path: "traffic.from_ms", Label: "Window from", Unit: "ms", Group: GroupTraffic, Kind: KindInt, Flag: "from-ms",
		Help: "Keep the rows that arrive at or after this time (rows without a time are kept).",
		Min:  0, Max: MaxTimeMs, Step: 1,
		ref: func(s *Scenario) any { return &s.Traffic.FromMs }},
	{Path: "traffic.to_ms", Label: "Window to", Unit: "ms", Group: GroupTraffic, Kind: KindInt, Flag: "to-ms",
		Help: "Keep the rows that arrive before this time (0: no end).",
		Min:  0, Max: MaxTimeMs, Step: 1,
		ref: func(s *Scenario) any { return &s.Traffic.ToMs }},
	{Path: "traffic.drop_failed", Label: "Drop failed rows", Group: GroupTraffic, Kind: KindBool, Flag: "drop-failed",
		Help: "Drop the rows the log marks failed (BurstGPT rows with 0 response tokens).",
		ref:  func(s *Scenario) any { return &s.Traffic.DropFailed }},
	{Path: "traffic.sample", Label: "Sample", Unit: "fraction", Group: GroupTraffic, Kind: KindNumber, Flag: "sample",
		Help: "Keep each row with this probability, drawn from the seed (1 keeps every row).",
		Min:  0, Max: 1, Step: 0.01, Range: Range{0.05, 1, 0.05},
		ref: func(s *Scenario) any { return &s.Traffic.Sample }},
	{Path: "traffic.rate_scale", Label: "Rate scale", Unit: "×", Group: GroupTraffic, Kind: KindNumber, Flag: "rate-scale",
		Help: "Replay the given arrival times k times faster (2) or slower (0.5): every time is divided by k.",
		Min:  0.001, Max: 1000, Step: 0.1, Range: Range{0.5, 10, 0.5},
		ref: func(s *Scenario) any { return &s.Traffic.RateScale }},
	{Path: "traffic.latency_tolerance", Label: "Tolerance of requests without text", Group: GroupTraffic, Kind: KindChoice, Flag: "token-only-tolerance",
		Help:    "The latency tolerance given to requests that carry token counts but no text (it picks their wait).",
		Choices: []Choice{{"low", "low (quick answers)"}, {"medium", "medium"}, {"high", "high (can wait)"}},
		ref:     func(s *Scenario) any { return &s.Traffic.LatencyTolerance }},
	tokenBand("medium_from_tokens", "Medium complexity from", "input tokens", "A request without text is of medium complexity from this many input tokens (low below).",
		func(t *TrafficRules) *int { return &t.MediumFromTokens }),
	tokenBand("high_from_tokens", "High complexity from", "input tokens", "A request without text is of high complexity from this many input tokens.",
		func(t *TrafficRules) *int { return &t.HighFromTokens }),
	tokenBand("medium_output_from_tokens", "Medium answer from", "output tokens", "A request without text expects a medium answer from this many output tokens (short below).",
		func(t *TrafficRules) *int { return &t.MediumOutputFromTokens }),
	tokenBand("long_output_from_tokens", "Long answer from", "output tokens", "A request without text expects a long answer from this many output tokens.",
		func(t *TrafficRules) *int { return &t.LongOutputFromTokens }),
	{Path: "traffic.model", Label: "Model of unrouted requests", Group: GroupTraffic, Kind: KindText, Flag: "trace-model",
		Help: "The catalog model of requests whose trace model no mapping routes; empty: chosen by the cost-first selection, as for text.",
		ref:  func(s *Scenario) any { return &s.Traffic.Model }, Sample: "gpt-4o-mini"},
	{Path: "traffic.model_map", Label: "Model mapping", Group: GroupTraffic, Kind: KindStructured,
		Help: "Routes a trace's model names to catalog models: a list of {from, to}. A trace model that is a catalog model's name needs none.",
		ref:  func(s *Scenario) any { return &s.Traffic.ModelMap }, Sample: `[{"from":"llama","to":"gpt-4o"}]`},
}

// wait describes one of the policy's waits; its flag is its name, dashed.
func wait(key, label, help string, r Range, p func(*Policy) *int64) Setting {
	return Setting{Path: "policy." + key, Label: label, Unit: "ms", Group: GroupWaits, Kind: KindInt, Help: help,
		Min: 0, Max: maxWaitMs, Step: 1, Range: r, Flag: strings.ReplaceAll(key, "_", "-"),
		ref: func(s *Scenario) any { return p(&s.Policy) }}
}

// tokenBand describes one band edge of the traffic rules' classification.
func tokenBand(key, label, unit, help string, p func(*TrafficRules) *int) Setting {
	return Setting{Path: "traffic." + key, Label: label, Unit: unit, Group: GroupTraffic, Kind: KindInt, Help: help,
		Min: 0, Max: maxRequestTokens, Step: 1, Flag: strings.ReplaceAll(key, "_", "-"),
		ref: func(s *Scenario) any { return p(&s.Traffic) }}
}

// failure describes one injected failure probability.
func failure(key, label, flag, help string, r Range, p func(*Failures) *float64) Setting {
	return Setting{Path: "dispatch.failures." + key, Label: label, Unit: "probability", Group: GroupFailures, Kind: KindNumber,
		Help: help, Min: 0, Max: 1, Step: 0.01, Range: r, Slider: true, Flag: flag,
		ref: func(s *Scenario) any { return p(&s.Dispatch.Failures) }, idle: idleWithoutDispatch}
}
