//go:build browser

package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tenThousandBatches pastes 10,000 timed prompts, busy and quiet stretches
// in turn, and makes every prompt its own batch.
func tenThousandBatches(t *testing.T, tb *tab) {
	t.Helper()
	reqs := make([]map[string]any, 10_000)
	var at int64
	for i := range reqs {
		reqs[i] = map[string]any{"request_id": fmt.Sprintf("r%05d", i), "created_at_ms": at, "prompt": fmt.Sprintf("Write a Python function for case %d", i)}
		if i/1000%2 == 0 {
			at += 10
		} else {
			at += 200
		}
	}
	doc, err := json.Marshal(reqs)
	require.NoError(t, err)
	tb.pasteBig(string(doc))
	tb.setValue("f-policy-max-batch-size", "1", true)
	require.Equal(t, 10_000, tb.batches())
}

// rectCenter is the centre of the first element matching sel, in CSS px.
func (tb *tab) rectCenter(sel string) (x, y float64) {
	tb.t.Helper()
	v := eval[[]float64](tb, fmt.Sprintf(`(() => { const el = document.querySelector(%s); el.scrollIntoView({block: 'center'});
		const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2] })()`, jsString(sel)))
	return v[0], v[1]
}

// At 10,000 batches the overview still shows where the batches are, and
// the brush picks a stretch whose bars are drawn one by one.
func TestTimelineOverviewAt10kBatches(t *testing.T) {
	tb := open(t, "/")
	tb.do(chromedp.EmulateViewport(1440, 900))
	tenThousandBatches(t, tb)

	// The overview's batches-per-second area has levels, not one flat band.
	levels := eval[[]float64](tb, `[...document.querySelectorAll('#timeline-overview .ov-rate')].flatMap(p =>
		[...p.getAttribute('d').matchAll(/V([0-9.]+)/g)].map(m => Number(m[1])))`)
	require.NotEmpty(t, levels, "the overview draws the batches per second")
	lo, hi, distinct := math.Inf(1), math.Inf(-1), map[float64]bool{}
	for _, y := range levels {
		lo, hi, distinct[y] = min(lo, y), max(hi, y), true
	}
	assert.Greater(t, hi-lo, 0.5, "busy and quiet stretches differ")
	assert.GreaterOrEqual(t, len(distinct), 3)

	// Dragging across a tenth of the overview shows that stretch below.
	from, to := tb.view()
	eval[bool](tb, `(() => { const area = document.querySelector('#timeline-overview .ov-area'); const r = area.getBoundingClientRect();
		const y = r.top + 5, x0 = r.left + r.width * 0.02, x1 = r.left + r.width * 0.05;
		const ev = (type, x) => new PointerEvent(type, {clientX: x, clientY: y, button: 0, buttons: 1, pointerId: 7, bubbles: true, cancelable: true});
		area.dispatchEvent(ev('pointerdown', x0));
		window.dispatchEvent(ev('pointermove', (x0 + x1) / 2));
		window.dispatchEvent(ev('pointermove', x1));
		window.dispatchEvent(ev('pointerup', x1));
		return true })()`)
	tb.waitFor(fmt.Sprintf(`Number(document.getElementById('timeline').dataset.to) - Number(document.getElementById('timeline').dataset.from) < %v`, (to-from)/5))
	single := eval[int](tb, `document.querySelectorAll('#timeline .bar[data-batch]').length`)
	assert.Greater(t, single, 1, "the brushed stretch draws its batches one by one")
	brush := eval[float64](tb, `document.getElementById('timeline-brush').getBoundingClientRect().width`)
	assert.Greater(t, brush, 2.0, "the brush shows where the stretch is")

	tb.screenshot("timeline-overview-10k.png", "#timeline-panel")

	// Clicking a bar shows its batch; the lookup is O(batch size).
	ms := barClickLatency(tb, 3)
	t.Logf("MEASURE click on a bar to its batch detail, 10,000 batches: %.0f ms (median of 3; goal ≤ 100 ms)%s", ms, overGoal(ms, 100))
	tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	tb.waitFor(`document.getElementById('timeline-overview').getBoundingClientRect().width < 420`)
	tb.screenshot("timeline-overview-10k-phone.png", "#timeline-panel")
}

