package web_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/batchlab/batchlab/web"
)

func TestValidShareID(t *testing.T) {
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
		assert.Equal(t, want, web.ValidShareID(id), id)
	}
}

// TestShareIDsOfPresets: every preset has a valid, distinct id that does
// not change when its canonical form is decoded and shared again.
func TestShareIDsOfPresets(t *testing.T) {
	seen := map[string]string{}
	for _, p := range preset.All {
		sc, err := preset.Load(p.Key)
		require.NoError(t, err)
		canonical, err := web.CanonicalScenario(sc)
		require.NoError(t, err)
		id := web.ShareID(canonical)
		require.True(t, web.ValidShareID(id), id)
		assert.NotContains(t, seen, id, "%s and %s", p.Key, seen[id])
		seen[id] = p.Key

		again, err := core.DecodeScenario(canonical)
		require.NoError(t, err)
		canonical2, err := web.CanonicalScenario(again)
		require.NoError(t, err)
		assert.Equal(t, string(canonical), string(canonical2), "canonical form is a fixed point")
	}
}
