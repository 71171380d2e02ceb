//go:build browser

package browsertest

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openHeld loads the playground (path may carry a fragment) in a new tab
// of the given size with main.wasm held back until release is called: the
// page as the browser shows it before the app runs.
func openHeld(t *testing.T, path string, w, h int64) (tb *tab, release func()) {
	t.Helper()
	tb = newTab(t)
	tb.do(chromedp.EmulateViewport(w, h))
	return tb, tb.navigateHeld(path)
}

// navigateHeld loads the playground at path with main.wasm held back until
// release is called.
func (tb *tab) navigateHeld(path string) (release func()) {
	t := tb.t
	t.Helper()
	paused := make(chan fetch.RequestID, 1)
	require.NoError(t, chromedp.Listen(tb.ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			select {
			case paused <- e.RequestID:
			default:
			}
		}
	}))
	_, err := chromedp.Call(tb.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/main.wasm"}}})
	require.NoError(t, err)
	tb.do(chromedp.Navigate(server.URL + path))
	var id fetch.RequestID
	select {
	case id = <-paused:
	case <-time.After(20 * time.Second):
		t.Fatal("the page did not ask for main.wasm")
	}
	tb.waitFor(`document.readyState !== 'loading'`)
	return func() {
		t.Helper()
		_, err := chromedp.Call(tb.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
		require.NoError(t, err)
		_, err = chromedp.Call(tb.ctx, fetch.Disable, cdp.Empty{})
		require.NoError(t, err)
	}
}

// shown reports whether the element with the given id is displayed.
func (tb *tab) shown(id string) bool {
	return eval[bool](tb, `(() => { const el = document.getElementById(`+jsString(id)+`); return el !== null && el.getClientRects().length > 0 })()`)
}

// The page comes with the default scenario's first view prerendered
// (wasm/prerender.go), at desktop and phone width: the timeline is on
// screen before main.wasm has arrived, inert and saying Starting…,
// accessible; the app then takes over the same elements, without moving
// the timeline, with the same timeline markup and no duplicates.
func TestPrerenderedFirstViewIsTakenOver(t *testing.T) {
	src := axeSource(t)
	for _, size := range screenSizes {
		t.Run(size.name, func(t *testing.T) {
			tb, release := openHeld(t, "/", size.w, size.h)
			tb.waitFor(`window.batchlabShown !== undefined`)
			assert.True(t, eval[bool](tb, `document.documentElement.classList.contains('start-default')`))
			assert.True(t, tb.shown("mount"), "the prerendered view is shown")
			assert.False(t, tb.shown("loading"), "the loading line is not")
			assert.True(t, eval[bool](tb, `document.getElementById('mount').inert`), "its controls do nothing yet")
			assert.Equal(t, "Starting…", eval[string](tb, `document.getElementById('run-status').textContent`))
			assert.Greater(t, eval[int](tb, `document.querySelectorAll('#timeline .bar').length`), 0)
			assert.Equal(t, "steady-chat", eval[string](tb, `document.getElementById('preset').value`))
			assert.True(t, eval[bool](tb, `document.getElementById('prompts-input').value.startsWith('[')`))
			assert.Equal(t, "", tb.wideElements(), "no sideways scroll")
			tb.screenshotScreen("prerendered-" + size.name + ".png")
			tb.axeCheck(src, "prerendered "+size.name)
			// The prerendered elements, their places and the timeline's
			// markup; then what changes when the app takes over.
			before := eval[string](tb, `(() => {
				for (const id of ['timeline', 'timeline-panel', 'prompts-input', 'preset', 'run-status', 'share-button']) {
					document.getElementById(id).batchlabPrerendered = true;
				}
				// What the app's first render (one task, so one delivery)
				// adds, by the element it adds to.
				window.batchlabTakeover = {added: 0, removed: 0, where: new Set()};
				new MutationObserver((records, obs) => {
					const t = window.batchlabTakeover;
					for (const r of records) {
						t.added += r.addedNodes.length;
						t.removed += r.removedNodes.length;
						if (r.addedNodes.length > 0) {
							const p = r.target;
							t.where.add(p.tagName.toLowerCase() + (p.id ? '#' + p.id : '') + (p.classList.length ? '.' + [...p.classList].join('.') : ''));
						}
					}
					obs.disconnect();
				}).observe(document.body, {subtree: true, childList: true});
				const r = document.getElementById('timeline').getBoundingClientRect();
				return JSON.stringify([r.left + scrollX, r.top + scrollY, r.width, r.height]);
			})()`)
			markup := eval[string](tb, `document.getElementById('timeline-panel').outerHTML`)
			release()
			tb.waitWithin(loadTimeout, startedJS)
			assert.False(t, eval[bool](tb, `document.getElementById('mount') !== null || document.querySelector('[inert]') !== null`), "the app's first render drops the id and inert")
			assert.False(t, tb.shown("loading"))
			assert.Equal(t, "", eval[string](tb, `['timeline', 'timeline-panel', 'prompts-input', 'preset', 'run-status', 'share-button']
				.filter(id => !document.getElementById(id).batchlabPrerendered).join(' ')`), "elements the app made anew")
			assert.Equal(t, "", eval[string](tb, `(() => {
				const seen = new Set(), dup = new Set();
				for (const el of document.querySelectorAll('[id]')) { (seen.has(el.id) ? dup : seen).add(el.id); }
				return [...dup].join(' ');
			})()`), "duplicated ids")
			after := eval[string](tb, `(() => {
				const r = document.getElementById('timeline').getBoundingClientRect();
				return JSON.stringify([r.left + scrollX, r.top + scrollY, r.width, r.height]);
			})()`)
			assert.Equal(t, before, after, "the timeline stays in place (left, top, width, height)")
			assert.Equal(t, markup, eval[string](tb, `document.getElementById('timeline-panel').outerHTML`), "the app's timeline is the prerendered one")
			assert.Equal(t, "steady-chat", eval[string](tb, `document.getElementById('preset').value`))
			t.Logf("MEASURE takeover %s: the app's first render added %d and removed %d nodes, into %s; shown at %.0f ms, the app's timeline at %.0f ms",
				size.name, eval[int](tb, `window.batchlabTakeover.added`), eval[int](tb, `window.batchlabTakeover.removed`),
				eval[string](tb, `[...window.batchlabTakeover.where].join(', ')`),
				eval[float64](tb, `window.batchlabShown`), eval[float64](tb, `window.batchlabFirstRender`))
			tb.screenshotScreen("prerendered-taken-over-" + size.name + ".png")
		})
	}
}

// A visit that opens another scenario than the default, a link or a kept
// draft (in localStorage, or in IndexedDB, which leaves a marker), shows
// the loading line until the app runs, not the prerendered default.
func TestPrerenderedViewWaitsOnOtherScenarios(t *testing.T) {
	for _, visit := range []struct{ name, path, stored string }{
		{"link", "/#v1.AAAAbroken", ""},
		{"draft", "/", "batchlab.draft"},
		{"draft in IndexedDB", "/", "batchlab.draft.stored"},
	} {
		t.Run(visit.name, func(t *testing.T) {
			tb := newTab(t)
			if visit.stored != "" { // from a page of the origin without the app
				tb.do(chromedp.Navigate(server.URL + "/healthz"))
				eval[bool](tb, `(localStorage.setItem(`+jsString(visit.stored)+`, '{"version": 1, "scenario": {}}'), true)`)
			}
			release := tb.navigateHeld(visit.path)
			if visit.stored != "" {
				eval[bool](tb, `(localStorage.removeItem(`+jsString(visit.stored)+`), true)`) // the app would read it
			}
			assert.True(t, eval[bool](tb, `document.documentElement.classList.contains('start-own')`))
			assert.False(t, tb.shown("mount"), "the prerendered default is hidden")
			assert.True(t, tb.shown("loading"))
			tb.screenshotScreen("prerendered-hidden-" + strings.ReplaceAll(visit.name, " ", "-") + ".png")
			release()
			tb.waitWithin(loadTimeout, startedJS)
			assert.False(t, tb.shown("loading"))
			assert.True(t, tb.shown("timeline"))
		})
	}
}

// TestFirstRenderBreakdown prints where the time to the first timeline
// goes, for BATCHLAB_BREAKDOWN loads (the test is skipped unless it is set,
// to keep the browser tests' time down): the page's own timings, in
// ms since navigation — the HTML received, main.wasm's request, its first
// byte and its end, the HTML's first and last byte, when boot.js started
// (window.batchlabStart: in a new tab, 150–300 ms after the HTML came, as
// Chromium starts a renderer process for the page), then the marks the
// loader and the app set (wasm/browser.go lists them, from
// batchlab:shown, the prerendered timeline, up to batchlab:complete, the
// whole page) — and the number of requests made for main.wasm. BATCHLAB_TAB_WAIT (a duration, 0 by default) opens each tab
// that long before its navigation (see openAfter). Each tab is closed
// before the next load (see tab.close); BATCHLAB_KEEP_TABS keeps them open
// to the end, as the loads were timed before 2026-12-04's fourth session.
func TestFirstRenderBreakdown(t *testing.T) {
	loads, err := strconv.Atoi(os.Getenv("BATCHLAB_BREAKDOWN"))
	if err != nil || loads < 1 {
		t.Skip("set BATCHLAB_BREAKDOWN to a number of loads to time")
	}
	wait, _ := time.ParseDuration(os.Getenv("BATCHLAB_TAB_WAIT"))
	for range loads {
		tb := openAfter(t, "/", wait)
		t.Log(eval[string](tb, `(() => {
			const ms = v => v.toFixed(0);
			const nav = performance.getEntriesByType('navigation')[0];
			const wasm = performance.getEntriesByName(new URL('main.wasm', location.href).href);
			const out = ['FIRST ' + ms(window.batchlabFirstRender), 'html ' + ms(nav.responseEnd)];
			if (wasm.length > 0) {
				const w = wasm[0];
				out.push('main.wasm requested ' + ms(w.startTime), 'first byte ' + ms(w.responseStart), 'end ' + ms(w.responseEnd) +
					' (' + w.transferSize + ' B transferred, ' + wasm.length + ' request)');
			}
			const fcp = performance.getEntriesByName('first-contentful-paint');
			if (fcp.length > 0) { out.push('first contentful paint ' + ms(fcp[0].startTime)); }
			out.push('response ' + ms(nav.responseStart) + '–' + ms(nav.responseEnd), 'boot.js ' + ms(window.batchlabStart));
			out.push('parsed ' + ms(nav.domInteractive), 'DOMContentLoaded ' + ms(nav.domContentLoadedEventStart));
			for (const m of performance.getEntriesByType('mark')) {
				if (m.name.startsWith('batchlab:')) { out.push(m.name.slice(9) + ' ' + ms(m.startTime)); }
			}
			return out.join(', ');
		})()`))
		if os.Getenv("BATCHLAB_KEEP_TABS") == "" {
			tb.close()
		}
	}
	if pages := omniboxPages(t); pages != "" {
		t.Logf("every new window loaded its address bar's popup (%s) beside the page", pages)
	}
}

// TestFirstRenderTrace records Chrome traces of loads to the first
// timeline into the files BATCHLAB_TRACE-1.json, -2.json, … (BATCHLAB_LOADS
// of them, after one load that warms the server's and the browser's caches
// as earlier tests do for TestMeasure); open them in Perfetto. A trace runs
// 300 ms past the first render, or BATCHLAB_TRACE_FOR (a duration); it
// holds V8's CPU samples of every thread (the main thread's wasm functions
// appear by index: match them with the name section of a main.wasm built
// without -s -w).
func TestFirstRenderTrace(t *testing.T) {
	out := os.Getenv("BATCHLAB_TRACE")
	if out == "" {
		t.Skip("set BATCHLAB_TRACE to a file name prefix to record traces")
	}
	loads := 1
	if n, err := strconv.Atoi(os.Getenv("BATCHLAB_LOADS")); err == nil && n > 0 {
		loads = n
	}
	warm, cancel := chromedp.NewContext(browserCtx)
	require.NoError(t, chromedp.Do(warm, chromedp.Navigate(server.URL+"/")))
	wctx, wcancel := context.WithTimeout(warm, loadTimeout)
	_, err := chromedp.Run(wctx, chromedp.Poll[bool](`window.batchlabFirstRender !== undefined`, chromedp.WithPollingInterval(5*time.Millisecond)))
	wcancel()
	cancel()
	require.NoError(t, err)
	for i := range loads {
		traceLoad(t, fmt.Sprintf("%s-%d.json", out, i+1))
	}
}

// traceLoad records a trace of one load to the first timeline into file.
func traceLoad(t *testing.T, file string) {
	ctx, cancel := chromedp.NewContext(browserCtx)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx))
	var events []string
	done := make(chan struct{})
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			for _, v := range e.Value {
				events = append(events, string(v))
			}
		case *tracing.EventTracingComplete:
			close(done)
		}
	}))
	_, err := chromedp.Call(ctx, storage.ClearDataForOrigin, storage.ClearDataForOriginParams{
		Origin: server.URL, StorageTypes: "local_storage,indexeddb"})
	require.NoError(t, err)
	_, err = chromedp.Call(ctx, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{
		IncludedCategories: []string{"devtools.timeline", "v8", "v8.wasm", "v8.execute", "blink", "blink.user_timing", "loading", "netlog",
			"disabled-by-default-devtools.timeline", "disabled-by-default-v8.compile", "disabled-by-default-v8.wasm.detailed", "disabled-by-default-v8.cpu_profiler"}}})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(server.URL+"/")))
	wctx, wcancel := context.WithTimeout(ctx, loadTimeout)
	defer wcancel()
	_, err = chromedp.Run(wctx, chromedp.Poll[bool](`window.batchlabFirstRender !== undefined`, chromedp.WithPollingInterval(5*time.Millisecond)))
	require.NoError(t, err)
	first, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.batchlabFirstRender`))
	require.NoError(t, err)
	t.Logf("FIRST %.0f", first)
	after := 300 * time.Millisecond
	if d, err := time.ParseDuration(os.Getenv("BATCHLAB_TRACE_FOR")); err == nil {
		after = d
	}
	time.Sleep(after)
	_, err = chromedp.Call(ctx, tracing.End, struct{}{})
	require.NoError(t, err)
	<-done
	require.NoError(t, os.WriteFile(file, []byte("["+strings.Join(events, ",\n")+"]"), 0o644))
}
