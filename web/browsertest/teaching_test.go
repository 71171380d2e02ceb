//go:build browser

package browsertest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/lesson"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pickPreset loads a preset through the picker and waits for its result.
func (tb *tab) pickPreset(key, marker string) {
	tb.t.Helper()
	tb.do(chromedp.SetValue(chromedp.ID("preset"), key))
	tb.waitFor(fmt.Sprintf(`document.getElementById('prompts-input').value.includes(%s) && !document.getElementById('run-status').textContent.includes('Simulating')`, jsString(marker)))
}

// input sets an input's value and fires input, as typing does, without
// waiting for the playground's timeline (which other views hide).
func (tb *tab) input(id, value string) {
	tb.t.Helper()
	eval[bool](tb, fmt.Sprintf(`(() => { const el = document.getElementById(%s); el.focus(); el.value = %s;
		el.dispatchEvent(new Event('input', {bubbles: true})); el.blur(); return true })()`, jsString(id), jsString(value)))
}

// openView clicks the tab of a view and waits for its section.
func (tb *tab) openView(tabID, sectionID string) {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.ID(tabID)))
	tb.waitFor(fmt.Sprintf(`document.getElementById(%s) !== null`, jsString(sectionID)))
}

func TestCompareViewRendersBothTimelines(t *testing.T) {
	tb := open(t, "/")
	tb.pickPreset("burst", "burst1-01")
	tb.openView("tab-compare", "compare-view")
	base := simulate(t, "burst", nil, nil)

	// A copy: both timelines draw every batch of the preset on one axis.
	for _, side := range []string{"compare-a", "compare-b"} {
		assert.Equal(t, len(base.Metrics.Models), eval[int](tb, fmt.Sprintf(`document.querySelectorAll('#%s .lane').length`, side)), side)
		assert.Equal(t, len(base.Batches), eval[int](tb, fmt.Sprintf(`Number(document.getElementById('%s').dataset.batches)`, side)), side)
		assert.Positive(t, eval[int](tb, fmt.Sprintf(`document.querySelectorAll('#%s .bar').length`, side)), side)
	}
	assert.Equal(t, eval[string](tb, `[...document.querySelectorAll('#compare-a .tick')].map(t => t.textContent + t.getAttribute('style')).join()`),
		eval[string](tb, `[...document.querySelectorAll('#compare-b .tick')].map(t => t.textContent + t.getAttribute('style')).join()`), "one time axis")
	assert.Equal(t, "no change", eval[string](tb, `document.querySelector('#cmp-calls .delta').textContent`))

	// B's batches hold at most 4 requests, tuning off: more calls, and the deltas say so.
	runs := eval[int](tb, `Number(document.getElementById('compare-view').dataset.runs)`)
	tb.do(chromedp.Click(chromedp.ID("cmp-b-tuning")))
	tb.input("cmp-b-max-batch-size", "4")
	tb.waitFor(fmt.Sprintf(`Number(document.getElementById('compare-view').dataset.runs) > %d`, runs+1))
	sc, err := preset.Load("burst")
	require.NoError(t, err)
	b := *sc
	b.Policy.ModelTuning, b.Policy.MaxBatchSize = false, 4
	want, _, _, err := core.CompareScenarios(sc, &b, core.Options{})
	require.NoError(t, err)
	assert.Equal(t, want.B.Batches, eval[int](tb, `Number(document.getElementById('compare-b').dataset.batches)`))
	assert.Equal(t, fmt.Sprintf("+%d", want.Delta.Calls), eval[string](tb, `document.querySelector('#cmp-calls .delta').textContent`))
	assert.Equal(t, "worse", eval[string](tb, `document.getElementById('cmp-calls').className`))
	assert.Equal(t, len(want.Requests), eval[int](tb, `document.querySelectorAll('#compare-requests tbody tr').length`))
	assert.Equal(t, want.Moved, eval[int](tb, `document.querySelectorAll('#compare-requests tbody tr.moved').length`))
	tb.screenshot("compare.png", "#compare-view")

	// Seed against timer on the same trace.
	tb.do(chromedp.Click(chromedp.ID("compare-seed-timer")))
	tb.waitFor(`document.querySelector('#compare-a .compare-label').textContent.includes('seed')`)
	assert.Equal(t, "timer", eval[string](tb, `document.getElementById('cmp-b-mode').value`))
	assert.Equal(t, "better", eval[string](tb, `document.getElementById('cmp-p95-wait').className`), "timer mode never waits past a deadline")
	tb.screenshot("compare-seed-timer.png", "#compare-view")
}

