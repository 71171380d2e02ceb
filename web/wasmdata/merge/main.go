// Command merge rewrites, in place, the data section of the WebAssembly
// module named by its argument with wasmdata.MergeSegments, joining
// segments 1 KiB or less apart, and prints what it did. The Makefile runs
// it on the playground's main.wasm.
package main

import (
	"fmt"
	"os"

	"github.com/batchlab/batchlab/web/wasmdata"
)

// maxGap is the longest run of zeros between two data segments that merge
// writes out to join them. On main.wasm: 73,872 segments → 92 with 64-byte
// gaps, 11 with 1 KiB, 6 with 4 KiB; the file grows by the zeros, 0.72 to
// 0.74 MB of them raw, nearly nothing gzipped.
const maxGap = 1024

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./web/wasmdata/merge FILE.wasm")
		os.Exit(2)
	}
	name := os.Args[1]
	if err := merge(name); err != nil {
		fmt.Fprintf(os.Stderr, "merge: %s: %v\n", name, err)
		os.Exit(1)
	}
}

// merge rewrites the module in file name.
func merge(name string) error {
	module, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	merged, st, err := wasmdata.MergeSegments(module, maxGap)
	if err != nil {
		return err
	}
	if err := os.WriteFile(name, merged, 0o644); err != nil {
		return err
	}
	fmt.Printf("%s: %d data segments merged into %d (gaps of %d bytes or less filled with zeros); data section %d → %d bytes, module %d → %d bytes\n",
		name, st.Segments, st.Merged, maxGap, st.SectionSize, st.MergedSize, len(module), len(merged))
	return nil
}
