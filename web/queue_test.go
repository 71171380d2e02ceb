package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/batchlab/batchlab/web/share"
)

// retryStorm is the costliest dispatch of issue 11: n prompts sent one per
// call through one global slot, every reply failing to parse, each call
// tried 1 + retries times, and the baseline too.
func retryStorm(n, retries int) []byte {
	prompts := make([]string, n)
	for i := range prompts {
		prompts[i] = fmt.Sprintf(`"Summarise support ticket %d in two sentences."`, i)
	}
	return fmt.Appendf(nil, `{"version":1,"policy":{"max_batch_size":1,"model_tuning":false},
		"dispatch":{"slots":"global","concurrency":1,"max_retries":%d,"stop_on_exhaustion":false,
			"failures":{"parse_base":1}},
		"prompts":[%s]}`, retries, strings.Join(prompts, ","))
}

// maxStorm is the largest retry storm of 20 retries under core.MaxAttempts.
var maxStorm = core.MaxAttempts / (2 * 21)

// costOf is the estimate the queue makes for body.
func costOf(t *testing.T, body []byte) time.Duration {
	sc, err := decodeScenario(body)
	require.NoError(t, err)
	cost, err := simulationCost(sc, len(body))
	require.NoError(t, err)
	return cost
}

// blockedAPI is an API with one turn whose simulations wait for release,
// and which counts those that started and the cancellations they saw.
type blockedAPI struct {
	*API
	release   chan struct{}
	mu        sync.Mutex
	started   int
	cancelled int
}

func newBlockedAPI() *blockedAPI {
	b := &blockedAPI{API: NewAPI(share.NewMemoryStore()), release: make(chan struct{})}
	b.queue = newSimulationQueue(1)
	b.simulator = func(sc *core.Scenario, opts core.Options) (*core.Result, error) {
		b.mu.Lock()
		b.started++
		b.mu.Unlock()
		select {
		case <-b.release:
			sc.Prompts = json.RawMessage(`["hello"]`) // a small answer
			return core.Simulate(sc, opts)
		case <-opts.Done:
			b.mu.Lock()
			b.cancelled++
			b.mu.Unlock()
			return nil, core.ErrCancelled
		}
	}
	return b
}

// pending returns the queue's estimate of the work admitted.
func (b *blockedAPI) pending() time.Duration {
	b.queue.mu.Lock()
	defer b.queue.mu.Unlock()
	return b.queue.pending
}

// eventually waits (briefly: the handlers run in goroutines) until cond.
func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	require.Eventually(t, cond, 5*time.Second, time.Millisecond)
}

// TestQueueRefusesByExpectedWait fills the queue with heavy simulations
// that cannot finish: the ones that would wait more than
// MaxSimulationWait get 503 at once, with Retry-After, and so does a
// one-prompt simulation behind them; those admitted all get their answer.
func TestQueueRefusesByExpectedWait(t *testing.T) {
	b := newBlockedAPI()
	heavy := retryStorm(maxStorm, 20)
	cost := costOf(t, heavy)
	admitted := int(MaxSimulationWait/cost) + 1
	require.Greater(t, admitted, 2, "the test wants a few heavy simulations in the queue")

	var wg sync.WaitGroup
	codes := make([]int, admitted)
	for i := range admitted {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = simulate(t.Context(), b, heavy).Code
		}()
		eventually(t, func() bool { return b.pending() == time.Duration(i+1)*cost })
	}

	refused := simulate(t.Context(), b, heavy)
	require.Equal(t, http.StatusServiceUnavailable, refused.Code, refused.Body.String())
	wait := time.Duration(admitted) * cost
	retry := fmt.Sprint(int((wait + time.Second - 1) / time.Second))
	assert.Equal(t, retry, refused.Header().Get("Retry-After"))
	assert.JSONEq(t, `{"error":{"code":"busy","message":"the server is busy: the simulations already queued need about `+retry+` s; try again in `+retry+` s"}}`, refused.Body.String())

	small := simulate(t.Context(), b, []byte(`{"version":1,"prompts":["hi"]}`))
	assert.Equal(t, http.StatusServiceUnavailable, small.Code, "a cheap simulation waits behind the same queue")

	close(b.release)
	wg.Wait()
	for i, code := range codes {
		assert.Equal(t, http.StatusOK, code, "admitted simulation %d", i)
	}
	assert.Zero(t, b.pending(), "every admitted simulation counts itself out")
	assert.Equal(t, http.StatusOK, simulate(t.Context(), b, heavy).Code, "an empty queue admits again")
}

