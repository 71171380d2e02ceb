package core

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// decodeCommonPrompts decodes a prompts document of the common shape in one
// pass, several times faster than the general decoder: an array of prompt
// strings (with more than white space) and objects whose keys are request_id
// (a non-empty string), created_at_ms (an integer from 0 to MaxTimeMs),
// user_id (a string or a non-negative integer), prompt (a string with more
// than white space), and the token fields of imported traces — input_tokens
// (an integer from 1), output_tokens and shared_prefix_tokens (integers),
// model (a string) and failed (true or false) — each at most once, with a
// prompt or input_tokens, and request ids all different. It checks the JSON
// syntax as it goes. For anything else — another key or value type, null, a
// syntax error, a duplicate — it returns false, and the general decoder,
// which gives the same requests for this shape, decides (and reports the
// errors); so the general decoder's rules may change without this file as
// long as they agree on the common shape (TestCommonPromptsAgree).
//
// Natively, a large document of long items is read by two goroutines: the
// second starts at what looks like an item in the middle, and its items
// are kept only if the first, reading from the start, arrives at an item
// there — so the result is the one-goroutine result whatever the guess.
//
// The strings of the requests share large buffers of their own, but for
// the prompts, as text says. It never writes data.
//
// It calls pause (nil: never) every pauseEvery items, on one goroutine
// then: a pause's error stops it and is returned.
func decodeCommonPrompts(data []byte, mode Mode, text promptText, pause func() error) ([]Request, bool, error) {
	split := pause == nil && spareProcessor() && len(data) >= splitDecodeBytes &&
		splitDecodeBytes/max(1, bytes.Count(data[:splitDecodeBytes], itemEnd(data))) >= splitItemBytes
	return decodeCommonPromptsSplit(data, mode, split, text, pause)
}

// promptText says what the decoder of the common shape makes of the
// prompts.
type promptText uint8

const (
	// copyText copies them into the decoder's buffers.
	copyText promptText = iota
	// pointText points the prompts without escapes into data (see
	// DecodeRequestsInPlace); those with escapes are decoded into buffers
	// of their own once the whole document has been read.
	pointText
	// analyseText analyses every prompt as soon as its item is read, while
	// its bytes are in the processor's cache, and keeps none: the requests
	// get their analysis and the heuristic's token count (when the item
	// gives none), and no text (see Options.ConsumePrompts). The requests
	// then depend on data no more.
	analyseText
)

// A document of at least splitDecodeBytes whose items in the first
// splitDecodeBytes average at least splitItemBytes is read by two
// goroutines: items with prompts take long to read, while the items of a
// token-only trace are read fast and the second goroutine's requests,
// copied at the end, would cost more memory than the time saved.
const (
	splitDecodeBytes = 4 << 20
	splitItemBytes   = 256
)

// decodeCommonPromptsSplit is decodeCommonPrompts, with two goroutines
// when split.
func decodeCommonPromptsSplit(data []byte, mode Mode, split bool, text promptText, pause func() error) ([]Request, bool, error) {
	p := promptParser{valueScanner: valueScanner{data: data}, seed: mode == ModeSeed, inPlace: text != copyText, analyse: text == analyseText, pause: pause}
	var guess func(from int) int // where the second goroutine starts
	if split {
		guess = func(from int) int { return itemAfter(data, from+(len(data)-from)/2, itemEnd(data)[0]) }
	}
	return decodeItems(&p, guess, func(from int) promptParser {
		return promptParser{valueScanner: valueScanner{data: data, pos: from}, seed: p.seed, inPlace: p.inPlace, analyse: p.analyse}
	})
}

