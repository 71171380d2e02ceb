// Command gen writes the patched copy of Vugu and its go.mod (package
// vugupatch) into the folder given as its argument. The Makefile runs it
// when it builds the playground, and builds main.wasm with
// -modfile=FOLDER/go.mod.
package main

import (
	"fmt"
	"os"

	"github.com/batchlab/batchlab/web/vugupatch"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./web/vugupatch/gen DIR")
		os.Exit(2)
	}
	if err := vugupatch.Write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
