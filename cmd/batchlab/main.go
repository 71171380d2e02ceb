// Command batchlab simulates batching of LLM traffic.
//
// Usage:
//
//	batchlab simulate --input FILE|- [--scenario FILE] [--mode timer|seed] [--seed N] [--format table|json|csv]
//	                  [--job batches|fixed] [--batch-size N] [--concurrency N] [--shuffle] [dispatch flags] [--stream]
//	batchlab sweep (--scenario FILE | --input FILE|-) --knob NAME --from A --to B --step S [--format table|csv|json]
//	batchlab serve [--addr 127.0.0.1:8080]
//
// Exit status: 0 on success, 2 for bad input or usage, 1 for other failures.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `batchlab — a batching playground for LLM traffic

Usage:
  batchlab simulate --input FILE|- [--scenario FILE] [--mode timer|seed] [--seed N] [--format table|json|csv]
                    [--job batches|fixed] [--batch-size N] [--concurrency N] [--shuffle] [dispatch flags]
                    [--stream: a trace of millions of rows in one pass, metrics only]
  batchlab sweep (--scenario FILE | --input FILE|-) --knob NAME --from A --to B --step S [--format table|csv|json]
  batchlab serve [--addr 127.0.0.1:8080]

Run "batchlab COMMAND -h" for the flags of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "simulate":
		return simulate(args[1:], stdin, stdout, stderr)
	case "serve":
		return serve(args[1:], stdout, stderr)
	case "sweep":
		return sweep(args[1:], stdin, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "batchlab: unknown command %q\n\n%s", args[0], usage)
	return 2
}