var tickLabel = regexp.MustCompile(`^([0-9,]+(?:\.([0-9]+))?) (s|min|h)$`)

// Every tick is a round multiple of its axis' step, in one format.
func TestTimelineTicksAreRound(t *testing.T) {
	tb := open(t, "/")
	check := func(name string) {
		labels := eval[[]string](tb, `[...document.querySelectorAll('#timeline .tick')].map(t => t.textContent)`)
		require.GreaterOrEqual(t, len(labels), 2, name)
		var vals []float64
		unit, decimals := "", -1
		for _, l := range labels {
			m := tickLabel.FindStringSubmatch(l)
			require.NotNil(t, m, "%s: tick %q", name, l)
			if unit != "" {
				assert.Equal(t, unit, m[3], "%s: one unit per axis: %v", name, labels)
				assert.Equal(t, decimals, len(m[2]), "%s: one format per axis: %v", name, labels)
			}
			unit, decimals = m[3], len(m[2])
			v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
			require.NoError(t, err)
			vals = append(vals, v)
		}
		step := vals[1] - vals[0]
		mant := step / math.Pow(10, math.Floor(math.Log10(step)))
		assert.Contains(t, []string{"1", "2", "5"}, strconv.FormatFloat(mant, 'f', 0, 64), "%s: step %v %s", name, step, unit)
		for i := 1; i < len(vals); i++ {
			assert.InDelta(t, step, vals[i]-vals[i-1], step*1e-6, "%s: evenly spaced: %v", name, labels)
			assert.InDelta(t, 0, math.Remainder(vals[i], step), step*1e-6, "%s: at multiples of the step: %v", name, labels)
		}
	}
	check("the preset")
	tb.do(chromedp.SetValue(chromedp.ID("preset"), "coding-day"))
	tb.waitFor(`document.getElementById('prompts-input').value.includes('dev-001') && !document.getElementById('run-status').textContent.includes('Simulating')`)
	check("a working day")
	for range 3 {
		tb.do(chromedp.Click(chromedp.ID("zoom-in")))
	}
	tb.waitFor(`!document.querySelector('#timeline-panel .range').textContent.startsWith('00:00.000')`)
	check("zoomed in")
	assert.Regexp(t, `^(\d+:\d\d:\d\d\.\d{3} to \d+:\d\d:\d\d\.\d{3}|\d\d:\d\d\.\d{3} to \d\d:\d\d\.\d{3}) \(`, eval[string](tb, `document.querySelector('#timeline-panel .range').textContent`), "both ends in one clock format")
}

// touch taps at x, y with touch events, as a finger does.
func touch(x, y float64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: x, Y: y}}}); err != nil {
			return err
		}
		time.Sleep(50 * time.Millisecond)
		_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
		return err
	})
}

func TestTimelineHoverAndTapCard(t *testing.T) {
	tb := open(t, "/")
	assert.Zero(t, eval[int](tb, `document.querySelectorAll('#timeline [title]').length`), "no native tooltips")
	x, y := tb.rectCenter(`#timeline .bar[data-batch="2"]`)
	tb.do(chromedp.MouseEvent(chromedp.MouseMoved, x, y))
	tb.waitFor(`document.getElementById('timeline-card') !== null && document.getElementById('timeline-card').textContent.includes('Batch #2 ')`)
	assert.Contains(t, eval[string](tb, `document.getElementById('timeline-card').textContent`), "waited")
	tb.screenshot("timeline-card.png", "#timeline-panel")
	tb.do(chromedp.MouseEvent(chromedp.MouseMoved, 5, 5))
	tb.waitFor(`document.getElementById('timeline-card') === null`)

	// A tap (no hover on a phone) shows the card and the batch.
	tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	x, y = tb.rectCenter(`#timeline .bar[data-batch="3"]`)
	tb.do(touch(x, y))
	tb.waitFor(`document.getElementById('timeline-card') !== null && document.getElementById('timeline-card').textContent.includes('Batch #3 ')`)
	tb.waitFor(`document.getElementById('detail-h').textContent.includes('#3 ')`)
	tb.screenshot("timeline-card-phone.png", "#timeline-panel")
}

