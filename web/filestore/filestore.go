// Package filestore keeps shared scenarios on disk for `batchlab serve`: one
// file per share id, under the data folder, written atomically.
//
// Why not an embedded database: share ids are content-addressed, so a
// scenario is written once and never changes; only its expiry may grow when
// it is shared again (see share.Merge). A file per id with a temp-file +
// fsync + rename write is crash-safe, lets several processes share a folder
// without locks, is readable with cat, and needs nothing beyond the standard
// library. Layout:
//
//	DIR/shares/ab/abcdefghijkl.json
//
// A file is the canonical scenario JSON, preceded — only when the share
// expires — by one line giving the expiry in RFC 3339, UTC:
//
//	expires 2026-03-08T12:00:00Z
//	{"catalog":…}
//
// Writes go to temp files next to their share file (.tmp-…), named after
// their writer, which holds a lock in DIR/shares/.writers while its Store is
// open: a Sweep deletes at once the temp files of writers that have ended
// (see writer).
//
// The expiry and the scenario are in the same file so that a reader sees
// both from the same write. The API refuses expired shares at once; Sweep
// deletes their files.
package filestore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/batchlab/batchlab/web/share"
)

// TempFileAge is how old a temp file must be for Sweep to delete it when it
// cannot tell whether its writer still runs (temp files of older versions,
// systems without flock). Other temp files are deleted as soon as their
// writer has ended (see writer).
const TempFileAge = time.Hour

// A Store is a share.Store in a folder. It is safe for concurrent use, by
// goroutines and by processes sharing the folder (with the caveats of Put
// and Sweep).
type Store struct {
	dir string
	// locks serialize the read-merge-write of Put and Sweep's deletion per
	// id (striped by a hash of the id), so that in one process a share
	// extended by Put is never deleted by a concurrent Sweep, nor shortened
	// by a concurrent Put with a shorter expiry.
	locks [64]sync.Mutex
	// writer marks the temp files this Store writes (see writer).
	writer *writer
}

// Open returns the store in dir, creating dir/shares if needed, and marks
// it as a live writer until Close (or the end of the process). It deletes
// nothing: call Sweep for that.
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("filestore: no data folder given")
	}
	s := &Store{dir: filepath.Join(dir, "shares")}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return nil, fmt.Errorf("filestore: create data folder: %w", err)
	}
	w, err := newWriter(s.dir)
	if err != nil {
		return nil, err
	}
	s.writer = w
	return s, nil
}

// Close ends the store's writer mark. The store must not be used after.
func (s *Store) Close() error {
	return s.writer.close(s.dir)
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

// lock returns the mutex of id's stripe.
func (s *Store) lock(id string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(id))
	return &s.locks[h.Sum32()%uint32(len(s.locks))]
}

// Get returns the share stored under id, or share.ErrNotFound.
func (s *Store) Get(_ context.Context, id string) (share.Share, error) {
	p, err := s.path(id)
	if err != nil {
		return share.Share{}, share.ErrNotFound
	}
	sh, found, err := read(p)
	if err != nil {
		return share.Share{}, err
	}
	if !found {
		return share.Share{}, share.ErrNotFound
	}
	return sh, nil
}

// read returns the share in file p, and whether there is one.
func read(p string) (share.Share, bool, error) {
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return share.Share{}, false, nil
	}
	if err != nil {
		return share.Share{}, false, fmt.Errorf("filestore: %w", err)
	}
	sh, err := decode(data)
	if err != nil {
		return share.Share{}, false, fmt.Errorf("filestore: %s: %w", p, err)
	}
	return sh, true, nil
}

// expiresPrefix starts the first line of the file of a share that expires.
const expiresPrefix = "expires "

// encode returns the file content of sh.
func encode(sh share.Share) []byte {
	if sh.Expires.IsZero() {
		return sh.Scenario
	}
	head := expiresPrefix + sh.Expires.UTC().Format(time.RFC3339) + "\n"
	return append([]byte(head), sh.Scenario...)
}

// decode reads the content of a share file (see encode). A damaged expiry
// line is share.ErrDamaged; a damaged scenario is found by share.Verify.
func decode(data []byte) (share.Share, error) {
	if !bytes.HasPrefix(data, []byte(expiresPrefix)) {
		return share.Share{Scenario: data}, nil
	}
	head, scenario, ok := bytes.Cut(data, []byte("\n"))
	if !ok {
		return share.Share{}, fmt.Errorf("%w: no scenario after the expiry line", share.ErrDamaged)
	}
	expires, err := time.Parse(time.RFC3339, string(head[len(expiresPrefix):]))
	if err != nil {
		return share.Share{}, fmt.Errorf("%w: %w", share.ErrDamaged, err)
	}
	return share.Share{Scenario: scenario, Expires: expires}, nil
}

