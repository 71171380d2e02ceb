//go:build browser

package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/share"
	"github.com/batchlab/batchlab/web/vocab"
	"github.com/batchlab/batchlab/web/vugujs"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

var (
	server     *httptest.Server
	browserCtx context.Context
	appDir     string
	repoRoot   string
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "go env GOMOD:", err)
		return 1
	}
	repoRoot = filepath.Dir(strings.TrimSpace(string(out)))
	chromium := findChromium()
	if chromium == "" {
		fmt.Fprintln(os.Stderr, "browser tests: no chromium on PATH (make test-browser installs it)")
		return 1
	}
	tmp, err := os.MkdirTemp("", "batchlab-browser-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer removeAll(tmp)

	appDir = os.Getenv("BATCHLAB_APP_DIR")
	if appDir == "" {
		appDir = filepath.Join(tmp, "app")
		if err := buildApp(appDir); err != nil {
			fmt.Fprintln(os.Stderr, "build the app:", err)
			return 1
		}
	}
	app, err := web.App(appDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// As `batchlab serve` does: the files and the API (shares in memory).
	server = httptest.NewServer(web.NewSite(web.NewHandler(app), web.NewAPI(share.NewMemoryStore()))) // 127.0.0.1, a free port
	defer server.Close()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.WindowSize(1440, 1000),
	}
	// chromedp opens every tab in a window of its own (so that each is
	// visible and gets animation frames), and Chromium 156 gives every
	// window an address bar whose suggestions popup is made of two WebUI
	// pages (chrome://omnibox-popup.top-chrome/ and its AI-mode variant),
	// loaded into the browser's top-chrome renderer as the window opens:
	// about 0.9 s of CPU per window, a whole core of this 2-core machine
	// through each load the tests timed. A person loading the page opens
	// no window (tabs opened over HTTP in one window cost it 70 ms for six
	// loads). Without those pages the first timeline went from a median of
	// 1,196 ms to 662 ms (TestFirstRenderBreakdown, 18 loads each way,
	// alternated; README, "The browser's own windows"). BATCHLAB_OMNIBOX_WEBUI=1
	// keeps them, for comparison. A Chromium that does not know the
	// features ignores them.
	if os.Getenv("BATCHLAB_OMNIBOX_WEBUI") == "" {
		opts = append(opts, chromedp.Flag("disable-features", "WebUIOmniboxPopup,WebUIOmniboxAimPopup"))
	}
	// BATCHLAB_JS_FLAGS passes V8 flags to Chromium (e.g.
	// --trace-wasm-compilation-times: every function compiled, by which
	// tier, how long), and BATCHLAB_BROWSER_LOG names a file for what
	// Chromium prints, console messages included: how the start-up's
	// TurboFan work was found (README, "Playground").
	if flags := os.Getenv("BATCHLAB_JS_FLAGS"); flags != "" {
		opts = append(opts, chromedp.Flag("js-flags", flags))
	}
	if name := os.Getenv("BATCHLAB_BROWSER_LOG"); name != "" {
		log, err := os.Create(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer log.Close()
		opts = append(opts, chromedp.Flag("enable-logging", "stderr"), chromedp.Flag("v", "0"), chromedp.CombinedOutput(log))
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		fmt.Fprintln(os.Stderr, "start chromium:", err)
		return 1
	}
	browserCtx = ctx
	return m.Run()
}

func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// buildApp compiles the playground to WASM into dir, with wasm_exec.js,
// and writes its prerendered page, as `make wasm` does.
func buildApp(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-gcflags=github.com/vugu/vugu=-l", "-o", filepath.Join(dir, "main.wasm"), "./wasm")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	cmd = exec.Command("go", "run", "./wasm", "prerender", filepath.Join("web", "static", "index.html"), filepath.Join(dir, "index.html"))
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return err
	}
	js, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "wasm_exec.js"), js, 0o644); err != nil {
		return err
	}
	for _, name := range core.ExactTokenizers {
		ranks, err := vocab.Ranks(name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, core.RanksFile(name)), ranks, 0o644); err != nil {
			return err
		}
	}
	helper, err := vugujs.Script()
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, vugujs.FileName), helper, 0o644)
}

func removeAll(dir string) {
	for range 50 {
		if os.RemoveAll(dir) == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// tab is one browser tab on the playground.
type tab struct {
	t   *testing.T
	ctx context.Context
	// errors are uncaught exceptions of the page; dialogs are alert(),
	// confirm() or prompt() calls: a test fails on either.
	errors  chan string
	dialogs chan string
	// cancel closes the tab (newTab also registers it as a cleanup).
	cancel context.CancelFunc
}

// open loads the playground (path may carry a fragment) in a new tab and
// waits for the app to run (startedJS).
func open(t *testing.T, path string) *tab {
	t.Helper()
	tb := newTab(t)
	tb.do(chromedp.Navigate(server.URL + path))
	tb.waitWithin(loadTimeout, startedJS)
	return tb
}

// openAfter is open with the tab opened wait before the navigation. open
// navigates at once, so the navigation starts the page's renderer process
// and the page loads beside its start-up; after a second or so Chromium has
// a renderer ready (its spare one), as it has when a person opens a tab and
// types the address (TestMeasure reports both).
func openAfter(t *testing.T, path string, wait time.Duration) *tab {
	t.Helper()
	tb := newTab(t)
	time.Sleep(wait)
	tb.do(chromedp.Navigate(server.URL + path))
	tb.waitWithin(loadTimeout, startedJS)
	return tb
}

// newTab opens a tab on nothing yet, without the scenario an earlier test
// left in the profile's storage; the test fails on its page errors and
// dialogs.
func newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx, errors: make(chan string, 16), dialogs: make(chan string, 16), cancel: cancel}
	if err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			select {
			case tb.errors <- (&chromedp.ExceptionError{ExceptionDetails: e.ExceptionDetails}).Error():
			default:
			}
		case *page.EventJavascriptDialogOpening:
			select {
			case tb.dialogs <- e.Message:
			default:
			}
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}); err != nil {
		t.Fatal(err)
	}
	// Every tab starts without the scenario an earlier test left in the
	// profile's storage (see wasm/draft).
	if _, err := chromedp.Call(ctx, storage.ClearDataForOrigin, storage.ClearDataForOriginParams{
		Origin: server.URL, StorageTypes: "local_storage,indexeddb"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tb.checkClean)
	return tb
}

