package web_test

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/share"
)

// limitedServer starts the API behind a ConnLimiter of max connections.
func limitedServer(t *testing.T, max int) (*httptest.Server, *web.ConnLimiter) {
	t.Helper()
	l := web.NewConnLimiter(max)
	srv := httptest.NewUnstartedServer(web.Secure(web.NewAPI(share.NewMemoryStore())))
	srv.Listener = l.Install(srv.Config, srv.Listener)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, l
}

// keepAlive opens a connection, asks for /healthz on it and leaves it open
// and idle; closed counts it once the server closes it.
func keepAlive(t *testing.T, addr string, closed *atomic.Int64) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
	_, err = c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: batchlab.test\r\n\r\n"))
	require.NoError(t, err)
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	c.SetDeadline(time.Time{})
	go func() {
		br.ReadByte() // returns when the server closes the connection
		closed.Add(1)
	}()
}

// healthz asks for /healthz on a new connection and returns how long the
// answer took.
func healthz(t *testing.T, url string) time.Duration {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	start := time.Now()
	resp, err := client.Get(url + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	return time.Since(start)
}

// TestConnLimiterIdleKeepAlives: 200 clients each holding an idle
// keep-alive connection against a limit of 32 all get their answer, the
// server holds at most 32 connections, and /healthz still answers.
func TestConnLimiterIdleKeepAlives(t *testing.T) {
	const max, clients = 32, 200
	srv, l := limitedServer(t, max)
	var closed atomic.Int64
	for range clients {
		keepAlive(t, srv.Listener.Addr().String(), &closed)
		require.LessOrEqual(t, l.Open(), max)
	}
	require.Eventually(t, func() bool { return clients-int(closed.Load()) <= max }, 10*time.Second, 10*time.Millisecond,
		"the server holds at most %d connections: %d of %d still open", max, clients-int(closed.Load()), clients)
	took := healthz(t, srv.URL)
	t.Logf("/healthz behind %d idle keep-alive connections (limit %d): %v; %d closed by the server", clients, max, took, closed.Load())
}

// TestConnLimiterSilentConnections: connections that never send a request
// fill the limit; past UnusedGrace the oldest make room for /healthz.
func TestConnLimiterSilentConnections(t *testing.T) {
	const max = 16
	srv, l := limitedServer(t, max)
	for range 3 * max {
		c, err := net.Dial("tcp", srv.Listener.Addr().String())
		require.NoError(t, err)
		t.Cleanup(func() { c.Close() })
	}
	require.Eventually(t, func() bool { return l.Open() == max }, 5*time.Second, 10*time.Millisecond)
	took := healthz(t, srv.URL)
	assert.LessOrEqual(t, l.Open(), max)
	t.Logf("/healthz behind %d silent connections (limit %d): %v", 3*max, max, took)
}