// TestQueueForgetsClientsThatLeave: a client that leaves while its
// simulation waits or runs frees its place, and the running simulation
// sees the cancellation.
func TestQueueForgetsClientsThatLeave(t *testing.T) {
	b := newBlockedAPI()
	body := retryStorm(100, 20)
	cost := costOf(t, body)

	ctxRunning, leaveRunning := context.WithCancel(t.Context())
	ctxWaiting, leaveWaiting := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	answers := make([]*httptest.ResponseRecorder, 2)
	for i, ctx := range []context.Context{ctxRunning, ctxWaiting} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = simulate(ctx, b, body)
		}()
		eventually(t, func() bool { return b.pending() == time.Duration(i+1)*cost })
	}
	eventually(t, func() bool { b.mu.Lock(); defer b.mu.Unlock(); return b.started == 1 })

	leaveWaiting()
	eventually(t, func() bool { return b.pending() == cost })
	leaveRunning()
	wg.Wait()
	assert.Zero(t, b.pending())
	assert.Equal(t, 1, b.started, "the simulation that waited never ran")
	assert.Equal(t, 1, b.cancelled, "the running simulation saw its client leave")
	for _, w := range answers {
		assert.Zero(t, w.Body.Len(), "nobody is there to read an answer")
	}
}

func TestSimulationCost(t *testing.T) {
	small := []byte(`{"version":1,"prompts":["hi"]}`)
	heavy := retryStorm(maxStorm, 20)
	assert.Less(t, 100*costOf(t, small), costOf(t, heavy))
	assert.Greater(t, costOf(t, heavy), 9*costOf(t, retryStorm(maxStorm/10, 20)), "linear in the requests")
	calm := bytes.Replace(heavy, []byte(`"parse_base":1`), []byte(`"parse_base":0`), 1)
	assert.Less(t, costOf(t, calm), costOf(t, heavy)/5, "retries weigh only with failures")
}

// tenThousandPrompts is the coding-day preset with its prompts repeated to
// MaxSimulateRequests, at the preset's settings (dispatch without
// failures).
func tenThousandPrompts(b *testing.B) []byte {
	data, err := preset.Raw("coding-day")
	require.NoError(b, err)
	var doc map[string]any
	require.NoError(b, json.Unmarshal(data, &doc))
	prompts := doc["prompts"].([]any)
	var many []any
	for i := 0; len(many) < MaxSimulateRequests; i++ {
		p := maps.Clone(prompts[i%len(prompts)].(map[string]any))
		p["request_id"] = fmt.Sprintf("r%d", i)
		many = append(many, p)
	}
	doc["prompts"] = many
	out, err := json.Marshal(doc)
	require.NoError(b, err)
	return out
}

// BenchmarkSimulationCost calibrates the cost model: each case runs POST
// /api/simulate (decoding, simulating, encoding the answer to a writer
// that keeps nothing) and reports the model's estimate over the time
// measured, which should stay at or above 1 (the constants are rounded
// up), and the size of the answer. worst-storm is the costliest scenario
// the API accepts: 1,904 prompts, 79,968 attempts.
func BenchmarkSimulationCost(b *testing.B) {
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"one-prompt", []byte(`{"version":1,"prompts":["hi"]}`)},
		{"10k-prompts", tenThousandPrompts(b)},
		{"worst-storm", retryStorm(maxStorm, 20)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			api := NewAPI(nil)
			sc, err := decodeScenario(tc.body)
			require.NoError(b, err)
			cost, err := simulationCost(sc, len(tc.body))
			require.NoError(b, err)
			var size int64
			start := time.Now()
			for b.Loop() {
				r := httptest.NewRequest(http.MethodPost, "/api/simulate", bytes.NewReader(tc.body))
				r.Header.Set("Content-Type", "application/json")
				w := &countingWriter{header: http.Header{}}
				api.ServeHTTP(w, r)
				if w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
				size = w.n
			}
			b.ReportMetric(float64(cost)/float64(time.Since(start)/time.Duration(b.N)), "estimate/actual")
			b.ReportMetric(float64(size)/1e6, "MB/answer")
		})
	}
}
