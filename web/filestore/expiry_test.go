package filestore_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/filestore"
	"github.com/batchlab/batchlab/web/share"
)

// fileOf returns the path of id's share file.
func fileOf(s *filestore.Store, id string) string {
	return filepath.Join(s.Dir(), id[:2], id+".json")
}

// TestFileFormat: the exact bytes on disk, and Get reading them back.
func TestFileFormat(t *testing.T) {
	for _, tc := range []struct {
		name    string
		expires time.Time
		want    string
	}{
		{name: "never expires: the scenario alone", expires: never, want: `{"version":1}`},
		{name: "expires: one line first", expires: hour, want: "expires 2026-03-01T13:00:00Z\n{\"version\":1}"},
		{name: "written in UTC", expires: hour.In(time.FixedZone("CET", 3600)), want: "expires 2026-03-01T13:00:00Z\n{\"version\":1}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := filestore.Open(t.TempDir())
			require.NoError(t, err)
			const id = "abcdefghijkl"
			put(t, s, id, `{"version":1}`, tc.expires)
			data, err := os.ReadFile(fileOf(s, id))
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(data))
			got, err := s.Get(t.Context(), id)
			require.NoError(t, err)
			assert.Equal(t, `{"version":1}`, string(got.Scenario))
			assert.True(t, tc.expires.Equal(got.Expires), "expires %v, want %v", got.Expires, tc.expires)
		})
	}
}

// TestReadsFilesOfEarlierVersions: a share file written before expiries
// existed (the scenario alone) never expires, and Sweep leaves it.
func TestReadsFilesOfEarlierVersions(t *testing.T) {
	s, err := filestore.Open(t.TempDir())
	require.NoError(t, err)
	const id = "dcqcjeiwiawp"
	require.NoError(t, os.MkdirAll(filepath.Dir(fileOf(s, id)), 0o755))
	require.NoError(t, os.WriteFile(fileOf(s, id), []byte(`{"catalog":{},"version":1}`), 0o644))
	got, err := s.Get(t.Context(), id)
	require.NoError(t, err)
	assert.True(t, got.Expires.IsZero())
	n, err := s.Sweep(t0.Add(1000 * 24 * time.Hour))
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.FileExists(t, fileOf(s, id))
}

// TestPutKeepsLongerExpiry: on disk, sharing again keeps the longer
// lifetime and reports it.
func TestPutKeepsLongerExpiry(t *testing.T) {
	s, err := filestore.Open(t.TempDir())
	require.NoError(t, err)
	const id = "abcdefghijkl"
	for _, step := range []struct{ put, want time.Time }{
		{hour, hour}, {week, week}, {hour, week}, {never, never}, {week, never},
	} {
		got := put(t, s, id, `{"version":1}`, step.put)
		assert.True(t, step.want.Equal(got), "put %v: got %v, want %v", step.put, got, step.want)
		stored, err := s.Get(t.Context(), id)
		require.NoError(t, err)
		assert.True(t, step.want.Equal(stored.Expires), "stored %v, want %v", stored.Expires, step.want)
		assert.Equal(t, `{"version":1}`, string(stored.Scenario))
	}
}

// TestSweep deletes the shares expired at the time it is given, and nothing
// else.
func TestSweep(t *testing.T) {
	shares := map[string]time.Time{
		"aaaaaaaaaaaa": hour,
		"aabbbbbbbbbb": week,
		"cccccccccccc": never,
		"dddddddddddd": t0.Add(-time.Second),
	}
	for _, tc := range []struct {
		name string
		now  time.Time
		kept []string
	}{
		{name: "before any expiry", now: t0.Add(-time.Minute), kept: []string{"aaaaaaaaaaaa", "aabbbbbbbbbb", "cccccccccccc", "dddddddddddd"}},
		{name: "one expired", now: t0, kept: []string{"aaaaaaaaaaaa", "aabbbbbbbbbb", "cccccccccccc"}},
		{name: "at an expiry", now: hour, kept: []string{"aabbbbbbbbbb", "cccccccccccc"}},
		{name: "a second before it", now: hour.Add(-time.Second), kept: []string{"aaaaaaaaaaaa", "aabbbbbbbbbb", "cccccccccccc"}},
		{name: "years later", now: t0.Add(10 * 365 * 24 * time.Hour), kept: []string{"cccccccccccc"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := filestore.Open(t.TempDir())
			require.NoError(t, err)
			for id, expires := range shares {
				put(t, s, id, `{"id":"`+id+`"}`, expires)
			}
			// Files that are not shares are left alone.
			others := []string{filepath.Join(s.Dir(), "notes.txt"), filepath.Join(s.Dir(), "aa", "abcdefghijkl.json"), filepath.Join(s.Dir(), "aa", "README")}
			for _, p := range others {
				require.NoError(t, os.WriteFile(p, []byte("expires 2000-01-01T00:00:00Z\n{}"), 0o644))
			}
			n, err := s.Sweep(tc.now)
			require.NoError(t, err)
			assert.Equal(t, len(shares)-len(tc.kept), n)
			for id := range shares {
				_, err := s.Get(t.Context(), id)
				if slices.Contains(tc.kept, id) {
					assert.NoError(t, err, id)
				} else {
					assert.ErrorIs(t, err, share.ErrNotFound, id)
					assert.NoFileExists(t, fileOf(s, id))
				}
			}
			for _, p := range others {
				assert.FileExists(t, p)
			}
		})
	}
}

