package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadInputFile: small and large files (the large ones in memory of
// their own on Linux) come back whole, a write to data never reaches the
// file, and release can be called.
func TestReadInputFile(t *testing.T) {
	for _, size := range []int{0, 10, 4<<20 - 1, 4 << 20, 4<<20 + 4097} {
		want := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]
		path := filepath.Join(t.TempDir(), "in.json")
		require.NoError(t, os.WriteFile(path, want, 0o644))
		data, release, err := readInputFile(path)
		require.NoError(t, err)
		require.Equal(t, want, data, "size %d", size)
		if size > 0 {
			data[0] = 'X'
			onDisk, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, want, onDisk, "size %d", size)
		}
		release()
	}
	_, release, err := readInputFile(filepath.Join(t.TempDir(), "missing"))
	require.Error(t, err)
	release()
}
