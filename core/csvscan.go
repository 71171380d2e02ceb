package core

import "io"

// A csvScanner reads CSV records (RFC 4180: comma-separated, fields may be
// quoted with " and hold "" for a quote, commas and line breaks) straight
// from a byte slice, without allocating for unquoted fields: a million-row
// trace would otherwise cost a string per row and the garbage collector's
// time. Lines end in \n or \r\n; empty lines hold no record and are
// skipped, as encoding/csv does. A scanner made by newCSVReader reads its
// input incrementally, holding a record and a buffer, never the whole.
type csvScanner struct {
	readBuffer
	pos  int
	line int // the line at pos, 1-based
	// lineStart is the offset of the line at pos.
	lineStart int

	// The current record: fields, and the line and byte column (1-based)
	// where each starts. Fields point into data, or into unquoted for
	// quoted fields; both stay valid until the next call to next.
	fields   [][]byte
	lines    []int
	cols     []int
	unquoted []byte
	spans    []csvSpan
}

// csvSpan locates a field: in data, or in unquoted when quoted.
type csvSpan struct {
	quoted     bool
	start, end int
}

// A csvSyntaxError is a malformed record, at its line and column.
type csvSyntaxError struct {
	line, col int
	msg       string
}

func newCSVScanner(data []byte) *csvScanner {
	return &csvScanner{readBuffer: readBuffer{data: data}, line: 1}
}

// newCSVReader returns a scanner that reads r as it goes, size bytes at a
// time (more for a longer record). A byte order mark at the start is
// skipped.
func newCSVReader(r io.Reader, size int) *csvScanner {
	buf, start := newReadBuffer(r, size)
	return &csvScanner{readBuffer: buf, line: 1, pos: start, lineStart: start}
}

// fill keeps the input from the current line on and reads more of it.
func (s *csvScanner) fill() {
	d := s.readBuffer.fill(min(s.pos, s.lineStart), s.line)
	s.pos -= d
	s.lineStart -= d
}

// offset is how many bytes of the input come before the current record's
// line: what has been read, for progress.
func (s *csvScanner) offset() int64 { return s.dropped + int64(s.lineStart) }

// next reads the next record. It returns false at the end of the input, and
// a syntax error for a malformed record, after which it has moved to the
// line after the error, so reading can go on.
func (s *csvScanner) next() (bool, *csvSyntaxError) {
	for {
		pos, line, lineStart := s.pos, s.line, s.lineStart
		more, err := s.record()
		if s.src == nil || s.pos < len(s.data) {
			return more, err
		}
		// The record ran into the end of what was read: read on and scan
		// it again.
		s.pos, s.line, s.lineStart = pos, line, lineStart
		s.fill()
	}
}

// record reads the next record of what has been read (see next).
func (s *csvScanner) record() (bool, *csvSyntaxError) {
	// Skip empty lines.
	for s.pos < len(s.data) && (s.data[s.pos] == '\n' || s.data[s.pos] == '\r' && s.pos+1 < len(s.data) && s.data[s.pos+1] == '\n') {
		if s.data[s.pos] == '\r' {
			s.pos++
		}
		s.pos++
		s.newline()
	}
	if s.pos >= len(s.data) {
		return false, nil
	}
	s.fields, s.lines, s.cols, s.spans, s.unquoted = s.fields[:0], s.lines[:0], s.cols[:0], s.spans[:0], s.unquoted[:0]
	for {
		s.lines = append(s.lines, s.line)
		s.cols = append(s.cols, s.pos-s.lineStart+1)
		var err *csvSyntaxError
		if s.pos < len(s.data) && s.data[s.pos] == '"' {
			err = s.quotedField()
		} else {
			err = s.plainField()
		}
		if err != nil {
			s.skipLine()
			return true, err
		}
		if s.pos >= len(s.data) {
			break
		}
		c := s.data[s.pos]
		if c == ',' {
			s.pos++
			continue
		}
		// a line end: \n or \r\n
		if c == '\r' {
			s.pos++
		}
		s.pos++
		s.newline()
		break
	}
	for _, sp := range s.spans {
		if sp.quoted {
			s.fields = append(s.fields, s.unquoted[sp.start:sp.end])
		} else {
			s.fields = append(s.fields, s.data[sp.start:sp.end])
		}
	}
	return true, nil
}

// newline records that pos has just moved past a '\n'.
func (s *csvScanner) newline() {
	s.line++
	s.lineStart = s.pos
}

// plainField reads an unquoted field up to a comma or a line end.
func (s *csvScanner) plainField() *csvSyntaxError {
	start := s.pos
	for ; s.pos < len(s.data); s.pos++ {
		switch s.data[s.pos] {
		case ',', '\n':
			s.spans = append(s.spans, csvSpan{start: start, end: s.pos})
			return nil
		case '\r':
			if s.pos+1 == len(s.data) || s.data[s.pos+1] == '\n' {
				s.spans = append(s.spans, csvSpan{start: start, end: s.pos})
				return nil
			}
		case '"':
			return &csvSyntaxError{s.line, s.pos - s.lineStart + 1,
				`a quote (") inside an unquoted field: quote the whole field and double the quotes in it ("")`}
		}
	}
	s.spans = append(s.spans, csvSpan{start: start, end: s.pos})
	return nil
}

// quotedField reads a field that starts with a quote.
func (s *csvScanner) quotedField() *csvSyntaxError {
	line, col := s.line, s.pos-s.lineStart+1
	s.pos++ // the opening quote
	start := len(s.unquoted)
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		s.pos++
		switch {
		case c == '"' && s.pos < len(s.data) && s.data[s.pos] == '"':
			s.unquoted = append(s.unquoted, '"')
			s.pos++
		case c == '"':
			s.spans = append(s.spans, csvSpan{quoted: true, start: start, end: len(s.unquoted)})
			if s.pos < len(s.data) {
				switch s.data[s.pos] {
				case ',', '\n':
					return nil
				case '\r':
					if s.pos+1 == len(s.data) || s.data[s.pos+1] == '\n' {
						return nil
					}
				}
				return &csvSyntaxError{s.line, s.pos - s.lineStart + 1, `a closing quote (") must end the field: want a comma or a line break after it`}
			}
			return nil
		default:
			s.unquoted = append(s.unquoted, c)
			if c == '\n' {
				s.newline()
			}
		}
	}
	return &csvSyntaxError{line, col, `a quoted field is never closed (no matching ")`}
}

// skipLine moves past the rest of the current line.
func (s *csvScanner) skipLine() {
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		s.pos++
		if c == '\n' {
			s.newline()
			return
		}
	}
}
