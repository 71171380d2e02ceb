//go:build !unix

package filestore

import "os"

// canLock: no locks here; temp files are judged by their age.
const canLock = false

// lockFile does nothing where flock is missing: there, temp files are
// judged by their age only (TempFileAge).
func lockFile(*os.File) error { return nil }

// tryLockFile reports a live writer: temp files are judged by age.
func tryLockFile(*os.File) bool { return false }
