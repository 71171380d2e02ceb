//go:build browser

package browsertest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// longPrompts returns n prompts of chars characters each (code, Unicode
// and emoji), numbered "#i ".
func longPrompts(n, chars int) []string {
	const text = "Refactor the parseLogLine(s string) function in pkg/ingest so it returns (Entry, error); keep 日本語 and emoji 🎉 intact. "
	prompts := make([]string, n)
	for i := range prompts {
		p := fmt.Sprintf("#%d %s", i, strings.Repeat(text, chars/len([]rune(text))+1))
		prompts[i] = string([]rune(p)[:chars])
	}
	return prompts
}

// pasteBig pastes a prompts document larger than the editor holds into
// the editor, as the user's paste does (a paste event carrying the text,
// which the page takes itself), and waits for its summary and its run.
// A synthetic paste inserts nothing by itself: small texts go through
// setValue.
func (tb *tab) pasteBig(doc string) {
	tb.t.Helper()
	require.Greater(tb.t, len(doc), state.BigPrompts)
	before := tb.runs()
	eval[bool](tb, `(() => { const el = document.getElementById('prompts-input'); el.focus(); el.setSelectionRange(0, el.value.length);
		const dt = new DataTransfer(); dt.setData('text/plain', `+jsString(doc)+`);
		return !el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})) })()`)
	tb.waitWithin(time.Minute, fmt.Sprintf(`document.getElementById('prompts-hidden') !== null && Number(document.getElementById('timeline').dataset.runs) > %d && window.batchlabRenderedRuns > %d`, before, before))
}

// watchLongTasks records the page's long tasks (over 50 ms) from now on.
func (tb *tab) watchLongTasks() {
	eval[bool](tb, `(() => { window.longTasks = []; new PerformanceObserver(l => { for (const e of l.getEntries()) window.longTasks.push(e.duration) }).observe({type: 'longtask'}); return true })()`)
}

// longTasks returns the durations in ms of the long tasks recorded since
// the last call, once the browser has reported them.
func (tb *tab) longTasks() []float64 {
	time.Sleep(time.Second) // entries arrive after their task
	return eval[[]float64](tb, `window.longTasks.splice(0)`)
}

// typeSlowly types text one character every gap (a typist's pace), as
// the keyboard does, into the focused element.
func (tb *tab) typeSlowly(text string, gap time.Duration) {
	tb.t.Helper()
	for _, r := range text {
		if _, err := chromedp.Call(tb.ctx, input.InsertText, input.InsertTextParams{Text: string(r)}); err != nil {
			tb.t.Fatal(err)
		}
		time.Sleep(gap)
	}
}

// maxOf is the largest value, 0 for none.
func maxOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	return slices.Max(v)
}

// A prompts document too large for the editor is summarised: its size,
// its prompts counted, the first ones, and the actions on it.
func TestABigDocumentIsSummarised(t *testing.T) {
	tb := open(t, "/")
	tb.settled()
	doc, _ := json.Marshal(longPrompts(10_000, 500))
	tb.pasteBig(string(doc))
	require.Equal(t, 10_000, eval[int](tb, `Number(document.getElementById('metric-requests').textContent.replaceAll(',', ''))`))
	assert.False(t, eval[bool](tb, `document.getElementById('prompts-input') !== null`), "no textarea holds the document")
	tb.waitFor(`document.getElementById('prompts-hidden-h').textContent.includes('10,000 prompts')`)
	first := eval[[]string](tb, `[...document.querySelectorAll('.first-prompts li')].map(li => li.textContent)`)
	require.Len(t, first, 3)
	assert.True(t, strings.HasPrefix(first[0], "#0 Refactor the parseLogLine"), first[0])
	assert.True(t, strings.HasSuffix(first[0], "…"), "cut short")
	tb.do(chromedp.ScrollIntoView(chromedp.ID("prompts-panel")))
	tb.screenshot("big-document.png", "#prompts-panel")
	for _, vi := range tb.axeRun(axeSource(t)) {
		assert.NotContains(t, []string{"serious", "critical"}, vi.Impact, "axe: %s: %s %v", vi.ID, vi.Help, vi.Nodes)
	}
	tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	tb.do(chromedp.ScrollIntoView(chromedp.ID("prompts-hidden")))
	tb.screenshot("big-document-phone.png", "#prompts-panel")
	assert.LessOrEqual(t, eval[int](tb, `document.documentElement.scrollWidth`), 390, "no sideways scroll")
	tb.do(chromedp.EmulateViewport(1440, 1000))

	// A new empty document brings the editor back, to type or paste into.
	before := tb.runs()
	tb.do(chromedp.Click(chromedp.ID("new-prompts")))
	tb.waitFor(fmt.Sprintf(`document.getElementById('prompts-input') !== null && document.getElementById('prompts-input').value === '[]' && Number(document.getElementById('timeline').dataset.runs) > %d`, before))
	assert.Equal(t, "0", eval[string](tb, `document.getElementById('metric-requests').textContent`))
	tb.setValue("prompts-input", `["typed one", "typed two"]`, true)
	assert.Equal(t, "2", eval[string](tb, `document.getElementById('metric-requests').textContent`))
}