// Put stores sh under id, merged with what id holds (see share.Merge): the
// file is written to a temp file in the same folder, synced, and renamed
// into place, so a reader sees either the old file or the whole new one.
// A damaged file (see share.Merge) is replaced. Within a process,
// concurrent Puts of one id keep the longer expiry; two
// processes on one folder putting the same id at the same instant with
// different expiries may keep either.
func (s *Store) Put(_ context.Context, id string, sh share.Share) (time.Time, error) {
	p, err := s.path(id)
	if err != nil {
		return time.Time{}, err
	}
	mu := s.lock(id)
	mu.Lock()
	defer mu.Unlock()
	old, found, err := read(p)
	switch {
	case errors.Is(err, share.ErrDamaged):
		found = true // replaced by sh (see share.Merge)
	case err != nil:
		return time.Time{}, err
	}
	merged, write, err := share.Merge(id, old, found, sh)
	if err != nil || !write {
		return merged.Expires, err
	}
	if err := writeFile(p, s.writer.tag+"-"+id, encode(merged)); err != nil {
		return time.Time{}, err
	}
	return merged.Expires, nil
}

// writeFile writes data to p atomically: temp file (named after mark),
// fsync, rename, fsync of the folder.
func writeFile(p, mark string, data []byte) error {
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	tmp, err := os.CreateTemp(dir, tempPrefix+mark+"-*")
	if err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if _, err := tmp.Write(data); err != nil {
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

// Sweep deletes the files of the shares that have expired at now, and the
// temp files a crash mid-write left behind: at once those whose writer has
// ended (see writer), never those of a live writer, and untagged ones older
// than TempFileAge (by their modification time). It reads only the first
// line of each share file. It returns how many shares it deleted, and the
// problems it met, joined; it goes on past them.
//
// Within a process a share that Put extends is never deleted; a share
// extended by another process on the same folder at the instant of the
// sweep may be.
func (s *Store) Sweep(now time.Time) (int, error) {
	deleted := 0
	var errs []error
	remove := func(p string) {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	gone := map[string]bool{} // writer tag → ended
	walkErr := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		name := d.Name()
		switch {
		case d.IsDir() && name == writersDir:
			return fs.SkipDir
		case d.IsDir():
			return nil
		case strings.HasPrefix(name, tempPrefix):
			if s.abandoned(d, name, now, gone) {
				remove(p)
			}
			return nil
		}
		id, ok := strings.CutSuffix(name, ".json")
		if !ok || !share.ValidID(id) || filepath.Dir(p) != filepath.Join(s.dir, id[:2]) {
			return nil // not a share file: left alone
		}
		gone, err := s.deleteIfExpired(p, id, now)
		if err != nil {
			errs = append(errs, err)
		}
		if gone {
			deleted++
		}
		return nil
	})
	if walkErr != nil {
		errs = append(errs, walkErr)
	}
	// The lock files of ended writers, now that their temp files are gone.
	wdir := filepath.Join(s.dir, writersDir)
	entries, err := os.ReadDir(wdir)
	if err != nil {
		errs = append(errs, err)
	}
	for _, e := range entries {
		if s.abandoned(e, e.Name(), now, gone) {
			remove(filepath.Join(wdir, e.Name()))
		}
	}
	return deleted, errors.Join(errs...)
}

// abandoned reports whether the temp or lock file d called name was left by
// a writer that has ended (gone caches writerGone), or, when its writer is
// unknown (or without locks), is older than TempFileAge. The files of a live
// writer, this Store's included, are never abandoned, however old.
func (s *Store) abandoned(d fs.DirEntry, name string, now time.Time, gone map[string]bool) bool {
	tag := name
	if strings.HasPrefix(name, tempPrefix) {
		tag = tempTag(name)
	}
	if tag == s.writer.tag {
		return false
	}
	if tag != "" && !strings.HasPrefix(tag, ".") {
		ended, ok := gone[tag]
		if !ok {
			ended = writerGone(s.dir, tag)
			gone[tag] = ended
		}
		if ended || canLock {
			return ended
		}
	}
	info, err := d.Info()
	return err == nil && info.ModTime().Before(now.Add(-TempFileAge))
}

// deleteIfExpired deletes the share file p of id if it has expired at now.
func (s *Store) deleteIfExpired(p, id string, now time.Time) (bool, error) {
	expires, err := readExpiry(p)
	if err != nil || !(share.Share{Expires: expires}).Expired(now) {
		return false, err
	}
	mu := s.lock(id)
	mu.Lock()
	defer mu.Unlock()
	// Read again under the lock: a Put may have extended the share since.
	if expires, err = readExpiry(p); err != nil || !(share.Share{Expires: expires}).Expired(now) {
		return false, err
	}
	if err := os.Remove(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, fmt.Errorf("filestore: %w", err)
	}
	return true, nil
}

// readExpiry returns the expiry of share file p from its first line, without
// reading the scenario; the zero time when it never expires or is gone.
func readExpiry(p string) (time.Time, error) {
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("filestore: %w", err)
	}
	defer f.Close()
	head := make([]byte, len(expiresPrefix)+len(time.RFC3339)+16)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return time.Time{}, fmt.Errorf("filestore: %w", err)
	}
	sh, err := decode(head[:n])
	if err != nil {
		return time.Time{}, fmt.Errorf("filestore: %s: %w", p, err)
	}
	return sh.Expires, nil
}
