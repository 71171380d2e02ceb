package state

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageTexts returns the pager's pages' texts, in order.
func pageTexts(g *Pager) []string {
	out := make([]string, g.Pages())
	for i := range out {
		s, e := g.starts[i], g.end(i)
		out[i] = g.doc[s:e]
	}
	return out
}

func TestNewPagerCutsWholeLines(t *testing.T) {
	for _, tt := range []struct {
		name string
		doc  string
		size int
		want []string
	}{
		{"empty", "", 8, []string{""}},
		{"one small page", "[\n\"a\"\n]", 8, []string{"[\n\"a\"\n]"}},
		{"lines fill pages", "aaa\nbbb\nccc\nddd", 8, []string{"aaa\nbbb\n", "ccc\nddd"}},
		{"a line per page", "aaaaaa\nbbbbbb\ncc", 8, []string{"aaaaaa\n", "bbbbbb\n", "cc"}},
		{"a long line cut", "aaaaaaaaaaaaaaaaaaaa\nb", 8, []string{"aaaaaaaa", "aaaaaaaa", "aaaa\nb"}},
		{"a long line cut between runes", "ééééééé\n", 8, []string{"éééé", "ééé\n"}},
		{"emoji", "🎉🎉🎉\nx", 6, []string{"🎉", "🎉", "🎉\nx"}},
		{"trailing newline", "ab\ncd\n", 3, []string{"ab\n", "cd\n"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := NewPager(tt.doc, tt.size)
			assert.Equal(t, tt.want, pageTexts(g))
			assert.Equal(t, 1, g.Page())
			assert.Equal(t, tt.want[0], g.PageText())
			checkPager(t, g, tt.doc, true)
		})
	}
}

func TestPagerStatus(t *testing.T) {
	doc := "l1\nl2\nl3\nl4\nl5\nl6\nl7" // 7 lines, pages of 3 lines
	g := NewPager(doc, 9)
	assert.Equal(t, 3, g.Pages())
	assert.Equal(t, 7, g.Lines())
	type status struct{ page, first, last int }
	var got []status
	for range 4 {
		got = append(got, status{g.Page(), g.FirstLine(), g.LastLine()})
		g.Next()
	}
	assert.Equal(t, []status{{1, 1, 3}, {2, 4, 6}, {3, 7, 7}, {3, 7, 7}}, got, "Next stops at the last page")
	g.Previous()
	g.Previous()
	g.Previous()
	assert.Equal(t, 1, g.Page(), "Previous stops at the first")

	assert.Equal(t, 1, NewPager("", 9).Lines())
	assert.Equal(t, 2, NewPager("a\nb\n", 9).Lines(), "no line after the last newline")
	long := NewPager("xxxxxxxxxx\ny", 4) // line 1 on three pages
	assert.Equal(t, []int{1, 1}, []int{long.FirstLine(), long.LastLine()})
	long.Next()
	long.Next()
	assert.Equal(t, []int{1, 2}, []int{long.FirstLine(), long.LastLine()})
}

func TestPagerGoToLine(t *testing.T) {
	doc := "l1\nl2\nl3\nl4\nl5\nl6\nl7"
	for _, tt := range []struct {
		line, page, caret int
	}{
		{1, 1, 0}, {3, 1, 6}, {4, 2, 0}, {5, 2, 3}, {7, 3, 0}, {99, 3, 0}, {-2, 1, 0},
	} {
		g := NewPager(doc, 9)
		g.GoToLine(tt.line)
		assert.Equal(t, tt.page, g.Page(), "line %d", tt.line)
		assert.Equal(t, tt.caret, g.Caret, "line %d", tt.line)
		g.Next()
		assert.Equal(t, -1, g.Caret, "a move forgets the caret")
	}
	g := NewPager("xxxxxxxxxx\ny", 4)
	g.Next()
	g.GoToLine(1)
	assert.Equal(t, 1, g.Page(), "where a long line starts")
	g.GoToLine(2)
	assert.Equal(t, 3, g.Page())
	assert.Equal(t, 3, g.Caret)
}

func TestPagerReplace(t *testing.T) {
	g := NewPager("aaa\nbbb\nccc\nddd\neee", 8)
	g.Next()
	require.Equal(t, "ccc\nddd\n", g.PageText())
	g.Replace("ccc\nnew\nddd\n")
	assert.Equal(t, "aaa\nbbb\nccc\nnew\nddd\neee", g.Text())
	assert.Equal(t, "ccc\nnew\nddd\n", g.PageText(), "the page grows; the pages move only at a move")
	assert.Equal(t, 6, g.Lines())
	g.Next()
	assert.Equal(t, "eee", g.PageText())
	assert.Equal(t, []int{6, 6}, []int{g.FirstLine(), g.LastLine()})
	g.Previous()
	assert.Equal(t, "ddd\n", g.PageText(), "the grown page was laid out again")
	assert.Equal(t, 4, g.Pages())

	g.Replace("ddd") // its newline taken away: the next line joins it
	g.Next()
	assert.Equal(t, []string{"aaa\nbbb\n", "ccc\nnew\n", "dddeee"}, pageTexts(g))
	assert.Equal(t, 3, g.Page())

	g.Replace("") // emptied: the page goes
	assert.Equal(t, 3, g.Pages())
	g.Previous()
	assert.Equal(t, []string{"aaa\nbbb\n", "ccc\nnew\n"}, pageTexts(g))
	assert.Equal(t, 2, g.Page())
	g.Replace("")
	g.Previous()
	g.Replace("")
	g.Next()
	assert.Equal(t, []string{""}, pageTexts(g), "an empty document has one empty page")
	assert.Equal(t, 1, g.Lines())
}

