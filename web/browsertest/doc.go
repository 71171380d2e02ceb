// Package browsertest drives the playground in headless Chromium. Its tests
// carry the build tag "browser" and run with `make test-browser` (part of
// `make test`), which installs Chromium when missing; plain `go test ./...`
// skips them.
package browsertest
