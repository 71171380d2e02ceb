package web

import (
	"context"
	"errors"
)

// A Store keeps shared scenarios under their share ids. Ids are derived from
// the content (see ShareID), so a stored scenario never changes: putting the
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