func TestPagerSettle(t *testing.T) {
	g := NewPager("aaa\nbbb\nccc", 8)
	assert.False(t, g.Settle(), "nothing to lay out")
	g.Replace("a\nb\nc\nd\ne\nf\ng\nh\n")
	assert.True(t, g.Settle())
	assert.Equal(t, []string{"a\nb\nc\nd\n", "e\nf\ng\nh\n", "ccc"}, pageTexts(g))
	assert.Equal(t, 1, g.Page())
}

// checkPager checks the pager's invariants against the document want:
// the pages cover it in order, their line numbers are right and, when
// settled (after a move), each page but an empty document's is not empty,
// at most the page size, and starts at a line start or cuts a long line.
func checkPager(t *testing.T, g *Pager, want string, settled bool) {
	t.Helper()
	require.Equal(t, want, g.Text())
	require.Equal(t, 0, g.starts[0])
	require.Len(t, g.lines, len(g.starts))
	require.Equal(t, strings.Count(want, "\n"), g.newlines)
	line := 1
	for i, s := range g.starts {
		require.Equal(t, line, g.lines[i], "page %d's line", i)
		require.LessOrEqual(t, s, g.end(i))
		line += strings.Count(want[s:g.end(i)], "\n")
		if !settled {
			continue
		}
		page := want[s:g.end(i)]
		require.LessOrEqual(t, len(page), g.size, "page %d", i)
		require.True(t, page != "" || want == "", "page %d is empty", i)
		if i > 0 && want[s-1] != '\n' {
			prev := want[g.starts[i-1]:s]
			require.NotContains(t, prev, "\n", "page %d starts within a line that is not long", i)
			require.Greater(t, len(prev), g.size-utf8.UTFMax)
		}
		require.True(t, utf8.ValidString(page))
	}
	s, e := g.Span()
	require.Equal(t, 1+strings.Count(want[:s], "\n"), g.FirstLine())
	if e > s {
		require.Equal(t, 1+strings.Count(want[:e-1], "\n"), g.LastLine())
	}
}

// randomLines makes a document of n lines, some longer than a page, with
// multi-byte runes.
func randomLines(rng *rand.Rand, n int) string {
	const alphabet = "ab,\"é🎉"
	runes := []rune(alphabet)
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte('\n')
		}
		for range rng.IntN(12) + rng.IntN(2)*rng.IntN(40) {
			b.WriteRune(runes[rng.IntN(len(runes))])
		}
	}
	return b.String()
}

// TestPagerEditsAreTheDocumentsEdits: any sequence of page edits, moves
// and settlings makes the document the same edits make of the whole
// text, and the pages stay a layout of it: after a move or a settling,
// pages of whole lines (or of a long line's pieces), none empty or too big.
func TestPagerEditsAreTheDocumentsEdits(t *testing.T) {
	for seed := range uint64(100) {
		rng := rand.New(rand.NewPCG(seed, 13))
		want := randomLines(rng, rng.IntN(30))
		g := NewPager(want, utf8.UTFMax+rng.IntN(40))
		checkPager(t, g, want, true)
		for range 60 {
			switch op := rng.IntN(11); {
			case op < 5: // an edit of the page: a span replaced, runes whole
				s, _ := g.Span()
				page := []rune(g.PageText())
				from := rng.IntN(len(page) + 1)
				to := from + rng.IntN(len(page)-from+1)
				ins := randomLines(rng, rng.IntN(3)+1)
				if rng.IntN(3) == 0 {
					ins = ""
				}
				edited := string(page[:from]) + ins + string(page[to:])
				at, end := s+len(string(page[:from])), s+len(string(page[:to]))
				want = want[:at] + ins + want[end:]
				g.Replace(edited)
				checkPager(t, g, want, false)
				continue
			case op < 7:
				g.Next()
			case op < 9:
				g.Previous()
			case op < 10:
				g.Settle()
			default:
				n := rng.IntN(g.Lines()+2) - 1
				g.GoToLine(n)
				n = min(max(n, 1), g.Lines())
				s, _ := g.Span()
				at := s + g.Caret
				require.Equal(t, n, 1+strings.Count(want[:at], "\n"), "seed %d: the caret is on line %d", seed, n)
				require.True(t, at == 0 || want[at-1] == '\n', "seed %d: at the line's start", seed)
			}
			checkPager(t, g, want, true)
		}
	}
}
