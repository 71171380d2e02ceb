package core

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// chunkSizes are the chunk sizes the tests read documents in: down to a
// byte, so that every item is cut everywhere.
var chunkSizes = []int{1, 5, 64, 4096}

// checkChunksAgree fails when reading data in chunks (analysed) takes a
// document that decoding it whole does not (ok, copied: its requests with
// copyText), or gives other requests, or fails to read it.
func checkChunksAgree(t *testing.T, data []byte, mode Mode, ok bool, copied []Request) bool {
	t.Helper()
	all := true
	for _, chunk := range chunkSizes {
		got, gotOK, err := decodeCommonPromptsFrom(bytes.NewReader(data), int64(len(data)), mode, chunk)
		require.NoError(t, err, "%s, chunks of %d: %q", mode, chunk, data)
		all = all && gotOK
		if !gotOK {
			continue
		}
		require.True(t, ok, "%s, chunks of %d: taken in chunks, not whole: %q", mode, chunk, data)
		checkAnalysed(t, copied, got)
	}
	return all
}

// TestPromptsInChunks: documents of the common shape are read in chunks
// of every size as they are read whole, but for an item cut by a chunk's
// end whose text looks like the start of another item (then the caller
// reads the document whole).
func TestPromptsInChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	for range 200 {
		doc := commonPromptsDoc(rng)
		if bytes.Contains(doc, []byte("}, {")) {
			continue
		}
		want, ok, _ := decodeCommonPromptsSplit(doc, ModeTimer, false, copyText, nil)
		require.True(t, ok)
		require.True(t, checkChunksAgree(t, doc, ModeTimer, ok, want), "%s", doc)
	}
	for _, doc := range []string{
		`[{"prompt":"a"},` + strings.Repeat(" ", 300) + `{"prompt":"b"}]` + strings.Repeat("\n", 300),
		"[" + strings.Repeat(`"a long prompt, longer than a chunk",`, 50) + `"end"]`,
		`[{"prompt":"` + strings.Repeat("x", 10000) + `","created_at_ms":123456789}]`,
	} {
		want, ok, _ := decodeCommonPromptsSplit([]byte(doc), ModeTimer, false, copyText, nil)
		require.True(t, ok)
		require.True(t, checkChunksAgree(t, []byte(doc), ModeTimer, ok, want), "%s", doc)
	}
	// An item cut where its text looks like another item's start: the
	// document goes to the caller, which reads it whole.
	doc := []byte(`[{"prompt":"a"},{"prompt":"json: {\"x\":1}, {\"y\":2} and more text"}]`)
	_, ok, err := decodeCommonPromptsFrom(bytes.NewReader(doc), int64(len(doc)), ModeTimer, 32)
	require.NoError(t, err)
	require.False(t, ok)
}

// TestPromptsInChunksLarge: large documents, read by two goroutines, each
// in chunks, give what reading them whole gives.
func TestPromptsInChunksLarge(t *testing.T) {
	doc := func(n, words int) []byte {
		b := []byte("[")
		for i := range n {
			if i > 0 {
				b = append(b, ",\n"...)
			}
			b = fmt.Appendf(b, `{"request_id":"id%d","created_at_ms":%d,"prompt":"say \"%s\" then\n stop"}`, i, i*3, strings.Repeat("word ", words+i%40))
		}
		return append(b, ']')
	}
	for _, data := range [][]byte{doc(20000, 50), doc(3000, 400)} {
		require.Greater(t, len(data), splitDecodeBytes)
		want, ok, _ := decodeCommonPromptsSplit(data, ModeSeed, false, copyText, nil)
		require.True(t, ok)
		for _, chunk := range []int{4096, chunkBytes} {
			got, ok, err := decodeCommonPromptsFrom(bytes.NewReader(data), int64(len(data)), ModeSeed, chunk)
			require.NoError(t, err)
			require.True(t, ok, "chunks of %d", chunk)
			checkAnalysed(t, want, got)
		}
	}
	// Either half not of the common shape, or failing to read: the other
	// goroutine is done before the call returns (go test -race).
	data := doc(20000, 50)
	for _, at := range []int{len(data) / 5, len(data) * 4 / 5} {
		at += bytes.Index(data[at:], []byte(",\n")) + 2 // an item's start
		other := slices.Concat(data[:at], []byte(`{"prompt":"x","extra":1},`), data[at:])
		_, ok, err := decodeCommonPromptsFrom(bytes.NewReader(other), int64(len(other)), ModeSeed, chunkBytes)
		require.NoError(t, err)
		require.False(t, ok, "an item of another shape at %d", at)
		_, ok, err = decodeCommonPromptsFrom(failingReader{bytes.NewReader(data), int64(at)}, int64(len(data)), ModeSeed, chunkBytes)
		require.ErrorIs(t, err, errDisk, "failing at %d", at)
		require.False(t, ok)
	}
}

// failingReader fails every read that reaches past at.
type failingReader struct {
	r  io.ReaderAt
	at int64
}

var errDisk = errors.New("disk on fire")

func (f failingReader) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.at {
		return 0, errDisk
	}
	return f.r.ReadAt(p, off)
}

// TestPromptsInChunksReadErrors: a read error is returned, whichever of
// the reads it stops; a document that is shorter than its size said (the
// file shrank) is not taken, and is no error.
func TestPromptsInChunksReadErrors(t *testing.T) {
	doc := []byte("[" + strings.Repeat(`{"prompt":"fix the bug in the parser"},`, 40) + `{"prompt":"end"}]`)
	for _, at := range []int64{0, 10, 500, int64(len(doc)) - 1} {
		_, ok, err := decodeCommonPromptsFrom(failingReader{bytes.NewReader(doc), at}, int64(len(doc)), ModeTimer, 64)
		require.ErrorIs(t, err, errDisk, "failing at %d", at)
		require.False(t, ok)
	}
	_, ok, err := decodeCommonPromptsFrom(bytes.NewReader(doc[:len(doc)-40]), int64(len(doc)), ModeTimer, 64)
	require.NoError(t, err)
	require.False(t, ok)
}
