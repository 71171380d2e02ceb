package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/share"
)

// fuzzRoutes are the API's routes the fuzzer picks from with op.
var fuzzRoutes = []struct{ method, prefix string }{
	{"POST", "/api/simulate"},
	{"POST", "/api/share"},
	{"GET", "/api/share/"},
	{"GET", "/s/"},
}

// FuzzAPI sends arbitrary bodies and ids to the API (seed corpus in
// testdata/fuzz/FuzzAPI). Whatever comes in, the answer is never a 5xx, an
// error is the JSON error shape, and a scenario that shares can be loaded
// and opened again.
func FuzzAPI(f *testing.F) {
	f.Add(uint8(1), "", []byte(`{"version": 1, "prompts": ["hello"]}`), false)
	api := web.Secure(web.NewAPI(share.NewMemoryStore()))
	f.Fuzz(func(t *testing.T, op uint8, id string, body []byte, gz bool) {
		route := fuzzRoutes[int(op)%len(fuzzRoutes)]
		target := route.prefix
		if route.method == "GET" {
			target += url.PathEscape(id)
		}
		if gz {
			body = gzipped(t, body)
		}
		req := httptest.NewRequest(route.method, target, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if gz {
			req.Header.Set("Content-Encoding", "gzip")
		}
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s: status %d: %s", route.method, target, rec.Code, rec.Body)
		}
		if rec.Code >= 400 && rec.Header().Get("Content-Type") == "text/html; charset=utf-8" {
			if route.prefix != "/s/" || !bytes.Contains(rec.Body.Bytes(), []byte(`data-code="`)) {
				t.Fatalf("%s %s: status %d with a body that is not an error page: %q", route.method, target, rec.Code, rec.Body)
			}
			return
		}
		if rec.Code >= 400 {
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("%s %s: status %d with a body that is not a JSON error: %q", route.method, target, rec.Code, rec.Body)
			}
			return
		}
		if route.prefix != "/api/share" {
			return
		}
		var out struct{ ID string }
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || !share.ValidID(out.ID) {
			t.Fatalf("share answered %q", rec.Body)
		}
		rec = httptest.NewRecorder()
		api.ServeHTTP(rec, httptest.NewRequest("GET", "/api/share/"+out.ID, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("load of a fresh share: %d %s", rec.Code, rec.Body)
		}
		if _, err := core.DecodeScenario(rec.Body.Bytes()); err != nil {
			t.Fatalf("a stored scenario does not decode: %v", err)
		}
		rec = httptest.NewRecorder()
		api.ServeHTTP(rec, httptest.NewRequest("GET", "/s/"+out.ID, nil))
		if rec.Code != http.StatusSeeOther && rec.Code != http.StatusOK {
			t.Fatalf("open of a fresh share: %d %s", rec.Code, rec.Body)
		}
	})
}
