// Package share is batchlab's shared scenarios: the canonical form of a
// scenario (Canonical), the short content-addressed id it is shared under
// (ID), how long a share lives (ParseTTL, Share.Expires, Merge), and the
// Store that keeps scenarios under their ids, with a MemoryStore for tests
// and throwaway servers.
//
// It depends on the core only. The API (package web) serves shares over
// HTTP; web/filestore keeps them on disk for `batchlab serve` and
// web/kvstore in Workers KV for the Worker; the link fragment that carries a
// whole scenario is in web/share/link, which the playground imports too.
package share

import (
	"context"
	"errors"
	"time"
)

// A Share is a stored scenario and when it expires.
type Share struct {
	// Scenario is the canonical JSON of the scenario (see Canonical).
	Scenario []byte
	// Expires is when the share stops being served, in whole seconds; the
	// zero time means never.
	Expires time.Time
}

// Expired reports whether s has expired at now.
func (s Share) Expired(now time.Time) bool {
	return !s.Expires.IsZero() && !now.Before(s.Expires)
}

// A Store keeps shared scenarios under their share ids. Ids are derived from
// the content (see ID), so a stored scenario never changes; only its expiry
// may grow (see Merge). Stores keep expired shares until they delete them
// (KV's expiration, filestore's Sweep): the caller, which knows the time,
// refuses to serve them. Implementations must be safe for concurrent use.
type Store interface {
	// Put stores s under id, merged with what id holds (see Merge), and
	// returns the expiry id has now, which may be later than s's. It
	// returns ErrCollision if id already holds a different scenario, and
	// replaces a damaged one (see Merge).
	Put(ctx context.Context, id string, s Share) (time.Time, error)
	// Get returns the share stored under id, expired or not, or
	// ErrNotFound. It need not check the content: the caller does (Verify).
	Get(ctx context.Context, id string) (Share, error)
}

var (
	// ErrNotFound: no scenario is stored under the id.
	ErrNotFound = errors.New("no shared scenario has this id")
	// ErrCollision: two different scenarios hash to the same short id. With
	// 60-bit ids this is not expected to happen; it is reported rather than
	// overwriting the older scenario (expired or not).
	ErrCollision = errors.New("share id collision: another scenario already has this id")
	// ErrDamaged: what a store holds under an id is not the scenario the id
	// names (see Verify). Putting the right scenario repairs it (see Merge).
	ErrDamaged = errors.New("damaged share")
)
