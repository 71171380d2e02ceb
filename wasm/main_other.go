//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

const usage = `the playground runs in a browser: build it with ` + "`make wasm`" + ` (GOOS=js GOARCH=wasm) and serve it with ` + "`batchlab serve`" + `
natively, this program writes the playground's page with its first view prerendered:
  go run ./wasm prerender TEMPLATE OUT   (make wasm: web/static/index.html into web/dist/index.html)`

// main, built for the host, writes the page with its first view
// prerendered (`prerender TEMPLATE OUT`, as `make wasm` runs it), and
// otherwise explains how to build the playground, so that `go build ./...`
// works everywhere.
func main() {
	if len(os.Args) != 4 || os.Args[1] != "prerender" {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	if err := writePrerendered(os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// writePrerendered writes the page template in into out with its first view
// prerendered (prerender).
func writePrerendered(in, out string) error {
	template, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	page, err := prerender(template)
	if err != nil {
		return err
	}
	return os.WriteFile(out, page, 0o644)
}
