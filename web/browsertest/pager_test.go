//go:build browser

package browsertest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/units"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageStatus reads the pager's status: the first and last lines of the
// page shown, the document's lines, the page and the pages.
func (tb *tab) pageStatus() (first, last, lines, page, pages int) {
	tb.t.Helper()
	s := eval[string](tb, `document.getElementById('page-status').textContent`)
	m := regexp.MustCompile(`^Lines? ([\d,]+)(?:–([\d,]+))? of ([\d,]+) \(page ([\d,]+) of ([\d,]+)\)$`).FindStringSubmatch(s)
	require.NotNil(tb.t, m, "status %q", s)
	n := func(s string) int {
		v, _ := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
		return v
	}
	first, last = n(m[1]), n(m[2])
	if m[2] == "" {
		last = first
	}
	return first, last, n(m[3]), n(m[4]), n(m[5])
}

// editPage makes the page shown in the editor what edit returns of it, as
// typing does (an input event), and waits for the run's result when
// wantRun is set (setValue).
func (tb *tab) editPage(edit func(page string) string, wantRun bool) {
	tb.t.Helper()
	tb.setValue("prompts-input", edit(tb.editorText()), wantRun)
}

// editorCaretLine is the line of the editor's text its caret is on, from 1,
// and whether the editor has the focus.
func (tb *tab) editorCaretLine() (line int, focused bool) {
	return eval[int](tb, `(() => { const el = document.getElementById('prompts-input'); return el.value.slice(0, el.selectionStart).split('\n').length })()`),
		eval[bool](tb, `document.activeElement === document.getElementById('prompts-input')`)
}

