//go:build !(js && wasm)

package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/share"
	"github.com/batchlab/batchlab/web/share/link"
)

// MaxGzipBytes is Cloudflare's limit for a Worker on the free plan: 3 MB
// gzipped.
const MaxGzipBytes = 3 << 20

// TestHeadersFileMatchesServer keeps _headers (the static assets' headers on
// Workers) equal to what `batchlab serve` sends.
func TestHeadersFileMatchesServer(t *testing.T) {
	data, err := os.ReadFile("_headers")
	require.NoError(t, err)
	got := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "  ") {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimSpace(line), ": ")
		require.True(t, ok, line)
		got[k] = v
	}
	want := map[string]string{"Content-Security-Policy": web.PlaygroundPolicy}
	for k, v := range web.SecurityHeaders {
		want[k] = v
	}
	assert.Equal(t, want, got)
}

// TestWorker builds the Worker with `make worker`, runs it under `wrangler
// dev` (real workerd, local KV, loopback only, no telemetry), shares a
// scenario through KV, reads it back — also after restarting wrangler on the
// same state — opens its short link and loads the playground from it.
//
// It runs with BATCHLAB_WORKER_TEST=1, as `make test-worker` (part of `make
// test`) does after installing wrangler into node_modules; plain `go test`
// skips it.
func TestWorker(t *testing.T) {
	if os.Getenv("BATCHLAB_WORKER_TEST") != "1" {
		t.Skip("builds the Worker and runs wrangler: `make test-worker` runs it")
	}
	wrangler, err := filepath.Abs(filepath.Join("node_modules", ".bin", "wrangler"))
	require.NoError(t, err)
	_, err = os.Stat(wrangler)
	require.NoError(t, err, "wrangler is not installed: `make worker-deps` installs it")
	build := exec.Command("make", "-s", "-C", filepath.Join("..", ".."), "worker")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "make worker:\n%s", out)
	reportSize(t, filepath.Join("build", "app.wasm"))

	state := t.TempDir()
	base := startWrangler(t, wrangler, state)
	data, err := preset.Raw("coding-day")
	require.NoError(t, err)
	sc, err := core.DecodeScenario(data)
	require.NoError(t, err)
	canonical, err := share.Canonical(sc)
	require.NoError(t, err)

	// Share through real (local) KV and read it back.
	resp := do(t, "POST", base+"/api/share", data)
	require.Equal(t, http.StatusOK, resp.status, resp.body)
	var shared struct{ ID, URL string }
	require.NoError(t, json.Unmarshal([]byte(resp.body), &shared))
	assert.Equal(t, share.ID(canonical), shared.ID)
	assert.Equal(t, "/s/"+shared.ID, shared.URL, "no BASE_URL: a path")
	resp = do(t, "GET", base+"/api/share/"+shared.ID, nil)
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, string(canonical), resp.body)

	// Simulate: the same JSON as natively.
	resp = do(t, "POST", base+"/api/simulate", data)
	require.Equal(t, http.StatusOK, resp.status)
	res, err := core.Simulate(sc, core.Options{})
	require.NoError(t, err)
	want, err := json.MarshalIndent(res, "", "  ")
	require.NoError(t, err)
	assert.Equal(t, string(want)+"\n", resp.body)

	// Errors are the same JSON as natively.
	resp = do(t, "POST", base+"/api/simulate", []byte(`{"version": 1, "seed": -1}`))
	assert.Equal(t, http.StatusBadRequest, resp.status)
	assert.Contains(t, resp.body, `"path":"$.seed"`)
	resp = do(t, "GET", base+"/api/share/abcdefghijkl", nil)
	assert.Equal(t, http.StatusNotFound, resp.status)
	resp = do(t, "GET", base+"/api/share/nope", nil)
	assert.Equal(t, http.StatusBadRequest, resp.status)

	// A body refused before any read (Content-Length over the limit) or in
	// the middle (chunked past the limit, gzip past the decompressed limit):
	// the next POST still works. It used to fail with 503 "Your worker
	// restarted mid-request".
	large := append(append([]byte(`{"version": 1, "name": "`), bytes.Repeat([]byte("x"), web.MaxBodyBytes+1<<20)...), '"', '}')
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write([]byte(`{"version": 1, "name": "`))
	zw.Write(bytes.Repeat([]byte(" "), web.MaxScenarioBytes+1<<20))
	require.NoError(t, zw.Close())
	for name, body := range map[string]struct {
		body     io.Reader
		encoding string
	}{
		"with its length": {bytes.NewReader(large), ""},
		"chunked":         {struct{ io.Reader }{bytes.NewReader(large)}, ""},
		"gzip bomb":       {bytes.NewReader(bomb.Bytes()), "gzip"},
	} {
		req, err := http.NewRequest("POST", base+"/api/share", body.body)
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		if body.encoding != "" {
			req.Header.Set("Content-Encoding", body.encoding)
		}
		start := time.Now()
		r, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
		require.NoError(t, err, name)
		r.Body.Close()
		assert.Equal(t, http.StatusRequestEntityTooLarge, r.StatusCode, name)
		t.Logf("%s: 413 in %v", name, time.Since(start).Round(time.Millisecond))
		resp = do(t, "POST", base+"/api/share", data)
		assert.Equal(t, http.StatusOK, resp.status, "%s, then a share: %s", name, resp.body)
	}

	// A damaged KV value is a 500, never served nor cached; sharing the
	// scenario again repairs it.
	put := exec.Command(wrangler, "kv", "key", "put", "--binding", "SHARES", "share/"+shared.ID, `{"vers`, "--local", "--persist-to", state)
	put.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false", "CI=true", "NO_COLOR=1")
	out, err = put.CombinedOutput()
	require.NoError(t, err, "wrangler kv key put:\n%s", out)
	for _, path := range []string{"/api/share/", "/s/"} {
		resp = do(t, "GET", base+path+shared.ID, nil)
		assert.Equal(t, http.StatusInternalServerError, resp.status, path)
		assert.Equal(t, "no-store", resp.header.Get("Cache-Control"), path)
	}
	resp = do(t, "POST", base+"/api/share", data)
	require.Equal(t, http.StatusOK, resp.status, resp.body)
	resp = do(t, "GET", base+"/api/share/"+shared.ID, nil)
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, string(canonical), resp.body)

	// The link survives a restart of wrangler on the same state.
	stopWrangler(t)
	base = startWrangler(t, wrangler, state)
	resp = do(t, "GET", base+"/api/share/"+shared.ID, nil)
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, string(canonical), resp.body)

	// A share that expires: KV's expiration and metadata round-trip, the
	// longer lifetime wins, and caches never keep it past its expiry.
	expiring := []byte(`{"version": 1, "name": "expiring"}`)
	shareFor := func(query string) *time.Time {
		t.Helper()
		resp := do(t, "POST", base+"/api/share"+query, expiring)
		require.Equal(t, http.StatusOK, resp.status, resp.body)
		var out struct {
			ID        string     `json:"id"`
			ExpiresAt *time.Time `json:"expires_at"`
		}
		require.NoError(t, json.Unmarshal([]byte(resp.body), &out))
		require.Contains(t, resp.body, `"expires_at":`)
		return out.ExpiresAt
	}
	first := shareFor("?expires_in=2h")
	require.NotNil(t, first)
	assert.WithinDuration(t, time.Now().Add(2*time.Hour), *first, time.Minute)
	sc2, err := core.DecodeScenario(expiring)
	require.NoError(t, err)
	canonical2, err := share.Canonical(sc2)
	require.NoError(t, err)
	expiringID := share.ID(canonical2)
	resp = do(t, "GET", base+"/api/share/"+expiringID, nil)
	require.Equal(t, http.StatusOK, resp.status)
	var maxAge int
	_, err = fmt.Sscanf(resp.header.Get("Cache-Control"), "public, max-age=%d, immutable", &maxAge)
	require.NoError(t, err, resp.header.Get("Cache-Control"))
	assert.InDelta(t, 7200, maxAge, 120)
	again := shareFor("?expires_in=1h")
	require.NotNil(t, again)
	assert.Equal(t, *first, *again, "a shorter lifetime does not shorten the share")
	assert.Nil(t, shareFor("?expires_in=never"), "never wins")
	resp = do(t, "GET", base+"/api/share/"+expiringID, nil)
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, "public, max-age=31536000, immutable", resp.header.Get("Cache-Control"))
	resp = do(t, "POST", base+"/api/share?expires_in=1w", expiring)
	assert.Equal(t, http.StatusBadRequest, resp.status)
	assert.Contains(t, resp.body, `"path":"expires_in"`)

	// The short link opens the playground on the scenario.
	resp = do(t, "GET", base+"/s/"+shared.ID, nil)
	require.Equal(t, http.StatusSeeOther, resp.status)
	loc := resp.header.Get("Location")
	require.True(t, strings.HasPrefix(loc, "/#v1."), loc)
	opened, err := link.Decode(strings.TrimPrefix(loc, "/#"))
	require.NoError(t, err)
	openedJSON, err := share.Canonical(opened)
	require.NoError(t, err)
	assert.Equal(t, string(canonical), string(openedJSON))
	page := do(t, "GET", base+loc, nil) // the fragment stays in the browser
	require.Equal(t, http.StatusOK, page.status)
	assert.Contains(t, page.body, `<div id="mount" class="app" inert="">`, "the page with its first view prerendered (make wasm)")
	assert.Contains(t, page.body, `id="timeline"`)
	assert.Contains(t, page.header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	assert.Equal(t, "nosniff", page.header.Get("X-Content-Type-Options"))
	for _, src := range []string{"wasm_exec.js", "boot.js", "style.css"} {
		assert.Contains(t, page.body, src)
		asset := do(t, "GET", base+"/"+src, nil)
		assert.Equal(t, http.StatusOK, asset.status, src)
	}
	app := do(t, "GET", base+"/main.wasm", nil)
	require.Equal(t, http.StatusOK, app.status)
	assert.Equal(t, "application/wasm", app.header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(app.body, "\x00asm"))
}

