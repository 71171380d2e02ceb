// Package share is batchlab's shared scenarios: the canonical form of a
// scenario (Canonical), the short content-addressed id it is shared under
// (ID), and the Store that keeps scenarios under their ids, with a
// MemoryStore for tests and throwaway servers.
//
// It depends on the core only. The API (package web) serves shares over
// HTTP; web/filestore keeps them on disk for `batchlab serve` and
// web/kvstore in Workers KV for the Worker; the link fragment that carries a
// whole scenario is in web/share/link, which the playground imports too.
package share

import (
	"context"
	"errors"
)

// A Store keeps shared scenarios under their share ids. Ids are derived from
// the content (see ID), so a stored scenario never changes: putting the
// same id twice with the same bytes is harmless. Implementations must be
// safe for concurrent use.
type Store interface {
	// Put stores scenario (its canonical JSON) under id. It returns
	// ErrCollision if id already holds different bytes.
	Put(ctx context.Context, id string, scenario []byte) error
	// Get returns the scenario stored under id, or ErrNotFound.
	Get(ctx context.Context, id string) ([]byte, error)
}

var (
	// ErrNotFound: no scenario is stored under the id.
	ErrNotFound = errors.New("no shared scenario has this id")
	// ErrCollision: two different scenarios hash to the same short id. With
	// 60-bit ids this is not expected to happen; it is reported rather than
	// overwriting the older scenario.
	ErrCollision = errors.New("share id collision: another scenario already has this id")
)