func TestTimelineIsOneTabStop(t *testing.T) {
	tb := open(t, "/")
	stops := eval[int](tb, `[document.getElementById('timeline'), ...document.querySelectorAll('#timeline *')].filter(e => e.tabIndex >= 0).length`)
	assert.Equal(t, 1, stops, "the lanes are one tab stop")
	assert.Equal(t, "listbox", eval[string](tb, `document.getElementById('timeline').getAttribute('role')`))
	assert.NotEmpty(t, eval[string](tb, `document.getElementById('timeline').getAttribute('aria-label')`))

	// Tab from the toolbar reaches the timeline, the next Tab leaves it.
	tb.do(chromedp.Focus(chromedp.ID("zoom-batching"))) // the last button before the lanes
	tb.do(chromedp.KeyEvent("\t"))
	require.Equal(t, "timeline", eval[string](tb, `document.activeElement.id`))
	tb.do(chromedp.KeyEvent(kb.ArrowRight))
	tb.waitFor(`document.querySelector('#timeline .cursor') !== null`)
	first := eval[string](tb, `document.querySelector('#timeline .bar.cursor').dataset.batch || ''`)
	assert.Equal(t, "timeline-active", eval[string](tb, `document.getElementById('timeline').getAttribute('aria-activedescendant')`))
	tb.do(chromedp.KeyEvent(kb.ArrowRight))
	tb.waitFor(fmt.Sprintf(`document.querySelector('#timeline .bar.cursor') && document.querySelector('#timeline .bar.cursor').dataset.batch !== %s`, jsString(first)))
	second := eval[string](tb, `document.querySelector('#timeline .bar.cursor').dataset.batch`)
	assert.Contains(t, eval[string](tb, `document.getElementById('timeline-card').textContent`), "Batch #"+second+" ", "the card follows the keyboard")
	tb.screenshot("timeline-keyboard.png", "#timeline-panel")
	tb.do(chromedp.KeyEvent("\r"))
	tb.waitFor(fmt.Sprintf(`document.getElementById('detail-h').textContent.includes('#%s ')`, second))
	tb.do(chromedp.Focus(chromedp.ID("timeline")))
	tb.do(chromedp.KeyEvent("\t"))
	assert.False(t, eval[bool](tb, `document.getElementById('timeline').contains(document.activeElement)`), "the next Tab leaves the lanes")
}

func TestTimelineLegendListsEveryMark(t *testing.T) {
	tb := open(t, "/")
	legend := eval[string](tb, `document.getElementById('timeline-legend').textContent`)
	for _, want := range []string{"failed for good", "oversize", "several batches", "waiting for a slot", "backoff", "cancelled", "batches per second", "keyboard focus"} {
		assert.Contains(t, legend, want)
	}
	assert.Positive(t, eval[int](tb, `document.querySelectorAll('#timeline-legend .swatch.s-failed').length`), "the hatch of a call failed for good")
	// Call ok and size: full are told apart by more than a shade of green.
	ok := eval[string](tb, `getComputedStyle(document.querySelector('#timeline-legend .swatch.s-ok')).backgroundColor`)
	size := eval[string](tb, `getComputedStyle(document.querySelector('#timeline-legend .swatch.r-size')).backgroundColor`)
	assert.NotEqual(t, ok, size)
	assert.NotEqual(t, "none", eval[string](tb, `getComputedStyle(document.querySelector('#timeline-legend .swatch.r-size')).backgroundImage`), "size: full has a pattern too")
}

// Where the dispatch outlasts the batching, Batching shows the batches
// wide enough to read; the overview keeps the whole run.
func TestTimelineBatchingButton(t *testing.T) {
	tb := open(t, "/")
	tb.do(chromedp.SetValue(chromedp.ID("preset"), "long-documents"))
	tb.waitFor(`!document.getElementById('run-status').textContent.includes('Simulating') && document.querySelector('#timeline .bar') !== null`)
	width := func() float64 {
		return eval[float64](tb, `[...document.querySelectorAll('#timeline .bar')].reduce((w, b) => w + b.getBoundingClientRect().width, 0)`)
	}
	before := width()
	tb.do(chromedp.Click(chromedp.ID("zoom-batching")))
	tb.waitFor(fmt.Sprintf(`[...document.querySelectorAll('#timeline .bar')].reduce((w, b) => w + b.getBoundingClientRect().width, 0) > %v`, 4*before))
	tb.screenshot("timeline-batching.png", "#timeline-panel")
}
