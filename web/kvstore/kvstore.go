//go:build js && wasm

package kvstore

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
	"time"

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

// Get returns the share stored under id, or share.ErrNotFound. KV deletes
// a share when it expires; until then (and KV may take a while) Get returns
// it with its expiry, which the caller checks.
func (s *Store) Get(ctx context.Context, id string) (share.Share, error) {
	if !share.ValidID(id) {
		return share.Share{}, share.ErrNotFound
	}
	ns, err := s.namespace()
	if err != nil {
		return share.Share{}, err
	}
	// The binding's getWithMetadata resolves to {value, metadata}, value
	// null for a missing key. (The workers package has no metadata, and
	// its GetString turns null into the text "<null>".)
	// As bytes: a copy out of an ArrayBuffer costs a fraction of decoding a
	// 16 MB JavaScript string and encoding it again for Go.
	v, err := await(ctx, ns.Call("getWithMetadata", keyPrefix+id, "arrayBuffer"))
	if err != nil {
		return share.Share{}, fmt.Errorf("kvstore: get %s: %w", id, err)
	}
	if v.IsNull() || v.IsUndefined() {
		return share.Share{}, share.ErrNotFound
	}
	value := v.Get("value")
	if value.IsNull() || value.IsUndefined() {
		return share.Share{}, share.ErrNotFound
	}
	expiresAt := ""
	if meta := v.Get("metadata"); meta.Type() == js.TypeObject {
		if e := meta.Get(metadataExpiresAt); e.Type() == js.TypeString {
			expiresAt = e.String()
		}
	}
	expires, err := expiresFromMetadata(expiresAt)
	if err != nil {
		return share.Share{}, fmt.Errorf("kvstore: get %s: %w", id, err)
	}
	return share.Share{Scenario: goBytes(value), Expires: expires}, nil
}

// goBytes copies a JavaScript ArrayBuffer into Go.
func goBytes(buf js.Value) []byte {
	view := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, view.Length())
	js.CopyBytesToGo(b, view)
	return b
}

// jsBytes copies b into a new JavaScript Uint8Array.
func jsBytes(b []byte) js.Value {
	view := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(view, b)
	return view
}

// Put stores sh under id, merged with what id holds (see share.Merge), and
// returns the expiry id has now; it repairs a damaged value. KV has no transactions: two Puts of one id
// at the same instant with different expiries may keep either.
func (s *Store) Put(ctx context.Context, id string, sh share.Share) (time.Time, error) {
	if !share.ValidID(id) {
		return time.Time{}, fmt.Errorf("kvstore: %q is not a share id", id)
	}
	old, err := s.Get(ctx, id)
	found := err == nil
	switch {
	case errors.Is(err, share.ErrDamaged):
		found = true // replaced by sh (see share.Merge)
	case err != nil && !errors.Is(err, share.ErrNotFound):
		return time.Time{}, err
	}
	merged, write, err := share.Merge(id, old, found, sh)
	if err != nil || !write {
		return merged.Expires, err
	}
	ns, err := s.namespace()
	if err != nil {
		return time.Time{}, err
	}
	args := []any{keyPrefix + id, jsBytes(merged.Scenario)} // stored as the same UTF-8 bytes as a string
	if opts := putOptions(merged.Expires); opts != nil {
		args = append(args, opts)
	}
	if _, err := await(ctx, ns.Call("put", args...)); err != nil {
		return time.Time{}, fmt.Errorf("kvstore: put %s: %w", id, err)
	}
	return merged.Expires, nil
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
