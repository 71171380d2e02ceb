// Package state is the playground's model: the scenario being edited, the
// last good result and every problem with the input. Components call its
// methods on user events and read its fields to render; nothing here
// touches the DOM, so it is tested natively.
package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/batchlab/batchlab/web/share/link"
)

// A Playground is the state of the page.
type Playground struct {
	// Scenario holds every scenario field the controls edit; its Prompts and
	// Catalog are built from PromptsText and Models when the simulation runs.
	Scenario core.Scenario
	// Models is the catalog being edited, in order.
	Models []core.Model
	// text is the prompts document (PromptsText), but for an edit of the
	// page shown not spliced into it yet (page).
	text string
	// PromptsRev changes whenever the code (not the user's typing) replaces
	// the editor's text, so that the editor knows to show the new text.
	PromptsRev int
	// Preset is the key of the preset last loaded, "" after other loads.
	Preset string
	// Imported says what the last file (or a scenario of imported
	// traffic) brought in; nil when the prompts came otherwise. The Run
	// after the import computes it (toSummarise).
	Imported    *TrafficSummary
	toSummarise *pendingSummary
	// PromptsHidden: the prompts are too large to show in the editor
	// (BigPrompts); the page shows the summary until the user asks for
	// the text (ShowPrompts). FirstPrompts are the first few prompts of
	// a hidden document, as the summary shows them.
	PromptsHidden bool
	FirstPrompts  []string
	// pager shows a big document in the editor one page at a time, once
	// the user asked to edit it as text (ShowPrompts); nil otherwise. The
	// editor's text is then the page shown (EditorText), and PromptsText
	// still the whole document. page is the page's text as typed, once it
	// differs from the pager's: the keystrokes leave it there, and
	// PromptsText splices it into the document when asked (a run, a save),
	// so that a keystroke copies no megabytes.
	pager *Pager
	page  struct {
		text   string
		edited bool
	}
	// Reading says which file is being read and parsed, "" when none.
	Reading string
	// FileProblems are why the last file could not be opened, with the
	// file's lines and columns.
	FileProblems []Problem

	// Vocab holds the exact tokenizers fetched so far.
	Vocab Vocabularies

	// Result is the last good result; it stays while the input has problems.
	Result *core.Result
	// ResultScenario is the scenario that produced Result, and
	// ResultCatalog its catalog.
	ResultScenario *core.Scenario
	ResultCatalog  *core.Catalog
	// Runs counts the results computed; the timeline shows it so tests can
	// tell a new result from an old one.
	Runs int

	// Problems are those of the last run, in the core's order.
	Problems []Problem
	// typing are values the controls could not even parse.
	typing []Problem
	// Notice is a message about a share link or a file that could not be
	// opened; the page stays usable.
	Notice string

	// Selected is the ID of the batch whose requests are listed, 0 for none.
	Selected int

	// Loads counts the scenarios loaded (presets, links, files, lessons): a
	// view that zooms starts a new scenario on its whole run.
	Loads int

	// Edits counts edits; the page re-runs (debounced) when it is ahead of
	// RanEdits.
	Edits, RanEdits int

	cache requestCache
	// prompts is PromptsText as the scenario's prompts (BuildScenario).
	prompts struct {
		text string
		raw  json.RawMessage
	}
}

// New returns a playground showing the default preset, already run.
func New() *Playground {
	p := NewUnrun()
	p.Run()
	return p
}

// NewUnrun returns a playground with the default preset, not run yet: for
// the page, which may open a link or a draft first and runs once after.
func NewUnrun() *Playground {
	p := &Playground{}
	if err := p.LoadPreset(preset.Default); err != nil {
		panic("default preset: " + err.Error()) // embedded and tested
	}
	return p
}

// RunDefault gives a playground without a result (the scenario it opened
// with does not run: a damaged draft, a link to too many requests) the
// default preset's result, which the page then shows under the problems
// as the last good one; the controls keep the scenario opened.
func (p *Playground) RunDefault() {
	if p.Result != nil {
		return
	}
	d := New()
	if d.Result != nil {
		p.Result, p.ResultScenario, p.ResultCatalog = d.Result, d.ResultScenario, d.ResultCatalog
		p.Runs++
	}
}

