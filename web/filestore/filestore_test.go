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

func TestPutGet(t *testing.T) {
	s, err := filestore.Open(t.TempDir())
	require.NoError(t, err)
	ctx := t.Context()
	const id = "abcdefghijkl"
	_, err = s.Get(ctx, id)
	require.ErrorIs(t, err, share.ErrNotFound)

	require.NoError(t, s.Put(ctx, id, []byte(`{"version":1}`)))
	got, err := s.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, `{"version":1}`, string(got))
	assert.FileExists(t, filepath.Join(s.Dir(), "ab", id+".json"))

	require.NoError(t, s.Put(ctx, id, []byte(`{"version":1}`)), "the same bytes again are harmless")
	require.ErrorIs(t, s.Put(ctx, id, []byte(`{"version":1,"seed":2}`)), share.ErrCollision)
	got, err = s.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, `{"version":1}`, string(got), "a collision never overwrites")
}

func TestInvalidIDs(t *testing.T) {
	s, err := filestore.Open(t.TempDir())
	require.NoError(t, err)
	for _, id := range []string{"", "../../etc/pa", "abc", "ABCDEFGHIJKL", "abcdefghij/k", "abcdefghij.."} {
		_, err := s.Get(t.Context(), id)
		assert.ErrorIs(t, err, share.ErrNotFound, id)
		assert.Error(t, s.Put(t.Context(), id, []byte("{}")), id)
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
			errs <- s.Put(t.Context(), id, []byte(fmt.Sprintf(`{"n":%d}`, i%4)))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	var names []string
	filepath.WalkDir(s.Dir(), func(p string, d os.DirEntry, err error) error {
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

func TestOpenSweepsOldTempFiles(t *testing.T) {
	dir := t.TempDir()
	s, err := filestore.Open(dir)
	require.NoError(t, err)
	sub := filepath.Join(s.Dir(), "ab")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	old := filepath.Join(sub, ".tmp-abcdefghijkl-1")
	fresh := filepath.Join(sub, ".tmp-abcdefghijkl-2")
	require.NoError(t, os.WriteFile(old, []byte("{"), 0o644))
	require.NoError(t, os.WriteFile(fresh, []byte("{"), 0o644))
	long := time.Now().Add(-2 * time.Hour)
	require.NoError(t, os.Chtimes(old, long, long))
	_, err = filestore.Open(dir)
	require.NoError(t, err)
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
