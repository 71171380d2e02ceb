package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
		"message":"this scenario could make up to 420,000 calls (10,000 batches × 21 attempts × 2 with the baseline); the API makes at most 200,000: lower $.dispatch.max_retries, send fewer requests or turn off $.dispatch.baseline, or run it with `+"`batchlab simulate`"+`"}}`, w.Body.String())

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
