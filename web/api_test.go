package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/share"
	"github.com/batchlab/batchlab/web/share/link"
)

// newServer serves the API over a fresh memory store, behind the security
// headers, as `batchlab serve` and the Worker do.
func newServer(t *testing.T) (*httptest.Server, *share.MemoryStore) {
	t.Helper()
	store := share.NewMemoryStore()
	srv := httptest.NewServer(web.Secure(web.NewAPI(store)))
	t.Cleanup(srv.Close)
	return srv, store
}

func presetJSON(t testing.TB, key string) []byte {
	t.Helper()
	data, err := preset.Raw(key)
	require.NoError(t, err)
	return data
}

func post(t *testing.T, url string, body []byte) *http.Response {
	t.Helper()
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func get(t *testing.T, url string) *http.Response {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(url)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func readAll(t *testing.T, r io.Reader) []byte {
	t.Helper()
	data, err := io.ReadAll(r)
	require.NoError(t, err)
	return data
}

// apiError is the JSON of an error response.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Path    string `json:"path"`
		Details []struct {
			Path    string `json:"path"`
			Message string `json:"message"`
		} `json:"details"`
	} `json:"error"`
}

func decodeError(t *testing.T, resp *http.Response) apiError {
	t.Helper()
	var e apiError
	if strings.HasPrefix(resp.Request.URL.Path, "/s/") && resp.Request.Method == http.MethodGet {
		// A person opens /s/ links: errors are pages carrying the code.
		assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
		e = errorOfPage(t, readAll(t, resp.Body))
		require.NotEmpty(t, e.Error.Code)
		return e
	}
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	require.NoError(t, json.Unmarshal(readAll(t, resp.Body), &e))
	require.NotEmpty(t, e.Error.Code)
	require.NotEmpty(t, e.Error.Message)
	return e
}

// TestSimulateMatchesCore: for every preset, the API's streamed answer is
// byte for byte what json.Encoder makes of core.Simulate's result.
func TestSimulateMatchesCore(t *testing.T) {
	srv, _ := newServer(t)
	for _, p := range preset.All {
		t.Run(p.Key, func(t *testing.T) {
			data := presetJSON(t, p.Key)
			resp := post(t, srv.URL+"/api/simulate", data)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			got := readAll(t, resp.Body)

			sc, err := core.DecodeScenario(data)
			require.NoError(t, err)
			res, err := core.Simulate(sc, core.Options{})
			require.NoError(t, err)
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("", "  ")
			require.NoError(t, enc.Encode(res))
			if !bytes.Equal(want.Bytes(), got) {
				assert.Equal(t, want.String(), string(got), "the API answers the JSON of batchlab simulate --format json")
			}
		})
	}
}

func TestSimulateFieldErrorHasPath(t *testing.T) {
	srv, _ := newServer(t)
	resp := post(t, srv.URL+"/api/simulate", []byte(`{"version": 1, "policy": {"max_batch_size": -4}, "seed": "x"}`))
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	e := decodeError(t, resp)
	assert.Equal(t, "invalid", e.Error.Code)
	paths := []string{}
	for _, d := range e.Error.Details {
		paths = append(paths, d.Path)
	}
	assert.Contains(t, paths, "$.seed")
	assert.Contains(t, paths, "$.policy.max_batch_size")
	assert.Equal(t, e.Error.Details[0].Path, e.Error.Path)
}

func TestSimulatePromptErrorHasPath(t *testing.T) {
	srv, _ := newServer(t)
	resp := post(t, srv.URL+"/api/simulate", []byte(`{"version": 1, "prompts": ["ok", {"prompt": "x", "created_at_ms": -1}]}`))
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	e := decodeError(t, resp)
	assert.Equal(t, "$.prompts[1].created_at_ms", e.Error.Path)
}

func TestSimulateOverLimit(t *testing.T) {
	srv, _ := newServer(t)
	prompts := make([]string, web.MaxSimulateRequests+1)
	for i := range prompts {
		prompts[i] = "p"
	}
	body, err := json.Marshal(map[string]any{"version": 1, "prompts": prompts})
	require.NoError(t, err)
	resp := post(t, srv.URL+"/api/simulate", body)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	e := decodeError(t, resp)
	assert.Equal(t, "over_limit", e.Error.Code)
	assert.Equal(t, "$.prompts", e.Error.Path)

	body, err = json.Marshal(map[string]any{"version": 1, "prompts": prompts[:web.MaxSimulateRequests]})
	require.NoError(t, err)
	resp = post(t, srv.URL+"/api/simulate", body)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the limit itself is allowed")
}

