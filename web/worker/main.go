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
	"github.com/syumai/workers"

	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/kvstore"
)

// KVBinding is the name of the KV namespace binding in wrangler.jsonc.
const KVBinding = "SHARES"

func main() {
	workers.Serve(web.Secure(web.NewAPI(kvstore.New(KVBinding))))
}
