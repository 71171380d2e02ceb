package ui

import (
	"strings"

	"github.com/batchlab/batchlab/wasm/report"
	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/units"
)

// DispatchPanel holds the dispatch settings and the dispatch metrics. Its
// folded groups are components of their own (NumberFields, ScriptEditor),
// so that their code is compiled only when they are first opened.
type DispatchPanel struct {
	P *state.Playground

	OpenRetries, OpenFailures, OpenScript bool
}

func (c *DispatchPanel) scriptSummary() string {
	if n := len(c.P.Script()); n > 0 {
		return " " + units.Plural(n, "scripted failure", "scripted failures") + "."
	}
	return " None."
}

func (c *DispatchPanel) metrics() []report.Metric {
	if c.P.Result == nil {
		return nil
	}
	return report.DispatchMetrics(c.P.Result.Dispatch)
}

// problemUnder reports a problem with a dispatch number: its group opens.
func (c *DispatchPanel) problemUnder() bool {
	for _, pr := range c.P.Problems {
		if strings.HasPrefix(pr.Path, "$.dispatch.") && pr.Path != "$.dispatch.model" {
			return true
		}
	}
	return c.P.HasTypingProblems()
}

// failuresSummary says which failures are injected and, when none are,
// whether calls failed anyway (rate limits, the context window, or the
// latency model against the timeout).
func (c *DispatchPanel) failuresSummary() string {
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