// decodeItems reads the array of a document of the common shape with p,
// which stands at its start (see decodeCommonPrompts): once p is at the
// first item, guess (nil: none) returns where a second goroutine is to
// start, with the parser at returns (or a position of 0 or less: none).
func decodeItems(p *promptParser, guess func(from int) int, at func(from int) promptParser) ([]Request, bool, error) {
	p.spaceAcross()
	if !p.consume('[') {
		return nil, false, nil
	}
	p.spaceAcross()
	if p.consume(']') {
		return []Request{}, p.atEnd(), nil
	}
	stop := -1
	var second chan itemRun
	var share chan reqRegion
	if guess != nil {
		if stop = guess(p.offset()); stop > 0 {
			second, share = make(chan itemRun, 1), make(chan reqRegion, 1)
			q := at(stop)
			go func() { second <- q.items(-1, nil, share) }()
			// The second goroutine is done before this returns, whatever
			// the outcome: done with its region of the requests, and with
			// its reads of a document read in chunks.
			defer func() {
				if second != nil {
					<-second
				}
			}()
		}
	}
	run := p.items(stop, share, nil)
	select {
	case share <- reqRegion{}: // none sent (too few items to size): the second keeps its own
	default:
	}
	if p.err != nil {
		return nil, false, p.err
	}
	if !run.ok {
		return nil, false, nil
	}
	if !run.done { // stopped at the second goroutine's first item
		rest := <-second
		second = nil
		if !rest.ok {
			return nil, false, nil
		}
		if run.join(&rest, p); !run.ok {
			return nil, false, nil
		}
	}
	if len(run.ids) > 0 { // generated ids can only clash with given ones
		for _, i := range run.generated {
			run.ids = append(run.ids, idHash(run.reqs[i].ID))
		}
		if !distinct(run.ids) {
			return nil, false, nil
		}
	}
	// The prompts still escaped (none when analysed) on two goroutines for
	// as many requests as Enrich splits.
	if len(run.escaped) == 0 {
		return run.reqs, true, nil
	}
	if half := len(run.reqs) / 2; p.pause == nil && spareProcessor() && half >= enrichChunk {
		done := make(chan struct{})
		go func() {
			run.unescape(half, len(run.reqs))
			close(done)
		}()
		run.unescape(0, half)
		<-done
	} else {
		run.unescape(0, len(run.reqs))
	}
	return run.reqs, true, nil
}

// itemEnd is what ends an item, but the last, of the array data holds,
// going by its first item: "}," for objects, "\"," for prompt strings.
func itemEnd(data []byte) []byte {
	s := valueScanner{data: data}
	if s.expect('[') && s.peek() == '"' {
		return []byte(`",`)
	}
	return []byte("},")
}

// itemAfter returns the position of the first thing at or after from that
// looks like the start of an item after one that ends with end ('}' or
// '"') — end, ',' then the same again ('{' or '"') with space between — or
// -1 (a guess: it may be inside a string).
func itemAfter(data []byte, from int, end byte) int {
	start := byte('{')
	if end == '"' {
		start = '"'
	}
	for tries := 0; tries < 64 && from < len(data); tries++ {
		k := bytes.IndexByte(data[from:], end)
		if k < 0 {
			return -1
		}
		s := valueScanner{data: data, pos: from + k + 1}
		if s.expect(',') && s.peek() == start {
			return s.pos
		}
		from += k + 1
	}
	return -1
}

// unescape decodes the escaped prompts (run.escaped) of requests lo to hi
// into a buffer of their own.
func (run *itemRun) unescape(lo, hi int) {
	escaped := run.escapedIn(lo, hi)
	size := 0
	for _, i := range escaped {
		size += len(run.reqs[i].Text)
	}
	buf := make([]byte, 0, size) // never grown: a decoded body is no longer
	for _, i := range escaped {
		r := &run.reqs[i]
		start := len(buf)
		buf = appendUnescaped(buf, unsafe.Slice(unsafe.StringData(r.Text), len(r.Text)))
		r.Text = bytesString(buf[start:])
	}
}

