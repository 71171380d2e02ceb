package core

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
)

// A BPE counts tokens exactly as one of OpenAI's byte-pair encodings
// (o200k_base, cl100k_base) does, ignoring special tokens: the text is
// split by the encoding's pre-tokenizer, then each piece is merged pair by
// pair, lowest rank first. Its ranks come from a tiktoken rank file (see
// NewBPE), which the core does not ship. A BPE is safe for concurrent use.
type BPE struct {
	name  string
	ranks map[string]uint32
	piece pretokenizer
}

// NewBPE returns the encoding name (TokenizerO200k or TokenizerCl100k) with
// the ranks of data, a tiktoken rank file: one "base64-token rank" pair a
// line.
func NewBPE(name string, data []byte) (*BPE, error) {
	var piece pretokenizer
	switch name {
	case TokenizerO200k:
		piece = o200kPiece
	case TokenizerCl100k:
		piece = cl100kPiece
	default:
		return nil, fmt.Errorf("%w: no byte-pair encoding named %q (want %s or %s)", ErrInvalid, name, TokenizerO200k, TokenizerCl100k)
	}
	ranks, err := parseRanks(data)
	if err != nil {
		return nil, fmt.Errorf("%s ranks: %w", name, err)
	}
	return &BPE{name: name, ranks: ranks, piece: piece}, nil
}

// parseRanks reads a tiktoken rank file.
func parseRanks(data []byte) (map[string]uint32, error) {
	ranks := make(map[string]uint32, bytes.Count(data, []byte{'\n'})+1)
	var buf []byte
	for line := 1; len(data) > 0; line++ {
		var text []byte
		text, data, _ = bytes.Cut(data, []byte{'\n'})
		if len(text) == 0 {
			continue
		}
		token, rank, ok := bytes.Cut(text, []byte{' '})
		r, err := strconv.ParseUint(string(rank), 10, 32)
		if !ok || err != nil || r == math.MaxUint32 {
			return nil, fmt.Errorf("line %d: %w: want a base64 token and a rank", line, ErrInvalid)
		}
		buf = buf[:0]
		if buf, err = base64.StdEncoding.AppendDecode(buf, token); err != nil || len(buf) == 0 {
			return nil, fmt.Errorf("line %d: %w: token is not base64", line, ErrInvalid)
		}
		if _, dup := ranks[string(buf)]; dup {
			return nil, fmt.Errorf("line %d: %w: token %q is ranked twice", line, ErrDuplicate, buf)
		}
		ranks[string(buf)] = uint32(r)
	}
	if len(ranks) == 0 {
		return nil, fmt.Errorf("%w: no ranks", ErrRequired)
	}
	return ranks, nil
}

// Name returns the encoding's name.
func (b *BPE) Name() string { return b.name }

// Len returns how many tokens the ranks hold.
func (b *BPE) Len() int { return len(b.ranks) }

// CountTokens returns how many tokens text encodes to.
func (b *BPE) CountTokens(text string) int {
	n := 0
	for i := 0; i < len(text); {
		end := b.piece(text, i)
		n += b.countPiece(text[i:end])
		i = end
	}
	return n
}

// scanMergeLimit is the piece length, in bytes, up to which countPiece
// merges by scanning all pairs (quadratic, but fast on short pieces);
// longer pieces go through a heap.
const scanMergeLimit = 64

const noRank = math.MaxUint32

func (b *BPE) countPiece(p string) int {
	if len(p) == 1 {
		return 1
	}
	if _, ok := b.ranks[p]; ok {
		return 1
	}
	if len(p) <= scanMergeLimit {
		return b.scanMerge(p)
	}
	return b.heapMerge(p)
}

// rank returns the rank of p, or noRank.
func (b *BPE) rank(p string) uint32 {
	if r, ok := b.ranks[p]; ok {
		return r
	}
	return noRank
}

