package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web/share"
)

// TestPanicReleasesSimulationTurn: a simulation that panics answers an
// opaque 500 and gives its turn back, so the next simulation runs at once
// instead of waiting for a turn that never comes back.
func TestPanicReleasesSimulationTurn(t *testing.T) {
	api := NewAPI(share.NewMemoryStore())
	api.queue = newSimulationQueue(1) // one turn, as on a 2-CPU host
	var log bytes.Buffer
	api.Log = slog.New(slog.NewTextHandler(&log, nil))
	calls := 0
	api.simulator = func(sc *core.Scenario, opts core.Options) (*core.Result, error) {
		calls++
		if calls == 1 {
			panic("simulation bug at core/secret.go:42")
		}
		return core.Simulate(sc, opts)
	}
	request := func(ctx context.Context) *httptest.ResponseRecorder {
		r := httptest.NewRequestWithContext(ctx, http.MethodPost, "/api/simulate", strings.NewReader(`{"version": 1, "prompts": ["hello"]}`))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		api.ServeHTTP(w, r)
		return w
	}

	first := request(t.Context())
	require.Equal(t, http.StatusInternalServerError, first.Code)
	assert.JSONEq(t, `{"error":{"code":"internal","message":"internal error"}}`, first.Body.String())
	assert.NotContains(t, first.Body.String(), "secret")
	assert.Contains(t, log.String(), "core/secret.go:42", "the details go to the log")

	// A leaked turn would block this request until its deadline; the
	// deadline only bounds the test, it measures nothing.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	second := request(ctx)
	require.NoError(t, ctx.Err(), "the second simulation waited for a turn the panic never gave back")
	require.Equal(t, http.StatusOK, second.Code, second.Body.String())
	var res struct{ Requests []json.RawMessage }
	require.NoError(t, json.Unmarshal(second.Body.Bytes(), &res))
	assert.Len(t, res.Requests, 1)
	assert.Equal(t, 2, calls)
}
