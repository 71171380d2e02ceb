// Package web is batchlab over HTTP: the JSON API and its short links
// (API; its failures are Errors with a Code), the playground's files (App,
// NewHandler) and the security headers (Secure), put together on one
// handler by NewSite for `batchlab serve`; the Worker (web/worker) serves
// the API alone, its files being static assets.
//
// Shared scenarios — their canonical form, ids and the Store interface —
// are package web/share, which the stores implement: web/filestore on disk,
// web/kvstore in Workers KV. The link fragment the short links redirect to is
// web/share/link, shared with the playground. Nothing here imports the
// playground's packages (wasm/...).
package web
