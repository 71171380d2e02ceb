package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web/share"
	"github.com/batchlab/batchlab/web/share/link"
)

// MaxSimulateRequests is the most requests (prompts) POST /api/simulate
// runs (core's table of limits); larger scenarios get 422 over_limit. The
// command line has no such limit. At this size (10,000 of the coding-day
// preset's prompts: 0.7 MB) the simulation itself takes a few tens of
// milliseconds, but its result is about 10 MB of JSON, whose encoding
// takes a few hundred: the answer is streamed as it is encoded
// ((*core.Result).WriteJSON). The dispatch is bounded too: at most
// core.MaxAttempts calls in the worst case (core.Dispatch.WorstCase).
const MaxSimulateRequests = core.MaxSimulateRequests

// MaxRedirectFragment is the longest share-link fragment GET /s/{id} sends
// in a Location header; longer ones (scenarios with large prompts) go out in
// a small HTML page that forwards with <meta http-equiv="refresh">, because
// browsers and proxies limit the size of response headers.
const MaxRedirectFragment = 16 << 10

// An API serves batchlab's JSON API and its short links:
//
//	POST /api/simulate     scenario → result (the JSON of `batchlab simulate --format json`)
//	POST /api/share        scenario → {"id", "url", "expires_at"}; ?expires_in=7d sets its lifetime;
//	                       url is BaseURL + "/s/" + id, a path when BaseURL is empty
//	GET  /api/share/{id}   → the shared scenario (canonical JSON)
//	GET  /s/{id}           → the playground opened on that scenario
//	GET  /healthz          → {"status": "ok"}
//
// Every error is JSON: {"error": {"code", "message", "path"}} (see Error).
type API struct {
	// Store keeps the shared scenarios.
	Store share.Store
	// BaseURL is what the share links POST /api/share returns start with,
	// e.g. "https://batchlab.example.com" (see ParseBaseURL); empty means
	// the links are paths (/s/ID), which the page makes absolute. The
	// request's Host and scheme are never used: a client (or a proxy) could
	// put anything there.
	BaseURL string
	// ShareTTL is how long a share lives when POST /api/share asks for no
	// lifetime (expires_in), and the longest it may ask for; 0 means shares
	// never expire unless they ask to. See share.ParseTTL for the bounds.
	ShareTTL time.Duration
	// Now returns the current time, for expiries; nil means time.Now.
	Now func() time.Time
	// Log receives internal errors; nil means slog.Default().
	Log *slog.Logger

	mux *http.ServeMux
	// queue admits and runs the simulations.
	queue *simulationQueue
	// simulator runs a simulation: core.Simulate, or a stand-in in tests.
	simulator func(*core.Scenario, core.Options) (*core.Result, error)
}

// NewAPI returns the API over store. It runs at most half as many
// simulations at a time as there are CPUs (at least one).
func NewAPI(store share.Store) *API {
	a := &API{
		Store:     store,
		queue:     newSimulationQueue(max(1, runtime.GOMAXPROCS(0)/2)),
		simulator: core.Simulate,
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/simulate", only(http.MethodPost, a.simulate))
	mux.HandleFunc("/api/share", only(http.MethodPost, a.share))
	mux.HandleFunc("/api/share/{id}", only(http.MethodGet, a.loadShare))
	mux.HandleFunc("/s/{id}", only(http.MethodGet, a.open))
	mux.HandleFunc("/healthz", only(http.MethodGet, a.health))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		a.Fail(w, r, &Error{Code: CodeNotFound, Message: fmt.Sprintf("no such route: %s", truncate(r.URL.Path, 80))})
	})
	a.mux = mux
	return a
}

// ServeHTTP routes r, answering a panic with a 500 that shows no internals.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			a.Fail(w, r, fmt.Errorf("panic: %v", v))
		}
	}()
	a.mux.ServeHTTP(w, r)
}

// only serves h for method (and HEAD with GET), 405 for others.
func only(method string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == method || method == http.MethodGet && r.Method == http.MethodHead {
			h(w, r)
			return
		}
		allow := method
		if method == http.MethodGet {
			allow = "GET, HEAD"
		}
		w.Header().Set("Allow", allow)
		writeError(w, r, slog.Default(), &Error{Code: CodeMethodNotAllowed, Message: fmt.Sprintf("%s takes %s, not %s", r.URL.Path, allow, truncate(r.Method, 20))})
	}
}

func (a *API) log() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.Default()
}

func (a *API) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// Fail answers r with err as the API answers every error (see Error): an
// error that is not the client's is a 500 "internal error" whose details
// go only to the log.
func (a *API) Fail(w http.ResponseWriter, r *http.Request, err error) {
	writeError(w, r, a.log(), err)
}