func TestSweepRunsWithProgressAndThePageStaysResponsive(t *testing.T) {
	tb := open(t, "/")
	tb.pickPreset("coding-day", "dev-001")
	tb.openView("tab-sweep", "sweep-view")
	// The coding day's default sweep (sweep.DefaultKnob); this test sweeps
	// the wait.
	assert.Equal(t, "traffic.rate_scale", eval[string](tb, `document.getElementById('sweep-knob').value`))
	assert.Equal(t, "20 points, 0.5 to 10 × by 0.5", eval[string](tb, `document.getElementById('sweep-plan').textContent`))
	tb.do(chromedp.SetValue(chromedp.ID("sweep-knob"), "policy.wait_ms"))
	tb.waitFor(`document.getElementById('sweep-plan').textContent === '20 points, 0 to 380 ms by 20'`)

	// Start the sweep, then type into a field as soon as the first point
	// is in: all inside the page, so that no round trip to the test delays
	// the typing. Progress counts, not clocks, say what happened when:
	//  - a MutationObserver notes the points shown each time the browser
	//    gets control back (its callbacks run only once the page's script,
	//    Go included, has returned): one more point each time means every
	//    step was a task of its own, rendered, with the browser free to
	//    handle input and paint before the next;
	//  - the plan under the field must follow the typing before the next
	//    step, at the point count it was typed at.
	type snapshot struct {
		TypedAt, Done      int
		Running            string
		Disabled           bool
		Seen               []int
		ReactedMs, TotalMs float64
		Stuck              string
	}
	mid := eval[snapshot](tb, `(async () => {
		const box = document.getElementById('sweep-progress');
		const progress = () => box.dataset;
		const seen = [];
		const note = () => { const d = Number(progress().done); if (seen[seen.length - 1] !== d) { seen.push(d); } };
		new MutationObserver(note).observe(box, {attributes: true});
		const sleep = ms => new Promise(r => setTimeout(r, ms));
		const start = performance.now();
		const until = async (cond, what) => {
			while (!cond()) {
				if (performance.now() - start > 15000) { throw new Error('stuck waiting for ' + what + ': ' + JSON.stringify(progress())); }
				await sleep(1);
			}
		};
		try {
			document.getElementById('sweep-run').click();
			await until(() => progress().running === 'true' && Number(progress().done) >= 1, 'the first point');
			const typedAt = Number(progress().done);
			const disabled = document.getElementById('sweep-run').disabled;
			const typed = performance.now();
			const el = document.getElementById('sweep-to');
			el.focus(); el.value = '760'; el.dispatchEvent(new Event('input', {bubbles: true})); el.blur();
			await until(() => document.getElementById('sweep-plan').textContent.startsWith('39 points'), 'the plan');
			const snap = {TypedAt: typedAt, Done: Number(progress().done), Running: progress().running,
				Disabled: disabled, ReactedMs: performance.now() - typed};
			await until(() => progress().running === 'false', 'the end');
			snap.TotalMs = performance.now() - start;
			note();
			snap.Seen = seen;
			return snap;
		} catch (e) {
			return {Stuck: e.message};
		}
	})()`)
	require.Empty(t, mid.Stuck)
	t.Logf("typed at %d of 20 points; the plan followed %.0f ms later, at %d points; the sweep took %.0f ms; points shown between tasks: %v",
		mid.TypedAt, mid.ReactedMs, mid.Done, mid.TotalMs, mid.Seen)
	assert.Equal(t, "true", mid.Running, "the sweep was still running when the input reacted")
	assert.Equal(t, mid.TypedAt, mid.Done, "the input was handled and rendered before the next sweep step")
	assert.Less(t, mid.Done, 20)
	shown := make([]int, 21) // 0, then one more point per step: 20 points in 20 steps
	for i := range shown {
		shown[i] = i
	}
	assert.Equal(t, shown, mid.Seen, "every step hands control back to the browser")
	assert.True(t, mid.Disabled, "no second sweep while one runs")
	assert.Equal(t, "760", eval[string](tb, `document.getElementById('sweep-to').value`))
	assert.Equal(t, 20, eval[int](tb, `Number(document.getElementById('sweep-progress').dataset.total)`))

	tb.waitFor(`(p => p.dataset.running === 'false' && p.dataset.done === '20')(document.getElementById('sweep-progress'))`)
	assert.Contains(t, eval[string](tb, `document.getElementById('sweep-progress').textContent`), "Done: 20 points")

	// The same numbers as the core (and `batchlab sweep`).
	sc, err := preset.Load("coding-day")
	require.NoError(t, err)
	points, err := core.RunSweep(sc, core.Sweep{Knob: "policy.wait_ms", From: 0, To: 380, Step: 20}, core.Options{}, nil)
	require.NoError(t, err)
	pareto := 0
	for _, p := range points {
		if p.Pareto {
			pareto++
		}
	}
	assert.Equal(t, 20, eval[int](tb, `document.querySelectorAll('#sweep-chart-pareto [data-sweep-point]').length`))
	assert.Equal(t, pareto, eval[int](tb, `document.querySelectorAll('#sweep-chart-pareto .dot.pareto').length`))
	assert.Equal(t, 20, eval[int](tb, `document.querySelectorAll('#sweep-chart-p95-latency .dot').length`))
	assert.Equal(t, 20, eval[int](tb, `document.querySelectorAll('#sweep-table tbody tr').length`))
	tb.screenshot("sweep.png", "#sweep-view")

	// Clicking a point opens its policy in the playground (on the latency
	// chart: in the scatter, points with equal results overlap).
	tb.do(chromedp.Click(chromedp.CSS(`#sweep-chart-p95-latency [data-sweep-point="5"]`)))
	tb.waitFor(`document.getElementById('f-policy-wait-ms') !== null && document.getElementById('f-policy-wait-ms').value === '100' && !document.getElementById('run-status').textContent.includes('Simulating')`)
	tb.waitFor(`document.getElementById('metric-batches') !== null`)
	want := simulate(t, "coding-day", nil, func(s *core.Scenario) {
		s.Policy.BaseWaitMs, s.Policy.WaitLowMs, s.Policy.WaitHighMs = 100, 100, 100
		s.Policy.MaxWaitMs = max(s.Policy.MaxWaitMs, 100)
	})
	tb.waitFor(fmt.Sprintf(`document.getElementById('metric-batches').textContent === '%d'`, want.Metrics.Batches))
}

