//go:build browser

package browsertest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// simulate is what `batchlab simulate --scenario <preset> --input <prompts>`
// computes: the expected result for prompts pasted over a preset.
func simulate(t *testing.T, presetKey string, prompts []byte, edit func(*core.Scenario)) *core.Result {
	t.Helper()
	sc, err := preset.Load(presetKey)
	require.NoError(t, err)
	if prompts != nil {
		sc.Prompts = prompts
	}
	if edit != nil {
		edit(sc)
	}
	res, err := core.Simulate(sc, core.Options{PromptsPath: "$"})
	require.NoError(t, err)
	return res
}

func TestPageRendersThePreset(t *testing.T) {
	tb := open(t, "/")
	want := simulate(t, preset.Default, nil, nil)
	assert.Equal(t, want.Metrics.Batches, tb.batches())
	bars := eval[int](tb, `document.querySelectorAll('#timeline [data-batch]').length`)
	assert.Equal(t, len(want.Batches), bars, "every batch of the preset is drawn")
	lanes := eval[int](tb, `document.querySelectorAll('#timeline .lane').length`)
	assert.Equal(t, len(want.Metrics.Models), lanes, "one lane per model")
	assert.Contains(t, eval[string](tb, `document.getElementById('prompts-input').value`), "Suggest", "the preset's prompts are in the editor")
	tb.screenshot("main.png", "")
}

func TestPastedPromptsGiveTheBatchesOfSimulate(t *testing.T) {
	inputs := map[string]string{
		"strings": `["Write a Python function to merge two lists", "Summarize the meeting notes", "Why is the sky blue?", "Plot sales from this CSV", "Fix this JavaScript bug", "Explain GDPR to a new hire"]`,
		"objects": `[{"request_id":"a","created_at_ms":0,"prompt":"Write a Python test"},{"request_id":"b","created_at_ms":5,"prompt":"Write a Python class"},
			{"request_id":"c","created_at_ms":30,"prompt":"Summarize the doc briefly"},{"request_id":"d","created_at_ms":400,"prompt":"Explain why step-by-step in depth"},
			{"request_id":"e","created_at_ms":401,"shortened_query":"Refactor the API"},{"request_id":"f","created_at_ms":402,"prompt":"x","token_count":2500,"selected_model":"gpt-4o"}]`,
	}
	raw, err := preset.Raw("coding-day")
	require.NoError(t, err)
	var day struct{ Prompts json.RawMessage }
	require.NoError(t, json.Unmarshal(raw, &day))
	inputs["coding day prompts"] = string(day.Prompts)

	tb := open(t, "/")
	for _, name := range []string{"strings", "objects", "coding day prompts"} {
		t.Run(name, func(t *testing.T) {
			tb.t = t
			want := simulate(t, preset.Default, []byte(inputs[name]), nil)
			tb.setValue("prompts-input", inputs[name], true)
			assert.Equal(t, want.Metrics.Batches, tb.batches())
			assert.Equal(t, len(want.Requests), eval[int](tb, `Number(document.getElementById('metric-requests').textContent.replaceAll(',', ''))`))
		})
	}
}

// setWait does in sc what typing ms into the playground's wait control
// does: it sets policy.wait_ms, the wait of every latency tolerance.
func setWait(t *testing.T, sc *core.Scenario, ms string) {
	t.Helper()
	wait, ok := core.LookupSetting("policy.wait_ms")
	require.True(t, ok)
	require.NoError(t, wait.SetText(sc, ms))
}

