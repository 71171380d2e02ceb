package main

import (
	"fmt"
	"io"
)

// serve is replaced by the playground server.
func serve(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "batchlab serve: not built yet")
	return 1
}
