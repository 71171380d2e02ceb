//go:build browser

package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mainViews are the views the layout and accessibility checks visit: the
// id of each tab and of the section it shows.
var mainViews = []struct{ name, tab, section string }{
	{"playground", "tab-playground", "playground-view"},
	{"compare", "tab-compare", "compare-view"},
	{"sweep", "tab-sweep", "sweep-view"},
	{"lessons", "tab-lessons", "lessons-panel"},
	{"export", "tab-export", "export-panel"},
}

// phone is the viewport of a phone held upright (an iPhone 12 to 15).
const phoneW, phoneH = 390, 844

// screenSizes are the viewports the layout checks run at: the harness's
// desktop window and a phone.
var screenSizes = []struct {
	name string
	w, h int64
}{{"desktop", 1440, 1000}, {"phone", phoneW, phoneH}}

// openPhone opens the playground in a tab the size of a phone.
func openPhone(t *testing.T) *tab {
	t.Helper()
	tb := open(t, "/")
	// Not EmulateMobile: a mobile viewport zooms out to fit a page that is
	// too wide, which would hide the sideways scroll this checks for.
	tb.do(chromedp.EmulateViewport(phoneW, phoneH, chromedp.EmulateTouch))
	tb.waitFor(fmt.Sprintf(`window.innerWidth === %d`, phoneW))
	return tb
}

// wideElements lists the elements (tag#id.class, width) that reach past
// the viewport's right edge: what makes a page scroll sideways.
func (tb *tab) wideElements() string {
	return eval[string](tb, `(() => {
		const w = document.documentElement.clientWidth, out = [];
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.right > w + 0.5 && r.width > 0) {
				out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '') + ' ' + Math.round(r.width) + 'px');
			}
		}
		return out.slice(0, 8).join(', ');
	})()`)
}

func TestPhoneLayoutHasNoSidewaysScroll(t *testing.T) {
	tb := openPhone(t)
	top := eval[float64](tb, `document.getElementById('timeline').getBoundingClientRect().top + window.scrollY`)
	t.Logf("MEASURE phone: the timeline starts %.0f px down (viewport %d px high)", top, phoneH)
	assert.Less(t, top, float64(phoneH)*0.6, "the lanes start in the upper part of the first screen (help and legend follow them)")
	tb.screenshotScreen("phone-first-screen.png")
	for _, id := range []string{"timeline-panel", "metrics-panel", "prompts-panel", "policy-panel", "dispatch-panel"} {
		tb.screenshot("phone-"+id+".png", "#"+id)
	}
	for _, v := range mainViews {
		t.Run(v.name, func(t *testing.T) {
			tb.t = t
			tb.openView(v.tab, v.section)
			width := eval[int](tb, `document.scrollingElement.scrollWidth`)
			assert.LessOrEqual(t, width, phoneW, "the page scrolls sideways; too wide: %s", tb.wideElements())
			tb.screenshot("phone-"+v.name+".png", "")
			tb.screenshot("phone-"+v.name+"-view.png", "#"+v.section)
		})
	}
}

