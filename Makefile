# batchlab — a newcomer runs `make run` and `make test`; nothing else is needed.
SHELL := /bin/bash
GO ?= go
GOROOT := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
BIN := bin

.PHONY: all build run test test-go test-wasm check check-gen vet bench bench-wasm bench-cli bench-reference bench-stream tokens-oracle fuzz clean wasm test-browser chromium axe worker worker-deps worker-dev test-worker loadtest

all: build

# NATIVE builds the binary static, without cgo (nothing of batchlab needs it; net and os/user then use
# their Go code): no dynamic loader and libc to map at each start, 15.2 -> 13.8 ms for a one-prompt
# `simulate` (perf stat -r 30, twice each); 100,000 prompts, JSON: 147.8 -> 146.1 ms (perf stat -r 15, 3 times each).
NATIVE := CGO_ENABLED=0

## build: the WASM playground, then the native binary with the playground embedded
build: wasm
	$(NATIVE) $(GO) build -tags embedapp -o $(BIN)/batchlab ./cmd/batchlab

## wasm: the playground (Vugu components over the core) into web/dist, which git ignores; main.wasm.gz
## is main.wasm precompressed, which `batchlab serve` sends as it is instead of compressing main.wasm itself;
## main.wasm's data segments are merged first (web/wasmdata: Go's linker writes about 74,000 of them);
## main.wasm is built with a few of Vugu's Go files changed (web/vugupatch: a copy of the Vugu module in
## $(VUGU_PATCHED), git-ignored, and a go.mod that replaces Vugu by it, passed to go build -modfile);
## index.html is the page (web/static/index.html) with the app's first view prerendered natively, which
## the browser shows before main.wasm is compiled (wasm/prerender.go). Vugu's own functions are not
## inlined (-gcflags=github.com/vugu/vugu=-l): inlined, its BuildEnv's map work was copied at every
## component of every generated Build, which made them twice as big, and main.wasm 0.6 MB bigger
APP_DIR := web/dist
WASM_GCFLAGS := -gcflags=github.com/vugu/vugu=-l
VUGU_PATCHED := web/vugupatch/_build
wasm:
	$(GO) generate ./wasm
	@mkdir -p $(APP_DIR)
	$(GO) run ./wasm prerender web/static/index.html $(APP_DIR)/index.html
	cp "$(GOROOT)/lib/wasm/wasm_exec.js" $(APP_DIR)/wasm_exec.js
	$(GO) run ./web/vugujs/gen $(APP_DIR)
	$(GO) run ./web/vocab/gen $(APP_DIR)
	$(GO) run ./web/vugupatch/gen $(VUGU_PATCHED)
	GOOS=js GOARCH=wasm $(GO) build -modfile=$(VUGU_PATCHED)/go.mod -trimpath -ldflags='-s -w' $(WASM_GCFLAGS) -o $(APP_DIR)/main.wasm ./wasm
	$(GO) run ./web/wasmdata/merge $(APP_DIR)/main.wasm
	gzip -9 -n -k -f $(APP_DIR)/main.wasm

## run: build everything and serve the playground on 127.0.0.1:8080
run: build
	./$(BIN)/batchlab serve --addr 127.0.0.1:8080

## test: every test — vet, architecture check, native tests, core tests under WASM (Node), the playground in Chromium
test: check check-gen vet test-go test-wasm test-browser test-worker

vet:
	$(GO) vet ./...

test-go:
	$(GO) test -count=1 ./...

## test-wasm: the core's tests compiled to js/wasm and run under Node, golden files included
test-wasm:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(WASM_EXEC)" ./core/...

## test-browser: the playground in headless Chromium (chromedp), axe-core's accessibility check included;
## prints the MEASURE figures the README quotes
test-browser: chromium axe wasm
	$(GO) vet -tags browser ./web/browsertest/
	BATCHLAB_APP_DIR=$(CURDIR)/$(APP_DIR) $(GO) test -tags browser -count=1 -timeout 30m -v ./web/browsertest/

## chromium: Debian's chromium for the browser tests, installed when missing
chromium:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then exit 0; fi; \
	echo "installing chromium (Debian package) for the browser tests"; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends chromium