// A big document edited as text shows a page at a time: an edit on page 2
// is the whole document's (the run sees it, its problem has the
// document's line, which a button goes to), and the pages and lines can be
// gone through.
func TestEditingABigDocumentAPageAtATime(t *testing.T) {
	tb := open(t, "/")
	tb.settled()
	doc, _ := json.Marshal(longPrompts(2_000, 500))
	tb.pasteBig(string(doc))
	tb.do(chromedp.Click(chromedp.ID("show-prompts")))
	tb.waitFor(`document.getElementById('prompts-pager') !== null && document.getElementById('prompts-input') !== null && document.getElementById('prompts-input').value.startsWith('[\n"#0 ')`)
	first, last, lines, page, pages := tb.pageStatus()
	assert.Equal(t, []int{1, 2_002, 1}, []int{first, lines, page}, "one prompt per line, between the brackets")
	assert.Greater(t, pages, 4)
	assert.Less(t, last, lines)
	assert.LessOrEqual(t, len(tb.editorText()), 128<<10, "at most a page of bytes")
	assert.True(t, eval[bool](tb, `document.getElementById('page-previous').getAttribute('aria-disabled') === 'true'`))
	tb.do(chromedp.ScrollIntoView(chromedp.ID("prompts-pager")))
	tb.screenshot("paged-editor.png", "#prompts-panel")
	tb.axeCheck(axeSource(t), "paged editor, desktop")

	// Page 2: a prompt taken away is one request fewer in the run.
	tb.do(chromedp.Click(chromedp.ID("page-next")))
	tb.waitFor(`document.getElementById('page-status').textContent.includes('(page 2 of')`)
	first2, _, _, page, _ := tb.pageStatus()
	require.Equal(t, 2, page)
	assert.Equal(t, last+1, first2, "page 2 goes on where page 1 ends")
	assert.True(t, strings.HasPrefix(tb.editorText(), fmt.Sprintf(`"#%d `, first2-2)), "prompt %d starts line %d", first2-2, first2)
	tb.editPage(func(page string) string { return page[strings.IndexByte(page, '\n')+1:] }, true)
	assert.Equal(t, "1,999", eval[string](tb, `document.getElementById('metric-requests').textContent`))

	// An invalid edit: the problem has the document's line; its button
	// shows that line's page, with the caret on it.
	tb.editPage(func(page string) string { i := strings.IndexByte(page, '\n') + 1; return page[:i] + "oops " + page[i:] }, false)
	tb.waitFor(`!document.getElementById('input-error').hidden`)
	problem := fmt.Sprintf("line %d,", first2+1)
	assert.Contains(t, eval[string](tb, `document.getElementById('input-error').textContent`), problem)
	tb.screenshot("paged-editor-problem.png", "#input-error")
	tb.do(chromedp.Click(chromedp.ID("page-previous")))
	tb.waitFor(`document.getElementById('page-status').textContent.includes('(page 1 of')`)
	tb.do(chromedp.Click(`#input-error .go-line`))
	tb.waitFor(`document.getElementById('page-status').textContent.includes('(page 2 of')`)
	line, focused := tb.editorCaretLine()
	assert.Equal(t, 2, line, "the caret on the problem's line, the page's second")
	assert.True(t, focused)
	tb.editPage(func(page string) string { return strings.Replace(page, "oops ", "", 1) }, false)
	tb.waitFor(`document.getElementById('input-error').hidden`)

	// A paste bigger than BigPrompts over the whole page is the page's
	// (select all selects the page): the document has it instead of the
	// page, laid out in pages again.
	first2, last2, _, _, pages := tb.pageStatus()
	var paste strings.Builder
	n := 0
	for ; paste.Len() <= state.BigPrompts; n++ {
		fmt.Fprintf(&paste, "\"pasted %d %s\",\n", n, strings.Repeat("p", 100))
	}
	tb.stagePaste(paste.String())
	before := tb.runs()
	eval[bool](tb, `(() => { const el = document.getElementById('prompts-input'); el.focus(); el.setSelectionRange(0, el.value.length);
		const dt = window.stagedPaste; window.stagedPaste = undefined;
		return !el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})) })()`)
	tb.waitWithin(time.Minute, fmt.Sprintf(`Number(document.getElementById('timeline').dataset.runs) > %d && window.batchlabRenderedRuns > %d`, before, before))
	assert.Equal(t, units.Count(1_999-(last2-first2+1)+n), eval[string](tb, `document.getElementById('metric-requests').textContent`))
	assert.True(t, strings.HasPrefix(tb.editorText(), `"pasted 0 `), "the page starts with the paste")
	assert.LessOrEqual(t, len(tb.editorText()), state.PageSize)
	_, _, _, page, pastedPages := tb.pageStatus()
	assert.Equal(t, 2, page)
	assert.Greater(t, pastedPages, pages)

	// Going to a line by its number.
	_, _, lines, _, _ = tb.pageStatus()
	target := lines - 100
	status := eval[string](tb, `document.getElementById('page-status').textContent`)
	eval[bool](tb, fmt.Sprintf(`(document.getElementById('page-line').value = '%d', true)`, target))
	tb.do(chromedp.Click(`#page-go button[type=submit]`))
	tb.waitFor(`document.getElementById('page-status').textContent !== ` + jsString(status))
	first, last, _, page, pages = tb.pageStatus()
	assert.Greater(t, page, 2)
	assert.True(t, first <= target && target <= last, "line %d on lines %d–%d", target, first, last)
	line, focused = tb.editorCaretLine()
	assert.Equal(t, target-first+1, line)
	assert.True(t, focused)
	assert.Greater(t, eval[float64](tb, `document.getElementById('prompts-input').scrollTop`), 0.0, "the line scrolled into view")
	for ; page < pages; page++ {
		tb.do(chromedp.Click(chromedp.ID("page-next")))
	}
	tb.waitFor(fmt.Sprintf(`document.getElementById('page-status').textContent.endsWith('(page %d of %d)')`, pages, pages))
	assert.True(t, eval[bool](tb, `document.getElementById('page-next').getAttribute('aria-disabled') === 'true'`), "on the last page")
	assert.True(t, strings.HasSuffix(tb.editorText(), "\n]"))

	tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	tb.do(chromedp.ScrollIntoView(chromedp.ID("prompts-pager")))
	tb.screenshot("paged-editor-phone.png", "#prompts-panel")
	assert.LessOrEqual(t, eval[int](tb, `document.documentElement.scrollWidth`), 390, "no sideways scroll")
	tb.axeCheck(axeSource(t), "paged editor, phone")
	tb.do(chromedp.EmulateViewport(1440, 1000))

	// A new empty document leaves the pages.
	tb.do(chromedp.Click(chromedp.ID("page-new")))
	tb.waitFor(`document.getElementById('prompts-pager') === null && document.getElementById('prompts-input').value === '[]'`)
}