func TestChangingMaxWaitChangesTheTimeline(t *testing.T) {
	tb := open(t, "/")
	before, batchesBefore := tb.timelineBars(), tb.batches()
	tb.setValue("f-policy-wait-ms", "300", true)
	after := tb.timelineBars()
	assert.NotEqual(t, before, after)
	want := simulate(t, preset.Default, nil, func(sc *core.Scenario) { setWait(t, sc, "300") })
	assert.Equal(t, want.Metrics.Batches, tb.batches())
	assert.Less(t, tb.batches(), batchesBefore, "waiting longer makes fewer, fuller batches")
	assert.Equal(t, "300", eval[string](tb, `document.getElementById('f-policy-wait-ms-slider').value`), "the slider follows the number")

	// The slider drives the same value.
	tb.setValue("f-policy-wait-ms-slider", "40", true)
	assert.Equal(t, "40", eval[string](tb, `document.getElementById('f-policy-wait-ms').value`))
}

func TestInvalidJSONShowsTheErrorAndKeepsTheTimeline(t *testing.T) {
	tb := open(t, "/")
	bars, batches, runs := tb.timelineBars(), tb.batches(), tb.runs()
	tb.setValue("prompts-input", "[\n  \"one\",\n  \"two\"\n  \"three\"\n]", false)
	tb.waitFor(`!document.getElementById('input-error').hidden`)
	msg := eval[string](tb, `document.getElementById('input-error').textContent`)
	assert.Contains(t, msg, "line 4, column 3")
	assert.Contains(t, msg, "$")
	assert.Equal(t, bars, tb.timelineBars())
	assert.Equal(t, batches, tb.batches())
	assert.Equal(t, runs, tb.runs())

	// A field error names its JSON path.
	tb.setValue("prompts-input", `["fine", {"prompt": "x", "created_at_ms": -4}]`, false)
	tb.waitFor(`document.getElementById('input-error').textContent.includes('$[1].created_at_ms')`)
	assert.Equal(t, bars, tb.timelineBars())
	tb.screenshot("input-error.png", "#prompts-panel")

	// Fixing it clears the error.
	tb.setValue("prompts-input", `["fine", "also fine"]`, true)
	assert.True(t, eval[bool](tb, `document.getElementById('input-error').hidden`))
}

// TestRejectedRequestsAreListed: the metrics panel names each request no
// context window holds, with its reason, not only a count.
func TestRejectedRequestsAreListed(t *testing.T) {
	tb := open(t, "/")
	tb.setValue("prompts-input", `[{"request_id":"a","created_at_ms":0,"prompt":"Write a Python test"},
		{"request_id":"big","created_at_ms":5,"prompt":"x","token_count":1000000,"selected_model":"gpt-3.5-turbo"}]`, true)
	tb.waitFor(`document.getElementById('rejected-requests') !== null`)
	assert.Equal(t, "big: 1,600,000 tokens exceed gpt-3.5-turbo's context window of 16,000 tokens",
		eval[string](tb, `document.querySelector('#rejected-requests li').textContent`))
	tb.screenshot("rejected-requests.png", "#metrics-panel")
}

func TestShareLinkRestoresTheScenario(t *testing.T) {
	tb := open(t, "/")
	tb.do(chromedp.SetValue(chromedp.ID("preset"), "burst"))
	tb.waitFor(`document.getElementById('prompts-input').value.includes('burst1-01') && !document.getElementById('run-status').textContent.includes('Simulating')`)
	tb.setValue("f-policy-wait-ms", "35", true)
	tb.setValue("f-policy-max-batch-size", "5", true)
	batches := tb.batches()
	prompts := eval[string](tb, `document.getElementById('prompts-input').value`)
	tb.do(chromedp.Click(chromedp.ID("share-button")))
	tb.waitFor(`document.getElementById('share-link') !== null && document.getElementById('share-link').value.includes('#v1.')`)
	link := eval[string](tb, `document.getElementById('share-link').value`)
	require.True(t, strings.HasPrefix(link, server.URL+"/#v1."), link)

	fresh := open(t, strings.TrimPrefix(link, server.URL))
	fresh.waitFor(`document.getElementById('f-policy-max-batch-size').value === '5'`)
	assert.Equal(t, batches, fresh.batches())
	assert.Equal(t, "35", eval[string](fresh, `document.getElementById('f-policy-wait-ms').value`))
	var a, b any
	require.NoError(t, json.Unmarshal([]byte(prompts), &a))
	require.NoError(t, json.Unmarshal([]byte(eval[string](fresh, `document.getElementById('prompts-input').value`)), &b))
	assert.Equal(t, a, b, "same prompts")
	want := simulate(t, "burst", nil, func(sc *core.Scenario) {
		setWait(t, sc, "35")
		sc.Policy.MaxBatchSize = 5
	})
	assert.Equal(t, want.Metrics.Batches, fresh.batches())
}