// analyseItem gives r, just read by p, its analysis and, when the item
// gave none, the heuristic's token count, and drops its text; an escaped
// prompt (p.escapedText) is decoded into a buffer used for each in turn.
func (p *promptParser) analyseItem(r *Request) bool {
	if r.Text == "" {
		return true // the traffic rules classify a request without text
	}
	text := r.Text
	if p.escapedText {
		// Simple escapes stand for ASCII: the UTF-8 stays as valid as
		// it was.
		p.unescaped = appendUnescaped(p.unescaped[:0], unsafe.Slice(unsafe.StringData(text), len(text)))
		text = bytesString(p.unescaped)
		p.escapedText = false
	}
	var runes int
	var valid bool
	r.Analysis, runes, valid = p.analyzer.analyze(text)
	if !valid { // prompt left the check to the analysis
		return false // refused, with its offset, by the general decoder
	}
	r.hasAnalysis = true
	if !r.hasTokens {
		r.TokenCount = heuristicTokens(runes)
		r.hasTokens = true
	}
	r.Text = ""
	return true
}

// escapedIn returns the part of run.escaped (in ascending order) from lo
// up to hi.
func (run *itemRun) escapedIn(lo, hi int) []int32 {
	from, _ := slices.BinarySearch(run.escaped, int32(lo))
	to, _ := slices.BinarySearch(run.escaped, int32(hi))
	return run.escaped[from:to]
}

// An itemRun is what items read: requests, the hashes of the ids given
// (idHash), and the requests given none, whose generated ids ("r" +
// position) can only clash with given ones.
type itemRun struct {
	reqs      []Request
	ids       []int64
	generated []int32
	// escaped are the requests whose Text is still the body of a JSON
	// string with escapes (read in place).
	escaped []int32
	// region is where the first goroutine of a split decoding put its
	// requests and told the second to put its own (see reqRegion).
	region reqRegion
	// ok is false when the items are not all of the common shape; done
	// says the array and the document ended.
	ok, done bool
}

// sizingBytes is how much of its items items reads, at most, before
// making room for the rest.
const sizingBytes = 256 << 10

// A reqRegion is where the second goroutine of a split decoding is to
// put its requests: base[off:], base being the slice the first goroutine
// puts its own in, up to off. The requests of both then only move
// together at the end (when the first read fewer than off), rather than
// the second's being copied after the first's: that copy wrote 10 MB for
// 100,000 requests, into pages touched for the first time.
type reqRegion struct {
	base []Request
	off  int
}

// items reads items from the start of one up to the end of the document,
// or up to the item that starts at stop. Once it knows the size of its
// items (after 1,024 of them or sizingBytes), it makes room for the rest.
// The first goroutine of a split decoding then sends the second where to
// put its requests on give (once); the second, at the same point of its
// own items, waits for it on take (the region, or none: a few hundred
// kilobytes of the first's items at most), rather than growing a slice of
// its own meanwhile (on a busy machine, where the first may start late,
// that took tens of megabytes).
func (p *promptParser) items(stop int, give chan<- reqRegion, take <-chan reqRegion) itemRun {
	run := itemRun{reqs: make([]Request, 0, min(1024, p.size()/16))}
	start := p.offset()
	sized := false
	for {
		if at := p.offset(); !sized && (len(run.reqs) == 1024 || at-start >= sizingBytes) {
			sized = true
			// Room for the rest of the document, at the size of the items
			// so far, in the requests and the hashes of ids.
			perMB := int64(len(run.reqs)) << 20 / int64(at-start)
			rest := int(int64(p.size()-at) * perMB >> 20 * 21 / 20)
			if take == nil {
				run.reqs = slices.Grow(run.reqs, rest)
			}
			if give != nil {
				// (Past stop, the guess was inside a string: no region.)
				off := len(run.reqs) + int(int64(stop-at)*perMB>>20*21/20)
				if stop > at && off < cap(run.reqs) {
					run.region = reqRegion{base: run.reqs[:cap(run.reqs)], off: off}
					run.reqs = run.reqs[:len(run.reqs):off]
				}
				give <- run.region // none: the second keeps its own
			}
			if take != nil {
				if region := <-take; region.base != nil && region.off+len(run.reqs) <= len(region.base) {
					n := copy(region.base[region.off:], run.reqs)
					run.reqs = region.base[region.off : region.off+n]
				}
			}
			run.ids = slices.Grow(run.ids, rest)
		}
		from := p.pos
		run.reqs = append(run.reqs, Request{Index: len(run.reqs)})
		r := &run.reqs[len(run.reqs)-1]
		var given, ok, done bool
		if p.peek() == '"' {
			ok = p.promptItem(r)
		} else {
			given, ok = p.object(r)
		}
		if ok && p.analyse {
			ok = p.analyseItem(r)
		}
		if ok {
			done, ok = p.separator(']')
		}
		if !ok {
			// A document read in chunks (see decodeCommonPromptsFrom) may
			// have cut the item short: it is read again, whole.
			if p.more(from) {
				run.reqs = run.reqs[:len(run.reqs)-1]
				p.escapedText = false
				if p.space(); p.offset() == stop { // cut in the space before stop
					run.ok = true
					return run
				}
				continue
			}
			return run
		}
		if p.escapedText {
			run.escaped = append(run.escaped, int32(r.Index))
			p.escapedText = false
		}
		if !given {
			run.generated = append(run.generated, int32(r.Index))
		} else {
			run.ids = append(run.ids, idHash(r.ID))
		}
		if p.err = pauseAfter(p.pause, len(run.reqs)); p.err != nil {
			return run
		}
		if done {
			run.ok, run.done = p.atEnd(), true
			return run
		}
		if p.offset() == stop {
			run.ok = true
			return run
		}
	}
}

