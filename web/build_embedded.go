//go:build embedapp

package web

import (
	"embed"
	"io/fs"
)

// build is the WASM app that `make wasm` writes into web/dist (main.wasm
// also precompressed) and its prerendered page, embedded when the binary
// is built with -tags embedapp (as `make build` does).
//
//go:embed dist/index.html dist/main.wasm dist/main.wasm.gz dist/wasm_exec.js dist/vugu.js dist/*.tiktoken
var build embed.FS

var embeddedBuild = func() fs.FS {
	sub, err := fs.Sub(build, "dist")
	if err != nil {
		panic(err)
	}
	return sub
}()
