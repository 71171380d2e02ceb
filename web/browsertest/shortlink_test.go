//go:build browser

package browsertest

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/wasm/draft"
	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/share"
)

// TestShortLink: with the API on the page's server, "Short link" stores the
// scenario and the /s/{id} link opens it in a fresh tab.
func TestShortLink(t *testing.T) {
	tb := open(t, "/")
	tb.waitFor(`window.batchlabAPI === true && document.getElementById('short-link-button') !== null`)
	tb.setValue("f-policy-max-batch-size", "5", true)
	batches := tb.batches()
	tb.do(chromedp.Click(chromedp.ID("short-link-button")))
	tb.waitFor(`document.getElementById('share-texts') !== null`) // the preset's prompts have text: asked first
	tb.do(chromedp.Click(chromedp.ID("share-texts")))
	// The link, or the note that says why there is none.
	tb.waitFor(`(document.getElementById('share-link') !== null && document.getElementById('share-link').value.includes('/s/')) ||
		/refused|could not/.test(document.querySelector('label[for=share-link]')?.textContent || '')`)
	note := eval[string](tb, `document.querySelector('label[for=share-link]')?.textContent || ''`)
	link := eval[string](tb, `document.getElementById('share-link')?.value || ''`)
	require.NotEmpty(t, link, "no short link: %q", note)
	require.True(t, strings.HasPrefix(link, server.URL+"/s/"), link)
	assert.Len(t, strings.TrimPrefix(link, server.URL+"/s/"), share.IDLength)
	// Still there once the run it was made after is kept (draft.SaveAfter
	// after the run: the address bar's link, which dropped it as made
	// before an edit).
	time.Sleep(2 * draft.SaveAfter)
	assert.Equal(t, link, eval[string](tb, `document.getElementById('share-link')?.value || ''`), "the short link of the scenario shown")

	fresh := open(t, strings.TrimPrefix(link, server.URL)) // 303 to /#v1.…
	fresh.waitFor(`document.getElementById('f-policy-max-batch-size').value === '5'`)
	assert.Equal(t, batches, fresh.batches())
	assert.True(t, eval[bool](fresh, `location.hash.startsWith('#v1.')`))
}

// TestNoShortLinkOnStaticHost: served as plain files (no API), the page
// offers only fragment links.
func TestNoShortLinkOnStaticHost(t *testing.T) {
	app, err := web.App(appDir)
	require.NoError(t, err)
	static := httptest.NewServer(web.NewHandler(app))
	defer static.Close()
	tb := open(t, "/")
	tb.do(chromedp.Navigate(static.URL + "/"))
	tb.waitFor(`document.querySelector('#timeline') !== null && window.batchlabAPI === false`)
	assert.False(t, eval[bool](tb, `document.getElementById('short-link-button') !== null`))
	assert.True(t, eval[bool](tb, `document.getElementById('share-button') !== null`))
}
