package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/web/share"
)

// TestServeShareTTL: --share-ttl is the lifetime of a share that asks for
// none, and the longest one may ask for.
func TestServeShareTTL(t *testing.T) {
	s := startServe(t, t.TempDir(), "--share-ttl", "30d")
	for _, tc := range []struct {
		query string
		want  time.Duration
	}{
		{query: "", want: 30 * 24 * time.Hour},
		{query: "?expires_in=2h", want: 2 * time.Hour},
		{query: "?expires_in=never", want: 30 * 24 * time.Hour},
	} {
		before := time.Now().Truncate(time.Second)
		resp, err := http.Post(s.base+"/api/share"+tc.query, "application/json", bytes.NewReader([]byte(`{"version": 1}`)))
		require.NoError(t, err)
		var out struct {
			ExpiresAt *time.Time `json:"expires_at"`
		}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.NotNil(t, out.ExpiresAt, tc.query)
		// The same scenario each time: the longest lifetime stays.
		assert.WithinDuration(t, before.Add(30*24*time.Hour), *out.ExpiresAt, 5*time.Second, tc.query)
	}
}

// TestServeBadShareTTL: a lifetime out of bounds stops serve before it
// listens, with status 2.
func TestServeBadShareTTL(t *testing.T) {
	for _, v := range []string{"1w", "30m", "366d", ""} {
		var stdout, stderr bytes.Buffer
		code := serve([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir(), "--share-ttl", v}, &stdout, &stderr)
		assert.Equal(t, 2, code, v)
		assert.Contains(t, stderr.String(), "--share-ttl", v)
		assert.Empty(t, stdout.String(), v)
	}
}

// TestServeSweepsAtStart: serve deletes the files of shares that expired
// while it was stopped, and keeps the others.
func TestServeSweepsAtStart(t *testing.T) {
	data := t.TempDir()
	file := func(scenario string) (string, string) {
		id := share.ID([]byte(scenario))
		dir := filepath.Join(data, "shares", id[:2])
		require.NoError(t, os.MkdirAll(dir, 0o755))
		return id, filepath.Join(dir, id+".json")
	}
	_, expired := file(`{"version":1,"name":"expired"}`)
	keptID, kept := file(`{"version":1,"name":"kept"}`)
	_, never := file(`{"version":1,"name":"never"}`)
	require.NoError(t, os.WriteFile(expired, []byte("expires 2001-01-01T00:00:00Z\n{\"version\":1,\"name\":\"expired\"}"), 0o644))
	require.NoError(t, os.WriteFile(kept, []byte("expires 2999-01-01T00:00:00Z\n{\"version\":1,\"name\":\"kept\"}"), 0o644))
	require.NoError(t, os.WriteFile(never, []byte(`{"version":1,"name":"never"}`), 0o644))
	s := startServe(t, data)
	assert.NoFileExists(t, expired)
	assert.FileExists(t, kept)
	assert.FileExists(t, never)
	resp, err := http.Get(s.base + "/api/share/" + keptID)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}