func TestShareLoadOpen(t *testing.T) {
	srv, store := newServer(t)
	data := presetJSON(t, "coding-day")
	resp := post(t, srv.URL+"/api/share", data)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out struct{ ID, URL string }
	require.NoError(t, json.Unmarshal(readAll(t, resp.Body), &out))
	assert.True(t, share.ValidID(out.ID), out.ID)
	assert.Equal(t, "/s/"+out.ID, out.URL, "without a BaseURL, the link is a path")
	assert.Equal(t, "/api/share/"+out.ID, resp.Header.Get("Location"))
	assert.Equal(t, 1, store.Len())

	// Load: the canonical scenario, which decodes to the one shared.
	resp = get(t, srv.URL+"/api/share/"+out.ID)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.Contains(t, resp.Header.Get("Cache-Control"), "immutable")
	loaded := readAll(t, resp.Body)
	want, err := core.DecodeScenario(data)
	require.NoError(t, err)
	got, err := core.DecodeScenario(loaded)
	require.NoError(t, err)
	assert.Equal(t, want.Name, got.Name)
	canonical, err := share.Canonical(want)
	require.NoError(t, err)
	assert.Equal(t, string(canonical), string(loaded))

	// Open: a redirect to the playground with the scenario in the fragment.
	resp = get(t, srv.URL+"/s/"+out.ID)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	loc := resp.Header.Get("Location")
	require.True(t, strings.HasPrefix(loc, "/#v1."), loc)
	opened, err := link.Decode(strings.TrimPrefix(loc, "/"))
	require.NoError(t, err)
	openedJSON, err := share.Canonical(opened)
	require.NoError(t, err)
	assert.Equal(t, string(canonical), string(openedJSON))
}

func TestShareIsContentAddressed(t *testing.T) {
	srv, store := newServer(t)
	id := func(body string) string {
		resp := post(t, srv.URL+"/api/share", []byte(body))
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var out struct{ ID string }
		require.NoError(t, json.Unmarshal(readAll(t, resp.Body), &out))
		return out.ID
	}
	a := id(`{"version": 1, "seed": 7, "prompts": ["hello", "fix this bug"]}`)
	// Same scenario: other key order, spacing, escapes, explicit defaults.
	b := id("{\n  \"prompts\" : [\"hello\", \"fix this \\u0062ug\"],\n \"seed\": 7, \"version\": 1, \"mode\": \"timer\"}")
	c := id(`{"version": 1, "seed": 8, "prompts": ["hello", "fix this bug"]}`)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	assert.Equal(t, 2, store.Len())
}

// TestLeadingWhiteSpace: a scenario may start (and end) with white space,
// on both routes, and shares under the same id as without.
func TestLeadingWhiteSpace(t *testing.T) {
	srv, _ := newServer(t)
	const doc = `{"version": 1, "prompts": ["hello"]}`
	resp := post(t, srv.URL+"/api/simulate", []byte(" \r\n\t"+doc+"\n"))
	require.Equal(t, http.StatusOK, resp.StatusCode, string(readAll(t, resp.Body)))
	ids := map[string]bool{}
	for _, body := range []string{doc, " " + doc, "\n\t " + doc + " \n"} {
		resp := post(t, srv.URL+"/api/share", []byte(body))
		require.Equal(t, http.StatusOK, resp.StatusCode, "%q", body)
		var out struct{ ID string }
		require.NoError(t, json.Unmarshal(readAll(t, resp.Body), &out))
		ids[out.ID] = true
	}
	assert.Len(t, ids, 1)
}

func TestShareRejectsBadPrompts(t *testing.T) {
	srv, store := newServer(t)
	resp := post(t, srv.URL+"/api/share", []byte(`{"version": 1, "prompts": [""]}`))
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "$.prompts[0]", decodeError(t, resp).Error.Path)
	assert.Equal(t, 0, store.Len())
}

// TestShareURLIgnoresHost: the Host and scheme of the request never make
// the link (they used to: Host: evil.example gave http://evil.example/s/…,
// HTTP/1.0 without Host http:///s/…).
func TestShareURLIgnoresHost(t *testing.T) {
	for _, base := range []string{"", "https://batchlab.example.com"} {
		api := web.NewAPI(share.NewMemoryStore())
		api.BaseURL = base
		srv := httptest.NewServer(api)
		for _, request := range []string{
			"POST /api/share HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Proto: https\r\n",
			"POST /api/share HTTP/1.0\r\n",
		} {
			resp, body := rawExchange(t, srv.Listener.Addr().String(), request+"Content-Type: application/json\r\nContent-Length: 14\r\nConnection: close\r\n\r\n{\"version\": 1}")
			require.Equal(t, http.StatusOK, resp.StatusCode, body)
			var out struct{ ID, URL string }
			require.NoError(t, json.Unmarshal([]byte(body), &out))
			assert.Equal(t, base+"/s/"+out.ID, out.URL, request)
		}
		srv.Close()
	}
}

func TestParseBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "",
		"https://batchlab.example.com":  "https://batchlab.example.com",
		"https://batchlab.example.com/": "https://batchlab.example.com",
		"http://127.0.0.1:8080":         "http://127.0.0.1:8080",
		"https://example.com/batchlab/": "https://example.com/batchlab",
	} {
		got, err := web.ParseBaseURL(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"batchlab.example.com", "/s", "ftp://example.com", "https://", "https://u:p@example.com", "https://example.com/?a=1", "https://example.com/#x", "javascript:alert(1)", "https://exa mple.com"} {
		_, err := web.ParseBaseURL(in)
		assert.Error(t, err, in)
	}
}

func TestShareURLUsesBaseURL(t *testing.T) {
	api := web.NewAPI(share.NewMemoryStore())
	api.BaseURL = "https://batchlab.example.com/"
	srv := httptest.NewServer(api)
	defer srv.Close()
	resp := post(t, srv.URL+"/api/share", []byte(`{"version": 1}`))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out struct{ ID, URL string }
	require.NoError(t, json.Unmarshal(readAll(t, resp.Body), &out))
	assert.Equal(t, "https://batchlab.example.com/s/"+out.ID, out.URL)
}

func TestOpenLargeScenarioUsesPage(t *testing.T) {
	srv, _ := newServer(t)
	// Varied prompts that deflate poorly, so the fragment is long.
	rng := rand.New(rand.NewPCG(1, 2))
	prompts := make([]string, 1500)
	for i := range prompts {
		b := make([]byte, 40)
		for j := range b {
			b[j] = byte('a' + rng.IntN(26))
		}
		prompts[i] = string(b)
	}
	body, err := json.Marshal(map[string]any{"version": 1, "prompts": prompts})
	require.NoError(t, err)
	resp := post(t, srv.URL+"/api/share", body)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out struct{ ID string }
	require.NoError(t, json.Unmarshal(readAll(t, resp.Body), &out))
	resp = get(t, srv.URL+"/s/"+out.ID)
	page := string(readAll(t, resp.Body))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Contains(t, page, `<meta http-equiv="refresh" content="0; url=/#v1.`)
}

