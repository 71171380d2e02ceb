package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web/share"
)

// simulate answers POST /api/simulate with body on api, for a client
// that stays while ctx lasts.
func simulate(ctx context.Context, api http.Handler, body []byte) *httptest.ResponseRecorder {
	r := httptest.NewRequestWithContext(ctx, http.MethodPost, "/api/simulate", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	api.ServeHTTP(w, r)
	return w
}

// TestSimulateOverAttemptLimit: the 10,000-prompt retry storm of issue 11
// (a 124 MB answer, 14 s of CPU) is refused before it runs, naming the
// settings to lower.
func TestSimulateOverAttemptLimit(t *testing.T) {
	api := NewAPI(share.NewMemoryStore())
	w := simulate(t.Context(), api, retryStorm(10_000, 20))
	require.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.JSONEq(t, `{"error":{"code":"over_limit","path":"$.dispatch.max_retries",
		"message":"this scenario could make up to 420,000 calls (10,000 batches × 21 attempts × 2 with the baseline); the API makes at most 80,000: lower $.dispatch.max_retries, send fewer requests or turn off $.dispatch.baseline, or run it with `+"`batchlab simulate`"+`"}}`, w.Body.String())

	assert.Equal(t, http.StatusUnprocessableEntity, simulate(t.Context(), api, retryStorm(maxStorm+1, 20)).Code)
	w = simulate(t.Context(), api, retryStorm(maxStorm, 20))
	require.Equal(t, http.StatusOK, w.Code, "the limit itself is allowed")
	var res struct{ Attempts []json.RawMessage }
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &res))
	assert.Len(t, res.Attempts, maxStorm*21, "every call fails until its last retry")
}

// countingWriter is a ResponseWriter that counts the bytes of the body and
// keeps none.
type countingWriter struct {
	header http.Header
	status int
	n      int64
}

func (w *countingWriter) Header() http.Header { return w.header }

func (w *countingWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	n, err := io.Discard.Write(p)
	w.n += int64(n)
	return n, err
}

// worstShare is the costliest share under the limits: core.MaxShareRequests
// prompts whose text fills the decompressed limit, core.MaxScenarioBytes,
// made of words (JSON string bodies, escapes allowed).
func worstShare(words []string) []byte {
	n := core.MaxShareRequests
	per := core.MaxScenarioBytes/n - len(`{"prompt":"","created_at_ms":0000000},`) - 16
	var b bytes.Buffer
	b.WriteString(`{"version":1,"prompts":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"prompt":"%d `, i)
		for j, w := 0, 0; j < per; j += len(words[w]) {
			w = (i + j) % len(words)
			b.WriteString(words[w])
		}
		fmt.Fprintf(&b, `","created_at_ms":%d}`, i*10)
	}
	b.WriteString("]}")
	return b.Bytes()
}

// BenchmarkWorstRequests measures the costliest requests the documented
// limits allow, in process: the largest retry storm (see
// BenchmarkSimulationCost), and the largest share — stored, loaded and
// opened through its short link.
func BenchmarkWorstRequests(b *testing.B) {
	gzipped := func(plain []byte) []byte {
		var zipped bytes.Buffer
		zw := gzip.NewWriter(&zipped)
		zw.Write(plain)
		zw.Close()
		b.Logf("share: %.1f MB, %.1f MB gzipped", float64(len(plain))/1e6, float64(zipped.Len())/1e6)
		return zipped.Bytes()
	}
	body := gzipped(worstShare(plainWords))
	// Every string escaped: the canonical form re-encodes each one.
	escaped := gzipped(worstShare([]string{`say \"hi\"\n`, `tab\t `, `\u00e9t\u00e9 `, `a\/b `}))
	api := NewAPI(share.NewMemoryStore())
	serve := func(method, path string, body []byte) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		if method == "POST" {
			r.Header.Set("Content-Encoding", "gzip")
		}
		w := httptest.NewRecorder()
		api.ServeHTTP(w, r)
		if w.Code != http.StatusOK && w.Code != http.StatusSeeOther {
			b.Fatalf("%s %s: %d %.300s", method, path, w.Code, w.Body)
		}
		return w
	}
	var id string
	share := func(body []byte) func(b *testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				w := serve("POST", "/api/share", body)
				var out struct{ ID string }
				if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
					b.Fatal(err)
				}
				id = out.ID
			}
		}
	}
	b.Run("share-escaped", share(escaped))
	b.Run("share", share(body))
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

// plainWords make the prompts of the largest share without escapes.
var plainWords = []string{"summarise ", "the ", "ticket ", "and ", "reply ", "politely ", "with ", "code "}
