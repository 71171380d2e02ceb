package web

import "net/http"

// NewSite serves the playground's files (app, e.g. NewHandler's) and the API
// on one handler, with the security headers: /api/, /s/ and /healthz go to
// api, everything else to app.
func NewSite(app http.Handler, api *API) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/api/", api)
	mux.Handle("/s/", api)
	mux.Handle("/healthz", api)
	mux.Handle("/", app)
	return Secure(mux)
}
