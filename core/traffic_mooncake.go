package core

import "strconv"

// The Mooncake traces (Qin et al., FAST 2025) are JSON Lines, one request
// per line:
//
//	{"timestamp": 27482, "input_length": 6955, "output_length": 52, "hash_ids": [46, 47, …]}
//
// Rules:
//
//   - timestamp is the arrival in milliseconds since the first request (a
//     non-negative number; a fraction is floored). As in every trace
//     format, arrivals count from the earliest row, and an unsorted file is
//     sorted stably.
//   - input_length is the input tokens, output_length the real output
//     tokens; both are required non-negative integers. A row with
//     input_length 0 is skipped (SkipNoInput).
//   - hash_ids (optional) name the input's 512-token blocks; equal ids mean
//     equal content. SharedPrefixTokens is the number of leading blocks the
//     request shares with an earlier request (in arrival order; equal times
//     in file order) × 512, capped at input_length since the last block
//     may be partial.
//   - Other keys are ignored.
func parseMooncake(data []byte, b *trafficBuilder) *mooncakeBlocks {
	m := &mooncakeBlocks{}
	readJSONLines(data, mooncakeLines(b, m.free, m.keep))
	return m
}

// mooncakeLines reads Mooncake rows into b, which rebases their times,
// the rows of the common shape by the fast path (scanMooncakeLine): each
// row's hash ids are read into room() and, when the row is kept, handed
// to kept. What the whole parse and a streamed run share (its scanner
// left for the caller to set).
func mooncakeLines(b *trafficBuilder, room func() []int64, kept func(ids []int64)) jsonLines {
	b.rebase = true
	return jsonLines{b: b,
		fast: func(b *trafficBuilder, src jsonSource, raw []byte, row int) bool {
			r, ok := scanMooncakeLine(raw, room())
			if ok && keepMooncakeRow(b, src, raw, row, r, b.errs.len()) {
				kept(r.ids)
			}
			return ok
		},
		parse: func(b *trafficBuilder, src jsonSource, raw []byte, row int) {
			if ids, ok := parseMooncakeLine(b, src, raw, row, room()); ok {
				kept(ids)
			}
		}}
}

// mooncakeBlockTokens is the size of one hash block.
const mooncakeBlockTokens = 512

// mooncakeBlocks holds the hash ids of each kept record, in file order,
// one after the other: record k's are ids[ends[k-1]:ends[k]] (one slice,
// not a million small ones for the collector to scan).
type mooncakeBlocks struct {
	ids  []int64
	ends []int
}

// free returns the room after the ids kept, for the next row's.
func (m *mooncakeBlocks) free() []int64 { return m.ids[len(m.ids):] }

// keep keeps ids, those of the next record (read into free, or elsewhere
// when they outgrew it).
func (m *mooncakeBlocks) keep(ids []int64) {
	m.ids = append(m.ids, ids...)
	m.ends = append(m.ends, len(m.ids))
}

// of returns the hash ids of record k (in file order).
func (m *mooncakeBlocks) of(k int) []int64 {
	start := 0
	if k > 0 {
		start = m.ends[k-1]
	}
	return m.ids[start:m.ends[k]]
}

// parseMooncakeLine reads one row and returns its hash ids, appended to
// ids[:0], and whether the row was kept.
func parseMooncakeLine(b *trafficBuilder, src jsonSource, raw []byte, row int, ids []int64) ([]int64, bool) {
	// path names a field of the row, for errors (only then built).
	path := func(key string) string { return b.itemPath(row) + "." + key }
	if raw[0] != '{' {
		src.err(b, b.itemPath(row), raw, ErrType, "want an object {timestamp, input_length, output_length, hash_ids}, got %s", jsonKind(raw))
		return nil, false
	}
	errsBefore := b.errs.len()
	m := mooncakeRow{ids: ids[:0]}
	sc := valueScanner{data: raw}
	sc.members(func(key string, v []byte) {
		switch key {
		case "timestamp":
			m.ts = v
		case "input_length":
			m.in = v
		case "output_length":
			m.out = v
		case "hash_ids":
			m.ids = parseHashIDs(b, src, v, path, m.ids[:0])
		}
	})
	return m.ids, keepMooncakeRow(b, src, raw, row, m, errsBefore)
}