func TestDamagedAndTooNewLinks(t *testing.T) {
	for name, frag := range map[string]string{"damaged": "#v1.AAAAbroken", "too new": "#v7.abc"} {
		t.Run(name, func(t *testing.T) {
			tb := open(t, "/"+frag)
			tb.waitFor(`document.getElementById('notice') !== null`)
			msg := eval[string](tb, `document.getElementById('notice').textContent`)
			if name == "damaged" {
				assert.Contains(t, msg, "damaged")
			} else {
				assert.Contains(t, msg, "newer version")
			}
			want := simulate(t, preset.Default, nil, nil)
			assert.Equal(t, want.Metrics.Batches, tb.batches(), "the page stays usable with the default")
		})
	}
}

func TestPromptMarkupIsShownAsText(t *testing.T) {
	tb := open(t, "/")
	evil := `<img src=x onerror=alert(1)>`
	prompts, _ := json.Marshal([]map[string]any{{"request_id": "x1", "created_at_ms": 0, "prompt": evil}, {"request_id": "x2<b>", "created_at_ms": 1, "prompt": "<script>alert(2)</script>"}})
	tb.setValue("prompts-input", string(prompts), true)
	tb.do(chromedp.Click(chromedp.CSS(`#timeline [data-batch="1"]`)))
	tb.waitFor(`document.querySelectorAll('#batch-requests .member').length > 0`)
	texts := eval[[]string](tb, `[...document.querySelectorAll('#batch-requests .prompt')].map(e => e.textContent)`)
	assert.Contains(t, texts, evil)
	assert.Zero(t, eval[int](tb, `document.querySelectorAll('#batch-detail img, #batch-detail script, #batch-detail b').length`), "no markup from prompts in the page")
	assert.Zero(t, eval[int](tb, `document.querySelectorAll('body img').length`))
	ids := eval[[]string](tb, `[...document.querySelectorAll('#batch-requests .rid')].map(e => e.textContent)`)
	assert.Contains(t, strings.Join(ids, " "), "x1")
	assert.Empty(t, tb.dialogs, "no alert ran")
}

func TestClickingABatchListsItsRequests(t *testing.T) {
	tb := open(t, "/")
	tb.do(chromedp.SetValue(chromedp.ID("preset"), "burst"))
	tb.waitFor(`document.getElementById('prompts-input').value.includes('burst1-01') && document.querySelector('#timeline [data-batch="3"]') !== null && !document.getElementById('run-status').textContent.includes('Simulating')`)
	want := simulate(t, "burst", nil, nil)
	for _, id := range []int{3, 1} {
		tb.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#timeline [data-batch="%d"]`, id))))
		tb.waitFor(fmt.Sprintf(`document.getElementById('detail-h').textContent.includes('#%d ')`, id))
		ids := eval[[]string](tb, `[...document.querySelectorAll('#batch-requests .rid')].map(e => e.textContent)`)
		assert.Equal(t, want.RequestIDs(&want.Batches[id-1]), ids)
	}
	tb.do(chromedp.ScrollIntoView(chromedp.ID("batch-detail")))
	tb.screenshot("batch-detail.png", "#batch-detail")
	tb.screenshot("timeline.png", "#timeline-panel")
}