// reportSize logs the Worker's WASM size, raw and gzipped, and checks the
// gzipped size against Cloudflare's free-plan limit.
func reportSize(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	require.NoError(t, err)
	zw.Write(data)
	require.NoError(t, zw.Close())
	t.Logf("Worker WASM: %.2f MB raw, %.2f MB gzipped (free-plan limit 3 MB gzipped)", float64(len(data))/1e6, float64(gz.Len())/1e6)
	assert.Less(t, gz.Len(), MaxGzipBytes)
}

// wranglerProc is the running `wrangler dev`, stopped by stopWrangler or at
// the end of the test.
var wranglerProc *exec.Cmd

// startWrangler runs `wrangler dev` on a free loopback port with local state
// in state, and returns its base URL once /healthz answers.
func startWrangler(t *testing.T, wrangler, state string) string {
	t.Helper()
	port := freePort(t)
	cmd := exec.Command(wrangler, "dev", "--local", "--ip", "127.0.0.1", "--port", fmt.Sprint(port),
		"--persist-to", state, "--log-level", "warn", "--show-interactive-dev-session=false")
	cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false",
		"WRANGLER_LOG_SANITIZE=false", "CI=true", "NO_COLOR=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // so that workerd stops with it
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	wranglerProc = cmd
	t.Cleanup(func() { stopWrangler(t) })
	var log bytes.Buffer
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
		}
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("wrangler dev did not answer on %s within 60 s:\n%s", base, log.String())
	return ""
}

// stopWrangler ends the wrangler process group this test started.
func stopWrangler(t *testing.T) {
	cmd := wranglerProc
	if cmd == nil || cmd.Process == nil {
		return
	}
	wranglerProc = nil
	pgid := cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-done
	}
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// response is what the tests look at of an HTTP response.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends a request without following redirects.
func do(t *testing.T, method, url string, body []byte) response {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	require.NoError(t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	c := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return response{status: resp.StatusCode, header: resp.Header, body: string(data)}
}