// typeInEditor types text slowly in the prompts editor after its first
// characters and returns the long tasks meanwhile, runs included.
func (tb *tab) typeInEditor(text string) []float64 {
	tb.t.Helper()
	tb.settled()
	eval[bool](tb, `(() => { const el = document.getElementById('prompts-input'); el.focus(); el.setSelectionRange(2, 2); return true })()`)
	tb.longTasks()
	tb.typeSlowly(text, 200*time.Millisecond)
	tb.waitWithin(time.Minute, `!document.getElementById('run-status').textContent.includes('Simulating')`)
	return tb.longTasks()
}

// TestMeasureTypingWithABigDocument reports the longest task (the time
// the page cannot answer input) while typing at a typist's pace, runs
// included: in the editor with the default preset (the reference on this
// machine), in the editor at the largest document it holds, and, with
// 10,000 prompts of 500 characters (5 MB) loaded, in a policy field and in
// the 5 MB document edited as text on request (what the editor did before
// it summarised big documents). Goal: typing in the editor never blocks
// the page more than 50 ms.
func TestMeasureTypingWithABigDocument(t *testing.T) {
	tb := open(t, "/")
	tb.watchLongTasks()
	small := tb.typeInEditor("typed ")
	t.Logf("MEASURE typing in the editor, default preset (%.0f KB): longest task %.0f ms over %d long tasks (the reference on this machine; goal ≤ 50 ms)%s",
		float64(len(tb.editorText()))/1024, maxOf(small), len(small), overGoal(maxOf(small), 50))

	prompts := longPrompts(1_000, 500)
	n := len(prompts)
	for ; n > 0; n-- {
		if d, _ := json.Marshal(prompts[:n]); len(d) <= state.BigPrompts {
			break
		}
	}
	edge, _ := json.Marshal(prompts[:n])
	tb.setValue("prompts-input", string(edge), true)
	editor := tb.typeInEditor("typed ")
	assert.True(t, strings.HasPrefix(tb.editorText(), `["typed #0 `))
	t.Logf("MEASURE typing in the editor holding %d prompts of 500 characters (%.0f KB, the most it holds): longest task %.0f ms over %d long tasks (goal ≤ 50 ms)%s",
		n, float64(len(edge))/1024, maxOf(editor), len(editor), overGoal(maxOf(editor), 50))

	doc, _ := json.Marshal(longPrompts(10_000, 500))
	start := time.Now()
	tb.pasteBig(string(doc))
	pasted := time.Since(start)
	paste := tb.longTasks()
	t.Logf("MEASURE pasting 10,000 prompts of 500 characters (%.1f MB) to updated timeline: %.0f ms; longest task %.0f ms (parse and simulate)",
		mb(len(doc)), float64(pasted.Microseconds())/1000, maxOf(paste))

	tb.settled()
	tb.do(chromedp.Focus(chromedp.ID("f-policy-wait-ms")))
	eval[bool](tb, `(document.getElementById('f-policy-wait-ms').select(), true)`)
	tb.longTasks()
	tb.typeSlowly("120", 200*time.Millisecond)
	tb.settled()
	control := tb.longTasks()
	t.Logf("MEASURE typing in the max wait field with the 10,000 prompts loaded: longest task %.0f ms over %d long tasks (each change re-runs 10,000 requests and renders)",
		maxOf(control), len(control))

	// Before: the 5 MB document in the textarea.
	tb.do(chromedp.Click(chromedp.ID("show-prompts")))
	tb.waitWithin(time.Minute, `document.getElementById('prompts-input') !== null && document.getElementById('prompts-input').value.length > 4000000`)
	asText := tb.typeInEditor("typ")
	t.Logf("MEASURE typing in the 5 MB document edited as text on request (the editor before this change): longest task %.0f ms over %d long tasks", maxOf(asText), len(asText))
}
