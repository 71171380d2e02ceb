// Command gentrace writes a synthetic trace of N rows to standard output,
// from a seed (1 unless given): Azure-like CSV (core.WriteSyntheticAzure)
// by default, the same requests as Mooncake JSON Lines with -format
// mooncake (core.WriteSyntheticMooncake). 27 M rows span a week at about
// 45 requests a second, like the Azure 2024 week-long traces. It lives
// under testdata so that it is no part of the module's packages; `make
// bench-stream` uses it.
//
//	go run ./cmd/batchlab/testdata/gentrace [-format azure|mooncake] ROWS [SEED] > trace.csv
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/batchlab/batchlab/core"
)

func main() {
	format := flag.String("format", "azure", "azure or mooncake")
	flag.Parse()
	write := map[string]func(io.Writer, int, uint64) error{
		"azure":    core.WriteSyntheticAzure,
		"mooncake": core.WriteSyntheticMooncake,
	}[*format]
	args := flag.Args()
	if write == nil || len(args) < 1 || len(args) > 2 {
		fmt.Fprintln(os.Stderr, "usage: gentrace [-format azure|mooncake] ROWS [SEED]")
		os.Exit(2)
	}
	rows, err := strconv.Atoi(args[0])
	seed := uint64(1)
	if err == nil && len(args) == 2 {
		seed, err = strconv.ParseUint(args[1], 10, 64)
	}
	if err != nil || rows < 0 {
		fmt.Fprintln(os.Stderr, "gentrace: want a number of rows and a seed")
		os.Exit(2)
	}
	if err := write(os.Stdout, rows, seed); err != nil {
		fmt.Fprintln(os.Stderr, "gentrace:", err)
		os.Exit(1)
	}
}