// readScenario reads and validates the scenario in the body of r.
func (a *API) readScenario(w http.ResponseWriter, r *http.Request) (*core.Scenario, error) {
	data, err := readBody(w, r)
	if err != nil {
		return nil, err
	}
	return decodeScenario(data)
}

// decodeScenario decodes and validates a scenario document.
func decodeScenario(data []byte) (*core.Scenario, error) {
	if string(bytes.TrimSpace(data)) == "null" {
		// The core reads null as "all defaults"; a request needs a document.
		return nil, &Error{Code: CodeInvalid, Path: "$", Message: "want a scenario object, got null"}
	}
	return core.DecodeScenario(data)
}

func (a *API) simulate(w http.ResponseWriter, r *http.Request) {
	data, err := readBody(w, r)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	sc, err := decodeScenario(data)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	cost, err := simulationCost(sc, len(data))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	res, err := a.runSimulation(r.Context(), sc, cost)
	if errors.Is(err, core.ErrCancelled) || r.Context().Err() != nil {
		return // the client has gone
	}
	if err != nil {
		var busy *busyError
		if errors.As(err, &busy) {
			w.Header().Set("Retry-After", strconv.Itoa(busy.retryAfter))
		}
		a.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	// Written as it is encoded, as slow as the client, out of any turn;
	// a failed write means the client has gone.
	_ = res.WriteJSON(w, "  ")
}

// runSimulation simulates sc in its turn, if the queue admits a
// simulation of that cost (else a *busyError). It
// gives the turn back when it returns, even by a panic (which ServeHTTP
// answers with a 500), and stops when ctx ends (ErrCancelled).
func (a *API) runSimulation(ctx context.Context, sc *core.Scenario, cost time.Duration) (*core.Result, error) {
	if err := a.queue.admit(cost); err != nil {
		return nil, err
	}
	defer a.queue.done(cost)
	if !a.queue.take(ctx) {
		return nil, core.ErrCancelled
	}
	defer a.queue.give()
	// The body is not read again: the decoder takes it over.
	return a.simulator(sc, core.Options{Done: ctx.Done(), ConsumePrompts: true})
}

// shareResponse is the body of a successful POST /api/share.
type shareResponse struct {
	ID  string `json:"id"`
	URL string `json:"url"`
	// ExpiresAt is when the share stops being served (RFC 3339, UTC), or
	// null when never. It may be later than asked for: the same scenario
	// shared before for longer keeps the longer lifetime.
	ExpiresAt *time.Time `json:"expires_at"`
}

// shareTTL returns the lifetime POST /api/share asks for in its query
// (expires_in), else ShareTTL; no longer than ShareTTL when that is set.
func (a *API) shareTTL(r *http.Request) (time.Duration, error) {
	ttl := a.ShareTTL
	if values, ok := r.URL.Query()["expires_in"]; ok {
		if len(values) != 1 {
			return 0, &Error{Code: CodeInvalid, Path: "expires_in", Message: "give expires_in once"}
		}
		asked, err := share.ParseTTL(values[0])
		if err != nil {
			return 0, &Error{Code: CodeInvalid, Path: "expires_in", Message: fmt.Sprintf("%v; got %q", err, truncate(values[0], 40))}
		}
		ttl = asked
	}
	if a.ShareTTL > 0 && (ttl == 0 || ttl > a.ShareTTL) {
		ttl = a.ShareTTL
	}
	return ttl, nil
}

func (a *API) share(w http.ResponseWriter, r *http.Request) {
	ttl, err := a.shareTTL(r)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	sc, err := a.readScenario(w, r)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	// Only scenarios that open share: the prompts are counted against
	// core's limit and checked too.
	if n := core.CountPrompts(sc.Prompts); n > core.MaxShareRequests {
		a.Fail(w, r, &Error{Code: CodeOverLimit, Path: "$.prompts",
			Message: fmt.Sprintf("a shared scenario holds at most %d requests, this one has %d; share a sample (traffic.sample) or the first rows (traffic.first_n), or run it with `batchlab simulate`", core.MaxShareRequests, n)})
		return
	}
	canonical, err := share.Canonical(sc)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	if len(sc.Prompts) > 0 {
		cat, err := sc.BuildCatalog()
		if err == nil {
			// Once the canonical form is made nothing reads the body: the
			// decoder takes it over rather than copy every prompt.
			_, _, err = core.DecodeRequestsInPlace(sc.Prompts, cat, "$.prompts", sc.Mode)
		}
		if err != nil {
			a.Fail(w, r, err)
			return
		}
	}
	id := share.ID(canonical)
	var expires time.Time
	if ttl > 0 {
		expires = a.now().Add(ttl).UTC().Truncate(time.Second)
	}
	expires, err = a.Store.Put(r.Context(), id, share.Share{Scenario: canonical, Expires: expires})
	if err != nil {
		a.Fail(w, r, fmt.Errorf("store share %s: %w", id, err))
		return
	}
	out := shareResponse{ID: id, URL: strings.TrimSuffix(a.BaseURL, "/") + "/s/" + id}
	if !expires.IsZero() {
		expires = expires.UTC()
		out.ExpiresAt = &expires
	}
	w.Header().Set("Location", "/api/share/"+id)
	writeJSON(w, http.StatusOK, out)
}

// stored returns the share stored under the id of r's path, if it has not
// expired at now.
func (a *API) stored(ctx context.Context, r *http.Request, now time.Time) (share.Share, error) {
	id := r.PathValue("id")
	if !share.ValidID(id) {
		return share.Share{}, &Error{Code: CodeInvalid, Path: "id", Message: shareIDProblem(id)}
	}
	sh, err := a.Store.Get(ctx, id)
	if errors.Is(err, share.ErrNotFound) {
		return share.Share{}, &Error{Code: CodeNotFound, Path: "id", Message: fmt.Sprintf("no shared scenario has id %q", id)}
	}
	if err == nil {
		// A damaged copy is a 500 (logged), never served nor cached; sharing
		// the scenario again repairs it.
		err = share.Verify(id, sh.Scenario)
	}
	if err != nil {
		return share.Share{}, fmt.Errorf("load share %s: %w", id, err)
	}
	if sh.Expired(now) {
		return share.Share{}, &Error{Code: CodeExpired, Path: "id", Message: fmt.Sprintf("the shared scenario %q expired at %s", id, sh.Expires.UTC().Format(time.RFC3339))}
	}
	return sh, nil
}

// freshFor returns how many seconds caches may keep a response about sh:
// limit, or less when the share expires sooner.
func freshFor(sh share.Share, now time.Time, limit time.Duration) int64 {
	if !sh.Expires.IsZero() {
		limit = max(0, min(limit, sh.Expires.Sub(now)))
	}
	return int64(limit / time.Second)
}

// shareIDProblem explains why id is not a share id.
func shareIDProblem(id string) string {
	return fmt.Sprintf("want a share id of %d characters a-z and 2-7, got %q", share.IDLength, truncate(id, 40))
}

func (a *API) loadShare(w http.ResponseWriter, r *http.Request) {
	now := a.now()
	sh, err := a.stored(r.Context(), r, now)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	// The content of an id never changes; caches keep it a year, or until
	// the share expires.
	h.Set("Cache-Control", fmt.Sprintf("public, max-age=%d, immutable", freshFor(sh, now, 365*24*time.Hour)))
	w.WriteHeader(http.StatusOK)
	w.Write(sh.Scenario)
}

func (a *API) open(w http.ResponseWriter, r *http.Request) {
	now := a.now()
	fail := func(err error) { writeErrorPage(w, r, a.log(), err) } // a person opened this: a page, not JSON
	sh, err := a.stored(r.Context(), r, now)
	if err != nil {
		fail(err)
		return
	}
	// The stored document was validated when shared and its hash was
	// checked on reading: it goes into the link as it is (the page decodes
	// and validates it again, and says so if a newer batchlab refuses it).
	fragment, err := link.EncodeJSON(sh.Scenario)
	if err != nil {
		fail(err)
		return
	}
	target := "/#" + fragment
	h := w.Header()
	h.Set("Cache-Control", fmt.Sprintf("public, max-age=%d", freshFor(sh, now, 24*time.Hour)))
	h.Set("Content-Type", "text/html; charset=utf-8")
	esc := html.EscapeString(target)
	if len(fragment) <= MaxRedirectFragment {
		h.Set("Location", target)
		w.WriteHeader(http.StatusSeeOther)
		fmt.Fprintf(w, "<!doctype html>\n<p><a href=\"%s\">Open the shared scenario in the playground</a>.</p>\n", esc)
		return
	}
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "<!doctype html>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"0; url=%s\">\n<title>batchlab: opening a shared scenario</title>\n<p><a href=\"%s\">Open the shared scenario in the playground</a>.</p>\n", esc, esc)
}

// healthResponse is the body of GET /healthz.
type healthResponse struct {
	Status string `json:"status"`
}

func (a *API) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, healthResponse{Status: "ok"})
}