func TestHealthz(t *testing.T) {
	srv, _ := newServer(t)
	resp := get(t, srv.URL+"/healthz")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"status":"ok"}`, string(readAll(t, resp.Body)))
	resp = get(t, srv.URL+"/healthz") // HEAD-able too
	req, err := http.NewRequest(http.MethodHead, srv.URL+"/healthz", nil)
	require.NoError(t, err)
	head, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	head.Body.Close()
	assert.Equal(t, http.StatusOK, head.StatusCode)
}

func TestGzipBody(t *testing.T) {
	srv, _ := newServer(t)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(presetJSON(t, "burst"))
	require.NoError(t, zw.Close())
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/share", &buf)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestSecurityHeaders(t *testing.T) {
	srv, _ := newServer(t)
	for _, path := range []string{"/healthz", "/api/share/aaaaaaaaaaaa", "/nope"} {
		resp := get(t, srv.URL+path)
		assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"), path)
		assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'", path)
		assert.Equal(t, "no-referrer", resp.Header.Get("Referrer-Policy"), path)
	}
	resp := get(t, srv.URL+"/api/share/aaaaaaaaaaaa")
	assert.Equal(t, web.APIPolicy, resp.Header.Get("Content-Security-Policy"))
}

func TestPanicIsOpaque500(t *testing.T) {
	api := web.NewAPI(panicStore{})
	srv := httptest.NewServer(api)
	defer srv.Close()
	resp := get(t, srv.URL+"/api/share/aaaaaaaaaaaa")
	require.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	e := decodeError(t, resp)
	assert.Equal(t, "internal", e.Error.Code)
	assert.Equal(t, "internal error", e.Error.Message)
}

func TestStoreFailureIsOpaque500(t *testing.T) {
	api := web.NewAPI(failingStore{})
	srv := httptest.NewServer(api)
	defer srv.Close()
	resp := post(t, srv.URL+"/api/share", []byte(`{"version": 1}`))
	require.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	body := readAll(t, resp.Body)
	assert.NotContains(t, string(body), "disk on fire")
	assert.JSONEq(t, `{"error":{"code":"internal","message":"internal error"}}`, string(body))
}

func TestCollisionIs409(t *testing.T) {
	srv := httptest.NewServer(web.NewAPI(collidingStore{}))
	defer srv.Close()
	resp := post(t, srv.URL+"/api/share", []byte(`{"version": 1}`))
	require.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Equal(t, "conflict", decodeError(t, resp).Error.Code)
}

// TestDamagedShare: a stored copy whose content does not hash to its id (a
// truncated or emptied file) is a logged 500, never served nor cached, on
// both routes; sharing the scenario again repairs it.
func TestDamagedShare(t *testing.T) {
	const doc = `{"version": 1, "name": "damaged"}`
	sc, err := core.DecodeScenario([]byte(doc))
	require.NoError(t, err)
	canonical, err := share.Canonical(sc)
	require.NoError(t, err)
	id := share.ID(canonical)
	for name, damaged := range map[string][]byte{"truncated": canonical[:len(canonical)/2], "empty": nil} {
		t.Run(name, func(t *testing.T) {
			store := share.NewMemoryStore()
			_, err := store.Put(t.Context(), id, share.Share{Scenario: damaged})
			require.NoError(t, err)
			var log bytes.Buffer
			api := web.NewAPI(store)
			api.Log = slog.New(slog.NewTextHandler(&log, nil))
			srv := httptest.NewServer(web.Secure(api))
			defer srv.Close()
			for _, path := range []string{"/api/share/", "/s/"} {
				resp := get(t, srv.URL+path+id)
				assert.Equal(t, http.StatusInternalServerError, resp.StatusCode, path)
				assert.NotContains(t, resp.Header.Get("Cache-Control"), "immutable", path)
				assert.Equal(t, "internal", decodeError(t, resp).Error.Code, path)
			}
			assert.Contains(t, log.String(), "damaged share")
			assert.Contains(t, log.String(), id)

			resp := post(t, srv.URL+"/api/share", []byte(doc))
			require.Equal(t, http.StatusOK, resp.StatusCode, "a re-share repairs, not 409")
			resp = get(t, srv.URL+"/api/share/"+id)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, string(canonical), string(readAll(t, resp.Body)))
		})
	}
}

// TestSimulateEmbeddedTrace: the API takes traces in any format, embedded
// in the scenario, and names a bad row by its path, line and column.
func TestSimulateEmbeddedTrace(t *testing.T) {
	srv, _ := newServer(t)
	csv := "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:47.0000000,91,16\n"
	body, err := json.Marshal(map[string]any{"version": 1, "trace": map[string]any{"file": "a.csv", "data": csv}})
	require.NoError(t, err)
	resp := post(t, srv.URL+"/api/simulate", body)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var res struct {
		Requests []json.RawMessage `json:"requests"`
		Traffic  struct {
			Source    struct{ Format, File string } `json:"source"`
			TokenOnly int                           `json:"token_only"`
		} `json:"traffic"`
	}
	require.NoError(t, json.Unmarshal(readAll(t, resp.Body), &res))
	assert.Len(t, res.Requests, 2)
	assert.Equal(t, "azure", res.Traffic.Source.Format)
	assert.Equal(t, 2, res.Traffic.TokenOnly)

	bad, _ := json.Marshal(map[string]any{"version": 1, "trace": map[string]any{"data": "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,x,1\n"}})
	resp = post(t, srv.URL+"/api/simulate", bad)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	e := decodeError(t, resp)
	assert.Equal(t, "$.trace.data[0].ContextTokens", e.Error.Path)
}

// tokenTrace is a scenario holding n token-only requests, as an imported
// trace stores them.
func tokenTrace(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"version":1,"traffic":{"source":{"format":"azure","file":"big.csv"}},"prompts":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"created_at_ms":%d,"input_tokens":%d,"output_tokens":%d}`, i*7, 100+i%3000, i%500)
	}
	b.WriteString("]}")
	return b.Bytes()
}

func postGzip(t *testing.T, url string, body []byte) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(body)
	require.NoError(t, zw.Close())
	req, err := http.NewRequest(http.MethodPost, url, &buf)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// TestShareA100kTrace: a 100,000-row token-only trace can be shared
// (gzip-encoded, within core's limits); one more row gets a clear 422.
func TestShareA100kTrace(t *testing.T) {
	srv, _ := newServer(t)
	body := tokenTrace(core.MaxShareRequests)
	require.Less(t, len(body), core.MaxScenarioBytes)
	resp := postGzip(t, srv.URL+"/api/share", body)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(readAll(t, resp.Body)))

	resp = postGzip(t, srv.URL+"/api/share", tokenTrace(core.MaxShareRequests+1))
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	e := decodeError(t, resp)
	assert.Equal(t, "$.prompts", e.Error.Path)
	assert.Contains(t, e.Error.Message, "at most 100000 requests")
}

var pageError = regexp.MustCompile(`data-code="([^"]*)" data-path="([^"]*)"><h1>[^<]*</h1>\n<p id="error-message">([^<]*)</p>`)

// errorOfPage reads the code, path and message of an error page.
func errorOfPage(t *testing.T, page []byte) apiError {
	t.Helper()
	m := pageError.FindSubmatch(page)
	require.NotNil(t, m, "an error page: %s", page)
	var e apiError
	e.Error.Code, e.Error.Path, e.Error.Message = string(m[1]), string(m[2]), html.UnescapeString(string(m[3]))
	return e
}
