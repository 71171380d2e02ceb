package core

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
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
	streamArray(s, "requests", r.Requests)
	streamArray(s, "rejected", r.Rejected)
	s.field("metrics", &r.Metrics)
	if dispatched != nil && s.err == nil {
		s.err = dispatched()
	}
	if len(r.Attempts) > 0 {
		streamArray(s, "attempts", r.Attempts)
	}
	if d := r.Dispatch; d != nil {
		s.key("dispatch")
		s.openObject()
		s.field("job", d.Job)
		streamArray(s, "pools", d.Pools)
		streamArray(s, "batches", d.Batches)
		streamArray(s, "occupancy", d.Occupancy)
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
	err             error
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

// streamArray writes the field name with the array of items, encoded as
// themselves: in blocks (blockArray) when they are jsonAppenders, else one
// at a time through encoding/json. A nil slice is null, as encoding/json
// writes it.
func streamArray[T any](s *jsonStream, name string, items []T) {
	if items == nil {
		s.key(name)
		s.raw("null")
		return
	}
	if len(items) > 0 {
		if _, ok := any(&items[0]).(jsonAppender); ok {
			s.blockArray(name, len(items), func(buf []byte, i int, l *jsonLayout) []byte {
				return any(&items[i]).(jsonAppender).appendJSON(buf, l)
			})
			return
		}
	}
	s.key(name)
	if len(items) == 0 {
		s.raw("[]")
		return
	}
	depth := len(s.fields)
	s.raw("[")
	for i := range items {
		if i > 0 {
			s.raw(",")
		}
		s.newline(depth + 1)
		s.value(&items[i], depth+1)
	}
	s.newline(depth)
	s.raw("]")
}

// jsonBlock is how many elements of a long array blocks formats at a time.
const jsonBlock = 256

// blockArray writes the field name with an array of n elements, as
// encoding/json lays it out, elem(buf, i, l) appending the i-th laid out
// by l, jsonBlock elements at a time: natively, for many elements, by two
// goroutines (writeBlocks; for 100,000 requests the JSON is 90 MB to
// format), each with a layout of its own.
func (s *jsonStream) blockArray(name string, n int, elem func(buf []byte, i int, l *jsonLayout) []byte) {
	s.key(name)
	if n == 0 {
		s.raw("[]")
		return
	}
	depth := len(s.fields)
	s.raw("[")
	if s.err == nil {
		prefix := strings.Repeat(s.indent, depth+1)
		parallel := n >= 4*jsonBlock && spareProcessor()
		// a layout for each of writeBlocks's goroutines
		layouts := [2]*jsonLayout{newJSONLayout(prefix, s.indent), newJSONLayout(prefix, s.indent)}
		s.err = writeBlocks(s.w, (n+jsonBlock-1)/jsonBlock, parallel, func(buf []byte, block, worker int) []byte {
			l := layouts[worker]
			for i := block * jsonBlock; i < min((block+1)*jsonBlock, n); i++ {
				lead := l.next
				if i == 0 {
					lead = lead[1:]
				}
				buf = elem(append(buf, lead...), i, l)
			}
			return buf
		})
	}
	s.newline(depth)
	s.raw("]")
}

// streamBatches writes the field "batches" with r's batches as batchJSON
// encodes them (an empty array for none), their request ids read from the
// requests as they are formatted, without a batchJSON of each.
func streamBatches(s *jsonStream, r *Result) {
	s.blockArray("batches", len(r.Batches), func(buf []byte, i int, l *jsonLayout) []byte {
		b := &r.Batches[i]
		return appendBatchJSON(buf, b, l, len(b.Members), func(j int) string { return r.Requests[b.Members[j]].ID })
	})
}

// streamOutcomes writes the field "requests" with d's request outcomes,
// as d.RequestOutcomes() encodes, each made as it is formatted.
func streamOutcomes(s *jsonStream, d *DispatchResult) {
	order := inputOrder(d.reqs)
	s.blockArray("requests", len(order), func(buf []byte, i int, l *jsonLayout) []byte {
		o := d.outcomeOf(&d.reqs[order[i]])
		return o.appendJSON(buf, l)
	})
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
	return writeBlocks(w, count, spareProcessor(), func(buf []byte, block, _ int) []byte { return format(buf, block) })
}

// aheadBlocks is how many blocks writeBlocks may hold formatted, or being
// formatted, ahead of the one it writes.
const aheadBlocks = 8

// writeBlocks writes count blocks to w in order, format(buf, k, worker)
// appending block k to buf, worker telling which goroutine calls it (0 or
// 1, for state of its own). When parallel, a second goroutine formats
// blocks ahead, up to aheadBlocks, while this one writes them in order:
// whenever the next block to write is not ready, this one formats the
// next block nobody has taken, and waits only when all of those ahead are
// taken. (Before, the second goroutine formatted the odd blocks and this
// one the even: each waited for the other in turn, and a Go runtime trace
// of the CLI's JSON output showed them taking turns on one processor,
// about 1.0 in use, rather than working side by side: waking a parked
// goroutine on another processor takes longer than formatting a block.)
// It returns the first error of w, writing nothing after it. Its buffers
// come from blockBuffers and go back there once every block is written.
func writeBlocks(w io.Writer, count int, parallel bool, format func(buf []byte, block, worker int) []byte) error {
	if !parallel {
		buf := blockBuffer()
		for k := range count {
			buf = format(buf[:0], k, 0)
			if _, err := w.Write(buf); err != nil {
				return err
			}
		}
		keepBlockBuffer(buf)
		return nil
	}
	// A block is taken with a buffer of free (there are aheadBlocks) and
	// the next number of taken; once formatted, it is sent on ready at its
	// slot, block % aheadBlocks, and its buffer goes back to free once
	// written.
	var (
		taken atomic.Int64
		free  = make(chan []byte, aheadBlocks)
		ready [aheadBlocks]chan []byte
		done  = make(chan struct{})
	)
	for k := range ready {
		ready[k] = make(chan []byte, 1)
		free <- blockBuffer()
	}
	defer close(done)
	// take takes the next block and formats it into buf, returning false
	// when none is left (buf given back).
	take := func(buf []byte, worker int) bool {
		k := int(taken.Add(1) - 1)
		if k >= count {
			free <- buf
			return false
		}
		ready[k%aheadBlocks] <- format(buf[:0], k, worker)
		return true
	}
	helped := make(chan struct{}) // closed when the second goroutine returns
	go func() {
		defer close(helped)
		for {
			var buf []byte
			select {
			case buf = <-free:
			case <-done:
				return
			}
			if !take(buf, 1) {
				return
			}
		}
	}()
	for k := 0; k < count; k++ {
		slot := k % aheadBlocks
		var buf []byte
	next:
		for {
			select {
			case buf = <-ready[slot]:
				break next
			default:
			}
			select {
			case spare := <-free:
				take(spare, 0)
			default:
				buf = <-ready[slot] // every block up to it taken
				break next
			}
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
		free <- buf
	}
	// Every block written: the second goroutine returns once it finds
	// none left to take, and every buffer is back in free.
	<-helped
	for range aheadBlocks {
		keepBlockBuffer(<-free)
	}
	return nil
}

// blockBuffers keeps writeBlocks's buffers from one call to the next: a
// JSON document writes several arrays in turn, and with the garbage
// collector off (the CLI's run) every call's buffers, grown afresh, were
// memory touched for the first time, which the kernel clears page by page
// (10 % of the CLI's CPU for 100,000 prompts in JSON, by perf).
var blockBuffers sync.Pool

// blockBuffer returns an empty buffer of blockBuffers, or nil.
func blockBuffer() []byte {
	if b, ok := blockBuffers.Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return nil
}

// keepBlockBuffer puts buf in blockBuffers.
func keepBlockBuffer(buf []byte) {
	if cap(buf) > 0 {
		blockBuffers.Put(&buf)
	}
}
