//go:build browser

package browsertest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/batchlab/batchlab/core"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// editorText is the prompts editor's text, "" when it is not shown.
func (tb *tab) editorText() string {
	return eval[string](tb, `(document.getElementById('prompts-input') || {value: ''}).value`)
}

// settled waits until no run is pending.
func (tb *tab) settled() {
	tb.waitFor(`!document.getElementById('run-status').textContent.includes('Simulating')`)
}

// markPanels marks the timeline's element, which keptPanels checks.
func (tb *tab) markPanels() {
	eval[bool](tb, `(document.getElementById('timeline').batchlabMark = true)`)
}

// keptPanels reports whether the page still shows the timeline's element
// markPanels marked: the renderer updated the playground's panels rather
// than building them anew (wasm/root.go).
func (tb *tab) keptPanels() bool {
	return eval[bool](tb, `document.getElementById('timeline').batchlabMark === true`)
}

// The prompts editor keeps its text when the elements above it come and go:
// the share box, the notice of a damaged link, the lesson panel; and the
// panels are kept, not built anew.
func TestPromptsEditorKeepsItsText(t *testing.T) {
	t.Run("share link", func(t *testing.T) {
		tb := open(t, "/")
		tb.settled()
		text := `["typed one", "typed two"]`
		tb.setValue("prompts-input", text, true)
		tb.markPanels()
		tb.do(chromedp.Click(chromedp.ID("share-button")))
		tb.waitFor(`document.getElementById('share-link') !== null`)
		assert.Equal(t, text, tb.editorText())
		assert.True(t, tb.keptPanels(), "the panels are kept")
	})
	t.Run("dismiss the damaged-link notice", func(t *testing.T) {
		tb := open(t, "/#v1.AAAAbroken")
		tb.waitFor(`document.getElementById('notice') !== null`)
		tb.settled()
		text := `["typed one", "typed two", "typed three"]`
		tb.setValue("prompts-input", text, true)
		tb.markPanels()
		tb.do(chromedp.Click(`#notice button`))
		tb.waitFor(`document.getElementById('notice') === null`)
		assert.Equal(t, text, tb.editorText())
		assert.True(t, tb.keptPanels(), "the panels are kept")
	})
	t.Run("leave a lesson", func(t *testing.T) {
		tb := open(t, "/")
		tb.openView("tab-lessons", "lessons-panel")
		tb.do(chromedp.Click(chromedp.ID("lesson-start-fill-the-burst")))
		tb.waitFor(`document.getElementById('lesson-goal') !== null && document.getElementById('prompts-input') !== null && document.getElementById('prompts-input').value.includes('burst1-01')`)
		tb.settled()
		text := `["typed one"]`
		tb.setValue("prompts-input", text, true)
		tb.markPanels()
		tb.do(chromedp.Click(chromedp.ID("lesson-leave")))
		tb.waitFor(`document.getElementById('lesson-panel') === null`)
		assert.Equal(t, text, tb.editorText())
		assert.True(t, tb.keptPanels(), "the panels are kept")
		tb.screenshot("editor-after-leaving-lesson.png", "#prompts-panel")
	})
}

// draftIn says where the page keeps its draft: "local", "db" or "".
func (tb *tab) draftIn() string {
	return eval[string](tb, `(async () => localStorage.getItem('batchlab.draft') !== null ? 'local'
		: (await window.batchlabDraft.stored()) !== null ? 'db' : '')()`)
}

