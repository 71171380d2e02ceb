//go:build browser

package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
)

// editorText is the prompts editor's text, "" when it is not shown.
func (tb *tab) editorText() string {
	return eval[string](tb, `(document.getElementById('prompts-input') || {value: ''}).value`)
}

// settled waits until no run is pending.
func (tb *tab) settled() {
	tb.waitFor(`!document.getElementById('run-status').textContent.includes('Simulating')`)
}

// The prompts editor keeps its text when the elements above it come and go:
// the share box, the notice of a damaged link, the lesson panel.
func TestPromptsEditorKeepsItsText(t *testing.T) {
	t.Run("share link", func(t *testing.T) {
		tb := open(t, "/")
		tb.settled()
		text := `["typed one", "typed two"]`
		tb.setValue("prompts-input", text, true)
		tb.do(chromedp.Click(chromedp.ID("share-button")))
		tb.waitFor(`document.getElementById('share-link') !== null`)
		assert.Equal(t, text, tb.editorText())
	})
	t.Run("dismiss the damaged-link notice", func(t *testing.T) {
		tb := open(t, "/#v1.AAAAbroken")
		tb.waitFor(`document.getElementById('notice') !== null`)
		tb.settled()
		text := `["typed one", "typed two", "typed three"]`
		tb.setValue("prompts-input", text, true)
		tb.do(chromedp.Click(`#notice button`))
		tb.waitFor(`document.getElementById('notice') === null`)
		assert.Equal(t, text, tb.editorText())
	})
	t.Run("leave a lesson", func(t *testing.T) {
		tb := open(t, "/")
		tb.openView("tab-lessons", "lessons-panel")
		tb.do(chromedp.Click(chromedp.ID("lesson-start-fill-the-burst")))
		tb.waitFor(`document.getElementById('lesson-goal') !== null && document.getElementById('prompts-input') !== null && document.getElementById('prompts-input').value.includes('burst1-01')`)
		tb.settled()
		text := `["typed one"]`
		tb.setValue("prompts-input", text, true)
		tb.do(chromedp.Click(chromedp.ID("lesson-leave")))
		tb.waitFor(`document.getElementById('lesson-panel') === null`)
		assert.Equal(t, text, tb.editorText())
		tb.screenshot("editor-after-leaving-lesson.png", "#prompts-panel")
	})
}
