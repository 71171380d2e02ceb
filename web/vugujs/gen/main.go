// Command gen writes vugu.js (see package vugujs) into the folder given as
// its argument. The Makefile runs it when it builds the playground.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/batchlab/batchlab/web/vugujs"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./web/vugujs/gen DIR")
		os.Exit(2)
	}
	js, err := vugujs.Script()
	if err == nil {
		err = os.WriteFile(filepath.Join(os.Args[1], vugujs.FileName), js, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
