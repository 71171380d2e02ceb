//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains how to build the playground when built for the host, so
// that `go build ./...` works everywhere.
func main() {
	fmt.Fprintln(os.Stderr, "the playground runs in a browser: build it with `make wasm` (GOOS=js GOARCH=wasm) and serve it with `batchlab serve`")
	os.Exit(2)
}
