package state

import (
	"github.com/batchlab/batchlab/core"
)

func dispatchInt(key, label, unit, help string, p func(*core.Dispatch) *int) *NumberField {
	g, s := intField(func(sc *core.Scenario) *int { return p(&sc.Dispatch) })
	return number(key, "$.dispatch."+key, label, unit, help, false, 0, 0, 1, g, s)
}

func dispatchMs(key, label, help string, p func(*core.Dispatch) *int64) *NumberField {
	g, s := i64(func(sc *core.Scenario) *int64 { return p(&sc.Dispatch) })
	return number(key, "$.dispatch."+key, label, "ms", help, false, 0, 0, 1, g, s)
}

func failureRate(key, label, help string, p func(*core.Failures) *float64) *NumberField {
	return number("failures."+key, "$.dispatch.failures."+key, label, "", help, true, 0, 1, 0.01,
		func(sc *core.Scenario) float64 { return *p(&sc.Dispatch.Failures) },
		func(sc *core.Scenario, v float64) { *p(&sc.Dispatch.Failures) = v })
}

// DispatchFields shape how closed batches are sent: slots, retries,
// backoff, timeout and the fixed job's chunk size.
var DispatchFields = []*NumberField{
	dispatchInt("concurrency", "Global slots", "calls", "Calls at once when slots are global (per-model slots use each model's max_concurrency).", func(d *core.Dispatch) *int { return &d.Concurrency }),
	dispatchInt("max_retries", "Max retries", "retries", "How often a failed batch is tried again.", func(d *core.Dispatch) *int { return &d.MaxRetries }),
	dispatchMs("backoff_base_ms", "Backoff base", "Wait before the first retry; doubles each retry, plus up to 10 % jitter.", func(d *core.Dispatch) *int64 { return &d.BackoffBaseMs }),
	dispatchMs("backoff_cap_ms", "Backoff cap", "The longest wait between retries.", func(d *core.Dispatch) *int64 { return &d.BackoffCapMs }),
	dispatchMs("timeout_ms", "Request timeout", "A call that would take longer fails at this point.", func(d *core.Dispatch) *int64 { return &d.TimeoutMs }),
	dispatchInt("batch_size", "Fixed job: rows per batch", "rows", "Chunk size when the job is fixed-size.", func(d *core.Dispatch) *int { return &d.BatchSize }),
}

// FailureFields are the injected failure probabilities, per attempt.
var FailureFields = []*NumberField{
	failureRate("rate_limit", "Rate limit (429)", "Chance of an HTTP 429; retried.", func(f *core.Failures) *float64 { return &f.RateLimit }),
	failureRate("server_error", "Server error (5xx)", "Chance of an HTTP 500–504; retried.", func(f *core.Failures) *float64 { return &f.Server }),
	failureRate("timeout", "Hangs (timeout)", "Chance that a call hangs until the request timeout; retried.", func(f *core.Failures) *float64 { return &f.Timeout }),
	failureRate("client_error", "Client error (4xx)", "Chance of an HTTP 400/401/403; never retried.", func(f *core.Failures) *float64 { return &f.Client }),
	failureRate("parse_base", "Parse failure", "Chance that a reply does not parse; retried.", func(f *core.Failures) *float64 { return &f.ParseBase }),
	failureRate("parse_per_row", "… plus per row", "Added parse-failure chance per request in the batch: big batches fail more.", func(f *core.Failures) *float64 { return &f.ParsePerRow }),
}

// A DispatchFlag is an on/off dispatch setting.
type DispatchFlag struct {
	Key, Label, Help string
	p                func(*core.Dispatch) *bool
}

// ID is the HTML id of the flag's checkbox.
func (f *DispatchFlag) ID() string { return "d-" + f.Key }

// DispatchFlags are the dispatch checkboxes.
var DispatchFlags = []*DispatchFlag{
	{Key: "enabled", Label: "Simulate dispatch", Help: "Send the closed batches to their models and draw the calls after each bar.", p: func(d *core.Dispatch) *bool { return &d.Enabled }},
	{Key: "stop_on_exhaustion", Label: "Stop on exhaustion", Help: "When a batch fails for good, cancel the batches not yet started.", p: func(d *core.Dispatch) *bool { return &d.StopOnExhaustion }},
	{Key: "batch_api", Label: "Batch API discount", Help: "Calls with more than one request get the model's batch discount.", p: func(d *core.Dispatch) *bool { return &d.BatchAPI }},
	{Key: "baseline", Label: "Compare with one call per request", Help: "Also dispatch every request alone and compare cost and latency.", p: func(d *core.Dispatch) *bool { return &d.Baseline }},
	{Key: "shuffle", Label: "Fixed job: shuffle rows", Help: "Shuffle the rows (by the seed) before cutting the fixed job.", p: func(d *core.Dispatch) *bool { return &d.Shuffle }},
}

// Flag reports a dispatch checkbox.
func (p *Playground) Flag(f *DispatchFlag) bool { return *f.p(&p.Scenario.Dispatch) }

// SetFlag sets a dispatch checkbox.
func (p *Playground) SetFlag(key string, on bool) {
	for _, f := range DispatchFlags {
		if f.Key == key {
			*f.p(&p.Scenario.Dispatch) = on
			p.edited()
			return
		}
	}
}

// SetJob chooses where batches come from: core.JobBatches or core.JobFixed.
func (p *Playground) SetJob(job string) {
	p.Scenario.Dispatch.Job = job
	p.edited()
}

// SetSlots chooses per-model or global concurrency slots.
func (p *Playground) SetSlots(slots string) {
	p.Scenario.Dispatch.Slots = slots
	p.edited()
}

// SetJobModel chooses the model of a fixed job ("" = the most selected).
func (p *Playground) SetJobModel(name string) {
	p.Scenario.Dispatch.Model = name
	p.edited()
}