// waitDraft waits until the draft is kept in place.
func (tb *tab) waitDraft(place string) {
	tb.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for tb.draftIn() != place {
		if time.Now().After(deadline) {
			tb.t.Fatalf("the draft never went to %q", place)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// reloadWithoutFragment reloads the page without its fragment and waits
// for the first timeline.
func (tb *tab) reloadWithoutFragment() {
	tb.t.Helper()
	eval[bool](tb, `(() => { history.replaceState(null, '', location.pathname); return true })()`)
	tb.do(chromedp.Reload())
	tb.waitFor(startedJS)
}

// After an edit and its run, the address bar and the share box hold the
// new scenario's link; a reload restores the edits from the browser's
// storage; "Start over" forgets them.
func TestEditsAreKeptInTheAddressAndTheBrowser(t *testing.T) {
	tb := open(t, "/")
	tb.settled()
	assert.Equal(t, "", eval[string](tb, `location.hash`), "no fragment before an edit")
	tb.do(chromedp.Click(chromedp.ID("share-button")))
	tb.waitFor(`document.getElementById('share-link') !== null`)
	first := eval[string](tb, `document.getElementById('share-link').value`)

	tb.setValue("f-policy-max-batch-size", "5", true)
	// The share box and the address change once the edits have run (the
	// share link of the preset is there at once, so wait for a new one);
	// each edit in turn, so that the wait below is for the last one's.
	kept := `location.hash.startsWith('#v1.') && document.getElementById('share-link').value === location.href && location.href !== `
	tb.waitFor(kept + jsString(first))
	sized := eval[string](tb, `location.href`)
	prompts := `["kept one", "kept two", "kept three"]`
	tb.setValue("prompts-input", prompts, true)
	tb.waitFor(kept + jsString(sized))
	edited := eval[string](tb, `location.href`)
	assert.NotEqual(t, first, edited, "the share box follows the edits")
	tb.waitDraft("local")

	// A reload without the fragment restores them from storage.
	tb.reloadWithoutFragment()
	tb.waitFor(`document.getElementById('f-policy-max-batch-size').value === '5' && document.getElementById('restored-note') !== null`)
	assert.JSONEq(t, prompts, tb.editorText())
	tb.screenshot("restored.png", "")

	// Start over forgets them.
	tb.do(chromedp.Click(chromedp.ID("start-over")))
	tb.waitFor(`document.getElementById('f-policy-max-batch-size').value === '8' && document.getElementById('restored-note') === null`)
	tb.settled()
	assert.Equal(t, "", eval[string](tb, `location.hash`))
	assert.Equal(t, "", tb.draftIn())
	tb.reloadWithoutFragment()
	tb.settled()
	assert.Equal(t, "8", eval[string](tb, `document.getElementById('f-policy-max-batch-size').value`))
	assert.False(t, eval[bool](tb, `document.getElementById('restored-note') !== null`))

	// The fragment alone restores the edits elsewhere (last: opening a tab
	// clears the storage).
	fresh := open(t, edited[len(server.URL):])
	fresh.waitFor(`document.getElementById('f-policy-max-batch-size').value === '5'`)
	assert.JSONEq(t, prompts, fresh.editorText())
}

// A link's fragment wins over the kept draft.
func TestALinkWinsOverTheDraft(t *testing.T) {
	tb := open(t, "/")
	tb.settled()
	tb.do(chromedp.Click(chromedp.ID("share-button")))
	tb.waitFor(`document.getElementById('share-link') !== null`)
	link := eval[string](tb, `document.getElementById('share-link').value`)
	tb.setValue("f-policy-max-batch-size", "5", true)
	tb.waitDraft("local")
	tb.do(chromedp.Navigate("about:blank"), chromedp.Navigate(link))
	tb.waitFor(startedJS)
	tb.settled()
	assert.Equal(t, "8", eval[string](tb, `document.getElementById('f-policy-max-batch-size').value`))
	assert.False(t, eval[bool](tb, `document.getElementById('restored-note') !== null`))
}

// An imported trace too large for localStorage (and for a link) is kept in
// IndexedDB and restored on reload; the address bar then has no fragment.
// 20,000 rows (about 1.2 MB of JSON, over localStorage's share) keep the
// test quick on a loaded machine; 100,000 rows passed the same test.
func TestALargeTraceIsKeptInIndexedDB(t *testing.T) {
	const rows = 20_000
	csv := azureCSV(rows)
	path := filepath.Join(t.TempDir(), "azure.csv")
	require.NoError(t, os.WriteFile(path, []byte(csv), 0o644))
	tb := open(t, "/#v1.AAAAbroken") // a stale fragment, which the import must clear
	before := tb.runs()
	tb.pickFile(path)
	tb.waitImported(core.FormatCount(rows), before)
	t0 := time.Now()
	tb.waitDraft("db")
	t.Logf("MEASURE keeping a %d-row trace in IndexedDB: within %.0f ms of its run", rows, float64(time.Since(t0).Microseconds())/1000)
	tb.waitFor(`window.batchlabDraft.kept()`) // its marker in localStorage, which boot.js reads at once
	assert.Equal(t, "", eval[string](tb, `location.hash`))
	batches := eval[string](tb, `document.getElementById('metric-batches').textContent`)

	t0 = time.Now()
	tb.reloadWithoutFragment()
	tb.waitFor(`document.getElementById('restored-note') !== null && document.getElementById('import-summary') !== null
		&& document.getElementById('import-summary').textContent.includes('` + core.FormatCount(rows) + `') && !document.getElementById('run-status').textContent.includes('Simulating')`)
	t.Logf("MEASURE reload to the restored %d-row trace on screen: %.0f ms", rows, float64(time.Since(t0).Microseconds())/1000)
	assert.Equal(t, batches, eval[string](tb, `document.getElementById('metric-batches').textContent`))
	assert.Equal(t, core.FormatCount(rows), eval[string](tb, `document.getElementById('metric-requests').textContent`))
	assert.True(t, eval[bool](tb, `document.documentElement.classList.contains('start-own')`), "the reload did not show the prerendered default")
	tb.do(chromedp.Click(chromedp.ID("start-over")))
	tb.waitFor(`!window.batchlabDraft.kept()`) // start over forgets the draft and its marker
}