func TestViewTabsFollowTheTabsPattern(t *testing.T) {
	tb := open(t, "/")
	assert.Equal(t, "tablist", eval[string](tb, `document.querySelector('.tabs [role=tablist]') !== null ? 'tablist' : ''`))
	panel := eval[string](tb, `document.querySelector('[role=tabpanel]').id`)
	require.NotEmpty(t, panel)
	assert.Equal(t, "tab-playground", eval[string](tb, `document.querySelector('[role=tabpanel]').getAttribute('aria-labelledby')`))
	assert.Equal(t, 1, eval[int](tb, `document.querySelectorAll('main').length`), "the page has one <main>")
	type tabState struct {
		ID, Selected, Controls string
		TabIndex               int
	}
	tabs := func() []tabState {
		return eval[[]tabState](tb, `[...document.querySelectorAll('[role=tab]')].map(t => ({ID: t.id,
			Selected: t.getAttribute('aria-selected'), Controls: t.getAttribute('aria-controls'), TabIndex: t.tabIndex}))`)
	}
	for _, s := range tabs() {
		assert.Equal(t, panel, s.Controls, "%s controls the panel", s.ID)
		assert.Equal(t, map[bool]int{true: 0, false: -1}[s.ID == "tab-playground"], s.TabIndex, "%s: one tab in the tab order", s.ID)
	}
	focused := func() string { return eval[string](tb, `document.activeElement.id`) }
	tb.do(chromedp.Focus(chromedp.ID("tab-playground")))
	for _, key := range []struct{ key, want, section string }{
		{kbArrowRight, "tab-compare", "compare-view"},
		{kbArrowRight, "tab-sweep", "sweep-view"},
		{kbArrowLeft, "tab-compare", "compare-view"},
		{kbEnd, "tab-export", "export-panel"},
		{kbArrowRight, "tab-playground", "playground-view"},
		{kbArrowLeft, "tab-export", "export-panel"},
		{kbHome, "tab-playground", "playground-view"},
	} {
		tb.do(chromedp.KeyEvent(key.key))
		tb.waitFor(fmt.Sprintf(`document.getElementById(%s) !== null && document.activeElement.id === %s`, jsString(key.section), jsString(key.want)))
		assert.Equal(t, key.want, focused())
		assert.Equal(t, "true", eval[string](tb, fmt.Sprintf(`document.getElementById(%s).getAttribute('aria-selected')`, jsString(key.want))))
		assert.Equal(t, key.want, eval[string](tb, `document.querySelector('[role=tabpanel]').getAttribute('aria-labelledby')`))
	}
}

// The keys the tabs handle.
const (
	kbArrowLeft  = kb.ArrowLeft
	kbArrowRight = kb.ArrowRight
	kbHome       = kb.Home
	kbEnd        = kb.End
)

func TestFileButtonShowsFocus(t *testing.T) {
	tb := open(t, "/")
	tb.do(chromedp.Focus(chromedp.ID("preset")))
	tb.do(chromedp.KeyEvent("\t"))
	require.Equal(t, "prompts-file", eval[string](tb, `document.activeElement.id`), "Tab from the preset reaches the file input")
	style := eval[string](tb, `getComputedStyle(document.querySelector('.file-button')).outlineStyle`)
	assert.NotEqual(t, "none", style, "the file button shows a focus ring while its input has the focus")
}

func TestExportCopySaysCopied(t *testing.T) {
	tb := open(t, "/")
	tb.openView("tab-export", "export-panel")
	tb.waitFor(`document.getElementById('export-triton') !== null && document.getElementById('export-triton').value !== ''`)
	// The clipboard as a browser that allows it: writeText records the text.
	eval[bool](tb, `(() => { navigator.clipboard.writeText = t => { window.copiedText = t; return Promise.resolve() }; return true })()`)
	tb.do(chromedp.Click(chromedp.ID("copy-export-triton")))
	tb.waitFor(`document.getElementById('copy-status-export-triton') !== null && document.getElementById('copy-status-export-triton').textContent !== ''`)
	assert.Equal(t, "Copied", eval[string](tb, `document.getElementById('copy-status-export-triton').textContent`))
	assert.Equal(t, eval[string](tb, `document.getElementById('export-triton').value`), eval[string](tb, `window.copiedText`))

	// Refused: the page says so instead of failing silently.
	eval[bool](tb, `(() => { navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError')); return true })()`)
	tb.do(chromedp.Click(chromedp.ID("copy-export-json")))
	tb.waitFor(`document.getElementById('copy-status-export-json') !== null && document.getElementById('copy-status-export-json').textContent !== ''`)
	assert.Contains(t, eval[string](tb, `document.getElementById('copy-status-export-json').textContent`), "select the text")
	tb.screenshot("export-copied.png", "#export-panel .exports-grid")
}

