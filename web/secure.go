package web

import (
	"net/http"
	"strings"
)

// PlaygroundPolicy is the Content-Security-Policy of the playground's
// pages: its own scripts, stylesheet and WASM app, fetches to its own
// origin (the API), and nothing else. Go's WASM needs 'wasm-unsafe-eval';
// nothing may eval JavaScript (Vugu's renderer helper comes as the file
// vugu.js, see package vugujs). No inline scripts run, and no other site
// may frame the page.
const PlaygroundPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// APIPolicy is the Content-Security-Policy of API responses: they are data,
// never documents that load anything.
const APIPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// SecurityHeaders are set on every response, next to a Content-Security-
// Policy. The Worker's static assets get the same through web/worker/_headers.
var SecurityHeaders = map[string]string{
	"X-Content-Type-Options":       "nosniff",
	"X-Frame-Options":              "DENY",
	"Referrer-Policy":              "no-referrer", // share ids are in URLs
	"Cross-Origin-Opener-Policy":   "same-origin",
	"Cross-Origin-Resource-Policy": "same-origin",
}

// Secure adds the security headers to every response of next: APIPolicy on
// /api/ and /healthz, PlaygroundPolicy elsewhere (the HTML page of /s/{id}
// included). A handler that sets its own Content-Security-Policy replaces it.
func Secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range SecurityHeaders {
			h.Set(k, v)
		}
		if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" {
			h.Set("Content-Security-Policy", APIPolicy)
		} else {
			h.Set("Content-Security-Policy", PlaygroundPolicy)
		}
		next.ServeHTTP(w, r)
	})
}
