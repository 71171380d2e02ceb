package web_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/share"
)

// rawExchange sends raw bytes on a new connection and reads the answer.
func rawExchange(t *testing.T, addr, request string) (*http.Response, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
	go io.WriteString(c, request) // the server may answer before it has read everything
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// TestServerOwnErrorsAreSecured: the answers net/http gives itself (400,
// 431, 501: no handler runs) carry the security headers too.
func TestServerOwnErrorsAreSecured(t *testing.T) {
	srv := httptest.NewUnstartedServer(web.Secure(web.NewAPI(share.NewMemoryStore())))
	srv.Config.MaxHeaderBytes = 1 << 10
	srv.Listener = web.SecureErrors(srv.Listener)
	srv.Start()
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	for _, tc := range []struct {
		name, request string
		status        int
	}{
		{"malformed request line", "NONSENSE\r\n\r\n", 400},
		{"malformed Host", "GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n", 400},
		{"no Host in HTTP/1.1", "GET /healthz HTTP/1.1\r\n\r\n", 400},
		{"header too large", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("x", 64<<10) + "\r\n\r\n", 431},
		{"unknown transfer coding", "POST /api/share HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: bogus\r\n\r\n", 501},
		{"a handler's answer is left alone", "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := rawExchange(t, addr, tc.request)
			assert.Equal(t, tc.status, resp.StatusCode, body)
			for k, v := range web.SecurityHeaders {
				assert.Equal(t, []string{v}, resp.Header.Values(k), k)
			}
			assert.Equal(t, []string{web.APIPolicy}, resp.Header.Values("Content-Security-Policy"))
			if tc.status != 200 {
				assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
				assert.Equal(t, "text/plain; charset=utf-8", resp.Header.Get("Content-Type"))
				assert.NotEmpty(t, body)
			}
		})
	}
}