## axe: axe-core for the browser tests' accessibility check (npm, pinned in web/browsertest/package-lock.json),
## installed into web/browsertest/node_modules (git-ignored) when missing
AXE := web/browsertest/node_modules/axe-core/axe.min.js
axe:
	@if [ -f $(AXE) ]; then exit 0; fi; \
	echo "installing axe-core into web/browsertest/node_modules (npm ci)"; \
	cd web/browsertest && npm ci --no-audit --no-fund --ignore-scripts

## check: the core may import the standard library only
check:
	@bad=$$($(GO) list -deps -f '{{if not .Standard}}{{.ImportPath}}{{end}}' ./core | grep -v '^github.com/batchlab/batchlab/core$$' || true); \
	if [ -n "$$bad" ]; then echo "core imports non-standard packages:"; echo "$$bad"; exit 1; fi; \
	echo "check: core depends on the standard library only"

## check-gen: the committed Vugu code (wasm/**/0_components_gen.go) is what vugugen makes of the
## .vugu files: regenerates it and fails, leaving the new files to review and commit, when it changed
GEN_SUMS := find wasm -name '*_gen.go' -print0 | sort -z | xargs -0 sha256sum
check-gen:
	@before=$$($(GEN_SUMS)); \
	$(GO) generate ./wasm || exit 1; \
	after=$$($(GEN_SUMS)); \
	if [ "$$before" != "$$after" ]; then \
		echo "check-gen: the generated Vugu code did not match its .vugu sources; regenerated (review and commit):"; \
		diff <(echo "$$before") <(echo "$$after") | sed -n 's/^[<>] [0-9a-f]*  /  /p' | sort -u; exit 1; \
	fi; \
	echo "check-gen: the generated Vugu code matches its .vugu sources"

## bench: the hot paths; the 1M-request runs print requests/s and B/request
bench:
	$(GO) test -run='^$$' -bench='1M' -benchtime=3x ./core/
	$(GO) test -run='^$$' -bench='^Benchmark(Analyze|Decode)' -benchmem ./core/
	$(GO) test -run='^$$' -bench='^BenchmarkCount$$' -benchtime=5x ./web/vocab/

## bench-wasm: the two 1M-request benchmarks natively (GOMAXPROCS 2, then 1) and compiled to js/wasm
## under Node (one thread), in rounds run back to back (ROUNDS, default 5), with each round's ratios and
## their median (issue 13: WebAssembly ≤ 2.5× native on 2 cores)
bench-wasm:
	core/testdata/bench-wasm.sh

## tokens-oracle: recounts the exact-token corpus with the npm package tiktoken (OpenAI's
## tokenizer, ranks bundled) into web/vocab/testdata/oracle.tsv, which the tests compare with
ORACLE_DIR := build/tiktoken-oracle
tokens-oracle:
	@mkdir -p $(ORACLE_DIR)
	cd $(ORACLE_DIR) && npm install --no-audit --no-fund --no-save tiktoken@1.0.22
	$(GO) test -count=1 -run='^TestOracle$$' ./web/vocab/ -corpus=$(CURDIR)/$(ORACLE_DIR)/corpus.json
	NODE_PATH=$(CURDIR)/$(ORACLE_DIR)/node_modules node web/vocab/testdata/oracle.cjs $(ORACLE_DIR)/corpus.json > web/vocab/testdata/oracle.tsv

## bench-cli: the CLI's whole path (simulate --mode seed) on a generated 63 MB input of 100,000 prompts, in each output format
bench-cli:
	$(GO) test -run='^$$' -bench='^BenchmarkCLI100k' -benchtime=3x ./cmd/batchlab/

