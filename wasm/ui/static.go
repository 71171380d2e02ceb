package ui

import (
	"strings"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// StaticHTML prepares a build to be written as static HTML that the app's
// first render takes over: the prerendered first view (wasm/prerender.go).
// Vugu's renderer matches the elements under its mount point to its tree
// by position, so the HTML must parse back into that tree, and show what
// the app shows:
//
//   - Form controls get, as HTML, the values their populate handlers
//     (vg-js-populate) give them in the browser: an input's value
//     attribute, a checkbox's checked attribute, a select's selected
//     option, a textarea's text; else they would show nothing until the
//     app runs. The app's first render drops these attributes and sets
//     the values itself. So do the timeline's lanes, whose handlers set
//     their markup.
//   - A text node of white space right after another text node is written
//     as an empty comment: the HTML parser would merge the two, and the
//     renderer would then find every later sibling one place off and make
//     it anew. The renderer replaces the comment by its text node.
func StaticHTML(br *vugu.BuildResults) {
	populated = &staticValue{}
	defer func() { populated = nil }()
	visit := func(n *vugu.VGNode) {
		separateTexts(n)
		if n.JSPopulateHandler == nil {
			return
		}
		*populated = staticValue{}
		n.JSPopulateHandler.JSValueHandle(js.Value{})
		populated.writeInto(n)
	}
	for _, n := range br.Out.Out {
		VisitBuild(br, n, visit)
	}
}

// separateTexts turns each child of n that is a text node of white space
// right after another text node into an empty comment.
func separateTexts(n *vugu.VGNode) {
	for c := n.FirstChild; c != nil && c.NextSibling != nil; c = c.NextSibling {
		next := c.NextSibling
		if c.Type == vugu.TextNode && next.Type == vugu.TextNode && strings.TrimSpace(next.Data) == "" {
			next.Type, next.Data = vugu.CommentNode, ""
		}
	}
}

// populated, while StaticHTML calls a populate handler, receives the
// value the handler shows; nil otherwise (always, in the browser).
var populated *staticValue

// staticValue is what a populate handler shows: a text, a checkbox's
// state, or an element's markup.
type staticValue struct {
	text     string
	checkbox bool
	checked  bool
	html     string
}

// writeInto writes the value into the control n as HTML.
func (v *staticValue) writeInto(n *vugu.VGNode) {
	switch {
	case v.html != "":
		html := v.html
		n.InnerHTML = &html
	case v.checkbox:
		if v.checked {
			n.Attr = append(n.Attr, vugu.VGAttribute{Key: "checked"})
		}
	case n.Data == "textarea":
		n.AppendChild(&vugu.VGNode{Type: vugu.TextNode, Data: v.text})
	case n.Data == "select":
		for opt := n.FirstChild; opt != nil; opt = opt.NextSibling {
			if opt.Data == "option" && attr(opt, "value") == v.text {
				opt.Attr = append(opt.Attr, vugu.VGAttribute{Key: "selected"})
				return
			}
		}
	default:
		n.Attr = append(n.Attr, vugu.VGAttribute{Key: "value", Val: v.text})
	}
}

// attr returns the value of n's attribute key, "" when it has none.
func attr(n *vugu.VGNode, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// VisitBuild calls f for n and every node under it in the build br, the
// nodes of child components' builds included.
func VisitBuild(br *vugu.BuildResults, n *vugu.VGNode, f func(*vugu.VGNode)) {
	if n.Component != nil {
		for _, c := range br.ResultFor(n.Component).Out {
			VisitBuild(br, c, f)
		}
		return
	}
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		VisitBuild(br, c, f)
	}
}