// join appends the items of rest, read from the middle of the array: their
// positions move up, and so do their generated ids, which p makes again.
func (run *itemRun) join(rest *itemRun, p *promptParser) {
	n := len(run.reqs)
	for i := range rest.reqs {
		rest.reqs[i].Index += n
	}
	for _, i := range rest.generated {
		p.generateID(&rest.reqs[i])
		run.generated = append(run.generated, i+int32(n))
	}
	for _, i := range rest.escaped {
		run.escaped = append(run.escaped, i+int32(n))
	}
	run.ids = append(run.ids, rest.ids...)
	if region := run.region; region.base != nil && n <= region.off && len(rest.reqs) > 0 &&
		&run.reqs[0] == &region.base[0] && &rest.reqs[0] == &region.base[region.off] {
		// Both in place in region.base: the second's requests move down.
		end := copy(region.base[n:], rest.reqs) + n
		clear(region.base[end : region.off+len(rest.reqs)])
		run.reqs = region.base[:end]
		run.done = true
		return
	}
	run.reqs = append(run.reqs, rest.reqs...)
	run.done = true
}

// idHash is a hash of a request id, 63 bits: ids are told apart by their
// hashes, the rare clash of two different ids sending the document to the
// general decoder, which compares the ids themselves.
func idHash(id string) int64 {
	const k0, k1 = 0xa0761d6478bd642f, 0xe7037ed1a0b428db // wyhash's
	mix := func(a, b uint64) uint64 {
		hi, lo := bits.Mul64(a^k0, b^k1)
		return hi ^ lo
	}
	h := uint64(len(id))
	for ; len(id) >= 8; id = id[8:] {
		h = mix(h, binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(id), 8)))
	}
	var tail uint64
	for i := len(id) - 1; i >= 0; i-- {
		tail = tail<<8 | uint64(id[i])
	}
	return int64(mix(h, tail) >> 1)
}

// distinct reports whether the hashes are all different; it sorts them.
// Sorting (by radix: each pass reads them in order) costs less than a set
// of ids, whose every look-up goes to a random place of a table larger
// than the processor's cache.
func distinct(hashes []int64) bool {
	radixSort(hashes, make([]int64, len(hashes)))
	for i := 1; i < len(hashes); i++ {
		if hashes[i] == hashes[i-1] {
			return false
		}
	}
	return true
}

