package web_test

import (
	"context"
	"errors"
	"time"

	"github.com/batchlab/batchlab/web/share"
)

// panicStore is a store with a bug: it panics.
type panicStore struct{}

func (panicStore) Put(context.Context, string, share.Share) (time.Time, error) { panic("store bug") }
func (panicStore) Get(context.Context, string) (share.Share, error)            { panic("store bug") }

// failingStore is a store whose disk failed.
type failingStore struct{}

func (failingStore) Put(context.Context, string, share.Share) (time.Time, error) {
	return time.Time{}, errors.New("disk on fire at /var/lib/batchlab")
}
func (failingStore) Get(context.Context, string) (share.Share, error) {
	return share.Share{}, errors.New("disk on fire at /var/lib/batchlab")
}

// collidingStore is a store where every id holds another scenario: a real
// collision of 60-bit ids cannot be built for a test.
type collidingStore struct{}

func (collidingStore) Put(context.Context, string, share.Share) (time.Time, error) {
	return time.Time{}, share.ErrCollision
}
func (collidingStore) Get(context.Context, string) (share.Share, error) {
	return share.Share{}, share.ErrNotFound
}
