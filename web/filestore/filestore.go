// Package filestore keeps shared scenarios on disk for `batchlab serve`: one
// file per share id, under the data folder, written atomically.
//
// Why not an embedded database: share ids are content-addressed, so entries
// are immutable, written once and never updated or deleted. A file per id
// with a temp-file + fsync + rename write is crash-safe, lets several
// processes share a folder without locks, is readable with cat, and needs
// nothing beyond the standard library. Layout:
//
//	DIR/shares/ab/abcdefghijkl.json   (the canonical scenario JSON)
package filestore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/batchlab/batchlab/web/share"
)

// A Store is a share.Store in a folder. It is safe for concurrent use, by
// goroutines and by processes sharing the folder.
type Store struct {
	dir string
}

// Open returns the store in dir (creating dir/shares if needed) and removes
// temp files that a crash may have left there more than an hour ago.
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("filestore: no data folder given")
	}
	s := &Store{dir: filepath.Join(dir, "shares")}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return nil, fmt.Errorf("filestore: create data folder: %w", err)
	}
	s.sweep(time.Hour)
	return s, nil
}

// Dir returns the folder the share files are in.
func (s *Store) Dir() string { return s.dir }

// path returns the file of id, which must be a valid share id (so a plain
// file name: no separators, no dots).
func (s *Store) path(id string) (string, error) {
	if !share.ValidID(id) {
		return "", fmt.Errorf("filestore: %q is not a share id", id)
	}
	return filepath.Join(s.dir, id[:2], id+".json"), nil
}

// Get returns the scenario stored under id, or share.ErrNotFound.
func (s *Store) Get(_ context.Context, id string) ([]byte, error) {
	p, err := s.path(id)
	if err != nil {
		return nil, share.ErrNotFound
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, share.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	return data, nil
}

// Put stores scenario under id: it is written to a temp file in the same
// folder, synced, and renamed into place, so a reader sees either no file
// or the whole one. An id already stored with the same bytes is left alone;
// with other bytes Put returns share.ErrCollision.
func (s *Store) Put(ctx context.Context, id string, scenario []byte) error {
	p, err := s.path(id)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(p)
	switch {
	case err == nil && bytes.Equal(old, scenario):
		return nil
	case err == nil:
		return share.ErrCollision
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("filestore: %w", err)
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-"+id+"-*")
	if err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if _, err := tmp.Write(scenario); err != nil {
		tmp.Close()
		return fmt.Errorf("filestore: write: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("filestore: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	// Two writers of one id write the same bytes: either rename wins.
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("filestore: sync folder: %w", err)
	}
	return nil
}

// sweep removes temp files older than age, left by a crash mid-write.
func (s *Store) sweep(age time.Duration) {
	cutoff := time.Now().Add(-age)
	filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasPrefix(d.Name(), ".tmp-") {
			return nil
		}
		if info, err := d.Info(); err == nil && info.ModTime().Before(cutoff) {
			os.Remove(p)
		}
		return nil
	})
}
