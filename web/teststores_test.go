package web_test

import (
	"context"
	"errors"
)

// panicStore is a store with a bug: it panics.
type panicStore struct{}

func (panicStore) Put(context.Context, string, []byte) error   { panic("store bug") }
func (panicStore) Get(context.Context, string) ([]byte, error) { panic("store bug") }

// failingStore is a store whose disk failed.
type failingStore struct{}

func (failingStore) Put(context.Context, string, []byte) error {
	return errors.New("disk on fire at /var/lib/batchlab")
}
func (failingStore) Get(context.Context, string) ([]byte, error) {
	return nil, errors.New("disk on fire at /var/lib/batchlab")
}
