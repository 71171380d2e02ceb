package core

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// decodeCommonPromptsFrom is decodeCommonPrompts for analysed prompts
// (analyseText) of a document of size bytes read from r in chunks of
// chunk bytes (chunkBytes unless a test says otherwise), never whole: a
// chunk is read into memory the decoder reuses, and parsed at once, while
// it is in the processor's cache. On the 2-core VM, reading a 66 MB file
// whole took 12–92 ms, most of it the kernel clearing the pages the
// process touched for the first time; read in chunks of 256 KB into one
// buffer, 4 ms. Natively, a large document of long items is read by two
// goroutines, each from a buffer of its own, as decodeCommonPrompts does.
//
// An item cut by the end of a chunk is read again from its start, once
// the next bytes are there. When it cannot be read and the rest of the
// chunk holds what looks like the start of another item, it is not of the
// common shape: ok is false, and the caller reads the document whole for
// the general decoder. An item longer than a chunk grows the buffer. A
// read error is returned (but io.EOF: the file shrank, and the document,
// cut short, is not of the common shape).
func decodeCommonPromptsFrom(r io.ReaderAt, size int64, mode Mode, chunk int) (reqs []Request, ok bool, err error) {
	if size <= 0 || int64(int(size)) != size {
		return nil, false, nil
	}
	first := &chunkSource{r: r, size: int(size), buf: make([]byte, chunk)}
	p := promptParser{seed: mode == ModeSeed, inPlace: true, analyse: true, src: first}
	if !p.more(0) {
		return nil, false, first.err
	}
	head := p.data
	end := itemEnd(head)
	var guess func(from int) int
	if spareProcessor() && size >= splitDecodeBytes && len(head)/max(1, bytes.Count(head, end)) >= splitItemBytes {
		guess = func(from int) int {
			mid := from + (int(size)-from)/2
			window := make([]byte, min(chunk, int(size)-mid))
			n, err := readFullAt(r, window, mid)
			if n == 0 || err != nil {
				return -1
			}
			if at := itemAfter(window[:n], 0, end[0]); at > 0 {
				return mid + at
			}
			return -1
		}
	}
	var second *chunkSource
	reqs, ok, err = decodeItems(&p, guess, func(from int) promptParser {
		second = &chunkSource{r: r, size: int(size), buf: make([]byte, chunk)}
		return promptParser{seed: p.seed, inPlace: true, analyse: true, base: from, src: second}
	})
	for _, s := range []*chunkSource{first, second} {
		if s != nil && s.err != nil {
			return nil, false, s.err
		}
	}
	return reqs, ok, err
}

// chunkBytes is the size of the chunks decodeCommonPromptsFrom reads.
const chunkBytes = 256 << 10

// A chunkSource is where a promptParser reading a document in chunks gets
// its next bytes (see promptParser.more): the document is size bytes of
// r. buf is the parser's memory for them.
type chunkSource struct {
	r    io.ReaderAt
	size int
	buf  []byte
	// err is the read error that stopped the parser (nil but for one).
	err error
}

// offset returns the position in the document of the parser's next byte.
func (p *promptParser) offset() int { return p.base + p.pos }

// size returns the size of the document.
func (p *promptParser) size() int {
	if p.src != nil {
		return p.src.size
	}
	return len(p.data)
}

// spaceAcross moves past white space, across chunks.
func (p *promptParser) spaceAcross() {
	p.space()
	for p.pos == len(p.data) && p.more(p.pos) {
		p.space()
	}
}

// atEnd moves past the white space after the array and reports whether the
// document ends there.
func (p *promptParser) atEnd() bool {
	p.spaceAcross()
	return p.offset() == p.size()
}

// more makes the parser's data the bytes from data[from:] on, the next
// bytes of the document after them, as many as fit, and moves the parser
// to their start; it reports false, changing nothing, when there are no
// more (a document read whole, or all read) or the read failed (src.err).
// Bytes from before from are gone: nothing may point into them (the
// analysed requests point into no chunk, see analyseItem). The first call
// reads the first chunk. When the item that starts at from, which the
// parser could not read, ends within the data with what follows it
// (valueEnds), it was not cut: it is not of the common shape, and more
// reports false too.
func (p *promptParser) more(from int) bool {
	s := p.src
	if s == nil {
		return false
	}
	next := p.base + len(p.data) // the first byte not read yet
	if next >= s.size {
		return false
	}
	if from < len(p.data) && valueEnds(p.data, from) {
		return false
	}
	keep := len(p.data) - from
	buf := s.buf
	if keep == len(buf) { // one item as long as the buffer
		buf = make([]byte, 2*len(buf))
	}
	copy(buf, p.data[from:])
	n, err := readFullAt(s.r, buf[keep:min(len(buf), keep+s.size-next)], next)
	if err != nil {
		s.err = fmt.Errorf("reading the prompts: %w", err)
		return false
	}
	if n == 0 {
		return false
	}
	s.buf = buf
	p.base += from
	p.data, p.pos = buf[:keep+n], 0
	return true
}

// readFullAt fills buf from r at off, reading again after a short read
// without an error (which io.ReaderAt does not allow, but a reader that
// did would have more read its items again for every few bytes); it
// returns how many bytes it read, and the error that stopped it, but
// io.EOF (the document shrank: it ends short).
func readFullAt(r io.ReaderAt, buf []byte, off int) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.ReadAt(buf[n:], int64(off+n))
		n += m
		switch {
		case errors.Is(err, io.EOF):
			return n, nil
		case err != nil:
			return n, err
		case m == 0:
			return n, io.ErrNoProgress
		}
	}
	return n, nil
}

// valueEnds reports whether the JSON value that starts at data[i:], after
// white space, ends within data, and something after it does too, as far
// as its quotes and brackets tell (valueScanner.value; it checks nothing
// else): an item that could not be read and ends so failed for a reason
// of its own, while one that runs to the end of data may have been cut by
// it. A closing bracket where a value should start (a stray one) ends
// there.
func valueEnds(data []byte, i int) bool {
	s := valueScanner{data: data, pos: i}
	if len(s.value()) == 0 && s.pos < len(data) {
		s.pos++ // a stray closing bracket, or a comma
	}
	return skipSpace(data, s.pos) < len(data)
}
