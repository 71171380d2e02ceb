package link_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web/share/link"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStoredLinksKeepTheirResults replays links made by the batchlab of
// 2 December 2026 (before traces, the settings table and the traffic
// rules): each still opens, and its scenario gives byte for byte the
// result it gave then (a SHA-256 of the result's JSON). The pins of the
// two links with rejected requests were renewed once, when a rejection's
// reason was reworded; nothing else in those results changed.
func TestStoredLinksKeepTheirResults(t *testing.T) {
	data, err := os.ReadFile("../../../testdata/links/v1-2026-12-02.json")
	require.NoError(t, err)
	var links []struct{ Name, Fragment, ResultSHA256 string }
	require.NoError(t, json.Unmarshal(data, &links))
	require.NotEmpty(t, links)
	for _, l := range links {
		t.Run(l.Name, func(t *testing.T) {
			sc, err := link.Decode(l.Fragment)
			require.NoError(t, err)
			res, err := core.Simulate(sc, core.Options{})
			require.NoError(t, err)
			b, err := json.Marshal(res)
			require.NoError(t, err)
			sum := sha256.Sum256(b)
			assert.Equal(t, l.ResultSHA256, hex.EncodeToString(sum[:]))
		})
	}
}
