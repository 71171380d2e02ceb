//go:build unix

package filestore

import (
	"os"
	"syscall"
)

// canLock: writers hold locks, so a Sweep can tell a live writer.
const canLock = true

// lockFile takes an exclusive lock on f, held until f is closed or the
// process ends.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// tryLockFile reports whether f's lock is free (nobody holds it), leaving
// it unlocked.
func tryLockFile(f *os.File) bool {
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		return false
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return true
}
