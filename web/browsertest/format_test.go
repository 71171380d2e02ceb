//go:build browser

package browsertest

import (
	"fmt"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The figures of a dispatch-heavy preset read as numbers with meaning:
// counts with separators, plurals right, durations in one readable unit,
// each figure with a tooltip; and "None injected" only when no call failed.
func TestFiguresHaveUnitsAndMeaning(t *testing.T) {
	want := simulate(t, "azure-conv-2023", nil, func(sc *core.Scenario) { sc.Dispatch.TimeoutMs = 2000 })
	require.Positive(t, want.Dispatch.Metrics.Failures.Timeout, "the latency model times calls out")

	tb := open(t, "/")
	tb.do(chromedp.SetValue(chromedp.ID("preset"), "azure-conv-2023"))
	tb.waitFor(`document.getElementById('metric-requests').textContent === '2,000'`)
	tb.do(chromedp.Click(chromedp.ID("fold-retries")))
	tb.waitFor(`document.getElementById('f-dispatch-timeout-ms') !== null`)
	tb.setValue("f-dispatch-timeout-ms", "2000", true)
	tb.settled()

	summary := eval[string](tb, `document.getElementById('failures-summary').textContent`)
	assert.NotContains(t, summary, "every call succeeds")
	assert.Contains(t, summary, fmt.Sprintf("%s timeout", core.FormatCount(want.Dispatch.Metrics.Failures.Timeout)))

	for _, panel := range []string{"#metrics-panel .metrics", "#dispatch-panel .dispatch-metrics", "#run-status"} {
		// innerText, as the panel reads: the templates leave no white space
		// between block-level tags (wasm/ui/doc.go), so textContent runs a
		// label and its figure together ("p5080 ms").
		text := eval[string](tb, `document.querySelector('`+panel+`').innerText`)
		assert.NotRegexp(t, `(^|[^\d.,])1 (requests|batches|calls|retries|tokens|points)\b`, text, "%s: plurals", panel)
		assert.NotRegexp(t, `(^|[^\d.,$])\d{4,}`, text, "%s: thousands separated", panel)
		assert.NotRegexp(t, `\d[\d,]{3,} ms`, text, "%s: a second or more is not shown in ms", panel)
		assert.NotContains(t, text, "(s)", panel)
		assert.NotRegexp(t, `-\d`, text, "%s: signs are minus signs", panel)
	}
	assert.Zero(t, eval[int](tb, `[...document.querySelectorAll('#metrics-panel .metric, #dispatch-panel .metric')].filter(m => !m.title).length`),
		"every figure says what it measures")
	assert.Equal(t, core.FormatCount(want.Dispatch.Metrics.Attempts), eval[string](tb, `document.getElementById('dispatch-attempts').textContent`))
	tb.do(chromedp.ScrollIntoView(chromedp.ID("dispatch-panel")))
	tb.screenshot("dispatch-figures.png", "#dispatch-panel")
	tb.screenshot("metrics-figures.png", "#metrics-panel")
}
