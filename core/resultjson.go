package core

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// WriteJSON writes the result to w as json.NewEncoder(w) with
// SetIndent("", indent) encodes it (compact when indent is empty), the
// final newline included, but one request, batch or attempt at a time:
// the memory it takes does not grow with the result, whose JSON is
// hundreds of bytes per request and per attempt. It buffers its writes.
func (r *Result) WriteJSON(w io.Writer, indent string) error {
	s := &jsonStream{w: bufio.NewWriterSize(w, 64<<10), indent: indent}
	s.raw("{")
	s.field("mode", r.Mode)
	s.field("seed", r.Seed)
	streamArray(s, "requests", r.Requests, func(q *Request) any { return q })
	streamArray(s, "rejected", r.Rejected, func(q *Rejection) any { return q })
	s.field("metrics", &r.Metrics)
	if len(r.Attempts) > 0 {
		streamArray(s, "attempts", r.Attempts, func(a *Attempt) any { return a })
	}
	if r.Dispatch != nil {
		s.field("dispatch", r.Dispatch)
	}
	if r.Traffic != nil {
		s.field("traffic", r.Traffic)
	}
	batches := r.Batches
	if batches == nil {
		batches = []Batch{} // MarshalJSON always writes the array
	}
	streamArray(s, "batches", batches, func(b *Batch) any {
		return batchJSON{Batch: *b, RequestIDs: r.RequestIDs(b)}
	})
	s.newline(0)
	s.raw("}\n")
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

// jsonStream writes one JSON object field by field, as json.Indent would
// lay it out. The first error sticks.
type jsonStream struct {
	w       *bufio.Writer
	indent  string
	fields  int
	scratch bytes.Buffer
	err     error
}

func (s *jsonStream) raw(text string) {
	if s.err == nil {
		_, s.err = s.w.WriteString(text)
	}
}

// newline starts a line at depth, when indenting.
func (s *jsonStream) newline(depth int) {
	if s.indent != "" {
		s.raw("\n" + strings.Repeat(s.indent, depth))
	}
}

// key starts the next field of the object.
func (s *jsonStream) key(name string) {
	if s.fields > 0 {
		s.raw(",")
	}
	s.fields++
	s.newline(1)
	s.raw(`"` + name + `":`)
	if s.indent != "" {
		s.raw(" ")
	}
}

// value writes v, whose first line is already started, at depth.
func (s *jsonStream) value(v any, depth int) {
	if s.err != nil {
		return
	}
	data, err := json.Marshal(v)
	if err != nil {
		s.err = err
		return
	}
	if s.indent == "" {
		_, s.err = s.w.Write(data)
		return
	}
	s.scratch.Reset()
	if s.err = json.Indent(&s.scratch, data, strings.Repeat(s.indent, depth), s.indent); s.err == nil {
		_, s.err = s.w.Write(s.scratch.Bytes())
	}
}

// field writes one field.
func (s *jsonStream) field(name string, v any) {
	s.key(name)
	s.value(v, 1)
}

// streamArray writes the field name with the array of items, each encoded
// as elem returns it, one at a time; a nil slice is null.
func streamArray[T any](s *jsonStream, name string, items []T, elem func(*T) any) {
	s.key(name)
	switch {
	case items == nil:
		s.raw("null")
		return
	case len(items) == 0:
		s.raw("[]")
		return
	}
	s.raw("[")
	for i := range items {
		if i > 0 {
			s.raw(",")
		}
		s.newline(2)
		s.value(elem(&items[i]), 2)
	}
	s.newline(1)
	s.raw("]")
}
