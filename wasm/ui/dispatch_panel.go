package ui

import (
	"strconv"
	"strings"

	"github.com/batchlab/batchlab/wasm/report"
	"github.com/batchlab/batchlab/wasm/state"
)

// DispatchPanel holds the dispatch settings and the dispatch metrics.
type DispatchPanel struct {
	P *state.Playground

	OpenRetries, OpenFailures, OpenScript bool
}

func (c *DispatchPanel) scriptRowID(row int) string { return "script-" + strconv.Itoa(row) }

func (c *DispatchPanel) scriptSummary() string {
	switch n := len(c.P.Script()); n {
	case 0:
		return " None."
	case 1:
		return " One scripted failure."
	default:
		return " " + strconv.Itoa(n) + " scripted failures."
	}
}

// scriptPlaceholder says what an empty number of a script row means.
func scriptPlaceholder(key string) string {
	if key == "status" {
		return "default"
	}
	return "—"
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

func (c *DispatchPanel) failuresSummary() string {
	f := &c.P.Scenario.Dispatch.Failures
	total := f.RateLimit + f.Server + f.Timeout + f.Client
	if total == 0 && f.ParseBase == 0 && f.ParsePerRow == 0 {
		return "None injected: every call succeeds unless a rate limit or the context window stops it."
	}
	return "Injected: " + strconv.FormatFloat(100*total, 'f', -1, 64) + " % of calls fail with an HTTP error or hang, plus parse failures."
}
