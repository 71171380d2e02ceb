package filestore_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/web/filestore"
)

// crashDirEnv makes the test binary a writer that dies mid-write (see
// TestRestartDeletesAbandonedTempFiles).
const crashDirEnv = "FILESTORE_CRASH_DIR"

// writerTags returns the tags of the writers with a lock file in the data
// folder of s.
func writerTags(t *testing.T, s *filestore.Store) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(s.Dir(), ".writers"))
	require.NoError(t, err)
	var tags []string
	for _, e := range entries {
		tags = append(tags, e.Name())
	}
	return tags
}

// tempFileOf creates the temp file a write in progress by the writer tag
// would have.
func tempFileOf(t *testing.T, s *filestore.Store, tag string) string {
	t.Helper()
	p := filepath.Join(s.Dir(), "ab", ".tmp-"+tag+"-abcdefghijkl-12345")
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(`{"vers`), 0o644))
	return p
}

// TestRestartDeletesAbandonedTempFiles: a writer killed with SIGKILL
// mid-write leaves a fresh temp file; the next Sweep (a restart's) deletes
// it and the writer's lock file at once, while the temp file of a live
// writer on the same folder stays until that writer has closed.
func TestRestartDeletesAbandonedTempFiles(t *testing.T) {
	if dir := os.Getenv(crashDirEnv); dir != "" {
		s, err := filestore.Open(dir)
		if err != nil {
			os.Exit(3)
		}
		for _, tag := range writerTags(t, s) {
			if strings.HasPrefix(tag, fmt.Sprint(os.Getpid())+"-") {
				tempFileOf(t, s, tag)
				self, _ := os.FindProcess(os.Getpid())
				self.Kill() // SIGKILL: no deferred call, no Close runs
			}
		}
		os.Exit(4)
	}
	if runtime.GOOS == "windows" {
		t.Skip("no flock: temp files are judged by their age")
	}
	dir := t.TempDir()
	live, err := filestore.Open(dir)
	require.NoError(t, err)
	liveTag := writerTags(t, live)[0]
	liveTemp := tempFileOf(t, live, liveTag)

	crash := exec.Command(os.Args[0], "-test.run=^TestRestartDeletesAbandonedTempFiles$")
	crash.Env = append(os.Environ(), crashDirEnv+"="+dir)
	err = crash.Run()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	require.Equal(t, "signal: killed", exit.Error())
	tags := writerTags(t, live)
	require.Len(t, tags, 2)
	deadTag := tags[slices.IndexFunc(tags, func(tag string) bool { return tag != liveTag })]
	deadTemp := filepath.Join(live.Dir(), "ab", ".tmp-"+deadTag+"-abcdefghijkl-12345")
	require.FileExists(t, deadTemp)

	// A live writer's files stay however old they are.
	long := time.Now().Add(-2 * filestore.TempFileAge)
	require.NoError(t, os.Chtimes(liveTemp, long, long))
	require.NoError(t, os.Chtimes(filepath.Join(live.Dir(), ".writers", liveTag), long, long))

	restarted, err := filestore.Open(dir)
	require.NoError(t, err)
	defer restarted.Close()
	n, err := restarted.Sweep(time.Now())
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.NoFileExists(t, deadTemp, "the killed writer's temp file goes at once")
	assert.NotContains(t, writerTags(t, restarted), deadTag, "and its lock file")
	assert.FileExists(t, liveTemp, "a live writer's temp file stays")
	assert.Contains(t, writerTags(t, restarted), liveTag, "and its lock file")

	require.NoError(t, live.Close())
	_, err = restarted.Sweep(time.Now())
	require.NoError(t, err)
	assert.NoFileExists(t, liveTemp, "once its writer has closed, it goes too")
	assert.Len(t, writerTags(t, restarted), 1)
}
