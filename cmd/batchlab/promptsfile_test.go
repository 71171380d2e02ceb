package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/require"
)

// TestLargePromptsFileReadInChunks: a prompts file large enough for core
// to read in chunks (openPromptsFile) gives the output that the same
// document read whole from stdin gives, in every format and for other
// settings (exact tokens: read whole after all); one of another shape, or
// with an error deep inside, gives the general decoder's output and
// messages.
func TestLargePromptsFileReadInChunks(t *testing.T) {
	doc := benchPrompts(8_000)
	require.Greater(t, len(doc), chunkedPromptsBytes)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, data, 0o644))
		return path
	}
	common := write("prompts.json", doc)
	// Another shape (a key the decoder of the common shape leaves to the
	// general one), and a syntax error in the last item.
	other := write("other.json", bytes.Replace(doc, []byte(`"user_id"`), []byte(`"analysis_json": null, "user_id"`), 1))
	broken := write("broken.json", append(bytes.TrimSuffix(bytes.TrimSpace(doc), []byte("}\n]")), []byte("x}\n]")...))

	f, size, err := openPromptsFile(common, core.TrafficUnknown)
	require.NoError(t, err)
	require.NotNil(t, f, "read in chunks")
	require.Equal(t, int64(len(doc)), size)
	f.Close()
	f, _, err = openPromptsFile(common, core.TrafficAzure)
	require.NoError(t, err)
	require.Nil(t, f, "another format is read whole")

	for _, path := range []string{common, other, broken} {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		for _, args := range [][]string{
			{"--mode", "seed", "--format", "json"},
			{"--mode", "timer", "--format", "table"},
			{"--mode", "timer", "--format", "csv", "--tokens", "exact"},
		} {
			wantCode, want, wantErr := runCLI(t, string(data), append([]string{"simulate", "--input", "-"}, args...)...)
			code, got, gotErr := runCLI(t, "", append([]string{"simulate", "--input", path}, args...)...)
			require.Equal(t, wantCode, code, "%s %v: %s", filepath.Base(path), args, gotErr)
			require.Equal(t, want, got, "%s %v", filepath.Base(path), args)
			require.Equal(t, strings.ReplaceAll(wantErr, "stdin", path), gotErr, "%s %v", filepath.Base(path), args)
		}
	}
}