// TestDamagedFiles: a share file whose expiry line is damaged is an error
// for Get (a 500, not a missing share) and for Sweep, which still deletes
// the other expired shares.
func TestDamagedFiles(t *testing.T) {
	for _, content := range []string{
		"expires tomorrow\n{}",
		"expires 2026-03-01T13:00:00Z", // no scenario
		"expires 2026-03-01T13:00:00Z {}",
	} {
		t.Run(content, func(t *testing.T) {
			s, err := filestore.Open(t.TempDir())
			require.NoError(t, err)
			const damaged, expired = "abcdefghijkl", "bbbbbbbbbbbb"
			put(t, s, expired, `{}`, hour)
			require.NoError(t, os.MkdirAll(filepath.Dir(fileOf(s, damaged)), 0o755))
			require.NoError(t, os.WriteFile(fileOf(s, damaged), []byte(content), 0o644))
			_, err = s.Get(t.Context(), damaged)
			require.Error(t, err)
			assert.NotErrorIs(t, err, share.ErrNotFound)
			n, err := s.Sweep(week)
			assert.ErrorIs(t, err, share.ErrDamaged)
			assert.Equal(t, 1, n)
			assert.NoFileExists(t, fileOf(s, expired))
			assert.FileExists(t, fileOf(s, damaged), "Sweep deletes only what it can read as expired")
		})
	}
}

// TestSweepNeverDeletesAnExtendedShare races a Sweep against a Put that
// brings an expired share back: whichever runs first, the share is there
// afterwards with its new expiry.
func TestSweepNeverDeletesAnExtendedShare(t *testing.T) {
	s, err := filestore.Open(t.TempDir())
	require.NoError(t, err)
	const id = "abcdefghijkl"
	for range 50 {
		put(t, s, id, `{"version":1}`, hour)
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := s.Sweep(week)
			assert.NoError(t, err)
		}()
		go func() {
			defer wg.Done()
			put(t, s, id, `{"version":1}`, week.Add(time.Hour))
		}()
		wg.Wait()
		got, err := s.Get(t.Context(), id)
		require.NoError(t, err)
		require.True(t, week.Add(time.Hour).Equal(got.Expires))
		// Expire it again for the next round.
		n, err := s.Sweep(week.Add(2 * time.Hour))
		require.NoError(t, err)
		require.Equal(t, 1, n)
	}
}

// TestExpiredShareOverHTTP: the API over the file store on a clock: an
// expired share is refused as expired, then, once swept, as unknown.
func TestExpiredShareOverHTTP(t *testing.T) {
	s, err := filestore.Open(t.TempDir())
	require.NoError(t, err)
	now := t0
	api := web.NewAPI(s)
	api.Now = func() time.Time { return now }
	srv := httptest.NewServer(web.Secure(api))
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/api/share?expires_in=1h", "application/json", bytes.NewReader([]byte(`{"version": 1, "name": "brief"}`)))
	require.NoError(t, err)
	var out struct {
		ID        string    `json:"id"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, hour, out.ExpiresAt)

	status := func() (int, string) {
		resp, err := http.Get(srv.URL + "/api/share/" + out.ID)
		require.NoError(t, err)
		defer resp.Body.Close()
		var e struct{ Error struct{ Code string } }
		json.NewDecoder(resp.Body).Decode(&e)
		return resp.StatusCode, e.Error.Code
	}
	code, _ := status()
	assert.Equal(t, http.StatusOK, code)

	now = hour
	code, errCode := status()
	assert.Equal(t, http.StatusNotFound, code)
	assert.Equal(t, "expired", errCode)
	assert.FileExists(t, fileOf(s, out.ID), "refused before it is swept")

	n, err := s.Sweep(now)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.NoFileExists(t, fileOf(s, out.ID))
	code, errCode = status()
	assert.Equal(t, http.StatusNotFound, code)
	assert.Equal(t, "not_found", errCode)
}
