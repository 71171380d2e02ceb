package core

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"runtime"
	"strings"
)

// WriteJSON writes the result to w as json.NewEncoder(w) with
// SetIndent("", indent) encodes it (compact when indent is empty), the
// final newline included, but one element at a time — request, batch,
// attempt, occupancy point — so that the memory it takes does not grow
// with the result, whose JSON is hundreds of bytes per request and per
// attempt. It buffers its writes. Natively, long arrays (requests,
// batches, a dispatch's request outcomes) are formatted in blocks by two
// goroutines, the output the same.
func (r *Result) WriteJSON(w io.Writer, indent string) error {
	return r.WriteJSONDispatched(w, indent, nil)
}

// WriteJSONDispatched is WriteJSON for a result whose dispatch
// (RunDispatch) may still be running: it writes what the dispatch does not
// change (the requests, rejections and metrics) and then calls dispatched
// (unless nil), which waits for the dispatch and returns its error, before
// the attempts, the dispatch and the warnings. The output is WriteJSON's
// once the dispatch is done; an error of dispatched stops the writing and
// is returned.
func (r *Result) WriteJSONDispatched(w io.Writer, indent string, dispatched func() error) error {
	s := &jsonStream{w: bufio.NewWriterSize(w, 64<<10), indent: indent}
	s.enc = json.NewEncoder(&s.plain)
	s.openObject()
	s.field("mode", r.Mode)
	s.field("seed", r.Seed)
	streamArray(s, "requests", r.Requests, nil)
	streamArray(s, "rejected", r.Rejected, nil)
	s.field("metrics", &r.Metrics)
	if dispatched != nil && s.err == nil {
		s.err = dispatched()
	}
	if len(r.Attempts) > 0 {
		streamArray(s, "attempts", r.Attempts, nil)
	}
	if d := r.Dispatch; d != nil {
		s.key("dispatch")
		s.openObject()
		s.field("job", d.Job)
		streamArray(s, "pools", d.Pools, nil)
		streamArray(s, "batches", d.Batches, nil)
		streamArray(s, "occupancy", d.Occupancy, nil)
		s.field("metrics", &d.Metrics)
		if d.Baseline != nil {
			s.field("baseline", d.Baseline)
		}
		if d.Saving != nil {
			s.field("saving", d.Saving)
		}
		streamOutcomes(s, d)
		s.closeObject()
	}
	if r.Traffic != nil {
		s.field("traffic", r.Traffic)
	}
	if len(r.Warnings) > 0 {
		s.field("warnings", r.Warnings)
	}
	streamBatches(s, r)
	s.closeObject()
	s.raw("\n")
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

// jsonStream writes JSON objects field by field, laid out as json.Indent
// lays them out. The first error sticks.
type jsonStream struct {
	w      *bufio.Writer
	indent string
	// fields counts the fields written so far in each open object,
	// outermost first.
	fields []int
	// enc encodes one value into plain, which is then indented into
	// indented: both reused.
	enc             *json.Encoder
	plain, indented bytes.Buffer
	// appended holds an element a jsonAppender wrote; reused.
	appended []byte
	err      error
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

func (s *jsonStream) openObject() {
	s.raw("{")
	s.fields = append(s.fields, 0)
}

func (s *jsonStream) closeObject() {
	depth := len(s.fields) - 1
	if s.fields[depth] > 0 {
		s.newline(depth)
	}
	s.fields = s.fields[:depth]
	s.raw("}")
}

// key starts the next field of the innermost open object.
func (s *jsonStream) key(name string) {
	depth := len(s.fields)
	if s.fields[depth-1] > 0 {
		s.raw(",")
	}
	s.fields[depth-1]++
	s.newline(depth)
	s.raw(`"` + name + `":`)
	if s.indent != "" {
		s.raw(" ")
	}
}

// value writes v at depth, its first line already started.
func (s *jsonStream) value(v any, depth int) {
	if s.err != nil {
		return
	}
	if a, ok := v.(jsonAppender); ok {
		prefix := strings.Repeat(s.indent, depth)
		s.appended = a.appendJSON(s.appended[:0], prefix, s.indent)
		_, s.err = s.w.Write(s.appended)
		return
	}
	s.plain.Reset()
	if s.err = s.enc.Encode(v); s.err != nil {
		return
	}
	data := bytes.TrimSuffix(s.plain.Bytes(), []byte("\n"))
	if s.indent != "" {
		s.indented.Reset()
		if s.err = json.Indent(&s.indented, data, strings.Repeat(s.indent, depth), s.indent); s.err != nil {
			return
		}
		data = s.indented.Bytes()
	}
	_, s.err = s.w.Write(data)
}

// field writes one field of the innermost open object.
func (s *jsonStream) field(name string, v any) {
	s.key(name)
	s.value(v, len(s.fields))
}

// streamArray writes the field name with the array of items, one at a
// time, each encoded as itself or, when elem is not nil, as elem returns
// it. A nil slice is null, as encoding/json writes it.
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
	depth := len(s.fields)
	s.raw("[")
	element := func(i int) any {
		if elem != nil {
			return elem(&items[i])
		}
		return &items[i]
	}
	if _, ok := element(0).(jsonAppender); ok && len(items) >= 4*jsonBlock && spareProcessor() {
		s.blocks(len(items), depth+1, func(buf []byte, i int, prefix string) []byte {
			return element(i).(jsonAppender).appendJSON(buf, prefix, s.indent)
		})
	} else {
		for i := range items {
			if i > 0 {
				s.raw(",")
			}
			s.newline(depth + 1)
			s.value(element(i), depth+1)
		}
	}
	s.newline(depth)
	s.raw("]")
}

// jsonBlock is how many elements of a long array blocks formats at a time.
const jsonBlock = 256

// blocks writes the n elements of an array at depth, as streamArray
// writes them one at a time, in blocks of jsonBlock elements, by two
// goroutines (writeBlocks), elem(buf, i, prefix) appending the i-th with
// prefix before its lines. Natively only: for 100,000 requests the JSON
// is 90 MB to format.
func (s *jsonStream) blocks(n, depth int, elem func(buf []byte, i int, prefix string) []byte) {
	if s.err != nil {
		return
	}
	prefix := strings.Repeat(s.indent, depth)
	s.err = writeBlocks(s.w, (n+jsonBlock-1)/jsonBlock, true, func(buf []byte, block int) []byte {
		for i := block * jsonBlock; i < min((block+1)*jsonBlock, n); i++ {
			if i > 0 {
				buf = append(buf, ',')
			}
			if s.indent != "" {
				buf = append(append(buf, '\n'), prefix...)
			}
			buf = elem(buf, i, prefix)
		}
		return buf
	})
}

// streamBatches writes the field "batches" with r's batches as
// batchJSON, as streamArray writes them, but for many batches without
// making a batchJSON of each (its copy of the batch, its slice of ids):
// the ids are read from the requests as they are formatted.
func streamBatches(s *jsonStream, r *Result) {
	if len(r.Batches) < 4*jsonBlock || !spareProcessor() {
		batches := r.Batches
		if batches == nil {
			batches = []Batch{} // MarshalJSON always writes the array
		}
		streamArray(s, "batches", batches, func(b *Batch) any {
			return &batchJSON{Batch: *b, RequestIDs: r.RequestIDs(b)}
		})
		return
	}
	s.blockArray("batches", len(r.Batches), func(buf []byte, i int, prefix string) []byte {
		b := &r.Batches[i]
		return appendBatchJSON(buf, b, prefix, s.indent, len(b.Members), false,
			func(j int) string { return r.Requests[b.Members[j]].ID })
	})
}

// streamOutcomes writes the field "requests" with d's request outcomes,
// as streamArray writes d.RequestOutcomes(), but for many requests
// without making them all first: each is made as it is formatted.
func streamOutcomes(s *jsonStream, d *DispatchResult) {
	if len(d.reqs) < 4*jsonBlock || !spareProcessor() {
		streamArray(s, "requests", d.RequestOutcomes(), nil)
		return
	}
	order := inputOrder(d.reqs)
	s.blockArray("requests", len(order), func(buf []byte, i int, prefix string) []byte {
		o := d.outcomeOf(&d.reqs[order[i]])
		return o.appendJSON(buf, prefix, s.indent)
	})
}

// blockArray writes the field name with an array of n elements formatted
// in blocks (see blocks).
func (s *jsonStream) blockArray(name string, n int, elem func(buf []byte, i int, prefix string) []byte) {
	s.key(name)
	depth := len(s.fields)
	s.raw("[")
	s.blocks(n, depth+1, elem)
	s.newline(depth)
	s.raw("]")
}

// spareProcessor reports whether a second goroutine can work beside the
// caller's: natively, with more than one processor (the WebAssembly build
// has one thread).
func spareProcessor() bool { return runtime.GOOS != "js" && runtime.GOMAXPROCS(0) > 1 }

// WriteBlocks writes count blocks to w in order, format(buf, k) appending
// block k to buf: natively, with a processor to spare, on two goroutines
// (see writeBlocks). format must be safe to call from two goroutines.
// The CLI's table formats its lines so, as the CSV and JSON writers do.
func WriteBlocks(w io.Writer, count int, format func(buf []byte, block int) []byte) error {
	return writeBlocks(w, count, spareProcessor(), format)
}

// writeBlocks writes count blocks to w in order, format(buf, k) appending
// block k to buf. When parallel, a second goroutine formats the odd blocks
// while this one formats the even ones and writes them all. A few blocks
// are in memory at a time. It returns the first error of w, writing
// nothing after it.
func writeBlocks(w io.Writer, count int, parallel bool, format func(buf []byte, block int) []byte) error {
	if !parallel {
		var buf []byte
		for k := range count {
			buf = format(buf[:0], k)
			if _, err := w.Write(buf); err != nil {
				return err
			}
		}
		return nil
	}
	// The second goroutine's two buffers go back and forth.
	odd, free, done := make(chan []byte, 2), make(chan []byte, 2), make(chan struct{})
	free <- nil
	free <- nil
	defer close(done)
	go func() {
		for k := 1; k < count; k += 2 {
			var buf []byte
			select {
			case buf = <-free:
			case <-done:
				return
			}
			odd <- format(buf[:0], k) // room for both buffers
		}
	}()
	var even []byte
	for k := 0; k < count; k++ {
		var err error
		if k%2 == 0 {
			even = format(even[:0], k)
			_, err = w.Write(even)
		} else {
			buf := <-odd
			_, err = w.Write(buf)
			free <- buf
		}
		if err != nil {
			return err
		}
	}
	return nil
}
