package share_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web/share"
)

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"abcdefghijkl":  true,
		"a234567zzzzz":  true,
		"abcdefghijk":   false,
		"abcdefghijklm": false,
		"abcdefghijk1":  false, // not base32
		"abcdefghijk8":  false,
		"Abcdefghijkl":  false,
		"abcdefghij/l":  false,
		"":              false,
		"abcdefghijké":  false,
	} {
		assert.Equal(t, want, share.ValidID(id), id)
	}
}

// TestIDsOfScenarios: every scenario of testdata has a valid, distinct id
// that does not change when its canonical form is decoded and shared again.
func TestIDsOfScenarios(t *testing.T) {
	files, err := filepath.Glob("../../testdata/scenarios/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	seen := map[string]string{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		sc, err := core.DecodeScenario(data)
		require.NoError(t, err, file)
		canonical, err := share.Canonical(sc)
		require.NoError(t, err)
		id := share.ID(canonical)
		require.True(t, share.ValidID(id), id)
		assert.NotContains(t, seen, id, "%s and %s", file, seen[id])
		seen[id] = file

		again, err := core.DecodeScenario(canonical)
		require.NoError(t, err)
		canonical2, err := share.Canonical(again)
		require.NoError(t, err)
		assert.Equal(t, string(canonical), string(canonical2), "canonical form is a fixed point")
	}
}