func TestCatalogShowsPricesWithoutSidewaysScroll(t *testing.T) {
	tb := open(t, "/")
	tb.do(chromedp.Click(chromedp.ID("catalog-toggle")))
	tb.waitFor(`document.getElementById('catalog-table') !== null`)
	type box struct{ Right, WrapRight, WrapScroll, WrapClient float64 }
	b := eval[box](tb, `(() => { const wrap = document.querySelector('.catalog-wrap'), w = wrap.getBoundingClientRect();
		const th = [...document.querySelectorAll('#catalog-table thead th')].find(th => th.textContent.includes('Out $/Mtok'));
		return {Right: th.getBoundingClientRect().right, WrapRight: w.right, WrapScroll: wrap.scrollWidth, WrapClient: wrap.clientWidth} })()`)
	assert.LessOrEqual(t, b.Right, b.WrapRight, "the price columns are in view at 1440 px")
	assert.LessOrEqual(t, b.WrapScroll, b.WrapClient, "the main columns fit without scrolling sideways")
	assert.Equal(t, "sticky", eval[string](tb, `getComputedStyle(document.querySelector('#catalog-table tbody td')).position`), "the name column stays in view")

	// Each group of details opens on its own.
	cols := func() int { return eval[int](tb, `document.querySelectorAll('#catalog-table thead th').length`) }
	n := cols()
	tb.do(chromedp.Click(chromedp.ID("catalog-group-latency")))
	tb.waitFor(fmt.Sprintf(`document.querySelectorAll('#catalog-table thead th').length > %d`, n))
	assert.Equal(t, "true", eval[string](tb, `document.getElementById('catalog-group-latency').getAttribute('aria-pressed')`))
	assert.True(t, eval[bool](tb, `document.getElementById('cat-0-ttft-ms') !== null`))
	tb.screenshot("catalog.png", "#catalog-panel")
}

func TestMetricsTableShowsTheLimits(t *testing.T) {
	tb := open(t, "/")
	type box struct{ Scroll, Client float64 }
	b := eval[box](tb, `(() => { const wrap = document.getElementById('model-metrics').parentElement; return {Scroll: wrap.scrollWidth, Client: wrap.clientWidth} })()`)
	assert.LessOrEqual(t, b.Scroll, b.Client, "the per-model table, limits included, fits at 1440 px")
}

// axeSource is axe-core's script (make axe installs it with npm).
func axeSource(t *testing.T) string {
	t.Helper()
	path := filepath.Join(repoRoot, "web", "browsertest", "node_modules", "axe-core", "axe.min.js")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("axe-core is missing (%v): run `make axe` (npm ci in web/browsertest)", err)
	}
	return string(src)
}

// axeViolation is one rule axe found broken, with the nodes that break it.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target []string }
}

// axeRun runs axe on the page as it is and returns its violations.
func (tb *tab) axeRun(src string) []axeViolation {
	tb.t.Helper()
	eval[bool](tb, `(() => { if (!window.axe) { (0, eval)(`+jsString(src)+`); } return true })()`)
	raw := eval[string](tb, `axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))`)
	var out []axeViolation
	require.NoError(tb.t, json.Unmarshal([]byte(raw), &out))
	return out
}

// axeCheck runs axe on the page as it is, logs what it finds under name
// and fails the test on serious or critical violations.
func (tb *tab) axeCheck(src, name string) {
	tb.t.Helper()
	var serious, other []string
	for _, vi := range tb.axeRun(src) {
		var where []string
		for _, n := range vi.Nodes {
			where = append(where, strings.Join(n.Target, " "))
		}
		line := fmt.Sprintf("%s (%s): %s — %d node(s): %s", vi.ID, vi.Impact, vi.Help, len(vi.Nodes), strings.Join(where[:min(len(where), 4)], ", "))
		if vi.Impact == "serious" || vi.Impact == "critical" {
			serious = append(serious, line)
		} else {
			other = append(other, line)
		}
	}
	tb.t.Logf("MEASURE axe %s: %d serious/critical, %d minor/moderate", name, len(serious), len(other))
	for _, l := range other {
		tb.t.Log("  minor: " + l)
	}
	assert.Empty(tb.t, serious, "axe finds serious or critical violations")
}

func TestAccessibility(t *testing.T) {
	src := axeSource(t)
	for _, size := range screenSizes {
		t.Run(size.name, func(t *testing.T) {
			tb := open(t, "/")
			tb.do(chromedp.EmulateViewport(size.w, size.h))
			for _, v := range mainViews {
				t.Run(v.name, func(t *testing.T) {
					tb.t = t
					tb.openView(v.tab, v.section)
					tb.axeCheck(src, size.name+" "+v.name)
				})
			}
		})
	}
}