## bench-stream: `batchlab simulate --stream` on ROWS (default 27 M) synthetic rows in FORMAT (azure, the
## default, or mooncake), a week at about 45 requests/s (azure: about 1 GB, written to build/stream/ and
## removed after): wall time, CPU and peak RSS
ROWS ?= 27000000
FORMAT ?= azure
STREAM_DIR := build/stream
bench-stream:
	@mkdir -p $(STREAM_DIR)
	$(NATIVE) $(GO) build -o $(STREAM_DIR)/batchlab ./cmd/batchlab
	$(GO) run ./cmd/batchlab/testdata/gentrace -format $(FORMAT) $(ROWS) > $(STREAM_DIR)/trace.$(FORMAT)
	@echo "load average before: $$(cut -d' ' -f1-3 /proc/loadavg)"
	/usr/bin/time -f '%e s wall, %U s user, %S s sys, %M KB peak RSS' $(STREAM_DIR)/batchlab simulate --stream --input-format $(FORMAT) --input $(STREAM_DIR)/trace.$(FORMAT) > /dev/null
	@echo "load average after: $$(cut -d' ' -f1-3 /proc/loadavg)"
	rm -f $(STREAM_DIR)/trace.$(FORMAT)

## bench-reference: batchlab and the reference prototype timed side by side on that input
## (REFERENCE='python3 path/to/prototype.py {}' names the reference; skipped without it)
bench-reference:
	cmd/batchlab/testdata/bench-reference.sh

## fuzz: each fuzz target for 20 s
fuzz:
	for t in $$($(GO) test -list='^Fuzz' ./core | grep ^Fuzz); do $(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=20s ./core || exit 1; done
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=20s ./web/share/link
	$(GO) test -run='^$$' -fuzz='^FuzzAPI$$' -fuzztime=20s ./web
	$(GO) test -run='^$$' -fuzz='^FuzzMergeSegments$$' -fuzztime=20s ./web/wasmdata

## worker: the Cloudflare Worker into web/worker/build (git-ignored): the Go Worker
## (workers-assets-gen, then app.wasm) and the playground's files as static assets (the prerendered
## index.html of web/dist over the template); prints the size
WORKER_DIR := web/worker
worker: wasm
	cd $(WORKER_DIR) && $(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o build
	cd $(WORKER_DIR) && GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o build/app.wasm .
	@mkdir -p $(WORKER_DIR)/build/public
	cp web/static/* $(WORKER_DIR)/_headers $(WORKER_DIR)/build/public/
	cp $(APP_DIR)/index.html $(APP_DIR)/main.wasm $(APP_DIR)/wasm_exec.js $(APP_DIR)/vugu.js $(APP_DIR)/*.tiktoken $(WORKER_DIR)/build/public/
	@raw=$$(wc -c < $(WORKER_DIR)/build/app.wasm); gz=$$(gzip -9 -c $(WORKER_DIR)/build/app.wasm | wc -c); \
	echo "worker: build/app.wasm is $$raw bytes raw, $$gz bytes gzipped (Cloudflare free-plan limit: 3 MB gzipped)"

## worker-deps: wrangler (npm, pinned in web/worker/package-lock.json), installed when missing
worker-deps:
	@if [ -x $(WORKER_DIR)/node_modules/.bin/wrangler ]; then exit 0; fi; \
	echo "installing wrangler into $(WORKER_DIR)/node_modules (npm ci)"; \
	cd $(WORKER_DIR) && npm ci --no-audit --no-fund

## worker-dev: the Worker under `wrangler dev` on http://127.0.0.1:8787 (local workerd and KV, no telemetry)
WRANGLER_ENV := WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
worker-dev: worker worker-deps
	cd $(WORKER_DIR) && $(WRANGLER_ENV) ./node_modules/.bin/wrangler dev --local --ip 127.0.0.1 --port 8787

## test-worker: builds the Worker and tests it under `wrangler dev` (share through local KV, read back, open)
test-worker: worker-deps
	BATCHLAB_WORKER_TEST=1 $(GO) test -count=1 -v -run='^(TestWorker|TestHeadersFileMatchesServer)$$' ./$(WORKER_DIR)/

## loadtest: 100 clients for 20 s against `batchlab serve` on loopback (share, load, simulate)
loadtest: build
	BATCHLAB_LOADTEST=1 BATCHLAB_BIN=$(CURDIR)/$(BIN)/batchlab $(GO) test -count=1 -v -run='^TestLoad$$' ./cmd/batchlab/

clean:
	rm -rf $(BIN) $(APP_DIR) $(VUGU_PATCHED) screenshots build
