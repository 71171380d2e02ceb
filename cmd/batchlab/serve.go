package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/batchlab/batchlab/web"
)

// serve runs the playground's static server until interrupted.
func serve(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	dir := fs.String("dir", "", "`folder` with the built main.wasm and wasm_exec.js (default: the build embedded by `make build`)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: batchlab serve [--addr 127.0.0.1:8080] [--dir web/dist]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "batchlab serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	app, err := web.App(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "batchlab serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "batchlab serve: %v\n", err)
		return 1
	}
	srv := &http.Server{Handler: web.NewHandler(app), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	fmt.Fprintf(stdout, "batchlab playground on http://%s/ (Ctrl-C stops)\n", ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "batchlab serve: %v\n", err)
		return 1
	}
	return 0
}
