package web

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/batchlab/batchlab/core"
)

//go:embed static
var static embed.FS

// BuildFiles are the files `make wasm` writes into the build folder:
// index.html is the page with the app's first view prerendered, served
// instead of its template in static. The tokenizers' rank files are
// fetched only when exact counts are on.
var BuildFiles = []string{"index.html", "main.wasm", "wasm_exec.js", "vugu.js",
	core.RanksFile(core.TokenizerO200k), core.RanksFile(core.TokenizerCl100k)}

// ErrNotBuilt: neither a build folder nor an embedded build is available.
var ErrNotBuilt = errors.New("the playground's WASM app is not built: run `make wasm` (or `make run`), or pass --dir with a folder holding index.html, main.wasm, wasm_exec.js, vugu.js and the tokenizers' .tiktoken rank files")

// App returns the files of the playground: the static page's scripts and
// stylesheets, plus the BuildFiles from dir, or from the build embedded into
// the binary (`make build`) when dir is "": the build's index.html, the
// prerendered page, wins over the template in static.
func App(dir string) (fs.FS, error) {
	page, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	var build fs.FS
	switch {
	case dir != "":
		build = os.DirFS(dir)
	case embeddedBuild != nil:
		build = embeddedBuild
	default:
		return nil, ErrNotBuilt
	}
	for _, name := range BuildFiles {
		if _, err := fs.Stat(build, name); err != nil {
			where := "the embedded build"
			if dir != "" {
				where = filepath.Clean(dir)
			}
			return nil, fmt.Errorf("%s has no %s: %w", where, name, ErrNotBuilt)
		}
	}
	return overlay{build, page}, nil
}

// overlay opens a file from the first file system that has it.
type overlay []fs.FS

func (o overlay) Open(name string) (fs.File, error) {
	var first error
	for _, f := range o {
		file, err := f.Open(name)
		if err == nil {
			return file, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}
