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
// document that decoding it whole does not, or the other way round (ok,
// copied: its requests with copyText), or gives other requests, or fails
// to read it. It returns ok.
func checkChunksAgree(t *testing.T, data []byte, mode Mode, ok bool, copied []Request) bool {
	t.Helper()
	for _, chunk := range chunkSizes {
		got, gotOK, err := decodeCommonPromptsFrom(bytes.NewReader(data), int64(len(data)), mode, chunk)
		require.NoError(t, err, "%s, chunks of %d: %q", mode, chunk, data)
		require.Equal(t, ok && len(data) > 0, gotOK, "%s, chunks of %d: %q", mode, chunk, data)
		if gotOK {
			checkAnalysed(t, copied, got)
		}
	}
	return ok
}

// TestPromptsInChunks: documents of the common shape are read in chunks
// of every size as they are read whole, items whose text looks like other
// items included.
func TestPromptsInChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	for range 200 {
		doc := commonPromptsDoc(rng)
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
	// Items cut where their text looks like other items: read again, whole.
	doc := []byte(`[{"prompt":"a"},{"prompt":"json: {\"x\":1}, {\"y\":2}, [3, 4] and more text"},"b }, { c"]`)
	want, ok, _ := decodeCommonPromptsSplit(doc, ModeTimer, false, copyText, nil)
	require.True(t, ok)
	require.True(t, checkChunksAgree(t, doc, ModeTimer, ok, want))
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

// TestValueEnds: a value that ends within the data, with something after
// it, is whole; one that runs to the end of the data (in a string, an
// open container, a scalar or the space after it) may have been cut.
func TestValueEnds(t *testing.T) {
	for _, c := range []struct {
		data string
		ends bool
	}{
		{`{"prompt":"x"},`, true},
		{`  {"prompt":"x","extra":1} ]`, true},
		{`{"prompt":"x"}`, false},
		{`{"prompt":"x"}   `, false},
		{`{"prompt":"x`, false},
		{`{"prompt":"a \"quoted\" }, { text`, false},
		{`{"prompt":"ends in a backslash \`, false},
		{`{"a":{"b":[1,2]}},`, true},
		{`{"a":{"b":[1,2]}`, false},
		{`"bad` + "\x01" + `",`, true},
		{`"x"]`, true},
		{`"x`, false},
		{`123,`, true},
		{`12`, false},
		{`tr`, false},
		{`true ]`, true},
		{`]`, false},
		{`] x`, true},
		{``, false},
		{`   `, false},
	} {
		require.Equal(t, c.ends, valueEnds([]byte(c.data), 0), "%q", c.data)
	}
}

// TestPromptsInChunksRefuseAtOnce: a document whose first item is not of
// the common shape (another key, a control character) is refused at that
// item, without reading on (it was read to its end, in buffers twice its
// size, until the reader saw another item's start); and a reader that
// returns a few bytes at a time without an error (which io.ReaderAt does
// not allow) does not make a long item cost a read-again for every few
// bytes.
func TestPromptsInChunksRefuseAtOnce(t *testing.T) {
	body := strings.Repeat(`"some prompt text that is long enough to matter here",`, 160_000) + `"end"]`
	for _, doc := range [][]byte{
		[]byte(`[{"prompt":"x","extra":1},` + body),
		[]byte(strings.Repeat(" ", 300<<10) + `["bad` + "\x01" + `",` + body),
	} {
		r := &countingReaderAt{r: bytes.NewReader(doc)}
		_, ok, err := decodeCommonPromptsFrom(r, int64(len(doc)), ModeTimer, chunkBytes)
		require.NoError(t, err)
		require.False(t, ok)
		require.Less(t, r.read, int64(4*chunkBytes), "read %d of %d bytes", r.read, len(doc))
	}
	doc := []byte(`[{"prompt":"` + strings.Repeat("a", 200_000) + `"}]`)
	r := &countingReaderAt{r: bytes.NewReader(doc), most: 16}
	reqs, ok, err := decodeCommonPromptsFrom(r, int64(len(doc)), ModeTimer, 64)
	require.NoError(t, err)
	require.True(t, ok)
	require.Len(t, reqs, 1)
	require.Less(t, r.calls, 3*len(doc)/16, "reads of 16 bytes")
}

// countingReaderAt counts the bytes read and the calls, and returns at
// most most bytes a call (0: no limit) without an error.
type countingReaderAt struct {
	r     io.ReaderAt
	most  int
	read  int64
	calls int
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	c.calls++
	if c.most > 0 && len(p) > c.most {
		p = p[:c.most]
	}
	n, err := c.r.ReadAt(p, off)
	c.read += int64(n)
	return n, err
}
