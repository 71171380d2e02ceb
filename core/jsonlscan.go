package core

import (
	"bytes"
	"io"
)

// A jsonlScanner reads JSON Lines a line at a time, from a whole input
// (newJSONLScanner) or from a reader as it goes (newJSONLReader), holding a
// line and a buffer. Lines end in \n; a \r before it, like other white
// space around a value, is the caller's to trim. A byte order mark at the
// start is skipped.
type jsonlScanner struct {
	readBuffer
	pos int // where the next line starts
	// line is the number (1-based) of the line last returned, and
	// lineStart its offset in data.
	line, lineStart int
}

func newJSONLScanner(data []byte) *jsonlScanner {
	s := &jsonlScanner{readBuffer: readBuffer{data: data}}
	if bytes.HasPrefix(data, bom) {
		s.pos = len(bom)
	}
	return s
}

// newJSONLReader returns a scanner that reads r size bytes at a time (more
// for a longer line, up to MaxStreamRecordBytes).
func newJSONLReader(r io.Reader, size int) *jsonlScanner {
	buf, start := newReadBuffer(r, size)
	return &jsonlScanner{readBuffer: buf, pos: start}
}

// next returns the next line without its \n (it stays valid until the
// next call), or false at the end of the input.
func (s *jsonlScanner) next() ([]byte, bool) {
	for {
		end := bytes.IndexByte(s.data[s.pos:], '\n')
		if end < 0 && s.src != nil {
			d := s.fill(s.pos, s.line+1)
			s.pos -= d
			s.lineStart -= d
			continue
		}
		if s.pos >= len(s.data) {
			return nil, false
		}
		if end < 0 {
			end = len(s.data) - s.pos
		}
		s.line++
		s.lineStart = s.pos
		s.pos = min(s.pos+end+1, len(s.data))
		return s.data[s.lineStart : s.lineStart+end], true
	}
}

// offset is how many bytes of the input come before the line last
// returned: what has been read, for progress.
func (s *jsonlScanner) offset() int64 { return s.dropped + int64(s.lineStart) }
