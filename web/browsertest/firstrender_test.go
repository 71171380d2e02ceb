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

	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestFirstRenderBreakdown prints where the time to the first timeline
// goes, for BATCHLAB_BREAKDOWN loads (the test is skipped unless it is set,
// to keep the browser tests' time down): the page's own timings, in
// ms since navigation — the HTML received, main.wasm's request, its first
// byte and its end, then the marks the loader and the app set (wasm/browser.go
// lists them, up to batchlab:complete, the whole page) — and the number of
// requests made for main.wasm.
func TestFirstRenderBreakdown(t *testing.T) {
	loads, err := strconv.Atoi(os.Getenv("BATCHLAB_BREAKDOWN"))
	if err != nil || loads < 1 {
		t.Skip("set BATCHLAB_BREAKDOWN to a number of loads to time")
	}
	for range loads {
		tb := open(t, "/")
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
			out.push('parsed ' + ms(nav.domContentLoadedEventStart));
			for (const m of performance.getEntriesByType('mark')) {
				if (m.name.startsWith('batchlab:')) { out.push(m.name.slice(9) + ' ' + ms(m.startTime)); }
			}
			return out.join(', ');
		})()`))
	}
}

// TestFirstRenderTrace records Chrome traces of loads to the first
// timeline into the files BATCHLAB_TRACE-1.json, -2.json, … (BATCHLAB_LOADS
// of them, after one load that warms the server's and the browser's caches
// as earlier tests do for TestMeasure); open them in Perfetto.
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
			"disabled-by-default-devtools.timeline", "disabled-by-default-v8.compile", "disabled-by-default-v8.wasm.detailed"}}})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(server.URL+"/")))
	wctx, wcancel := context.WithTimeout(ctx, loadTimeout)
	defer wcancel()
	_, err = chromedp.Run(wctx, chromedp.Poll[bool](`window.batchlabFirstRender !== undefined`, chromedp.WithPollingInterval(5*time.Millisecond)))
	require.NoError(t, err)
	first, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.batchlabFirstRender`))
	require.NoError(t, err)
	t.Logf("FIRST %.0f", first)
	time.Sleep(300 * time.Millisecond)
	_, err = chromedp.Call(ctx, tracing.End, struct{}{})
	require.NoError(t, err)
	<-done
	require.NoError(t, os.WriteFile(file, []byte("["+strings.Join(events, ",\n")+"]"), 0o644))
}