// LoadPreset replaces the scenario with the preset called key.
func (p *Playground) LoadPreset(key string) error {
	sc, err := preset.Load(key)
	if err != nil {
		return err
	}
	p.Load(sc)
	p.Preset = key
	return nil
}

// Load replaces everything with sc: its controls, catalog and prompts.
func (p *Playground) Load(sc *core.Scenario) {
	p.Scenario = *sc
	p.Scenario.Prompts = nil
	p.Scenario.Catalog = core.CatalogEdit{}
	p.Scenario.Version = core.ScenarioVersion
	if cat, err := sc.BuildCatalog(); err == nil {
		p.Models = append([]core.Model(nil), cat.Models()...)
	} else {
		p.Models = core.DefaultModels()
	}
	p.FileProblems = nil
	if sc.Traffic.Source != (core.TrafficSource{}) || len(sc.Prompts) > BigPrompts { // summarised after the run
		p.setImported(string(sc.Prompts), nil, sc.Traffic.Source)
	} else {
		p.Imported, p.toSummarise = nil, nil
		p.showPrompts(string(sc.Prompts), false)
	}
	p.typing = nil
	p.Selected = 0
	p.Preset = ""
	p.Loads++
	p.edited()
}

// LoadFile opens a file the user picked or dropped: a scenario (a JSON
// object) replaces everything; anything else is traffic in any format
// core.ImportTraffic reads (detected from its first bytes and name), which
// replaces the prompts and notes its source in the traffic rules. A file
// that cannot be read leaves everything as it was and sets FileProblems.
func (p *Playground) LoadFile(name string, data []byte) {
	p.Notice, p.FileProblems, p.Reading = "", nil, ""
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		sc, err := core.DecodeScenario(trimmed)
		if err != nil {
			p.Notice = name + " is not a scenario batchlab can read: " + err.Error()
			return
		}
		p.Load(sc)
		return
	}
	imp, err := core.ImportTraffic(data, name, core.TrafficUnknown, core.TrafficOptions{})
	if err != nil {
		p.FileProblems = problemsOf(err)
		return
	}
	p.Scenario.Traffic.Source = imp.Source
	p.setImported(string(imp.Prompts), imp.Report, imp.Source)
	p.replacedPrompts()
}

// replacedPrompts follows a new prompts document (a file, a paste, an
// empty one): the scenario's name and description, which described other
// traffic, go; the view starts on the whole run, with no batch selected.
func (p *Playground) replacedPrompts() {
	p.Scenario.Name, p.Scenario.Description = "", ""
	p.Loads++
	p.Selected = 0
	p.Preset = ""
	p.edited()
}

// BigPrompts is the size of prompts text above which the editor is
// hidden and the page shows a summary instead: the browser lays a
// textarea's whole text out again after every change to it, which takes
// seconds for a few megabytes (5 MB: 3 to 8 s in Chromium, whatever the
// wrapping), and hundreds of milliseconds per keystroke.
const BigPrompts = 256 << 10

// setImported puts a prompts document into the editor and has the next
// Run summarise it; rep is the file reader's report, nil for a prompts
// document.
func (p *Playground) setImported(doc string, rep *core.TrafficReport, src core.TrafficSource) {
	p.showPrompts(doc, rep == nil && src == (core.TrafficSource{}))
	p.Imported = nil
	p.toSummarise = &pendingSummary{text: p.text, report: rep, source: src}
}

// showPrompts puts a prompts document into the editor: as it is when it
// was written by the user or is big (then hidden), else pretty-printed.
// The document is kept as it comes, not copied (a 5 MB paste).
func (p *Playground) showPrompts(doc string, asWritten bool) {
	p.PromptsHidden, p.pager, p.page.edited = len(doc) > BigPrompts, nil, false
	p.FirstPrompts = nil
	if p.PromptsHidden {
		p.FirstPrompts = firstPrompts(doc, shownFirst)
	}
	if p.PromptsHidden || asWritten {
		p.setPromptsFromCode(doc)
	} else {
		p.setPromptsFromCode(prettyJSON(json.RawMessage(doc)))
	}
}

