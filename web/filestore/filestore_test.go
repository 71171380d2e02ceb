package filestore_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/web"
	"github.com/batchlab/batchlab/web/filestore"
	"github.com/batchlab/batchlab/web/share"
)

var (
	t0    = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	hour  = t0.Add(time.Hour)
	week  = t0.Add(7 * 24 * time.Hour)
	never = time.Time{}
)

// put stores scenario under id with the given expiry and returns the expiry
// the store reports.
func put(t *testing.T, s *filestore.Store, id, scenario string, expires time.Time) time.Time {
	t.Helper()
	got, err := s.Put(t.Context(), id, share.Share{Scenario: []byte(scenario), Expires: expires})
	require.NoError(t, err)
	return got
}

func TestPutGet(t *testing.T) {
	s, err := filestore.Open(t.TempDir())
	require.NoError(t, err)
	ctx := t.Context()
	const id = "abcdefghijkl"
	_, err = s.Get(ctx, id)
	require.ErrorIs(t, err, share.ErrNotFound)

	put(t, s, id, `{"version":1}`, never)
	got, err := s.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, `{"version":1}`, string(got.Scenario))
	assert.True(t, got.Expires.IsZero())
	assert.FileExists(t, filepath.Join(s.Dir(), "ab", id+".json"))

	put(t, s, id, `{"version":1}`, never) // the same bytes again are harmless
}

// TestCollisionNeverOverwrites: an intact share (its content hashes to its
// id) is never replaced by another scenario.
func TestCollisionNeverOverwrites(t *testing.T) {
	s, err := filestore.Open(t.TempDir())
	require.NoError(t, err)
	id := share.ID([]byte(`{"version":1}`))
	put(t, s, id, `{"version":1}`, never)
	_, err = s.Put(t.Context(), id, share.Share{Scenario: []byte(`{"version":1,"seed":2}`)})
	require.ErrorIs(t, err, share.ErrCollision)
	got, err := s.Get(t.Context(), id)
	require.NoError(t, err)
	assert.Equal(t, `{"version":1}`, string(got.Scenario), "a collision never overwrites")
}

// TestPutRepairsDamagedFile: a truncated, emptied or garbled share file is
// replaced by a Put of the scenario its id names (it used to be a collision
// forever).
func TestPutRepairsDamagedFile(t *testing.T) {
	const scenario = `{"version":1,"name":"repair me"}`
	id := share.ID([]byte(scenario))
	for name, damaged := range map[string]string{
		"truncated":           scenario[:10],
		"empty":               "",
		"bad expiry line":     "expires tomorrow\n" + scenario,
		"expiry line only":    "expires 2026-03-08T12:00:00Z",
		"truncated, expiring": "expires 2026-03-08T12:00:00Z\n{\"vers",
	} {
		t.Run(name, func(t *testing.T) {
			s, err := filestore.Open(t.TempDir())
			require.NoError(t, err)
			put(t, s, id, scenario, week)
			p := filepath.Join(s.Dir(), id[:2], id+".json")
			require.NoError(t, os.WriteFile(p, []byte(damaged), 0o644))
			got, err := s.Put(t.Context(), id, share.Share{Scenario: []byte(scenario), Expires: hour})
			require.NoError(t, err)
			assert.True(t, hour.Equal(got), "a repair takes the new expiry, got %v", got)
			stored, err := s.Get(t.Context(), id)
			require.NoError(t, err)
			assert.Equal(t, scenario, string(stored.Scenario))
			require.NoError(t, share.Verify(id, stored.Scenario))
		})
	}
}

func TestInvalidIDs(t *testing.T) {
	s, err := filestore.Open(t.TempDir())
	require.NoError(t, err)
	for _, id := range []string{"", "../../etc/pa", "abc", "ABCDEFGHIJKL", "abcdefghij/k", "abcdefghij.."} {
		_, err := s.Get(t.Context(), id)
		assert.ErrorIs(t, err, share.ErrNotFound, id)
		_, err = s.Put(t.Context(), id, share.Share{Scenario: []byte("{}")})
		assert.Error(t, err, id)
	}
}

func TestConcurrentPutsLeaveNoTempFiles(t *testing.T) {
	s, err := filestore.Open(t.TempDir())
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("abcdefghij%c%c", 'a'+i%4, 'a') // 4 ids, 16 writers each
			_, err := s.Put(t.Context(), id, share.Share{Scenario: []byte(fmt.Sprintf(`{"n":%d}`, i%4)), Expires: hour.Add(time.Duration(i) * time.Second)})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	var names []string
	filepath.WalkDir(s.Dir(), func(p string, d os.DirEntry, err error) error {
		if d.IsDir() && d.Name() == ".writers" {
			return filepath.SkipDir // the writer's lock file
		}
		if !d.IsDir() {
			names = append(names, d.Name())
		}
		return nil
	})
	assert.Len(t, names, 4)
	for _, n := range names {
		assert.False(t, strings.HasPrefix(n, ".tmp-"), n)
	}
}

func TestSweepDeletesOldTempFiles(t *testing.T) {
	s, err := filestore.Open(t.TempDir())
	require.NoError(t, err)
	sub := filepath.Join(s.Dir(), "ab")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	old := filepath.Join(sub, ".tmp-abcdefghijkl-1")
	fresh := filepath.Join(sub, ".tmp-abcdefghijkl-2")
	require.NoError(t, os.WriteFile(old, []byte("{"), 0o644))
	require.NoError(t, os.WriteFile(fresh, []byte("{"), 0o644))
	long := t0.Add(-filestore.TempFileAge - time.Second)
	require.NoError(t, os.Chtimes(old, long, long))
	recent := t0.Add(-time.Minute)
	require.NoError(t, os.Chtimes(fresh, recent, recent))
	n, err := s.Sweep(t0)
	require.NoError(t, err)
	assert.Zero(t, n, "temp files are not shares")
	assert.NoFileExists(t, old)
	assert.FileExists(t, fresh, "a write in progress is left alone")
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/srv/data")
	d, err := filestore.DefaultDir()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join("/srv/data", "batchlab"), d)
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/ann")
	d, err = filestore.DefaultDir()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join("/home/ann", ".local", "share", "batchlab"), d)
}

// TestShareSurvivesRestart shares through a server on a data folder, stops
// it, starts a new server with a new store on the same folder, and opens
// the link there.
func TestShareSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	start := func() *httptest.Server {
		s, err := filestore.Open(dir)
		require.NoError(t, err)
		return httptest.NewServer(web.Secure(web.NewAPI(s)))
	}
	first := start()
	resp, err := http.Post(first.URL+"/api/share", "application/json", bytes.NewReader([]byte(`{"version": 1, "name": "kept", "prompts": ["hello"]}`)))
	require.NoError(t, err)
	var out struct{ ID string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	first.Close()

	second := start()
	defer second.Close()
	resp, err = http.Get(second.URL + "/api/share/" + out.ID)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var sc struct{ Name string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&sc))
	assert.Equal(t, "kept", sc.Name)

	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	open, err := c.Get(second.URL + "/s/" + out.ID)
	require.NoError(t, err)
	open.Body.Close()
	assert.Equal(t, http.StatusSeeOther, open.StatusCode)
	assert.True(t, strings.HasPrefix(open.Header.Get("Location"), "/#v1."))
}
