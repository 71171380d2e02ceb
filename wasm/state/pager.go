package state

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// PageSize is the most bytes of a big prompts document the editor shows
// at once (a page): the browser lays a textarea's whole text out again
// after every keystroke, which takes no long task at BigPrompts (256 KB)
// but 165 to 236 ms at 5 MB.
const PageSize = BigPrompts / 2

// A Pager cuts a document into pages, spans of whole lines of at most a
// page size each, and holds the page shown: the editor edits one page at
// a time, and its edits replace that page's span of the document. A line
// longer than a page is cut at rune boundaries, into pages of its own.
//
// The pages cover the document without gaps or overlaps. An edit moves
// the later pages with it; moving to another page first lays the page
// left out again (Settle), so that after an edit that took a page's last
// newline away, grew it past the page size or emptied it, the pages
// start at line starts again and none is empty or too big.
type Pager struct {
	doc  string
	size int // the most bytes of a page
	// starts are the byte offsets of the pages in doc, in order, starts[0]
	// being 0; lines are the line numbers (from 1) of those bytes.
	starts, lines []int
	cur           int // the page shown, from 0
	newlines      int // in doc
	// Caret is the byte offset in the page shown where the editor puts
	// its caret (GoToLine), -1 for none.
	Caret int
}

// NewPager returns a pager over doc with pages of at most size bytes
// (at least 4, the longest rune), showing the first page.
func NewPager(doc string, size int) *Pager {
	g := &Pager{doc: doc, size: max(size, utf8.UTFMax), newlines: strings.Count(doc, "\n"), Caret: -1}
	g.starts, g.lines = g.cut(0, len(doc), 1)
	if len(g.starts) == 0 {
		g.starts, g.lines = []int{0}, []int{1}
	}
	return g
}

// cut lays doc[from:to] out into pages, from's line being line: the
// offsets and line numbers of their starts, none for an empty span.
func (g *Pager) cut(from, to, line int) (starts, lines []int) {
	for from < to {
		starts, lines = append(starts, from), append(lines, line)
		end := to
		if to-from > g.size {
			end = from + g.size
			if nl := strings.LastIndexByte(g.doc[from:end], '\n'); nl >= 0 {
				end = from + nl + 1
			} else {
				for !utf8.RuneStart(g.doc[end]) { // a long line: cut between runes
					end--
				}
			}
		}
		line += strings.Count(g.doc[from:end], "\n")
		from = end
	}
	return starts, lines
}

// Text is the whole document.
func (g *Pager) Text() string { return g.doc }

// Span returns the byte offsets in the document of the page shown.
func (g *Pager) Span() (start, end int) { return g.starts[g.cur], g.end(g.cur) }

// end is the offset where page i ends.
func (g *Pager) end(i int) int {
	if i+1 < len(g.starts) {
		return g.starts[i+1]
	}
	return len(g.doc)
}

// PageText is the text of the page shown.
func (g *Pager) PageText() string {
	s, e := g.Span()
	return g.doc[s:e]
}

// Page is the number of the page shown, from 1; Pages how many there are.
func (g *Pager) Page() int { return g.cur + 1 }

// Pages is how many pages the document has (at least 1).
func (g *Pager) Pages() int { return len(g.starts) }

// Lines is how many lines the document has (at least 1): a last line
// without its newline counts, an empty one after the last newline does
// not.
func (g *Pager) Lines() int {
	if len(g.doc) > 0 && g.doc[len(g.doc)-1] != '\n' {
		return g.newlines + 1
	}
	return max(g.newlines, 1)
}

// FirstLine and LastLine are the numbers of the first and last lines
// (perhaps in part) of the page shown; LastLine is FirstLine - 1 for an
// empty page.
func (g *Pager) FirstLine() int { return g.lines[g.cur] }

// LastLine: see FirstLine.
func (g *Pager) LastLine() int {
	s, e := g.Span()
	switch {
	case e == s:
		return g.FirstLine() - 1
	case e == len(g.doc):
		return g.Lines()
	case g.doc[e-1] == '\n':
		return g.lines[g.cur+1] - 1
	default: // the next page goes on with the line
		return g.lines[g.cur+1]
	}
}

// Replace replaces the page shown with text (the editor's, after an
// edit): the document changes by that span only, the later pages move
// with it.
func (g *Pager) Replace(text string) {
	s, e := g.Span()
	old := g.doc[s:e]
	if text == old {
		return
	}
	grown, lines := len(text)-len(old), strings.Count(text, "\n")-strings.Count(old, "\n")
	g.doc = g.doc[:s] + text + g.doc[e:]
	g.newlines += lines
	g.Caret = -1
	for i := g.cur + 1; i < len(g.starts); i++ {
		g.starts[i] += grown
		g.lines[i] += lines
	}
}

// Settle lays the page shown out again when an edit left it with no
// newline at its end (the next page starting within a line), bigger than
// the page size, or empty: from its start to the next line start at or
// after its end (with the pages it then overlaps), as NewPager would. The
// page shown is then the first of those, or the one after when the page
// is now empty. It reports whether
// the page shown changed. Moves settle first; an edit that grows the
// page past BigPrompts (a paste) settles at once.
func (g *Pager) Settle() bool {
	first, after := g.settle()
	g.Caret = -1
	cur := min(first, len(g.starts)-1)
	changed := cur != g.cur || after != first+1
	g.cur = cur
	return changed
}

// settle lays the page shown out again (Settle) and returns the indexes
// of the pages it makes: [first, after).
func (g *Pager) settle() (first, after int) {
	s, e := g.Span()
	if e-s <= g.size && e > s && (e == len(g.doc) || g.doc[e-1] == '\n') {
		return g.cur, g.cur + 1
	}
	if e > 0 && e < len(g.doc) && g.doc[e-1] != '\n' { // within a line
		if nl := strings.IndexByte(g.doc[e:], '\n'); nl >= 0 {
			e += nl + 1
		} else {
			e = len(g.doc)
		}
	}
	next := g.cur + 1 // the first page from e on: those before it are laid out again
	for next < len(g.starts) && g.starts[next] < e {
		next++
	}
	e = g.end(next - 1)
	starts, lines := g.cut(s, e, g.lines[g.cur])
	first = g.cur
	g.starts = append(g.starts[:first:first], append(starts, g.starts[next:]...)...)
	g.lines = append(g.lines[:first:first], append(lines, g.lines[next:]...)...)
	if len(g.starts) == 0 { // the document is empty now
		g.starts, g.lines = []int{0}, []int{1}
	}
	return first, first + len(starts)
}

// Next shows the page after the one shown, if any.
func (g *Pager) Next() {
	first, after := g.settle()
	g.cur = min(max(after, first), len(g.starts)-1)
	g.Caret = -1
}

// Previous shows the page before the one shown, if any.
func (g *Pager) Previous() {
	first, _ := g.settle()
	g.cur = max(first-1, 0)
	g.Caret = -1
}

// GoToLine shows the page where line n starts (n is clamped to the
// document's lines) and sets Caret to that line's start in it.
func (g *Pager) GoToLine(n int) {
	g.settle()
	n = min(max(n, 1), g.Lines())
	i := sort.Search(len(g.starts), func(i int) bool { return g.lines[i] > n }) - 1
	for i > 0 && g.lines[i] == n && g.doc[g.starts[i]-1] != '\n' {
		i-- // the line starts on an earlier page
	}
	g.cur = i
	page := g.PageText()
	at := 0
	for k := g.lines[i]; k < n; k++ {
		nl := strings.IndexByte(page[at:], '\n')
		if nl < 0 {
			break
		}
		at += nl + 1
	}
	g.Caret = at
}