func TestLessonGoalFlipsToMet(t *testing.T) {
	tb := open(t, "/")
	tb.openView("tab-lessons", "lessons-panel")
	assert.Equal(t, len(lesson.All), eval[int](tb, `document.querySelectorAll('#lessons-panel [data-lesson]').length`))
	tb.screenshot("lessons.png", "#lessons-panel")

	tb.do(chromedp.Click(chromedp.ID("lesson-start-fill-the-burst")))
	tb.waitFor(`document.getElementById('lesson-goal') !== null && document.getElementById('prompts-input').value.includes('burst1-01') && !document.getElementById('run-status').textContent.includes('Simulating')`)
	assert.Equal(t, "false", eval[string](tb, `document.getElementById('lesson-goal').dataset.met`))
	assert.Equal(t, "8", eval[string](tb, `document.getElementById('f-policy-max-batch-size').value`))
	assert.False(t, eval[bool](tb, `document.getElementById('lesson-explanation') !== null`))
	tb.do(chromedp.Click(chromedp.ID("lesson-hint")))
	tb.waitFor(`document.querySelectorAll('#lesson-hints li').length === 1`)

	// The wrong change keeps it unmet; the right one flips it.
	tb.setValue("f-policy-max-batch-size", "10", true)
	assert.Equal(t, "false", eval[string](tb, `document.getElementById('lesson-goal').dataset.met`))
	tb.setValue("f-policy-max-batch-size", "16", true)
	tb.waitFor(`document.getElementById('lesson-goal').dataset.met === 'true'`)
	assert.Contains(t, eval[string](tb, `document.getElementById('lesson-goal').textContent`), "✓ met")
	assert.True(t, eval[bool](tb, `document.getElementById('lesson-explanation') !== null`))
	tb.screenshot("lesson.png", "#lesson-panel")

	// A share link carries the scenario and the lesson.
	tb.do(chromedp.Click(chromedp.ID("share-button")))
	tb.waitFor(`document.getElementById('share-link') !== null && document.getElementById('share-link').value.includes('&lesson=fill-the-burst')`)
	link := eval[string](tb, `document.getElementById('share-link').value`)
	fresh := open(t, link[strings.Index(link, "/#"):])
	fresh.waitFor(`document.getElementById('lesson-goal') !== null && document.getElementById('lesson-goal').dataset.met === 'true'`)
	assert.Equal(t, "16", eval[string](fresh, `document.getElementById('f-policy-max-batch-size').value`))
}

func TestBatchDetailSaysWhyTheBatchClosed(t *testing.T) {
	tb := open(t, "/")
	res := simulate(t, preset.Default, nil, nil)
	tb.do(chromedp.Click(chromedp.CSS(`#timeline [data-batch="2"]`)))
	tb.waitFor(`document.getElementById('batch-why') !== null`)
	assert.Equal(t, "Why did this batch close? "+res.Explain(&res.Batches[1]).Text, eval[string](tb, `document.getElementById('batch-why').textContent`))
	tb.screenshot("batch-why.png", "#batch-detail")
}

func TestExportWritesTritonRayServeAndJSON(t *testing.T) {
	tb := open(t, "/")
	tb.openView("tab-export", "export-panel")
	tb.waitFor(`document.getElementById('export-triton') !== null && document.getElementById('export-triton').value !== ''`)
	res := simulate(t, preset.Default, nil, nil)
	sc, err := preset.Load(preset.Default)
	require.NoError(t, err)
	var names []string
	for _, m := range res.Metrics.Models {
		names = append(names, m.Model)
	}
	want, err := core.ExportPolicy(sc, names)
	require.NoError(t, err)
	assert.Equal(t, want.Triton, eval[string](tb, `document.getElementById('export-triton').value`))
	assert.Equal(t, want.RayServe, eval[string](tb, `document.getElementById('export-ray').value`))
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(eval[string](tb, `document.getElementById('export-json').value`)), &doc))
	assert.Contains(t, doc, "policy")
	assert.Equal(t, len(want.Notes), eval[int](tb, `document.querySelectorAll('#export-notes li').length`))
	tb.screenshot("export.png", "#export-panel")
}