// ShowPrompts shows hidden prompts in the editor, one element per line
// when a line is long (LongLine), a page at a time (Pager): its first
// page.
func (p *Playground) ShowPrompts() {
	p.PromptsHidden = false
	if hasLongLine(p.text) {
		p.text = onePerLine(p.text)
	}
	p.pager = NewPager(p.text, PageSize)
	p.PromptsRev++
}

// EditorText is the text the prompts editor shows: the page shown of a
// document edited a page at a time, else the whole document.
func (p *Playground) EditorText() string {
	switch {
	case p.page.edited:
		return p.page.text
	case p.pager != nil:
		return p.pager.PageText()
	}
	return p.text
}

// PromptsText is the prompts document: what runs, is saved and shared.
func (p *Playground) PromptsText() string {
	if p.page.edited {
		p.page.edited = false
		p.pager.Replace(p.page.text)
		p.text = p.pager.Text()
	}
	return p.text
}

// PageUnspliced reports whether the page shown holds edits that
// PromptsText has not spliced into the document yet.
func (p *Playground) PageUnspliced() bool { return p.page.edited }

// PromptsSize is len(PromptsText()), without splicing the page typed in
// into the document.
func (p *Playground) PromptsSize() int {
	if p.page.edited {
		s, e := p.pager.Span()
		return len(p.text) - (e - s) + len(p.page.text)
	}
	return len(p.text)
}

// Pager is the pager of a big document edited a page at a time, nil for
// a document edited whole.
func (p *Playground) Pager() *Pager {
	p.PromptsText() // the page's edits in the pager's document
	return p.pager
}

// NextPage shows the page after the one shown in the editor, if any.
func (p *Playground) NextPage() { p.movePage((*Pager).Next) }

// PreviousPage shows the page before the one shown in the editor, if any.
func (p *Playground) PreviousPage() { p.movePage((*Pager).Previous) }

// GoToLine shows the page where line n of the document starts, with the
// editor's caret at that line (Pager.Caret).
func (p *Playground) GoToLine(n int) { p.movePage(func(g *Pager) { g.GoToLine(n) }) }

// movePage moves the pager, if any: the code replaces the editor's text,
// unless the move kept the page as it was (Next on the last page) and
// puts no caret.
func (p *Playground) movePage(move func(*Pager)) {
	g := p.Pager()
	if g == nil {
		return
	}
	page := g.Page()
	start, end := g.Span()
	move(g)
	if s, e := g.Span(); g.Page() != page || s != start || e != end || g.Caret >= 0 {
		p.PromptsRev++
	}
}

// NewPrompts replaces the prompts with an empty document in the editor,
// for the user to type or paste a new one.
func (p *Playground) NewPrompts() {
	p.Imported, p.toSummarise = nil, nil
	p.showPrompts("[]", true)
	p.replacedPrompts()
}

// catalog is the catalog being edited, or the default one while it has
// problems.
func (p *Playground) catalog() *core.Catalog { return catalogOf(p.Models) }

// catalogOf is the catalog of models, or the default one while they have
// problems.
func catalogOf(models []core.Model) *core.Catalog {
	if cat, err := core.CatalogOf(models); err == nil {
		return cat
	}
	return core.DefaultCatalog()
}

// OpenShare restores the scenario of a share-link fragment. A damaged or
// too-new link leaves the current scenario and sets Notice.
func (p *Playground) OpenShare(fragment string) bool {
	sc, err := link.Decode(fragment)
	if errors.Is(err, link.ErrNoLink) {
		return false
	}
	if err != nil {
		p.Notice = link.Message(err)
		return false
	}
	p.Load(sc)
	p.Notice = ""
	return true
}

// ShareFragment returns the fragment (without "#") of a link to the
// current scenario.
func (p *Playground) ShareFragment() (string, error) {
	return p.shareFragment(json.RawMessage(p.PromptsText()))
}

