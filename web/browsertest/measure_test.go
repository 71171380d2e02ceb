//go:build browser

package browsertest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tabWait is how long before its navigation a tab is opened for the
// loads measured with a renderer process ready: 1 s was enough for
// Chromium's spare renderer (300 ms was not), on the 2-core VM.
const tabWait = time.Second

// loads is how many loads TestMeasure times each way, reporting their
// median and range: with 3, the median of one fresh-clone run moved by
// 50–70 ms from one run to the next on the same code.
const loads = 5

// TestMeasure prints the figures the README quotes: WASM size, time to the
// first timeline (shown, prerendered, then interactive, rendered by the
// app, then the whole page), time from an edit to the updated timeline and
// from a click on a bar to its batch, against issue 13's goals. Times are
// reported, not asserted: a busy CI machine must not fail the build on a
// figure (the size, which does not depend on load, is checked). Each load
// to the first timeline has a tab of its own, closed before the next.
func TestMeasure(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(appDir, "main.wasm"))
	require.NoError(t, err)
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(raw)
	zw.Close()
	t.Logf("MEASURE wasm size: %.2f MB raw, %.2f MB gzip (goal ≤ 3 MB gzip)", mb(len(raw)), mb(gz.Len()))
	assert.LessOrEqual(t, gz.Len(), 3<<20)

	var shown, firsts, completes []float64
	for range loads {
		tb := open(t, "/")
		shown = append(shown, eval[float64](tb, `window.batchlabShown`))
		firsts = append(firsts, eval[float64](tb, `window.batchlabFirstRender`))
		completes = append(completes, eval[float64](tb, `window.batchlabComplete`))
		tb.close() // the next load beside it would be slowed by its TurboFan work
	}
	if pages := omniboxPages(t); pages != "" {
		t.Logf("MEASURE note: every new window of this Chromium loads its address bar's popup (%s) beside the page: the times to the first timeline below include that work (harness_test.go, run)", pages)
	}
	first, live := median(shown), median(firsts)
	t.Logf("MEASURE navigation to first timeline shown (prerendered; window.batchlabShown: the page's first frame painted, its main-thread part): %.0f ms (median of %d, %s; goal ≤ 1000 ms)%s", first, loads, spread(shown), overGoal(first, 1000))
	t.Logf("MEASURE navigation to first timeline interactive (WASM app rendered, takes clicks; window.batchlabFirstRender): %.0f ms (median of %d, %s; the first timeline before the prerender: goal ≤ 1000 ms)%s", live, loads, spread(firsts), overGoal(live, 1000))
	t.Logf("MEASURE navigation to the whole page rendered (the panels below the first view, which come after it is painted): %.0f ms (median of %d, %s)", median(completes), loads, spread(completes))
	var ready []float64
	for range loads {
		tb := openAfter(t, "/", tabWait)
		ready = append(ready, eval[float64](tb, `window.batchlabFirstRender`))
		tb.close()
	}
	warm := median(ready)
	t.Logf("MEASURE navigation to first timeline interactive, the tab opened %v before the navigation (Chromium has a renderer process ready, as when a person opens a tab and types the address; the loads above start it as they navigate): %.0f ms (median of %d, %s; goal ≤ 1000 ms)%s", tabWait, warm, loads, spread(ready), overGoal(warm, 1000))

	tb := open(t, "/")
	tb.do(chromedp.SetValue(chromedp.ID("preset"), "coding-day"))
	tb.waitFor(`document.getElementById('prompts-input').value.includes('dev-001') && !document.getElementById('run-status').textContent.includes('Simulating')`)
	small := editLatency(tb, 7)
	t.Logf("MEASURE edit to updated timeline, 100-prompt preset: %.0f ms (median of 7; goal ≤ 100 ms)%s", small, overGoal(small, 100))

	prompts := make([]string, 10_000)
	for i := range prompts {
		prompts[i] = fmt.Sprintf("Write a Python function that parses log line %d and explain why", i)
	}
	doc, _ := json.Marshal(prompts)
	start := time.Now()
	tb.pasteBig(string(doc))
	t.Logf("MEASURE pasting 10,000 prompts to updated timeline: %.0f ms (wall clock, decode included)", float64(time.Since(start).Microseconds())/1000)
	require.Equal(t, 10_000, eval[int](tb, `Number(document.getElementById('metric-requests').textContent.replaceAll(',', ''))`))
	big := editLatency(tb, 5)
	t.Logf("MEASURE edit to updated timeline, 10,000 requests: %.0f ms (median of 5, 30 ms debounce included; goal ≤ 300 ms)%s", big, overGoal(big, 300))
	for range 12 { // zoom in until bars stand for one batch each
		if eval[bool](tb, `document.querySelector('#timeline .bar[data-batch]') !== null`) {
			break
		}
		tb.do(chromedp.Click(chromedp.ID("zoom-in")))
		tb.settled()
	}
	click := barClickLatency(tb, 5)
	t.Logf("MEASURE click on a bar to its batch shown, 10,000 requests: %.0f ms (median of 5; goal ≤ 100 ms)%s", click, overGoal(click, 100))
}

// barClickLatency clicks n bars in turn and returns the median time in ms
// from the click to the batch detail naming the bar's batch, measured
// inside the page.
func barClickLatency(tb *tab, n int) float64 {
	var times []float64
	for i := range n {
		js := fmt.Sprintf(`new Promise(resolve => {
			const bars = document.querySelectorAll('#timeline .bar[data-batch]');
			const bar = bars[Math.floor(bars.length * %d / %d)];
			bar.scrollIntoView({block: 'center'});
			const r = bar.getBoundingClientRect(), id = bar.dataset.batch;
			const t0 = performance.now();
			const check = () => {
				const h = document.getElementById('detail-h');
				if (h && h.textContent.includes('#' + id + ' ')) { resolve(performance.now() - t0); return; }
				setTimeout(check, 1);
			};
			bar.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));
			check();
		})`, i, n)
		times = append(times, eval[float64](tb, js))
	}
	return median(times)
}

// overGoal flags a figure above its goal in the report.
func overGoal(ms, goal float64) string {
	if ms > goal {
		return " — OVER THE GOAL"
	}
	return ""
}

// editLatency changes the max wait n times and returns the median time in
// ms from the input event to the timeline showing the new result, measured
// inside the page.
func editLatency(tb *tab, n int) float64 {
	var times []float64
	for i := range n {
		before := tb.runs()
		js := fmt.Sprintf(`new Promise(resolve => {
			const el = document.getElementById('f-policy-wait-ms');
			const t0 = performance.now();
			const check = () => {
				if (window.batchlabRenderedRuns > %d) { resolve(window.batchlabRenderedAt - t0); return; }
				setTimeout(check, 1);
			};
			el.value = %q;
			el.dispatchEvent(new Event('input', {bubbles: true}));
			check();
		})`, before, fmt.Sprint(60+10*i))
		times = append(times, eval[float64](tb, js))
	}
	return median(times)
}

// spread says the range of the figures: "600–900 ms".
func spread(v []float64) string {
	return fmt.Sprintf("%.0f–%.0f ms", slices.Min(v), slices.Max(v))
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

func mb(n int) float64 { return float64(n) / (1 << 20) }