// scanMerge merges p, finding the lowest-ranked pair (the leftmost of
// equals) by a scan, and returns how many parts are left.
func (b *BPE) scanMerge(p string) int {
	// start[k] is where part k begins; rank[k] the rank of parts k and k+1
	// merged. The last entry marks the end.
	var startBuf [scanMergeLimit + 1]int32
	var rankBuf [scanMergeLimit + 1]uint32
	start, rank := startBuf[:len(p)+1], rankBuf[:len(p)+1]
	for k := range start {
		start[k] = int32(k)
	}
	pair := func(k int) uint32 {
		if k+2 >= len(start) {
			return noRank
		}
		return b.rank(p[start[k]:start[k+2]])
	}
	for k := range rank {
		rank[k] = pair(k)
	}
	for len(start) > 2 {
		best, at := uint32(noRank), -1
		for k, r := range rank[:len(rank)-2] {
			if r < best {
				best, at = r, k
			}
		}
		if at < 0 {
			break
		}
		start = append(start[:at+1], start[at+2:]...)
		rank = append(rank[:at+1], rank[at+2:]...)
		rank[at] = pair(at)
		if at > 0 {
			rank[at-1] = pair(at - 1)
		}
	}
	return len(start) - 1
}

// heapMerge merges p as scanMerge does, in O(n log n): parts form a linked
// list and candidate merges a heap ordered by rank, then position.
func (b *BPE) heapMerge(p string) int {
	n := int32(len(p))
	next := make([]int32, n+1) // next[k]: start of the part after the one at k
	prev := make([]int32, n+1)
	rank := make([]uint32, n+1) // rank of the part at k merged with the next
	for k := range next {
		next[k], prev[k], rank[k] = int32(k)+1, int32(k)-1, noRank
	}
	pair := func(k int32) uint32 {
		if k < 0 || next[k] >= n {
			return noRank
		}
		return b.rank(p[k:next[next[k]]])
	}
	h := make(mergeHeap, 0, n)
	for k := range n - 1 {
		if rank[k] = pair(k); rank[k] != noRank {
			h = append(h, mergeCandidate{rank[k], k})
		}
	}
	h.init()
	parts := int(n)
	for len(h) > 0 {
		top := h.pop()
		k := top.at
		if rank[k] != top.rank {
			continue // stale: the part changed since
		}
		gone := next[k]
		rank[gone] = noRank
		next[k] = next[gone]
		prev[next[k]] = k
		parts--
		for _, m := range [2]int32{k, prev[k]} {
			if m < 0 {
				continue
			}
			if rank[m] = pair(m); rank[m] != noRank {
				h.push(mergeCandidate{rank[m], m})
			}
		}
	}
	return parts
}

type mergeCandidate struct {
	rank uint32
	at   int32
}

// mergeHeap is a min-heap of merge candidates by rank, then position (the
// leftmost of equal ranks merges first).
type mergeHeap []mergeCandidate

func (h mergeHeap) less(i, j int) bool {
	return h[i].rank < h[j].rank || h[i].rank == h[j].rank && h[i].at < h[j].at
}

func (h mergeHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *mergeHeap) push(c mergeCandidate) {
	*h = append(*h, c)
	for i := len(*h) - 1; i > 0; {
		parent := (i - 1) / 2
		if !h.less(i, parent) {
			break
		}
		(*h)[i], (*h)[parent] = (*h)[parent], (*h)[i]
		i = parent
	}
}

func (h *mergeHeap) pop() mergeCandidate {
	old := *h
	top := old[0]
	old[0] = old[len(old)-1]
	*h = old[:len(old)-1]
	h.down(0)
	return top
}

func (h mergeHeap) down(i int) {
	for {
		child := 2*i + 1
		if child >= len(h) {
			return
		}
		if child+1 < len(h) && h.less(child+1, child) {
			child++
		}
		if !h.less(child, i) {
			return
		}
		h[i], h[child] = h[child], h[i]
		i = child
	}
}