func TestCatalogEditor(t *testing.T) {
	tb := open(t, "/")
	assert.Zero(t, eval[int](tb, `document.querySelectorAll('#catalog-table').length`), "folded at first")
	tb.do(chromedp.Click(chromedp.ID("catalog-toggle")))
	tb.waitFor(`document.querySelector('#catalog-table') !== null`)
	rows := eval[int](tb, `document.querySelectorAll('#catalog-table tbody tr').length`)
	assert.Equal(t, len(core.DefaultModels()), rows)
	tb.do(chromedp.Click(chromedp.ID("catalog-add")))
	tb.waitFor(fmt.Sprintf(`document.querySelectorAll('#catalog-table tbody tr').length === %d`, rows+1))
	tb.setValue(fmt.Sprintf("cat-%d-context-tokens", rows), "-3", false)
	tb.waitFor(`document.querySelector('#catalog-table .cell-error') !== null`)
	assert.Contains(t, eval[string](tb, `document.querySelector('#catalog-table .cell-error').textContent`), "positive")
	tb.do(chromedp.ScrollIntoView(chromedp.ID("catalog-panel")))
	tb.screenshot("catalog.png", "#catalog-panel")
	tb.do(chromedp.Click(chromedp.ID("catalog-reset")))
	tb.waitFor(fmt.Sprintf(`document.querySelectorAll('#catalog-table tbody tr').length === %d && document.querySelector('#catalog-table .cell-error') === null`, rows))
}

func TestZoomAndAggregation(t *testing.T) {
	tb := open(t, "/")
	tb.do(chromedp.SetValue(chromedp.ID("preset"), "coding-day"))
	tb.waitFor(`document.getElementById('prompts-input').value.includes('dev-001') && !document.getElementById('run-status').textContent.includes('Simulating')`)
	tb.waitFor(`document.querySelector('#timeline [data-batches]') !== null`)
	aggregated := eval[int](tb, `document.querySelectorAll('#timeline [data-batches]').length`)
	assert.Positive(t, aggregated, "a working day at full zoom merges its 80 ms batches")
	tb.do(chromedp.Click(chromedp.CSS(`#timeline [data-batches]`)))
	tb.waitFor(`document.querySelectorAll('#timeline [data-batch]').length > 0`)
	tb.screenshot("timeline-zoomed.png", "#timeline-panel")
	tb.do(chromedp.Click(chromedp.ID("zoom-reset")))
	tb.waitFor(fmt.Sprintf(`document.querySelectorAll('#timeline [data-batches]').length === %d`, aggregated))
}

func TestDispatchFailuresAreDrawn(t *testing.T) {
	tb := open(t, "/")
	assert.Positive(t, eval[int](tb, `document.querySelectorAll('#timeline .seg.s-ok').length`), "calls follow the bars")
	tb.do(chromedp.Click(chromedp.ID("fold-failures")))
	tb.waitFor(`document.getElementById('f-dispatch-failures-server-error') !== null`)
	tb.setValue("f-dispatch-failures-server-error", "0.4", true)
	tb.waitFor(`document.querySelectorAll('#timeline .seg.s-retry').length > 0 && document.querySelectorAll('#timeline .seg.s-backoff').length > 0`)
	want := simulate(t, preset.Default, nil, func(sc *core.Scenario) { sc.Dispatch.Failures.Server = 0.4 })
	assert.Equal(t, core.FormatCount(want.Dispatch.Metrics.Attempts), eval[string](tb, `document.getElementById('dispatch-attempts').textContent`))
	tb.screenshot("timeline-dispatch.png", "#timeline-panel")
	tb.do(chromedp.ScrollIntoView(chromedp.ID("dispatch-panel")))
	tb.screenshot("dispatch.png", "#dispatch-panel")
}

