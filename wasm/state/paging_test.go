package state

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/wasm/preset"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pagedPlayground returns a playground editing, a page at a time, a
// document of n prompts of 300 characters, pasted on one line.
func pagedPlayground(t *testing.T, n int) *Playground {
	t.Helper()
	prompts := make([]string, n)
	for i := range prompts {
		prompts[i] = fmt.Sprintf("prompt %d %s", i, strings.Repeat("é", 150))
	}
	doc, err := json.Marshal(prompts)
	require.NoError(t, err)
	p := New()
	p.SetPrompts(string(doc))
	require.True(t, p.PromptsHidden)
	require.Nil(t, p.Pager(), "summarised, not paged")
	rev := p.PromptsRev
	p.ShowPrompts()
	require.NotNil(t, p.Pager())
	assert.Greater(t, p.PromptsRev, rev, "the editor shows the first page")
	return p
}

func TestABigDocumentIsEditedAPageAtATime(t *testing.T) {
	p := pagedPlayground(t, 3_000) // 1.4 MB
	g := p.Pager()
	assert.Equal(t, 3_002, g.Lines(), "one prompt per line, between the brackets")
	assert.Greater(t, g.Pages(), 5)
	assert.LessOrEqual(t, len(p.EditorText()), PageSize)
	assert.True(t, strings.HasPrefix(p.EditorText(), "[\n\"prompt 0 "))
	assert.False(t, p.Summarises(p.EditorText()+strings.Repeat("x", BigPrompts)), "never summarised once paged")

	// An edit on page 2 is the document's: its problem has the document's
	// line, which the pager goes to.
	rev := p.PromptsRev
	p.NextPage()
	assert.Greater(t, p.PromptsRev, rev, "a move replaces the editor's text")
	require.Equal(t, 2, g.Page())
	first := g.FirstLine()
	page := p.EditorText()
	edits := p.Edits
	p.SetPrompts(strings.Replace(page, "\n", "\n  oops\n", 1))
	assert.Greater(t, p.Edits, edits)
	s, _ := g.Span()
	assert.Equal(t, p.PromptsText()[:s], p.Pager().Text()[:s])
	assert.Contains(t, p.PromptsText(), "\n  oops\n")
	p.Run()
	problems := p.InputProblems()
	require.NotEmpty(t, problems)
	assert.Equal(t, first+1, problems[0].Line, "the document's line")
	p.PreviousPage()
	require.Equal(t, 1, g.Page())
	p.GoToLine(problems[0].Line)
	assert.Equal(t, 2, g.Page())
	assert.True(t, strings.HasPrefix(p.EditorText()[g.Caret:], "  oops\n"), "the caret is at the line")

	// Fixed, the document runs with every prompt.
	rev = p.PromptsRev
	p.SetPrompts(page)
	assert.Equal(t, rev, p.PromptsRev, "typing does not replace the editor's text")
	p.Run()
	require.Empty(t, p.Problems)
	assert.Equal(t, 3_000, p.Result.Metrics.Requests)

	// Past the last page, the editor keeps its text.
	p.GoToLine(g.Lines())
	rev = p.PromptsRev
	p.NextPage()
	assert.Equal(t, rev, p.PromptsRev)
	assert.Equal(t, g.Pages(), g.Page())

	// Loading another scenario leaves the pages.
	require.NoError(t, p.LoadPreset(preset.Default))
	assert.Nil(t, p.Pager())
	assert.Equal(t, p.PromptsText(), p.EditorText())
}

// A paste that makes the page bigger than BigPrompts is the page's (the
// browser does not put it in): the page is laid out again at once, and
// the document has it.
func TestABigPasteIntoAPageIsLaidOutInPages(t *testing.T) {
	p := pagedPlayground(t, 1_000)
	p.NextPage()
	page := p.EditorText()
	small := page + "\"a small paste\",\n"
	assert.False(t, p.TakesPaste(small))
	big := page + strings.Repeat("\"a big paste\",\n", BigPrompts/14)
	require.Greater(t, len(big), BigPrompts)
	assert.True(t, p.TakesPaste(big))
	pages, rev := p.Pager().Pages(), p.PromptsRev
	p.SetPrompts(big)
	assert.False(t, p.PromptsHidden)
	assert.Greater(t, p.PromptsRev, rev)
	assert.Greater(t, p.Pager().Pages(), pages)
	assert.Equal(t, 2, p.Pager().Page())
	assert.LessOrEqual(t, len(p.EditorText()), PageSize)
	assert.True(t, strings.HasPrefix(page, p.EditorText()[:100]), "the page starts where it did")
	s, _ := p.Pager().Span()
	assert.Equal(t, big, p.PromptsText()[s:s+len(big)])
}

// Small documents are edited whole.
func TestASmallDocumentHasNoPages(t *testing.T) {
	p := New()
	assert.Nil(t, p.Pager())
	p.NextPage()
	p.GoToLine(3)
	assert.Nil(t, p.Pager())
	p.SetPrompts(`["one", "two"]`)
	assert.Equal(t, `["one", "two"]`, p.EditorText())
}

// Keystrokes in a page leave the document as it is (no megabytes copied
// per key) until PromptsText is asked for: then it has them all.
func TestKeystrokesInAPageAreSplicedWhenAskedFor(t *testing.T) {
	p := pagedPlayground(t, 1_000)
	p.NextPage()
	page := p.EditorText()
	s, _ := p.Pager().Span()
	before := p.text
	for i := range 3 {
		p.SetPrompts(page[:1] + strings.Repeat("x", i+1) + page[1:])
	}
	assert.Equal(t, before, p.text, "not spliced yet")
	assert.True(t, p.PageUnspliced())
	assert.Equal(t, page[:1]+"xxx"+page[1:], p.EditorText())
	want := before[:s] + page[:1] + "xxx" + page[1:] + before[s+len(page):]
	assert.Equal(t, len(want), p.PromptsSize())
	assert.Equal(t, want, p.PromptsText())
	assert.False(t, p.PageUnspliced())
	assert.Equal(t, len(want), p.PromptsSize())
	assert.Equal(t, page[:1]+"xxx"+page[1:], p.EditorText())
	assert.Equal(t, 2, p.Pager().Page())
}

// BenchmarkKeystrokeInAPage is a keystroke in a page of a document of
// 10,000 prompts of about 500 characters (5 MB) edited a page at a time,
// then the document asked for (as the run does once typing pauses): the
// page's text replaces its span of the document.
func BenchmarkKeystrokeInAPage(b *testing.B) {
	p := New()
	p.SetPrompts(benchPrompts(10_000))
	p.ShowPrompts()
	p.NextPage()
	page := p.EditorText()
	b.SetBytes(int64(len(p.PromptsText())))
	for i := 0; b.Loop(); i++ {
		p.SetPrompts(page[:3] + strconv.Itoa(i%10) + page[3:])
		p.PromptsText()
	}
}
