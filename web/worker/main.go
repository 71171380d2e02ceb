//go:build js && wasm

// Command worker is batchlab's API on Cloudflare Workers: the same handler
// as `batchlab serve` (web.API behind web.Secure), with shared scenarios in
// the Workers KV namespace bound as SHARES. The playground's files are
// served by Workers static assets (see wrangler.jsonc); requests for
// anything else — /api/…, /s/…, /healthz — reach this Worker.
//
// Build with `make worker`, run locally with `make worker-dev`.
package main

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"

	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/kvstore"
	"github.com/batchlab/batchlab/web/share"
)

// KVBinding is the name of the KV namespace binding in wrangler.jsonc.
const KVBinding = "SHARES"

// BaseURLVar is the variable of wrangler.jsonc that sets the API's BaseURL,
// as `batchlab serve --base-url` does: empty (or unset) for links that are
// paths, which the page makes absolute.
const BaseURLVar = "BASE_URL"

// TTLVar is the variable of wrangler.jsonc that sets the API's ShareTTL, as
// `batchlab serve --share-ttl` does: "never" (or unset), or 1h to 365d.
const TTLVar = "SHARE_TTL"

func main() {
	api := web.NewAPI(kvstore.New(KVBinding))
	// The Worker's variables are readable only within a request.
	var configured sync.Once
	var configErr error
	workers.Serve(web.Secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		configured.Do(func() { configErr = configure(api) })
		if configErr != nil {
			// A misconfigured Worker says so in its log and serves nothing.
			api.Fail(w, r, configErr)
			return
		}
		body := &startedBody{ReadCloser: r.Body}
		r.Body = body
		api.ServeHTTP(w, r)
		body.finish()
	})))
}

// configure sets the API's settings from the Worker's variables.
func configure(api *web.API) error {
	base, err := web.ParseBaseURL(cloudflare.Getenv(BaseURLVar))
	if err != nil {
		return fmt.Errorf("wrangler.jsonc: vars.%s: %w", BaseURLVar, err)
	}
	api.BaseURL = base
	api.ShareTTL, err = shareTTL()
	return err
}

// shareTTL reads the lifetime of shares from TTLVar.
func shareTTL() (time.Duration, error) {
	v := cloudflare.Getenv(TTLVar)
	if v == "" {
		return 0, nil
	}
	ttl, err := share.ParseTTL(v)
	if err != nil {
		return 0, fmt.Errorf("wrangler.jsonc: vars.%s: %w, got %q", TTLVar, err, v)
	}
	return ttl, nil
}

// A startedBody is a request body that knows whether the handler started
// reading it. Under workerd, a request answered in the middle of its body (a
// chunked body past the limit, a gzip body refused on its decompressed
// size) makes the next request fail with 503 "Your worker restarted
// mid-request"; a body never read (refused on its Content-Length) does not,
// and must not be read afterwards (its stream is locked: a panic).
type startedBody struct {
	io.ReadCloser
	started, done bool
}

func (b *startedBody) Read(p []byte) (int, error) {
	b.started = true
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.done = true
	}
	return n, err
}

// finish reads the rest of a body the handler started and left unfinished.
// Cloudflare bounds what is left (request bodies: 100 MB on the free plan).
func (b *startedBody) finish() {
	if b.started && !b.done {
		io.Copy(io.Discard, struct{ io.Reader }{b})
	}
}