// keepMooncakeRow checks the fields m of the row raw and adds its record,
// and reports whether it was kept: not when the row had errors (since
// errsBefore), or no input tokens.
func keepMooncakeRow(b *trafficBuilder, src jsonSource, raw []byte, row int, m mooncakeRow, errsBefore int) bool {
	line, _ := src.at(raw)
	path := func(key string) string { return b.itemPath(row) + "." + key }
	r := TrafficRecord{Line: line}
	ts, in, out := m.ts, m.in, m.out
	if ts == nil {
		src.err(b, path("timestamp"), raw, ErrRequired, "missing timestamp (milliseconds)")
	} else if ns, ok := parseDecimal(ts, 1e6); ok {
		r.ArrivalMs, r.HasArrival = ns, true
	} else {
		src.err(b, path("timestamp"), ts, ErrInvalid, "want a non-negative number of milliseconds, got %s", clip(ts))
	}
	r.InputTokens = jsonTokens(b, src, raw, in, path, "input_length")
	r.OutputTokens = jsonTokens(b, src, raw, out, path, "output_length")
	r.HasOutputTokens = true
	if b.errs.len() > errsBefore {
		return false
	}
	if r.InputTokens == 0 {
		b.skip(SkipNoInput, line)
		return false
	}
	b.add(r, ts)
	return true
}

// jsonTokens reads a required non-negative integer token count v, field
// key of the object obj (path names its fields).
func jsonTokens(b *trafficBuilder, src jsonSource, obj, v []byte, path func(string) string, key string) int {
	if v == nil {
		src.err(b, path(key), obj, ErrRequired, "missing token count")
		return 0
	}
	n, ok := parseInt(v)
	if !ok || n < 0 || n > maxTrafficTokens {
		src.err(b, path(key), v, ErrInvalid, "want a non-negative integer number of tokens, got %s", clip(v))
		return 0
	}
	return int(n)
}

// parseHashIDs reads the hash ids v, field hash_ids of an object whose
// fields path names, appended to ids.
func parseHashIDs(b *trafficBuilder, src jsonSource, v []byte, path func(string) string, ids []int64) []int64 {
	if isNull(v) {
		return ids
	}
	if v[0] != '[' {
		src.err(b, path("hash_ids"), v, ErrType, "want an array of integers, got %s", jsonKind(v))
		return ids
	}
	sc := valueScanner{data: v}
	sc.elements(func(i int, e []byte) {
		id, ok := parseInt(e)
		if !ok {
			src.err(b, path("hash_ids")+"["+strconv.Itoa(i)+"]", e, ErrInvalid, "want an integer hash id, got %s", jsonKind(e))
		}
		ids = append(ids, id)
	})
	return ids
}

// sharePrefixes sets SharedPrefixTokens of t's records (in arrival order;
// order[p] is the file index of record p, nil for file order) with a trie of
// hash-id sequences.
func (m *mooncakeBlocks) sharePrefixes(t *Traffic, order []int) {
	trie := newBlockTrie(m.ids)
	for p := range t.Records {
		k := p
		if order != nil {
			k = order[p]
		}
		node, shared := int32(0), 0
		for j, id := range m.of(k) {
			child, seen := trie.child(node, id)
			if seen && shared == j {
				shared = j + 1
			}
			node = child
		}
		r := &t.Records[p]
		r.SharedPrefixTokens = min(shared*mooncakeBlockTokens, r.InputTokens)
	}
}

// A blockTrie numbers the sequences of hash ids: node 0 is the empty
// sequence, and child gives the node of a node's sequence followed by an
// id. The traces number their blocks 0, 1, 2… in order of first use, and
// a block (its content hashed with all before it) follows one sequence
// only, so an array indexed by id holds each id's first edge, read in
// order of ids; a map holds the edges of ids outside the array and the
// further edges of an id.
type blockTrie struct {
	first []blockEdge
	more  map[blockEdgeKey]int32
	nodes int32
}

// A blockEdge is an edge from parent-1 (0: none yet) to child.
type blockEdge struct{ parent, child int32 }

type blockEdgeKey struct {
	parent int32
	id     int64
}

// newBlockTrie returns an empty trie for the ids: its array covers 0 to
// the largest id when that is at most twice their number (16 bytes per
// id at most), else nothing.
func newBlockTrie(ids []int64) *blockTrie {
	var top int64 = -1
	for _, id := range ids {
		top = max(top, id)
	}
	t := &blockTrie{more: map[blockEdgeKey]int32{}}
	if top >= 0 && top < 2*int64(len(ids))+1024 {
		t.first = make([]blockEdge, top+1)
	}
	return t
}

// child returns the node of parent's sequence followed by id, and whether
// that node was there before.
func (t *blockTrie) child(parent int32, id int64) (node int32, seen bool) {
	if uint64(id) < uint64(len(t.first)) {
		e := &t.first[id]
		if e.parent == 0 {
			t.nodes++
			*e = blockEdge{parent + 1, t.nodes}
			return t.nodes, false
		}
		if e.parent == parent+1 {
			return e.child, true
		}
	}
	key := blockEdgeKey{parent, id}
	if c, ok := t.more[key]; ok {
		return c, true
	}
	t.nodes++
	t.more[key] = t.nodes
	return t.nodes, false
}