// omniboxPages lists the address-bar popup pages the browser's windows
// hold (see run), "" when there are none: a load timed beside a new
// window's popup is 250–550 ms slower on this machine, so a Chromium whose
// popup the flags no longer turn off must not pass unnoticed.
func omniboxPages(t *testing.T) string {
	t.Helper()
	infos, err := chromedp.Targets(browserCtx)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, info := range infos {
		if strings.HasPrefix(info.URL, "chrome://omnibox-popup") {
			urls = append(urls, info.URL)
		}
	}
	return strings.Join(urls, ", ")
}

// close checks the tab as its cleanup would, then closes it at once.
// Loads timed one after another close each tab before the next: a page
// left open goes on working for seconds after its first render (the rest of
// the page, TurboFan recompiling the hot functions on the other core),
// beside the next load, which a person opening the page does not have.
func (tb *tab) close() {
	tb.checkClean()
	tb.cancel()
}

// checkClean fails the test on page errors and dialogs.
func (tb *tab) checkClean() {
	for {
		select {
		case e := <-tb.errors:
			tb.t.Errorf("uncaught exception in the page: %s", e)
		case d := <-tb.dialogs:
			tb.t.Errorf("the page opened a dialog: %q", d)
		default:
			return
		}
	}
}

func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

// eval evaluates a JS expression into T.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("eval %s: %v", js, err)
	}
	return v
}

// startedJS holds once the app runs: it has rendered the first timeline
// (batchlabRenderedRuns: #timeline alone is in the prerendered page
// already, whose controls do nothing) and the panels below the first view
// (they come in the render after it, see wasm/firstview.go).
const startedJS = `document.querySelector('#timeline') !== null && window.batchlabRenderedRuns >= 1 &&
	window.batchlabComplete !== undefined`

// loadTimeout bounds the wait for the first timeline: on a machine shared
// by several test runs, loading and compiling the WASM alone can take 20 s.
const loadTimeout = 90 * time.Second

// waitFor polls a JS condition until it holds.
func (tb *tab) waitFor(cond string) {
	tb.t.Helper()
	tb.waitWithin(20*time.Second, cond)
}

// waitWithin polls a JS condition until it holds, for at most timeout.
func (tb *tab) waitWithin(timeout time.Duration, cond string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, timeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(5*time.Millisecond))); err != nil {
		tb.t.Fatalf("waiting for %s: %v", cond, err)
	}
}

// runs is the number of results the timeline has shown.
func (tb *tab) runs() int {
	return eval[int](tb, `Number(document.getElementById('timeline').dataset.runs)`)
}

// batches reads the metric with the number of batches.
func (tb *tab) batches() int {
	return eval[int](tb, `Number(document.getElementById('metric-batches').textContent.replaceAll(',', ''))`)
}

// setValue sets an input's or textarea's value and fires input, as typing
// or pasting does, and waits until the next result is on screen when
// wantRun is set.
func (tb *tab) setValue(id, value string, wantRun bool) {
	tb.t.Helper()
	before := tb.runs()
	js := fmt.Sprintf(`(() => { const el = document.getElementById(%s); el.focus(); el.value = %s;
		el.dispatchEvent(new Event('input', {bubbles: true})); el.blur(); return true })()`, jsString(id), jsString(value))
	eval[bool](tb, js)
	if wantRun {
		tb.waitFor(fmt.Sprintf(`Number(document.getElementById('timeline').dataset.runs) > %d && window.batchlabRenderedRuns > %d`, before, before))
	}
}

// timelineBars returns the data-batch values of the drawn bars and their
// styles: a fingerprint of the timeline.
func (tb *tab) timelineBars() string {
	return eval[string](tb, `[...document.querySelectorAll('#timeline .bar')].map(b => (b.dataset.batch || b.dataset.batches) + '@' + b.getAttribute('style')).join(' ')`)
}

// screenshot saves a PNG of the element (or the page) into screenshots/.
func (tb *tab) screenshot(name, sel string) {
	tb.t.Helper()
	var (
		png []byte
		err error
	)
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if sel == "" {
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	} else {
		png, err = chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	}
	if err != nil {
		tb.t.Fatal(err)
	}
	tb.saveScreenshot(name, png)
}

// screenshotScreen saves a PNG of what the viewport shows into screenshots/.
func (tb *tab) screenshotScreen(name string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Fatal(err)
	}
	tb.saveScreenshot(name, png)
}

func (tb *tab) saveScreenshot(name string, png []byte) {
	tb.t.Helper()
	dir := filepath.Join(repoRoot, "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
