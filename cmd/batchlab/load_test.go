package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/wasm/preset"
)

// Load test settings: 100 clients for 20 s, unless BATCHLAB_LOAD_DURATION
// (a Go duration) says otherwise.
const (
	loadClients  = 100
	loadDuration = 20 * time.Second
	// loadGoalP99 is the goal for share and load: p99 at most 50 ms.
	loadGoalP99 = 50 * time.Millisecond
)

// loadOps are the three kinds of request each client cycles through.
var loadOps = []string{"share", "load", "simulate"}

// TestLoad runs `make loadtest`: 100 concurrent clients for 20 s against a
// `batchlab serve` process on loopback, each cycling through share (a new
// variant of the 100-prompt preset "coding-day" every time, so every share
// writes a file), load (GET /api/share/{id}) and simulate (the preset). It
// prints requests/s, p50/p99 per kind and errors, and wants zero errors and
// p99 ≤ 50 ms for share and load. It runs only with BATCHLAB_LOADTEST=1.
func TestLoad(t *testing.T) {
	if os.Getenv("BATCHLAB_LOADTEST") != "1" {
		t.Skip("the load test runs with `make loadtest` (BATCHLAB_LOADTEST=1)")
	}
	duration := loadDuration
	if d := os.Getenv("BATCHLAB_LOAD_DURATION"); d != "" {
		var err error
		duration, err = time.ParseDuration(d)
		require.NoError(t, err)
	}
	scenario, err := preset.Raw("coding-day")
	require.NoError(t, err)
	require.Contains(t, string(scenario), `"seed": 1,`)
	s := startServe(t, t.TempDir())
	id, _ := shareScenario(t, s.base, scenario)

	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: loadClients, MaxConnsPerHost: loadClients},
	}
	type sample struct {
		op  int
		dur time.Duration
		err string
	}
	results := make([][]sample, loadClients)
	deadline := time.Now().Add(duration)
	start := time.Now()
	var wg sync.WaitGroup
	for c := range loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				op := (c + i) % len(loadOps)
				var req *http.Request
				switch loadOps[op] {
				case "share":
					variant := bytes.Replace(scenario, []byte(`"seed": 1,`), fmt.Appendf(nil, `"seed": %d,`, 1000+c*1_000_000+i), 1)
					req, _ = http.NewRequest("POST", s.base+"/api/share", bytes.NewReader(variant))
					req.Header.Set("Content-Type", "application/json")
				case "load":
					req, _ = http.NewRequest("GET", s.base+"/api/share/"+id, nil)
				case "simulate":
					req, _ = http.NewRequest("POST", s.base+"/api/simulate", bytes.NewReader(scenario))
					req.Header.Set("Content-Type", "application/json")
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				var msg string
				if err != nil {
					msg = err.Error()
				} else {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					switch {
					case err != nil:
						msg = err.Error()
					case resp.StatusCode != http.StatusOK:
						msg = resp.Status
					}
				}
				results[c] = append(results[c], sample{op: op, dur: time.Since(t0), err: msg})
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	durs := make([][]time.Duration, len(loadOps))
	errs := map[string]int{}
	total, failed := 0, 0
	for _, rs := range results {
		for _, r := range rs {
			total++
			durs[r.op] = append(durs[r.op], r.dur)
			if r.err != "" {
				failed++
				errs[r.err]++
			}
		}
	}
	var report strings.Builder
	fmt.Fprintf(&report, "load test: %d clients, %s, %d requests, %.0f requests/s, %d errors\n",
		loadClients, elapsed.Round(time.Millisecond), total, float64(total)/elapsed.Seconds(), failed)
	fmt.Fprintf(&report, "%-9s %9s %8s %9s %9s %9s\n", "kind", "requests", "req/s", "p50", "p99", "max")
	p99 := make([]time.Duration, len(loadOps))
	for op, ds := range durs {
		slices.Sort(ds)
		if len(ds) == 0 {
			continue
		}
		p99[op] = quantile(ds, 0.99)
		fmt.Fprintf(&report, "%-9s %9d %8.0f %9s %9s %9s\n", loadOps[op], len(ds), float64(len(ds))/elapsed.Seconds(),
			ms(quantile(ds, 0.50)), ms(p99[op]), ms(ds[len(ds)-1]))
	}
	for msg, n := range errs {
		fmt.Fprintf(&report, "error %q × %d\n", msg, n)
	}
	fmt.Print(report.String())
	assert.Zero(t, failed, "errors")
	assert.LessOrEqual(t, p99[0], loadGoalP99, "share p99")
	assert.LessOrEqual(t, p99[1], loadGoalP99, "load p99")
}

// quantile returns the q-quantile of sorted durations (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}
