// Command gen writes the rank files of the exact tokenizers (see package
// vocab) into the folder given as its argument. The Makefile runs it when
// it builds the playground.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web/vocab"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./web/vocab/gen DIR")
		os.Exit(2)
	}
	for _, name := range core.ExactTokenizers {
		data, err := vocab.Ranks(name)
		if err == nil {
			err = os.WriteFile(filepath.Join(os.Args[1], core.RanksFile(name)), data, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
