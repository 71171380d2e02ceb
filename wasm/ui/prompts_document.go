package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/units"
	"github.com/vugu/vugu"
)

// PromptsSummary stands for a prompts document too large to show whole:
// its size, its first prompts, and ways to download, replace or page it.
type PromptsSummary struct {
	P *state.Playground
}

// PromptsPager moves the editor through a big document's pages.
type PromptsPager struct {
	P *state.Playground
}

// title names the hidden document: its prompts, once counted, and size.
func (c *PromptsSummary) title() string {
	size := units.Size(c.P.PromptsSize())
	if c.P.Imported == nil {
		return "Prompts of " + size
	}
	return units.Plural(c.P.Imported.Requests, "prompt", "prompts") + " (" + size + ")"
}

// status says which lines the page shown holds, as "Lines 2,001–3,000
// of 10,002 (page 3 of 11)".
func (c *PromptsPager) status() string {
	g := c.P.Pager()
	lines := "Line " + units.Count(g.FirstLine())
	if last := g.LastLine(); last > g.FirstLine() {
		lines = "Lines " + units.Count(g.FirstLine()) + "–" + units.Count(last)
	}
	return lines + " of " + units.Count(g.Lines()) + " (page " + units.Count(g.Page()) + " of " + units.Count(g.Pages()) + ")"
}

// OnGoToLine shows the page of the line number the form holds.
func (c *PromptsPager) OnGoToLine(event vugu.DOMEvent) {
	event.PreventDefault()
	line := event.JSEventTarget().Get("elements").Call("namedItem", "line").Get("value").String()
	if n, err := strconv.Atoi(line); err == nil {
		c.P.GoToLine(n)
	}
}

// downloadPrompts saves the prompts document as a file.
func downloadPrompts(p *state.Playground) {
	download("prompts.json", "application/json", []byte(p.PromptsText()))
}