func TestPerModelOverride(t *testing.T) {
	tb := open(t, "/")
	base := simulate(t, preset.Default, nil, nil)
	// The model whose batches are biggest: batches of one make the most difference.
	model := base.Metrics.Models[0]
	for _, m := range base.Metrics.Models {
		if m.MeanBatchSize > model.MeanBatchSize {
			model = m
		}
	}
	require.Greater(t, model.MeanBatchSize, 1.0)

	assert.Zero(t, eval[int](tb, `document.querySelectorAll('#override-add').length`), "folded at first")
	tb.do(chromedp.Click(chromedp.ID("fold-overrides")))
	tb.waitFor(`document.getElementById('override-add') !== null`)
	tb.do(chromedp.Click(chromedp.ID("override-add")))
	tb.waitFor(`document.getElementById('ov-0-model') !== null`)
	before := tb.runs()
	tb.do(chromedp.SetValue(chromedp.ID("ov-0-model"), model.Model))
	tb.waitFor(fmt.Sprintf(`Number(document.getElementById('timeline').dataset.runs) > %d`, before))
	tb.setValue("ov-0-max-batch-size", "1", true)

	want := simulate(t, preset.Default, nil, func(sc *core.Scenario) {
		sc.Policy.Overrides = []core.ModelOverride{{Model: model.Model, MaxBatchSize: 1}}
	})
	assert.Equal(t, want.Metrics.Batches, tb.batches())
	assert.Greater(t, tb.batches(), base.Metrics.Batches, "batches of one are more batches")
	assert.Equal(t, model.Model, eval[string](tb, `document.getElementById('ov-0-model').value`))

	// A core problem shows under its input, named by the core's path.
	tb.setValue("ov-0-wait-ms", "999999999", false)
	tb.waitFor(`document.querySelector('#override-0 .field-error') !== null`)
	assert.Contains(t, eval[string](tb, `document.querySelector('#override-0 .field-error').textContent`), "wait")
	assert.Zero(t, eval[int](tb, `document.querySelectorAll('#policy-panel .problems').length`), "not in the list of other problems")
	tb.do(chromedp.ScrollIntoView(chromedp.ID("overrides")))
	tb.screenshot("overrides.png", "#overrides")
	tb.setValue("ov-0-wait-ms", "30", true)
	assert.Zero(t, eval[int](tb, `document.querySelectorAll('#override-0 .field-error').length`))

	// Remove brings back the preset's batches.
	tb.do(chromedp.Click(chromedp.ID("override-0-remove")))
	tb.waitFor(fmt.Sprintf(`document.getElementById('ov-0-model') === null && Number(document.getElementById('metric-batches').textContent.replaceAll(',', '')) === %d`, base.Metrics.Batches))
}

// view reads the timeline's visible range, in ms.
func (tb *tab) view() (from, to float64) {
	v := eval[[]float64](tb, `(() => { const d = document.getElementById('timeline').dataset; return [Number(d.from), Number(d.to)] })()`)
	return v[0], v[1]
}

