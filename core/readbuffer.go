package core

import (
	"bytes"
	"errors"
	"io"
	"strconv"
)

// A readBuffer holds what a scanner reads: a whole input (src nil), or a
// window of one read incrementally, a buffer at a time, from the start of
// the record being read on, so that a scanner of a stream holds a record
// and a buffer, never the whole input.
type readBuffer struct {
	data []byte
	// src is the rest of the input of an incremental buffer (nil once
	// read, or for a whole input); readErr is the first read error other
	// than io.EOF.
	src     io.Reader
	readErr error
	dropped int64 // bytes of the input before data
}

// streamReadBytes is the size of an incremental buffer (it grows for a
// longer record, up to MaxStreamRecordBytes).
const streamReadBytes = 1 << 20

var bom = []byte("\ufeff")

// newReadBuffer returns a buffer that reads r as it goes, size bytes at a
// time (more for a longer record), and where the input starts in it: past
// a byte order mark, if there is one.
func newReadBuffer(r io.Reader, size int) (readBuffer, int) {
	b := readBuffer{data: make([]byte, 0, size), src: r}
	for len(b.data) < len(bom) && b.src != nil {
		b.fill(0, 1)
	}
	if bytes.HasPrefix(b.data, bom) {
		return b, len(bom)
	}
	return b, 0
}

// fill drops the data before from (the start of the record being read, at
// line), reads more and returns how many bytes it dropped: the offsets
// into data move back by as much.
func (b *readBuffer) fill(from, line int) int {
	n := copy(b.data, b.data[from:])
	b.data = b.data[:n]
	b.dropped += int64(from)
	if n == cap(b.data) {
		if n >= MaxStreamRecordBytes {
			b.readErr = errors.New("line " + strconv.Itoa(line) + ": a record longer than " + FormatCount(MaxStreamRecordBytes) + " bytes")
			b.src = nil
			return from
		}
		b.data = append(make([]byte, 0, min(2*n, MaxStreamRecordBytes)), b.data...)
	}
	for {
		m, err := b.src.Read(b.data[n:cap(b.data)])
		b.data = b.data[:n+m]
		if err != nil {
			if err != io.EOF {
				b.readErr = err
			}
			b.src = nil
			return from
		}
		if m > 0 {
			return from
		}
	}
}
