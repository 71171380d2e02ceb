package filestore

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDir returns the data folder `batchlab serve` uses when --data is
// not given: $XDG_DATA_HOME/batchlab, or ~/.local/share/batchlab (on
// Windows %LocalAppData%\batchlab).
func DefaultDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "batchlab"), nil
	}
	if runtime.GOOS == "windows" {
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "batchlab"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", errors.New("no home folder to keep shares in: pass --data DIR")
	}
	return filepath.Join(home, ".local", "share", "batchlab"), nil
}