func TestWheelZoomAndDragPan(t *testing.T) {
	tb := open(t, "/")
	from, to := tb.view()
	require.Less(t, from, to)

	// A wheel turn up over the left quarter of the lanes zooms in around it.
	prevented := eval[bool](tb, `(() => { const axis = document.querySelector('#timeline .axis').getBoundingClientRect();
		const track = document.querySelector('#timeline .lane-track');
		return !track.dispatchEvent(new WheelEvent('wheel', {deltaY: -300, deltaMode: 0, clientX: axis.left + axis.width / 4,
			clientY: track.getBoundingClientRect().top + 5, bubbles: true, cancelable: true})) })()`)
	assert.True(t, prevented, "the page does not scroll while the wheel zooms")
	tb.waitFor(fmt.Sprintf(`Number(document.getElementById('timeline').dataset.to) - Number(document.getElementById('timeline').dataset.from) < %v`, to-from))
	zFrom, zTo := tb.view()
	tol := (to - from) / 200 // a pixel and whole milliseconds
	assert.InDelta(t, (to-from)/2, zTo-zFrom, tol, "one doubling of the wheel halves the range")
	assert.InDelta(t, from+(to-from)/4, zFrom+(zTo-zFrom)/4, tol, "the time under the pointer stays under it")

	// Dragging right by a tenth of the track shows a tenth of the range earlier.
	tb.waitFor(`(() => { const d = document.getElementById('timeline').dataset; return Number(d.from) > 0 })()`)
	eval[bool](tb, `(() => { const axis = document.querySelector('#timeline .axis').getBoundingClientRect();
		const x = axis.left + axis.width / 2, y = axis.top + 5, dx = axis.width / 10;
		const ev = (type, x) => new PointerEvent(type, {clientX: x, clientY: y, button: 0, buttons: 1, pointerId: 1, bubbles: true, cancelable: true});
		document.querySelector('#timeline .axis').dispatchEvent(ev('pointerdown', x));
		window.dispatchEvent(ev('pointermove', x + dx / 2));
		window.dispatchEvent(ev('pointermove', x + dx));
		window.dispatchEvent(ev('pointerup', x + dx));
		return true })()`)
	w := zTo - zFrom
	want := max(zFrom-w/10, 0)
	tb.waitFor(fmt.Sprintf(`Math.abs(Number(document.getElementById('timeline').dataset.from) - %v) <= %v`, want, tol))
	dFrom, dTo := tb.view()
	assert.InDelta(t, w, dTo-dFrom, 1, "dragging keeps the zoom")

	// The buttons still work: Whole run shows everything again.
	tb.do(chromedp.Click(chromedp.ID("zoom-reset")))
	tb.waitFor(fmt.Sprintf(`Number(document.getElementById('timeline').dataset.from) === %v && Number(document.getElementById('timeline').dataset.to) === %v`, from, to))
}

func TestScriptEditorMarksTheScriptedCall(t *testing.T) {
	tb := open(t, "/")
	assert.Zero(t, eval[int](tb, `document.querySelectorAll('#timeline .seg.scripted').length`))
	tb.do(chromedp.Click(chromedp.ID("fold-script")))
	tb.waitFor(`document.getElementById('script-add') !== null`)
	before := tb.runs()
	tb.do(chromedp.Click(chromedp.ID("script-add")))
	tb.waitFor(fmt.Sprintf(`document.getElementById('sc-0-failure') !== null && Number(document.getElementById('timeline').dataset.runs) > %d`, before))
	// The first attempt of batch 1 gets a 429: the timeline marks it.
	tb.waitFor(`document.querySelectorAll('#timeline .seg.scripted.s-retry').length === 1`)
	x, y := tb.rectCenter(`#timeline .seg.scripted`)
	tb.do(chromedp.MouseEvent(chromedp.MouseMoved, x, y))
	tb.waitFor(`document.getElementById('timeline-card') !== null && document.getElementById('timeline-card').textContent.includes('Batch #1, attempt 1: scripted, failed, retried (rate_limit, HTTP 429)')`)
	want := simulate(t, preset.Default, nil, func(sc *core.Scenario) {
		sc.Dispatch.Script = []core.ScriptedFailure{{Batch: 1, Failure: "rate_limit"}}
	})
	assert.Equal(t, fmt.Sprint(want.Dispatch.Metrics.Attempts), eval[string](tb, `document.getElementById('dispatch-attempts').textContent`))

	// A bad row shows its problem in the row.
	tb.setValue("sc-0-call", "3", false)
	tb.waitFor(`document.querySelector('#script-0 .field-error') !== null`)
	assert.Contains(t, eval[string](tb, `document.querySelector('#script-0 .field-error').textContent`), "not both")
	tb.do(chromedp.ScrollIntoView(chromedp.ID("script")))
	tb.screenshot("script-editor.png", "#dispatch-panel")
	tb.setValue("sc-0-call", "", true)
	tb.waitFor(`document.querySelectorAll('#script-0 .field-error').length === 0`)
	tb.screenshot("timeline-scripted.png", "#timeline-panel")
}