// shareFragment is the fragment of the current scenario with prompts.
func (p *Playground) shareFragment(prompts json.RawMessage) (string, error) {
	sc := p.BuildScenario()
	sc.Prompts = nil
	if len(prompts) > 0 {
		compact, err := compactJSON(prompts)
		if err != nil {
			return "", errors.New("the prompts are not valid JSON yet; fix them to share")
		}
		sc.Prompts = compact
	}
	return link.Encode(&sc)
}

// SetPrompts takes what the user typed or pasted into the prompts editor.
// A text that grows past BigPrompts (a paste) is a new document: the
// editor gives way to its summary, as for an imported file. Once the user
// chose to edit a big document as text (ShowPrompts), text is the page
// shown, which replaces its span of the document (setPage). A paste that
// brings a long line (LongLine) puts a valid array one element per line,
// which keeps typing in it fast.
func (p *Playground) SetPrompts(text string) {
	if p.pager != nil {
		p.setPage(text)
		return
	}
	if text == p.text {
		return
	}
	if p.Summarises(text) {
		p.setImported(text, nil, core.TrafficSource{})
		p.replacedPrompts()
		return
	}
	if p.relines(text) {
		text = onePerLine(text)
		p.PromptsRev++ // the editor shows the text: the page took the paste
	}
	p.text = text
	p.Preset = ""
	p.edited()
}

// setPage takes the editor's text when it shows a page: the page's span
// of the document becomes text, when PromptsText is next asked for. A
// page grown past BigPrompts (a paste) is laid out in pages again at
// once, and the editor shows the first.
func (p *Playground) setPage(text string) {
	if text == p.EditorText() {
		return
	}
	p.page.text, p.page.edited = text, true
	if len(text) > BigPrompts {
		p.Pager().Settle()
		p.PromptsRev++
	}
	p.Preset = ""
	p.edited()
}

// TakesPaste reports whether SetPrompts(text), text being the editor's
// with a paste, changes it in ways the browser's paste would not show:
// the editor asks before the browser puts the paste into the textarea,
// and when so leaves it to the page. A paste that makes a page bigger
// than BigPrompts is the page's, to lay it out in pages again.
func (p *Playground) TakesPaste(text string) bool {
	if p.pager != nil {
		return len(text) > BigPrompts
	}
	return p.Summarises(text) || p.relines(text)
}

// Summarises reports whether SetPrompts(text) would show the summary
// instead of the editor: the text is big, the user did not ask to edit a
// big document as text (ShowPrompts: the editor shows a page of it, which
// it never summarises), and the editor's text is not big or
// text is a paste into it (it grows by more than LongLine: a document just
// under BigPrompts is just over it once put one prompt per line). The
// editor asks before the browser puts a paste into the textarea.
func (p *Playground) Summarises(text string) bool {
	return len(text) > BigPrompts && p.pager == nil && (len(p.text) <= BigPrompts || len(text)-len(p.text) > LongLine)
}

func (p *Playground) setPromptsFromCode(text string) {
	p.text = text
	p.PromptsRev++
}

// ShowPromptsText has the editor show PromptsText again, as the code's
// own text: after SetPrompts of a paste the page took from the browser
// (to copy a big one off the event handler), which the browser did not
// put into the editor.
func (p *Playground) ShowPromptsText() { p.PromptsRev++ }

// Select shows the requests of batch id (0 hides the list).
func (p *Playground) Select(id int) {
	if p.Result == nil || id < 0 || id > len(p.Result.Batches) {
		id = 0
	}
	p.Selected = id
}

// SelectedBatch returns the selected batch of the result, or nil.
func (p *Playground) SelectedBatch() *core.Batch {
	if p.Result == nil || p.Selected < 1 || p.Selected > len(p.Result.Batches) {
		return nil
	}
	return &p.Result.Batches[p.Selected-1]
}

// Dirty reports whether an edit has not been simulated yet.
func (p *Playground) Dirty() bool { return p.Edits != p.RanEdits }

func (p *Playground) edited() { p.Edits++ }

