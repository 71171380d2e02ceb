package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/web"
)

// badRequest is one request the API must refuse with a 4xx.
type badRequest struct {
	name     string
	method   string
	path     string
	body     []byte
	header   map[string]string // Content-Type is application/json unless set ("" removes it)
	status   int
	code     string
	wantPath string // the error's path, when it names one
}

func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	require.NoError(t, err)
	_, err = zw.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func manyPrompts(t *testing.T, n int) []byte {
	t.Helper()
	prompts := make([]string, n)
	for i := range prompts {
		prompts[i] = "p"
	}
	data, err := json.Marshal(map[string]any{"version": 1, "prompts": prompts})
	require.NoError(t, err)
	return data
}

func badRequests(t *testing.T) []badRequest {
	const unknownID = "abcdefghijkl"
	js := func(s string) []byte { return []byte(s) }
	huge := append(append([]byte(`{"version": 1, "name": "`), bytes.Repeat([]byte("x"), web.MaxBodyBytes)...), '"', '}')
	bomb := gzipped(t, append(append([]byte(`{"version": 1, "name": "`), bytes.Repeat([]byte(" "), 4*web.MaxBodyBytes)...), '"', '}'))
	deep := `{"version": 1, "name": ` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`
	gz := map[string]string{"Content-Encoding": "gzip"}
	return []badRequest{
		// Malformed JSON.
		{name: "malformed JSON", method: "POST", path: "/api/simulate", body: js(`{"version": 1,`), status: 400, code: "invalid", wantPath: "$"},
		{name: "trailing garbage", method: "POST", path: "/api/simulate", body: js(`{"version": 1} {}`), status: 400, code: "invalid", wantPath: "$"},
		{name: "empty body", method: "POST", path: "/api/simulate", body: nil, status: 400, code: "invalid", wantPath: "$"},
		{name: "white space only", method: "POST", path: "/api/share", body: js(" \n\t\r\n"), status: 400, code: "invalid", wantPath: "$"},
		{name: "null after white space", method: "POST", path: "/api/simulate", body: js(" \n null "), status: 400, code: "invalid", wantPath: "$"},
		{name: "byte order mark", method: "POST", path: "/api/share", body: js("\ufeff{\"version\": 1}"), status: 400, code: "invalid", wantPath: "$"},
		{name: "binary body", method: "POST", path: "/api/share", body: []byte{0, 1, 2, 0xff, 0xfe}, status: 400, code: "invalid", wantPath: "$"},
		{name: "nesting too deep", method: "POST", path: "/api/simulate", body: js(deep), status: 400, code: "invalid"},
		{name: "malformed JSON on share", method: "POST", path: "/api/share", body: js(`{"version": 1, "prompts": [}`), status: 400, code: "invalid", wantPath: "$"},
		// Wrong types and values.
		{name: "array instead of object", method: "POST", path: "/api/simulate", body: js(`[]`), status: 400, code: "invalid", wantPath: "$"},
		{name: "null document", method: "POST", path: "/api/share", body: js(`null`), status: 400, code: "invalid", wantPath: "$"},
		{name: "string document", method: "POST", path: "/api/simulate", body: js(`"scenario"`), status: 400, code: "invalid", wantPath: "$"},
		{name: "version as string", method: "POST", path: "/api/simulate", body: js(`{"version": "1"}`), status: 400, code: "invalid", wantPath: "$.version"},
		{name: "missing version", method: "POST", path: "/api/share", body: js(`{}`), status: 400, code: "invalid", wantPath: "$.version"},
		{name: "newer version", method: "POST", path: "/api/share", body: js(`{"version": 99}`), status: 400, code: "invalid", wantPath: "$.version"},
		{name: "negative seed", method: "POST", path: "/api/simulate", body: js(`{"version": 1, "seed": -1}`), status: 400, code: "invalid", wantPath: "$.seed"},
		{name: "unknown mode", method: "POST", path: "/api/simulate", body: js(`{"version": 1, "mode": "fast"}`), status: 400, code: "invalid", wantPath: "$.mode"},
		{name: "unknown field", method: "POST", path: "/api/share", body: js(`{"version": 1, "bogus": true}`), status: 400, code: "invalid", wantPath: "$.bogus"},
		{name: "zero batch size", method: "POST", path: "/api/simulate", body: js(`{"version": 1, "policy": {"max_batch_size": 0}}`), status: 400, code: "invalid", wantPath: "$.policy.max_batch_size"},
		{name: "model not an object", method: "POST", path: "/api/simulate", body: js(`{"version": 1, "catalog": {"models": [42]}}`), status: 400, code: "invalid", wantPath: "$.catalog.models[0]"},
		{name: "empty replaced catalog", method: "POST", path: "/api/share", body: js(`{"version": 1, "catalog": {"replace": true}}`), status: 400, code: "invalid", wantPath: "$.catalog.models"},
		{name: "prompts not an array", method: "POST", path: "/api/simulate", body: js(`{"version": 1, "prompts": "hello"}`), status: 400, code: "invalid", wantPath: "$.prompts"},
		{name: "prompt of wrong type", method: "POST", path: "/api/simulate", body: js(`{"version": 1, "prompts": [1]}`), status: 400, code: "invalid", wantPath: "$.prompts[0]"},
		{name: "arrival time as text", method: "POST", path: "/api/simulate", body: js(`{"version": 1, "prompts": [{"prompt": "x", "created_at_ms": "soon"}]}`), status: 400, code: "invalid", wantPath: "$.prompts[0].created_at_ms"},
		{name: "duplicate request ids", method: "POST", path: "/api/simulate", body: js(`{"version": 1, "prompts": [{"request_id": "a", "prompt": "x"}, {"request_id": "a", "prompt": "y"}]}`), status: 400, code: "invalid", wantPath: "$.prompts[1].request_id"},
		{name: "empty prompt on share", method: "POST", path: "/api/share", body: js(`{"version": 1, "prompts": [""]}`), status: 400, code: "invalid", wantPath: "$.prompts[0]"},
		{name: "unknown selected model", method: "POST", path: "/api/share", body: js(`{"version": 1, "prompts": [{"prompt": "x", "selected_model": "nope"}]}`), status: 400, code: "invalid", wantPath: "$.prompts[0].selected_model"},
		// Sizes and limits.
		{name: "body over 1 MiB", method: "POST", path: "/api/simulate", body: huge, status: 413, code: "too_large"},
		{name: "share over 1 MiB", method: "POST", path: "/api/share", body: huge, status: 413, code: "too_large"},
		{name: "gzip bomb", method: "POST", path: "/api/share", body: bomb, header: gz, status: 413, code: "too_large"},
		{name: "damaged gzip", method: "POST", path: "/api/simulate", body: js(`{"version": 1}`), header: gz, status: 400, code: "invalid"},
		{name: "truncated gzip", method: "POST", path: "/api/simulate", body: gzipped(t, js(`{"version": 1, "name": "cut short"}`))[:20], header: gz, status: 400, code: "invalid"},
		{name: "too many requests to simulate", method: "POST", path: "/api/simulate", body: manyPrompts(t, web.MaxSimulateRequests+1), status: 422, code: "over_limit", wantPath: "$.prompts"},
		// Media types.
		{name: "brotli encoding", method: "POST", path: "/api/simulate", body: js(`{"version": 1}`), header: map[string]string{"Content-Encoding": "br"}, status: 415, code: "unsupported_media_type"},
		{name: "text/plain", method: "POST", path: "/api/share", body: js(`{"version": 1}`), header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"},
		{name: "form post", method: "POST", path: "/api/simulate", body: js(`version=1`), header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, status: 415, code: "unsupported_media_type"},
		{name: "no content type", method: "POST", path: "/api/share", body: js(`{"version": 1}`), header: map[string]string{"Content-Type": ""}, status: 415, code: "unsupported_media_type"},
		{name: "unparsable content type", method: "POST", path: "/api/share", body: js(`{"version": 1}`), header: map[string]string{"Content-Type": "application/json; ="}, status: 415, code: "unsupported_media_type"},
		// Lifetimes of shares.
		{name: "expiry under an hour", method: "POST", path: "/api/share?expires_in=30m", body: js(`{"version": 1}`), status: 400, code: "invalid", wantPath: "expires_in"},
		{name: "expiry of zero hours", method: "POST", path: "/api/share?expires_in=0h", body: js(`{"version": 1}`), status: 400, code: "invalid", wantPath: "expires_in"},
		{name: "expiry over a year", method: "POST", path: "/api/share?expires_in=366d", body: js(`{"version": 1}`), status: 400, code: "invalid", wantPath: "expires_in"},
		{name: "expiry without unit", method: "POST", path: "/api/share?expires_in=7", body: js(`{"version": 1}`), status: 400, code: "invalid", wantPath: "expires_in"},
		{name: "expiry in weeks", method: "POST", path: "/api/share?expires_in=1w", body: js(`{"version": 1}`), status: 400, code: "invalid", wantPath: "expires_in"},
		{name: "fractional expiry", method: "POST", path: "/api/share?expires_in=1.5d", body: js(`{"version": 1}`), status: 400, code: "invalid", wantPath: "expires_in"},
		{name: "negative expiry", method: "POST", path: "/api/share?expires_in=-1d", body: js(`{"version": 1}`), status: 400, code: "invalid", wantPath: "expires_in"},
		{name: "empty expiry", method: "POST", path: "/api/share?expires_in=", body: js(`{"version": 1}`), status: 400, code: "invalid", wantPath: "expires_in"},
		{name: "expiry as a date", method: "POST", path: "/api/share?expires_in=2030-01-01", body: js(`{"version": 1}`), status: 400, code: "invalid", wantPath: "expires_in"},
		{name: "expiry given twice", method: "POST", path: "/api/share?expires_in=1d&expires_in=2d", body: js(`{"version": 1}`), status: 400, code: "invalid", wantPath: "expires_in"},
		{name: "huge expiry", method: "POST", path: "/api/share?expires_in=99999999999999999999d", body: js(`{"version": 1}`), status: 400, code: "invalid", wantPath: "expires_in"},
		// Ids.
		{name: "unknown id", method: "GET", path: "/api/share/" + unknownID, status: 404, code: "not_found", wantPath: "id"},
		{name: "unknown id on /s", method: "GET", path: "/s/" + unknownID, status: 404, code: "not_found", wantPath: "id"},
		{name: "id too short", method: "GET", path: "/api/share/abc", status: 400, code: "invalid", wantPath: "id"},
		{name: "id too long", method: "GET", path: "/api/share/" + unknownID + "a", status: 400, code: "invalid", wantPath: "id"},
		{name: "id in capitals", method: "GET", path: "/api/share/ABCDEFGHIJKL", status: 400, code: "invalid", wantPath: "id"},
		{name: "id with dots", method: "GET", path: "/s/abcdefghij..", status: 400, code: "invalid", wantPath: "id"},
		{name: "id with digits 0 and 1", method: "GET", path: "/api/share/abcdefghij01", status: 400, code: "invalid", wantPath: "id"},
		{name: "escaped slash in id", method: "GET", path: "/api/share/..%2f..%2fetc", status: 400, code: "invalid", wantPath: "id"},
		// Routes and methods.
		{name: "unknown API route", method: "GET", path: "/api/nothing", status: 404, code: "not_found"},
		{name: "share without id", method: "GET", path: "/api/share/", status: 404, code: "not_found"},
		{name: "nested share path", method: "GET", path: "/api/share/" + unknownID + "/x", status: 404, code: "not_found"},
		{name: "GET simulate", method: "GET", path: "/api/simulate", status: 405, code: "method_not_allowed"},
		{name: "PUT share", method: "PUT", path: "/api/share", body: js(`{"version": 1}`), status: 405, code: "method_not_allowed"},
		{name: "GET share collection", method: "GET", path: "/api/share", status: 405, code: "method_not_allowed"},
		{name: "DELETE a share", method: "DELETE", path: "/api/share/" + unknownID, status: 405, code: "method_not_allowed"},
		{name: "POST a short link", method: "POST", path: "/s/" + unknownID, body: js(`{}`), status: 405, code: "method_not_allowed"},
		{name: "POST healthz", method: "POST", path: "/healthz", status: 405, code: "method_not_allowed"},
	}
}

// TestBadRequests sends each bad request and checks the status, the code
// and the path of the JSON error — and that no bad request gets a 5xx.
func TestBadRequests(t *testing.T) {
	srv, store := newServer(t)
	cases := badRequests(t)
	require.GreaterOrEqual(t, len(cases), 30)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, bytes.NewReader(tc.body))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/json")
			for k, v := range tc.header {
				if v == "" {
					req.Header.Del(k)
				} else {
					req.Header.Set(k, v)
				}
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			require.Less(t, resp.StatusCode, 500, "never a 5xx")
			require.Equal(t, tc.status, resp.StatusCode)
			e := decodeError(t, resp)
			assert.Equal(t, tc.code, e.Error.Code, e.Error.Message)
			if tc.wantPath != "" {
				assert.Equal(t, tc.wantPath, e.Error.Path, e.Error.Message)
			}
			if tc.status == http.StatusMethodNotAllowed {
				assert.NotEmpty(t, resp.Header.Get("Allow"))
			}
		})
	}
	assert.Equal(t, 0, store.Len(), "no bad request stored anything")
}
