package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/batchlab/batchlab/web"
)

// TestMain lets the tests run `batchlab serve` as a real process: the test
// binary re-executed with BATCHLAB_TEST_MAIN=1 is the batchlab command.
func TestMain(m *testing.M) {
	if os.Getenv("BATCHLAB_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// server is a `batchlab serve` process.
type server struct {
	cmd    *exec.Cmd
	base   string        // http://127.0.0.1:PORT
	exited chan struct{} // closed when the process has exited
	err    error         // its exit, once exited is closed
}

// fakeApp returns a folder with stand-ins for the built playground, so that
// serve starts without `make wasm`.
func fakeApp(t testing.TB) string {
	dir := t.TempDir()
	for _, name := range web.BuildFiles { // stand-ins: the server only serves them
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("stand-in\n"), 0o644))
	}
	return dir
}

// startServe runs `batchlab serve` on a free loopback port with the given
// data folder — BATCHLAB_BIN when set (the binary `make build` made), else
// this test binary — and waits until it answers.
func startServe(t testing.TB, data string, extra ...string) *server {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data}, extra...)
	var cmd *exec.Cmd
	if bin := os.Getenv("BATCHLAB_BIN"); bin != "" {
		cmd = exec.Command(bin, args...)
	} else {
		cmd = exec.Command(os.Args[0], append(args, "--dir", fakeApp(t))...)
		cmd.Env = append(os.Environ(), "BATCHLAB_TEST_MAIN=1")
	}
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	s := &server{cmd: cmd, exited: make(chan struct{})}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		cmd.Wait()
		t.Fatalf("batchlab serve printed nothing; stderr:\n%s", stderr.String())
	}
	first := lines.Text() // "batchlab playground on http://ADDR/ (Ctrl-C stops)"
	i := strings.Index(first, "http://")
	require.GreaterOrEqual(t, i, 0, first)
	s.base = strings.TrimSuffix(strings.Fields(first[i:])[0], "/")
	go func() {
		io.Copy(io.Discard, stdout)
		s.err = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() { s.stop(t) })
	return s
}

// stop sends SIGTERM and waits for a clean exit.
func (s *server) stop(t testing.TB) {
	select {
	case <-s.exited:
		return
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
		assert.NoError(t, s.err, "batchlab serve exits with status 0 on SIGTERM")
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		t.Errorf("batchlab serve did not stop within 15 s of SIGTERM")
	}
}

func shareScenario(t testing.TB, base string, body []byte) (id, link string) {
	t.Helper()
	resp, err := http.Post(base+"/api/share", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out struct{ ID, URL string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return out.ID, out.URL
}

// TestServeLinkSurvivesRestart makes a short link on `batchlab serve`,
// stops the server with SIGTERM, starts a new one on the same data folder
// and opens the link there.
func TestServeLinkSurvivesRestart(t *testing.T) {
	data := t.TempDir()
	body, err := preset.Raw("coding-day")
	require.NoError(t, err)

	first := startServe(t, data)
	id, link := shareScenario(t, first.base, body)
	assert.Equal(t, "/s/"+id, link, "without --base-url, links are paths")
	stored := getBody(t, first.base+"/api/share/"+id)
	page, err := http.Get(first.base + "/")
	require.NoError(t, err)
	page.Body.Close()
	assert.Equal(t, http.StatusOK, page.StatusCode)
	assert.Contains(t, page.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	first.stop(t)

	second := startServe(t, data)
	assert.NotEqual(t, first.base, second.base, "a new process on a new port")
	assert.Equal(t, stored, getBody(t, second.base+"/api/share/"+id))
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	u, err := url.Parse(link)
	require.NoError(t, err)
	resp, err := c.Get(second.base + u.Path)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.True(t, strings.HasPrefix(resp.Header.Get("Location"), "/#v1."))
	id2, _ := shareScenario(t, second.base, body)
	assert.Equal(t, id, id2, "the same scenario keeps its id")
}

// TestServeGracefulShutdown: a request in progress when SIGTERM arrives
// still gets its answer, then the server exits with status 0.
func TestServeGracefulShutdown(t *testing.T) {
	s := startServe(t, t.TempDir())
	body := []byte(`{"version": 1, "prompts": ["hello", "fix this bug"]}`)
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/simulate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
	conn.Write(body[:10])
	time.Sleep(200 * time.Millisecond)
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	time.Sleep(300 * time.Millisecond)
	conn.Write(body[10:])
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	select {
	case <-s.exited:
		assert.NoError(t, s.err)
	case <-time.After(15 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
}

func getBody(t testing.TB, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, url)
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(data)
}

// TestServeMaxConns: with --max-conns 8, 40 clients each keeping an idle
// keep-alive connection are all answered, the server closes all but 8 of
// those connections, and /healthz still answers.
func TestServeMaxConns(t *testing.T) {
	s := startServe(t, t.TempDir(), "--max-conns", "8")
	addr := strings.TrimPrefix(s.base, "http://")
	var open atomic.Int64
	for range 40 {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		require.NoError(t, err)
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
		br := bufio.NewReader(c)
		resp, err := http.ReadResponse(br, nil)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		c.SetDeadline(time.Time{})
		open.Add(1)
		go func() {
			br.ReadByte() // until the server closes it
			open.Add(-1)
		}()
	}
	require.Eventually(t, func() bool { return open.Load() <= 8 }, 10*time.Second, 10*time.Millisecond, "%d connections open", open.Load())
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(s.base + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

// TestServeBaseURL: --base-url starts the short links; a value that is not
// an http(s) URL with a host stops serve before it listens, with status 2.
func TestServeBaseURL(t *testing.T) {
	s := startServe(t, t.TempDir(), "--base-url", "https://batchlab.example.com/")
	id, link := shareScenario(t, s.base, []byte(`{"version": 1}`))
	assert.Equal(t, "https://batchlab.example.com/s/"+id, link)
	for _, v := range []string{"batchlab.example.com", "https://", "https://example.com/?q=1", "javascript:alert(1)"} {
		var stdout, stderr bytes.Buffer
		code := serve([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir(), "--base-url", v}, &stdout, &stderr)
		assert.Equal(t, 2, code, v)
		assert.Contains(t, stderr.String(), "--base-url", v)
	}
}