// promptParser reads the common shape; its strings share large buffers
// (arena) rather than taking one allocation each, or point into data.
type promptParser struct {
	valueScanner        // for its data, pos and space
	arena        []byte // never written where a string was handed out
	// seed: the document is read for seed mode, which ignores the trace
	// fields (with a warning): items with one go to the general decoder.
	seed bool
	// inPlace: prompts without escapes point into data, and so does a
	// prompt with simple escapes, still escaped (escapedText says the
	// object just read has one), to be decoded or analysed (see
	// promptText) once the document is known to be of the common shape.
	// The other strings (ids, models, user ids: short) go to the arena all
	// the same: the output reads them again and again, and from the arena
	// they come together, not one in each item of the document (a miss of
	// the processor's cache each: 100,000 ids, 20 ms for the table).
	inPlace, escapedText bool
	// analyse: each prompt is analysed once read (analyseText), an
	// escaped one decoded into unescaped first. The analysis then checks
	// the prompt's UTF-8, as it reads every character (see prompt).
	analyse   bool
	analyzer  Analyzer
	unescaped []byte
	// pause (nil: never) is called every pauseEvery items; its error
	// stops the reading and is kept in err.
	pause func() error
	err   error
	// base is the position in the document of data[0], and src where
	// the next bytes come from, for a document read in chunks (see
	// decodeCommonPromptsFrom); 0 and nil for one read whole.
	base int
	src  *chunkSource
}

// arenaChunk is the size of the buffers the decoded strings share (less
// for a smaller document).
const arenaChunk = 1 << 20

// separator moves past what follows an element of an array or object:
// the closing byte (done) or a comma, with the space around them; ok is
// false for anything else.
func (p *promptParser) separator(closing byte) (done, ok bool) {
	p.space()
	if p.consume(closing) {
		return true, true
	}
	if !p.consume(',') {
		return false, false
	}
	p.space()
	return false, true
}

