package ui

import (
	"github.com/batchlab/batchlab/wasm/report"
	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/units"
)

// DispatchPanel holds the dispatch settings and the dispatch metrics. Its
// groups are components of their own (DispatchJob, DispatchFailures,
// DispatchScript), and so are their folded parts (NumberFields,
// ScriptEditor), compiled only when first opened: each generated Build
// stays small, which V8 compiles quickly.
type DispatchPanel struct {
	P *state.Playground
}

func (c *DispatchPanel) metrics() []report.Metric {
	if c.P.Result == nil {
		return nil
	}
	return report.DispatchMetrics(c.P.Result.Dispatch)
}

// DispatchJob is the dispatch panel's first group: dispatch on or off,
// the job, the slots, the model, the semantics (DispatchChoices), and the
// folded numbers (slots, retries, backoff, timeout).
type DispatchJob struct {
	P *state.Playground

	// Open unfolds the numbers.
	Open bool
}

// DispatchChoices is the dispatch job group's selects (job, slots,
// model, semantics), in a <div>.
type DispatchChoices struct {
	P *state.Playground
}

// DispatchFailures is the dispatch panel's folded failure chances and its
// other switches.
type DispatchFailures struct {
	P *state.Playground

	// Open unfolds the failure chances.
	Open bool
}

// DispatchScript is the dispatch panel's folded scripted failures.
type DispatchScript struct {
	P *state.Playground

	// Open unfolds the script editor.
	Open bool
}

func (c *DispatchScript) summary() string {
	if n := len(c.P.Script()); n > 0 {
		return " " + units.Plural(n, "scripted failure", "scripted failures") + "."
	}
	return " None."
}

// dispatchProblem reports a problem with a dispatch number (the model, a
// select outside the folded groups, aside): its group opens.
func dispatchProblem(p *state.Playground) bool {
	return problemUnder(p, "$.dispatch.", "$.dispatch.model")
}

// summary says which failures are injected and, when none are, whether
// calls failed anyway (rate limits, the context window, or the latency
// model against the timeout).
func (c *DispatchFailures) summary() string {
	f := &c.P.Scenario.Dispatch.Failures
	total := f.RateLimit + f.Server + f.Timeout + f.Client
	if total > 0 || f.ParseBase > 0 || f.ParsePerRow > 0 {
		return "Injected: " + units.Percent(total) + " of calls fail with an HTTP error or hang, plus parse failures."
	}
	if r := c.P.Result; r != nil && r.Dispatch != nil {
		if n := report.FailedCalls(&r.Dispatch.Metrics.Failures); n > 0 {
			return "None injected, yet " + units.Plural(n, "call", "calls") + " failed in the last run (" + report.FailureBreakdown(&r.Dispatch.Metrics.Failures) +
				"): rate limits, the context window, and calls the latency model makes longer than the timeout fail without injection."
		}
	}
	return "None injected: every call succeeds unless a rate limit, the context window or the timeout stops it."
}