// InputProblems are the problems with the prompts editor's text.
func (p *Playground) InputProblems() []Problem {
	var out []Problem
	for _, pr := range p.Problems {
		if pr.Path == "$" || strings.HasPrefix(pr.Path, "$[") {
			out = append(out, pr)
		}
	}
	return out
}

// OtherProblems are problems not shown next to a control or the editor.
func (p *Playground) OtherProblems() []Problem {
	var out []Problem
	for _, pr := range p.Problems {
		switch {
		case pr.Path == "$" || strings.HasPrefix(pr.Path, "$["):
		case fieldAt(pr.Path) || isOverrideField(pr.Path) || strings.HasPrefix(pr.Path, ModelMapField.JSONPath()):
		case strings.HasPrefix(pr.Path, scriptPath+"["):
		case strings.HasPrefix(pr.Path, "$.catalog.models["):
		default:
			out = append(out, pr)
		}
	}
	return out
}

// ProblemAt returns the message for the control at path, or "": what the
// user typed comes first, then what the core found.
func (p *Playground) ProblemAt(path string) string {
	if m := problemAt(p.typing, path); m != "" {
		return m
	}
	return problemAt(p.Problems, path)
}

// CatalogProblems are the problems of the catalog table.
func (p *Playground) CatalogProblems() []Problem {
	return append(problemsUnder(p.typing, "$.catalog"), problemsUnder(p.Problems, "$.catalog")...)
}

// HasTypingProblems reports values the controls could not parse; the
// simulation waits for them to be fixed.
func (p *Playground) HasTypingProblems() bool { return len(p.typing) > 0 }

func (p *Playground) dropTyping(path string) {
	out := p.typing[:0]
	for _, pr := range p.typing {
		if pr.Path != path {
			out = append(out, pr)
		}
	}
	p.typing = out
}

func (p *Playground) clearTypingUnder(prefix string) {
	out := p.typing[:0]
	for _, pr := range p.typing {
		if !strings.HasPrefix(pr.Path, prefix) {
			out = append(out, pr)
		}
	}
	p.typing = out
}

// prettyJSON indents a prompts document for the editor: one prompt per
// line (or a few lines for objects). A document laid out so already (an
// array of strings, as the presets are: indentedStrings) is kept as it is:
// json.Indent was the only use of encoding/json before the page's first
// timeline, its scanner compiled then, and recompiled by TurboFan beside
// the first render (30–50 ms of a background thread's CPU on 2 cores).
func prettyJSON(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "[]"
	}
	if indentedStrings(string(raw)) {
		return string(raw)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return string(raw)
	}
	return buf.String()
}

// indentedStrings reports whether doc, were it valid JSON, is an array of
// strings laid out as json.Indent(doc, "", "  ") lays it out: "[]", or "["
// and a new line, then each string on a line of its own after two spaces
// and followed by a comma but the last, then "]" on a line of its own, and
// nothing after. (Invalid, such a document is kept as it is too: Indent
// fails on it.)
func indentedStrings(doc string) bool {
	if doc == "[]" {
		return true
	}
	body, ok := strings.CutPrefix(doc, "[\n")
	if !ok {
		return false
	}
	if body, ok = strings.CutSuffix(body, "\n]"); !ok || body == "" {
		return false
	}
	for {
		line, rest, more := strings.Cut(body, "\n")
		if more {
			if line, ok = strings.CutSuffix(line, ","); !ok {
				return false
			}
		}
		if !oneString(line) {
			return false
		}
		if !more {
			return true
		}
		body = rest
	}
}

// oneString reports whether line is two spaces and one JSON string, its
// closing quote the line's last byte (were the string valid).
func oneString(line string) bool {
	s, ok := strings.CutPrefix(line, `  "`)
	if !ok {
		return false
	}
	for i := 0; ; {
		j := strings.IndexAny(s[i:], `"\`)
		if j < 0 {
			return false
		}
		i += j
		if s[i] == '"' {
			return i == len(s)-1
		}
		i += 2 // an escape: what follows the backslash is no quote ending the string
		if i >= len(s) {
			return false
		}
	}
}
