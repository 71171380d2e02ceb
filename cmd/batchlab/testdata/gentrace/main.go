// Command gentrace writes a synthetic Azure-like trace of N rows to
// standard output (core.WriteSyntheticAzure, seed 1 unless given): 27 M
// rows span a week at about 45 requests a second, like the Azure 2024
// week-long traces. It lives under testdata so that it is no part of the
// module's packages; `make bench-stream` uses it.
//
//	go run ./cmd/batchlab/testdata/gentrace ROWS [SEED] > trace.csv
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/batchlab/batchlab/core"
)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: gentrace ROWS [SEED]")
		os.Exit(2)
	}
	rows, err := strconv.Atoi(os.Args[1])
	seed := uint64(1)
	if err == nil && len(os.Args) == 3 {
		seed, err = strconv.ParseUint(os.Args[2], 10, 64)
	}
	if err != nil || rows < 0 {
		fmt.Fprintln(os.Stderr, "gentrace: want a number of rows and a seed")
		os.Exit(2)
	}
	if err := core.WriteSyntheticAzure(os.Stdout, rows, seed); err != nil {
		fmt.Fprintln(os.Stderr, "gentrace:", err)
		os.Exit(1)
	}
}
