//go:build embedapp

package web

import (
	"embed"
	"io/fs"
)

// build is the WASM app that `make wasm` writes into web/dist, embedded
// when the binary is built with -tags embedapp (as `make build` does).
//
//go:embed dist/main.wasm dist/wasm_exec.js dist/vugu.js dist/*.tiktoken
var build embed.FS

var embeddedBuild = func() fs.FS {
	sub, err := fs.Sub(build, "dist")
	if err != nil {
		panic(err)
	}
	return sub
}()
