//go:build js && wasm

// Package kvstore keeps shared scenarios in a Cloudflare Workers KV
// namespace, for the Worker (web/worker). It imports syscall/js, so it
// builds only for GOOS=js GOARCH=wasm.
package kvstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"syscall/js"

	"github.com/syumai/workers/cloudflare"

	"github.com/batchlab/batchlab/web/share"
)

// keyPrefix is put before share ids, so the namespace can hold other keys.
const keyPrefix = "share/"

// A Store is a share.Store over the KV namespace bound to the Worker under
// Binding (see wrangler.jsonc). KV is eventually consistent across
// Cloudflare's locations: a share is readable at once where it was written
// and within about a minute elsewhere.
type Store struct {
	Binding string
}

// New returns the store over the KV binding called binding.
func New(binding string) *Store { return &Store{Binding: binding} }

// namespace returns the binding of the current request.
func (s *Store) namespace() (js.Value, error) {
	ns := cloudflare.GetBinding(s.Binding)
	if ns.IsUndefined() || ns.IsNull() {
		return js.Value{}, fmt.Errorf("kvstore: the Worker has no KV binding %q (see wrangler.jsonc)", s.Binding)
	}
	return ns, nil
}

// Get returns the scenario stored under id, or share.ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) ([]byte, error) {
	if !share.ValidID(id) {
		return nil, share.ErrNotFound
	}
	ns, err := s.namespace()
	if err != nil {
		return nil, err
	}
	// The binding's get resolves to null for a missing key (the workers
	// package's GetString would turn that into the text "<null>").
	v, err := await(ctx, ns.Call("get", keyPrefix+id, "text"))
	if err != nil {
		return nil, fmt.Errorf("kvstore: get %s: %w", id, err)
	}
	if v.IsNull() || v.IsUndefined() {
		return nil, share.ErrNotFound
	}
	return []byte(v.String()), nil
}

// Put stores scenario under id unless it is there already; different bytes
// under the same id are share.ErrCollision.
func (s *Store) Put(ctx context.Context, id string, scenario []byte) error {
	if !share.ValidID(id) {
		return fmt.Errorf("kvstore: %q is not a share id", id)
	}
	old, err := s.Get(ctx, id)
	switch {
	case err == nil && bytes.Equal(old, scenario):
		return nil
	case err == nil:
		return share.ErrCollision
	case !errors.Is(err, share.ErrNotFound):
		return err
	}
	ns, err := s.namespace()
	if err != nil {
		return err
	}
	if _, err := await(ctx, ns.Call("put", keyPrefix+id, string(scenario))); err != nil {
		return fmt.Errorf("kvstore: put %s: %w", id, err)
	}
	return nil
}

// await waits for a JavaScript promise and returns its value, or its
// rejection as an error.
func await(ctx context.Context, promise js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	onResolve := js.FuncOf(func(_ js.Value, args []js.Value) any {
		v := js.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		done <- result{v: v}
		return nil
	})
	onReject := js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "promise rejected"
		if len(args) > 0 {
			msg = args[0].Call("toString").String()
		}
		done <- result{err: errors.New(msg)}
		return nil
	})
	defer onResolve.Release()
	defer onReject.Release()
	promise.Call("then", onResolve, onReject)
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return js.Value{}, ctx.Err()
	}
}
