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
	"syscall"
	"time"

	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/filestore"
	"github.com/batchlab/batchlab/web/share"
)

// SweepInterval is how often `batchlab serve` deletes the files of expired
// shares (and at start-up). The API refuses an expired share at once; the
// sweep deletes its file within this interval.
const SweepInterval = 10 * time.Minute

// serve runs the playground's static server and the API (with short links
// kept in the data folder) until SIGINT or SIGTERM, then shuts down
// gracefully: in-flight requests get up to 10 s to finish.
func serve(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	dir := fs.String("dir", "", "`folder` with the built main.wasm and wasm_exec.js (default: the build embedded by `make build`)")
	data := fs.String("data", "", "`folder` for shared scenarios (default: $XDG_DATA_HOME/batchlab or ~/.local/share/batchlab)")
	baseURL := fs.String("base-url", "", "`URL` the short links start with, e.g. https://batchlab.example.com (default: none, links are paths such as /s/ID that the page makes absolute)")
	maxConns := fs.Int("max-conns", web.DefaultMaxConnections, "most `connections` held open at a time; idle ones are closed early when near it")
	shareTTL := fs.String("share-ttl", share.Never, "`lifetime` of shares that ask for none, and the longest one may ask for: never, or 1h to 365d (e.g. 30d)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: batchlab serve [--addr 127.0.0.1:8080] [--dir web/dist] [--data DIR] [--base-url URL] [--share-ttl never|30d] [--max-conns N]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "batchlab serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *maxConns < 1 {
		fmt.Fprintf(stderr, "batchlab serve: --max-conns: want at least 1, got %d\n", *maxConns)
		return 2
	}
	base, err := web.ParseBaseURL(*baseURL)
	if err != nil {
		fmt.Fprintf(stderr, "batchlab serve: --base-url: %v\n", err)
		return 2
	}
	ttl, err := share.ParseTTL(*shareTTL)
	if err != nil {
		fmt.Fprintf(stderr, "batchlab serve: --share-ttl: %v, got %q\n", err, *shareTTL)
		return 2
	}
	app, err := web.App(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "batchlab serve: %v\n", err)
		return 1
	}
	if *data == "" {
		if *data, err = filestore.DefaultDir(); err != nil {
			fmt.Fprintf(stderr, "batchlab serve: %v\n", err)
			return 1
		}
	}
	store, err := filestore.Open(*data)
	if err != nil {
		fmt.Fprintf(stderr, "batchlab serve: %v\n", err)
		return 1
	}
	defer store.Close()
	api := web.NewAPI(store)
	api.BaseURL = base
	api.ShareTTL = ttl
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "batchlab serve: %v\n", err)
		return 1
	}
	srv := &http.Server{
		Handler:           web.NewSite(web.NewHandler(app), api),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	// net/http's own 400/431 answers get the security headers too.
	ln = web.NewConnLimiter(*maxConns).Install(srv, web.SecureErrors(ln))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	deleteExpired(store, time.Now(), stderr)
	go func() {
		tick := time.NewTicker(SweepInterval)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-tick.C:
				deleteExpired(store, now, stderr)
			}
		}
	}()
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	fmt.Fprintf(stdout, "batchlab playground on http://%s/ (Ctrl-C stops)\n", ln.Addr())
	fmt.Fprintf(stdout, "shared scenarios in %s, kept %s\n", store.Dir(), keptFor(ttl))
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "batchlab serve: %v\n", err)
		return 1
	}
	<-stopped // Serve returns at once on Shutdown; wait for in-flight requests
	return 0
}

// deleteExpired deletes the files of the shares expired at now, reporting
// problems.
func deleteExpired(store *filestore.Store, now time.Time, stderr io.Writer) {
	if _, err := store.Sweep(now); err != nil {
		fmt.Fprintf(stderr, "batchlab serve: deleting expired shares: %v\n", err)
	}
}

// keptFor says how long shares are kept under the lifetime ttl.
func keptFor(ttl time.Duration) string {
	if ttl == 0 {
		return "until they expire (never unless asked)"
	}
	return "for at most " + share.FormatTTL(ttl)
}
