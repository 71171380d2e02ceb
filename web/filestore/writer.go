package filestore

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// writersDir is the folder, under the shares folder, of the writers' lock
// files.
const writersDir = ".writers"

// tempPrefix starts the names of temp files: ".tmp-" + writer tag + "-" + id
// + "-" + random. Temp files of older versions have no tag
// (".tmp-" + id + "-" + random).
const tempPrefix = ".tmp-"

// A writer marks the temp files one open Store writes, so that a Sweep by
// any process can tell an abandoned temp file (its writer died mid-write:
// kill -9, a crash, a power cut) from a write in progress. Each writer has
// a tag (its process id and a random token) and holds an exclusive lock on
// the lock file .writers/<tag> while the Store is open; the operating
// system releases the lock when the process ends, however it ends. A temp
// file whose writer's lock is free, or gone, is abandoned.
type writer struct {
	tag  string
	lock *os.File
}

// newWriter creates and locks the lock file of a new writer in dir. The
// file is locked under a temporary name and then renamed, so that a Sweep
// never sees the lock file of a live writer unlocked.
func newWriter(dir string) (*writer, error) {
	wdir := filepath.Join(dir, writersDir)
	if err := os.MkdirAll(wdir, 0o755); err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	token := make([]byte, 6)
	rand.Read(token)
	tag := fmt.Sprintf("%d-%s", os.Getpid(), hex.EncodeToString(token))
	staging := filepath.Join(wdir, ".new-"+tag)
	f, err := os.OpenFile(staging, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		os.Remove(staging)
		return nil, fmt.Errorf("filestore: lock %s: %w", staging, err)
	}
	if err := os.Rename(staging, filepath.Join(wdir, tag)); err != nil {
		f.Close()
		os.Remove(staging)
		return nil, fmt.Errorf("filestore: %w", err)
	}
	return &writer{tag: tag, lock: f}, nil
}

// close releases the writer's lock and deletes its lock file.
func (w *writer) close(dir string) error {
	err := os.Remove(filepath.Join(dir, writersDir, w.tag))
	return errors.Join(err, w.lock.Close())
}

// tempTag returns the writer tag in the name of a temp file, or "" for an
// untagged one.
func tempTag(name string) string {
	parts := strings.Split(strings.TrimPrefix(name, tempPrefix), "-")
	if len(parts) < 4 {
		return ""
	}
	return parts[0] + "-" + parts[1]
}

// writerGone reports whether the writer tag of another Store has ended: its
// lock file is gone or no longer locked. It deletes the lock file of an
// ended writer once its temp files are gone; deleting it earlier would do
// no harm either (a missing lock file means an ended writer).
func writerGone(dir, tag string) bool {
	if !canLock {
		return false
	}
	p := filepath.Join(dir, writersDir, tag)
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return true
	}
	if err != nil {
		return false
	}
	defer f.Close()
	return tryLockFile(f)
}
