# batchlab — a newcomer runs `make run` and `make test`; nothing else is needed.
SHELL := /bin/bash
GO ?= go
GOROOT := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
BIN := bin

.PHONY: all build run test test-go test-wasm check vet bench fuzz clean

all: build

## build: the native binary (and, once the playground lands, the WASM app)
build:
	$(GO) build -o $(BIN)/batchlab ./cmd/batchlab

## run: build everything and serve the playground on 127.0.0.1:8080
run: build
	./$(BIN)/batchlab serve --addr 127.0.0.1:8080

## test: every test — vet, architecture check, native tests, core tests under WASM (Node)
test: check vet test-go test-wasm

vet:
	$(GO) vet ./...

test-go:
	$(GO) test -count=1 ./...

## test-wasm: the core's tests compiled to js/wasm and run under Node, golden files included
test-wasm:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(WASM_EXEC)" ./core/...

## check: the core may import the standard library only
check:
	@bad=$$($(GO) list -deps -f '{{if not .Standard}}{{.ImportPath}}{{end}}' ./core | grep -v '^github.com/batchlab/batchlab/core$$' || true); \
	if [ -n "$$bad" ]; then echo "core imports non-standard packages:"; echo "$$bad"; exit 1; fi; \
	echo "check: core depends on the standard library only"

## bench: the hot paths; the 1M-request runs print requests/s and B/request
bench:
	$(GO) test -run='^$$' -bench='1M' -benchtime=3x ./core/
	$(GO) test -run='^$$' -bench='^Benchmark(Analyze|Decode)' -benchmem ./core/

## fuzz: each fuzz target for 20 s
fuzz:
	for t in $$($(GO) test -list='^Fuzz' ./core | grep ^Fuzz); do $(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=20s ./core || exit 1; done

clean:
	rm -rf $(BIN)
