package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/share"
)

// clock is a settable time for the API's Now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// t0 has a fraction of a second, which expiries drop.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 250_000_000, time.UTC)

const day = 24 * time.Hour

// newClockedServer serves the API over a memory store with a settable clock
// and the given server-side lifetime.
func newClockedServer(t *testing.T, ttl time.Duration) (*httptest.Server, *clock) {
	t.Helper()
	c := &clock{t: t0}
	api := web.NewAPI(share.NewMemoryStore())
	api.ShareTTL = ttl
	api.Now = c.now
	srv := httptest.NewServer(web.Secure(api))
	t.Cleanup(srv.Close)
	return srv, c
}

// shareOut is the body of POST /api/share.
type shareOut struct {
	ID        string     `json:"id"`
	URL       string     `json:"url"`
	ExpiresAt *time.Time `json:"expires_at"`
}

// shareWith posts body to /api/share with the given query and returns the
// answer, checking that expires_at is always there (null or a time).
func shareWith(t *testing.T, srv *httptest.Server, query, body string) shareOut {
	t.Helper()
	resp := post(t, srv.URL+"/api/share"+query, []byte(body))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	data := readAll(t, resp.Body)
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &raw))
	require.Contains(t, raw, "expires_at", "expires_at is sent, null when never")
	var out shareOut
	require.NoError(t, json.Unmarshal(data, &out))
	return out
}

// TestShareExpiresAt: the lifetime a share gets from expires_in and the
// server's ShareTTL, which is the default and the longest.
func TestShareExpiresAt(t *testing.T) {
	base := t0.Truncate(time.Second)
	for _, tc := range []struct {
		name   string
		server time.Duration
		query  string
		want   time.Duration // 0: never
	}{
		{name: "no expiry by default", query: "", want: 0},
		{name: "asked for a week", query: "?expires_in=7d", want: 7 * day},
		{name: "asked for an hour", query: "?expires_in=1h", want: time.Hour},
		{name: "asked for a year", query: "?expires_in=365d", want: 365 * day},
		{name: "asked for never", query: "?expires_in=never", want: 0},
		{name: "server default", server: 30 * day, query: "", want: 30 * day},
		{name: "shorter than the server's", server: 30 * day, query: "?expires_in=36h", want: 36 * time.Hour},
		{name: "longer than the server's", server: 30 * day, query: "?expires_in=365d", want: 30 * day},
		{name: "never on a server with a limit", server: 30 * day, query: "?expires_in=never", want: 30 * day},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := newClockedServer(t, tc.server)
			out := shareWith(t, srv, tc.query, `{"version": 1}`)
			if tc.want == 0 {
				assert.Nil(t, out.ExpiresAt)
				return
			}
			require.NotNil(t, out.ExpiresAt)
			assert.Equal(t, base.Add(tc.want), *out.ExpiresAt)
		})
	}
}

// TestShareExpiryRawJSON: expires_at is RFC 3339 in UTC, whole seconds.
func TestShareExpiryRawJSON(t *testing.T) {
	srv, _ := newClockedServer(t, 0)
	resp := post(t, srv.URL+"/api/share?expires_in=7d", []byte(`{"version": 1}`))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var raw struct {
		ExpiresAt string `json:"expires_at"`
	}
	require.NoError(t, json.Unmarshal(readAll(t, resp.Body), &raw))
	assert.Equal(t, "2026-03-08T12:00:00Z", raw.ExpiresAt)
}

// TestShareLifetime follows one scenario through its lifetime on a clock:
// caches never keep it past its expiry, it is refused once expired, the
// longer lifetime wins when it is shared again, and sharing an expired
// scenario again brings it back.
func TestShareLifetime(t *testing.T) {
	srv, c := newClockedServer(t, 0)
	const body = `{"version": 1, "name": "lifetime"}`
	base := t0.Truncate(time.Second)
	type check struct {
		at       time.Duration // after t0
		status   int
		code     string // of the error
		loadAge  string // Cache-Control of GET /api/share/{id}
		openAge  string // Cache-Control of GET /s/{id}
		shareIn  string // share again first with this query, unless ""
		expireAt time.Duration
		never    bool
	}
	var id string
	for _, step := range []check{
		{at: 0, shareIn: "?expires_in=1h", expireAt: time.Hour, status: 200, loadAge: "public, max-age=3599, immutable", openAge: "public, max-age=3599"},
		{at: 30 * time.Minute, status: 200, loadAge: "public, max-age=1799, immutable", openAge: "public, max-age=1799"},
		{at: time.Hour, status: 404, code: "expired"},
		{at: 2 * time.Hour, status: 404, code: "expired"},
		{at: 2 * time.Hour, shareIn: "?expires_in=2h", expireAt: 4 * time.Hour, status: 200, loadAge: "public, max-age=7199, immutable", openAge: "public, max-age=7199"},
		{at: 2 * time.Hour, shareIn: "?expires_in=7d", expireAt: 2*time.Hour + 7*day, status: 200, loadAge: "public, max-age=604799, immutable", openAge: "public, max-age=86400"},
		{at: 3 * time.Hour, shareIn: "?expires_in=1h", expireAt: 2*time.Hour + 7*day, status: 200, loadAge: "public, max-age=601199, immutable", openAge: "public, max-age=86400"},
		{at: 3 * time.Hour, shareIn: "?expires_in=never", never: true, status: 200, loadAge: "public, max-age=31536000, immutable", openAge: "public, max-age=86400"},
		{at: 3 * time.Hour, shareIn: "?expires_in=1d", never: true, status: 200, loadAge: "public, max-age=31536000, immutable", openAge: "public, max-age=86400"},
		{at: 400 * day, status: 200, loadAge: "public, max-age=31536000, immutable", openAge: "public, max-age=86400"},
	} {
		c.t = t0.Add(step.at)
		if step.shareIn != "" {
			out := shareWith(t, srv, step.shareIn, body)
			id = out.ID
			if step.never {
				assert.Nil(t, out.ExpiresAt, "at %v", step.at)
			} else if assert.NotNil(t, out.ExpiresAt, "at %v", step.at) {
				assert.Equal(t, base.Add(step.expireAt), *out.ExpiresAt, "at %v", step.at)
			}
		}
		for _, path := range []string{"/api/share/" + id, "/s/" + id} {
			resp := get(t, srv.URL+path)
			if step.status != 200 {
				require.Equal(t, step.status, resp.StatusCode, "%s at %v", path, step.at)
				e := decodeError(t, resp)
				assert.Equal(t, step.code, e.Error.Code, "%s at %v", path, step.at)
				assert.Equal(t, "id", e.Error.Path)
				assert.Contains(t, e.Error.Message, "expired at 2026-03-01T13:00:00Z")
				assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
				continue
			}
			require.Less(t, resp.StatusCode, 400, "%s at %v", path, step.at)
			want := step.loadAge
			if path[1] == 's' {
				want = step.openAge
			}
			assert.Equal(t, want, resp.Header.Get("Cache-Control"), "%s at %v", path, step.at)
		}
	}
}