// consume moves past c if it is the next byte.
func (p *promptParser) consume(c byte) bool {
	if p.pos < len(p.data) && p.data[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

// The keys of the common shape, as bits of the set already read.
const (
	keyID = 1 << iota
	keyCreated
	keyUser
	keyPrompt
	keyInput
	keyOutput
	keyPrefix
	keyModel
	keyFailed

	traceKeys = keyInput | keyOutput | keyPrefix | keyModel | keyFailed
)

// object reads one prompt object into r and reports whether it gave a
// request id.
func (p *promptParser) object(r *Request) (given, ok bool) {
	if !p.consume('{') {
		return false, false
	}
	var seen uint16
	p.space()
	if p.consume('}') {
		return false, false // no prompt
	}
	for {
		key, ok := p.key()
		if !ok {
			return false, false
		}
		p.space()
		if !p.consume(':') {
			return false, false
		}
		p.space()
		var bit uint16
		switch string(key) {
		case "request_id":
			bit = keyID
			r.ID, ok = p.string()
			// An id with U+FFFD may come from a lone surrogate, which the
			// general decoder refuses.
			ok = ok && r.ID != "" && !strings.ContainsRune(r.ID, utf8.RuneError)
		case "created_at_ms":
			bit = keyCreated
			r.CreatedAt, ok = p.integer()
			ok = ok && r.CreatedAt <= MaxTimeMs
			r.hasTime = true
		case "user_id":
			bit = keyUser
			if p.pos < len(p.data) && p.data[p.pos] == '"' {
				r.UserID, ok = p.string()
			} else if p.seed { // Python's rules for other values
				ok = false
			} else {
				start := p.pos
				_, ok = p.integer()
				r.UserID = p.intern(p.data[start:p.pos])
			}
		case "prompt":
			bit = keyPrompt
			if p.inPlace {
				r.Text, ok = p.prompt()
				break
			}
			r.Text, ok = p.string()
			ok = ok && (r.Text == "" || !isBlank(r.Text))
		case "input_tokens":
			bit = keyInput
			r.TokenCount, ok = p.tokens(1)
			r.hasTokens = true
		case "output_tokens":
			bit = keyOutput
			r.OutputTokens, ok = p.tokens(0)
			r.hasOutput = true
		case "shared_prefix_tokens":
			bit = keyPrefix
			r.SharedPrefixTokens, ok = p.tokens(0)
		case "model":
			bit = keyModel
			r.TraceModel, ok = p.string()
		case "failed":
			bit = keyFailed
			switch {
			case bytes.HasPrefix(p.data[p.pos:], []byte("true")):
				r.Failed, p.pos = true, p.pos+4
			case bytes.HasPrefix(p.data[p.pos:], []byte("false")):
				p.pos += 5
			default:
				ok = false
			}
		}
		if bit == 0 || seen&bit != 0 || !ok {
			return false, false
		}
		seen |= bit
		done, ok := p.separator('}')
		if !ok {
			return false, false
		}
		if done {
			break
		}
	}
	if r.Text == "" && seen&keyInput == 0 {
		return false, false
	}
	if p.seed && seen&traceKeys != 0 {
		return false, false // seed mode ignores them, with a warning
	}
	if seen&keyID == 0 {
		p.generateID(r)
	}
	return seen&keyID != 0, true
}

// promptItem reads an item that is a prompt string, not empty nor blank
// (the general decoder's to report or, in seed mode, take), and gives r
// its generated id.
func (p *promptParser) promptItem(r *Request) bool {
	var ok bool
	if p.inPlace {
		r.Text, ok = p.prompt()
	} else {
		r.Text, ok = p.string()
		ok = ok && !isBlank(r.Text)
	}
	if !ok || r.Text == "" {
		return false
	}
	p.generateID(r)
	return true
}

// generateID gives r the id of a request without one: "r" + its position
// counted from 1.
func (p *promptParser) generateID(r *Request) {
	p.room(24)
	start := len(p.arena)
	p.arena = strconv.AppendInt(append(p.arena, 'r'), int64(r.Index+1), 10)
	r.ID = p.arenaString(start)
}

// key reads an object key made of plain ASCII (no escapes).
func (p *promptParser) key() ([]byte, bool) {
	if !p.consume('"') {
		return nil, false
	}
	end := bytes.IndexByte(p.data[p.pos:], '"')
	if end < 0 {
		return nil, false
	}
	key := p.data[p.pos : p.pos+end]
	for _, c := range key {
		if c < ' ' || c == '\\' || c >= utf8.RuneSelf {
			return nil, false
		}
	}
	p.pos += end + 1
	return key, true
}

// integer reads a JSON integer without sign, fraction or exponent (0 or a
// digit 1–9 then digits), up to 16 digits.
func (p *promptParser) integer() (int64, bool) {
	start := p.pos
	var n int64
	for p.pos < len(p.data) && '0' <= p.data[p.pos] && p.data[p.pos] <= '9' {
		n = n*10 + int64(p.data[p.pos]-'0')
		p.pos++
	}
	digits := p.pos - start
	if digits == 0 || digits > 16 || digits > 1 && p.data[start] == '0' {
		return 0, false
	}
	if p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	return n, true
}

// tokens reads a token count from least to maxRequestTokens.
func (p *promptParser) tokens(least int64) (int, bool) {
	n, ok := p.integer()
	return int(n), ok && least <= n && n <= maxRequestTokens
}

// string reads a JSON string and returns its value: simple escapes are
// decoded here, \u escapes and invalid UTF-8 by jsonString (as the general
// decoder does).
func (p *promptParser) string() (string, bool) {
	body, kind, ok := p.stringBody(true)
	switch {
	case !ok:
		return "", false
	case kind == unicodeEscapes:
		return jsonString(p.data[p.pos-len(body)-2 : p.pos]), true
	case kind == simpleEscapes:
		return p.unescape(body), true
	}
	return p.intern(body), true
}

// prompt reads a prompt string in place (p.inPlace): its value is a string
// over data, still escaped when it has simple escapes (p.escapedText).
// When it is to be analysed (p.analyse), its UTF-8 is left to the
// analysis (analyseItem), which reads every character anyway, but for a
// string with \u escapes, whose decoding would replace invalid UTF-8.
func (p *promptParser) prompt() (string, bool) {
	body, kind, ok := p.stringBody(!p.analyse)
	switch {
	case !ok:
		return "", false
	case kind == unicodeEscapes:
		if p.analyse && !utf8.Valid(body) {
			return "", false
		}
		text := jsonString(p.data[p.pos-len(body)-2 : p.pos])
		return text, text == "" || !isBlank(text)
	case kind == simpleEscapes:
		p.escapedText = true
		return bytesString(body), !blankEscaped(body)
	}
	text := bytesString(body)
	return text, text == "" || !isBlank(text)
}

// bytesString returns b as a string without a copy: b must not change
// while the string is in use.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// The kinds of string body stringBody finds.
const (
	plainString    = iota // no escapes
	simpleEscapes         // escapes, none of them \u
	unicodeEscapes        // \u escapes
)

// stringBody reads a JSON string and returns its body as it is in data,
// with its kind of escapes; ok is false at the end of data, for a control
// character, a bad escape or, when checkUTF8, invalid UTF-8 (which the
// general decoder reports).
func (p *promptParser) stringBody(checkUTF8 bool) (body []byte, kind int, ok bool) {
	if !p.consume('"') {
		return nil, 0, false
	}
	data := p.data
	start := p.pos
	i := start
	escapes, unicode := 0, false
	// From the first byte beyond ASCII (if any), whose UTF-8 is checked
	// once the string ends, such bytes are skipped eight at a time too.
	nonASCII, high := -1, uint64(highs)
	for {
		for i+8 <= len(data) {
			if m := specialBytes(binary.LittleEndian.Uint64(data[i:]), high); m != 0 {
				i += firstMarked(m) // to the byte that ends the run
				break
			}
			i += 8
		}
		if i >= len(data) {
			return nil, 0, false
		}
		c := data[i]
		switch {
		case c == '"':
			p.pos = i + 1
			body := data[start:i]
			if checkUTF8 && nonASCII >= 0 && !utf8.Valid(data[nonASCII:i]) {
				return nil, 0, false // refused, with its offset, by the general decoder
			}
			switch {
			case unicode:
				return body, unicodeEscapes, true
			case escapes == 0:
				return body, plainString, true
			}
			return body, simpleEscapes, true
		case c == '\\':
			n := escapeLen(data, i)
			if n == 0 {
				return nil, 0, false
			}
			unicode = unicode || n == 6
			i += n
			escapes++
		case c < ' ':
			return nil, 0, false
		case c >= utf8.RuneSelf:
			if nonASCII < 0 {
				nonASCII, high = i, 0
			}
			i++
		default:
			i++
		}
	}
}

// room makes sure the arena can take n more bytes without moving the
// strings already handed out.
func (p *promptParser) room(n int) {
	if cap(p.arena)-len(p.arena) < n {
		p.arena = make([]byte, 0, max(min(arenaChunk, len(p.data)), n))
	}
}

// arenaString returns the bytes of the arena from start as a string.
func (p *promptParser) arenaString(start int) string {
	return bytesString(p.arena[start:])
}

// intern returns b as a string copied into the arena.
func (p *promptParser) intern(b []byte) string {
	p.room(len(b))
	start := len(p.arena)
	p.arena = append(p.arena, b...)
	return p.arenaString(start)
}

// unescape decodes a string body whose escapes are all simple ones into
// the arena.
func (p *promptParser) unescape(body []byte) string {
	p.room(len(body))
	start := len(p.arena)
	p.arena = appendUnescaped(p.arena, body)
	return p.arenaString(start)
}

// appendUnescaped appends the value of a string body whose escapes are all
// simple ones to dst; dst may be body[:0] (the value is never longer).
func appendUnescaped(dst, body []byte) []byte {
	for {
		k := bytes.IndexByte(body, '\\')
		if k < 0 {
			return append(dst, body...)
		}
		dst = append(dst, body[:k]...)
		dst = append(dst, simpleEscape(body[k+1]))
		body = body[k+2:]
	}
}

// simpleEscape is the byte the escape \c stands for (c is not u).
func simpleEscape(c byte) byte {
	switch c {
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return c
}

// blankEscaped reports whether the string body, whose escapes are all
// simple ones, holds only white space once decoded: isBlank of its value.
func blankEscaped(body []byte) bool {
	for {
		k := bytes.IndexByte(body, '\\')
		if k < 0 {
			return isBlank(bytesString(body))
		}
		if !isBlank(bytesString(body[:k])) {
			return false
		}
		if !asciiSpace[simpleEscape(body[k+1])] {
			return false
		}
		body = body[k+2:]
	}
}
