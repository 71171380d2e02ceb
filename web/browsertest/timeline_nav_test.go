//go:build browser

package browsertest

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
)

// cursorBar is the batch and lane of the keyboard's bar, "" when none.
func (tb *tab) cursorBar() string {
	return eval[string](tb, `(() => { const b = document.querySelector('#timeline .bar.cursor'); return b ? (b.dataset.batch || b.dataset.batches) + '@' + b.closest('.lane').dataset.lane : '' })()`)
}

// ArrowRight on the last bar of a lane in view pans to the lane's next
// batch instead of stopping; ArrowLeft on the first pans back.
func TestArrowKeysPanPastTheView(t *testing.T) {
	tb := open(t, "/")
	tb.settled()
	tb.do(chromedp.Click(chromedp.ID("zoom-in")), chromedp.Click(chromedp.ID("zoom-in")), chromedp.Click(chromedp.ID("zoom-in")))
	tb.do(chromedp.Focus(chromedp.ID("timeline")), chromedp.KeyEvent(kb.ArrowRight))
	tb.waitFor(`document.querySelector('#timeline .bar.cursor') !== null`)
	tb.do(chromedp.KeyEvent(kb.End))
	last := tb.cursorBar()
	from := eval[string](tb, `document.getElementById('timeline').dataset.from`)
	tb.do(chromedp.KeyEvent(kb.ArrowRight))
	tb.waitFor(`document.getElementById('timeline').dataset.from !== ` + jsString(from))
	tb.waitFor(`document.querySelector('#timeline .bar.cursor') !== null`)
	next := tb.cursorBar()
	assert.NotEqual(t, last, next, "the mark moved on to the next batch")
	assert.Equal(t, last[len(last)-2:], next[len(next)-2:], "in the same lane")
	assert.Greater(t, eval[float64](tb, `Number(document.getElementById('timeline').dataset.from)`), eval[float64](tb, `Number(`+from+`)`), "the view moved right")
	assert.Contains(t, eval[string](tb, `document.getElementById('timeline-card').textContent`), fmt.Sprintf("Batch #%s ", next[:len(next)-2]), "the card follows")

	tb.do(chromedp.KeyEvent(kb.Home))
	first := tb.cursorBar()
	from = eval[string](tb, `document.getElementById('timeline').dataset.from`)
	tb.do(chromedp.KeyEvent(kb.ArrowLeft))
	tb.waitFor(`document.getElementById('timeline').dataset.from !== ` + jsString(from))
	tb.waitFor(`document.querySelector('#timeline .bar.cursor') !== null`)
	assert.NotEqual(t, first, tb.cursorBar())
	assert.Less(t, eval[float64](tb, `Number(document.getElementById('timeline').dataset.from)`), eval[float64](tb, `Number(`+from+`)`), "the view moved left")
}

// Pointing at a column of the overview (or tapping it) shows its card:
// the column's time span and figures.
func TestOverviewColumnCard(t *testing.T) {
	tb := open(t, "/")
	tb.settled()
	x, y := tb.rectCenter(`#timeline-overview .ov-lane`)
	tb.do(chromedp.MouseEvent(chromedp.MouseMoved, x, y))
	tb.waitFor(`document.getElementById('overview-card') !== null`)
	text := eval[string](tb, `document.getElementById('overview-card').textContent`)
	assert.Contains(t, text, " to ", "the column's time span")
	assert.Contains(t, text, "batches closed")
	assert.Contains(t, text, "calls in flight")
	tb.screenshot("overview-card.png", "#timeline-panel")
	tb.do(chromedp.MouseEvent(chromedp.MouseMoved, 5, 5))
	tb.waitFor(`document.getElementById('overview-card') === null`)

	tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	x, y = tb.rectCenter(`#timeline-overview .ov-lane`)
	tb.do(touch(x, y))
	tb.waitFor(`document.getElementById('overview-card') !== null`)
	assert.Contains(t, eval[string](tb, `document.getElementById('overview-card').textContent`), "batches closed")
	assert.LessOrEqual(t, eval[int](tb, `document.documentElement.scrollWidth`), 390, "no sideways scroll")
	tb.screenshot("overview-card-phone.png", "#timeline-panel")
}
