package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/filestore"
)

// BenchmarkAPI measures one request of each kind on the 100-prompt preset,
// in process (no network), with the file store.
func BenchmarkAPI(b *testing.B) {
	scenario := presetJSON(b, "coding-day")
	store, err := filestore.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	api := web.Secure(web.NewAPI(store))
	serve := func(method, path string, body []byte) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusSeeOther {
			b.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
		}
		return rec
	}
	rec := serve("POST", "/api/share", scenario)
	id := rec.Body.String()[7:19]
	b.Run("simulate", func(b *testing.B) {
		for b.Loop() {
			serve("POST", "/api/simulate", scenario)
		}
	})
	b.Run("share-new", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			serve("POST", "/api/share", bytes.Replace(scenario, []byte(`"seed": 1,`), fmt.Appendf(nil, `"seed": %d,`, 1000+i), 1))
		}
	})
	b.Run("share-again", func(b *testing.B) {
		for b.Loop() {
			serve("POST", "/api/share", scenario)
		}
	})
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			serve("GET", "/api/share/"+id, nil)
		}
	})
	b.Run("open", func(b *testing.B) {
		for b.Loop() {
			serve("GET", "/s/"+id, nil)
		}
	})
}
