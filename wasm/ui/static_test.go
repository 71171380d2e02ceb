package ui

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// form is a build of controls whose populate handlers show values, as
// the components' handlers do.
type form struct{}

func (form) Build(*vugu.BuildIn) *vugu.BuildOut {
	el := func(tag string, attrs ...vugu.VGAttribute) *vugu.VGNode {
		return &vugu.VGNode{Type: vugu.ElementNode, Data: tag, Attr: attrs}
	}
	show := func(n *vugu.VGNode, f func(js.Value)) *vugu.VGNode {
		n.JSPopulateHandler = vugu.JSValueFunc(f)
		return n
	}
	root := el("div")
	root.AppendChild(show(el("input", vugu.VGAttribute{Key: "id", Val: "n"}), func(v js.Value) { setInputValue(v, "42") }))
	root.AppendChild(show(el("input", vugu.VGAttribute{Key: "id", Val: "on"}), func(v js.Value) { setChecked(v, true) }))
	root.AppendChild(show(el("input", vugu.VGAttribute{Key: "id", Val: "off"}), func(v js.Value) { setChecked(v, false) }))
	sel := show(el("select", vugu.VGAttribute{Key: "id", Val: "s"}), func(v js.Value) { setInputValue(v, "b") })
	sel.AppendChild(el("option", vugu.VGAttribute{Key: "value", Val: "a"}))
	sel.AppendChild(el("option", vugu.VGAttribute{Key: "value", Val: "b"}))
	root.AppendChild(sel)
	root.AppendChild(show(el("textarea", vugu.VGAttribute{Key: "id", Val: "t"}), func(v js.Value) { setInputValue(v, "[1, 2]") }))
	return &vugu.BuildOut{Out: []*vugu.VGNode{root}}
}

func TestStaticHTMLShowsWhatTheHandlersShow(t *testing.T) {
	env, err := vugu.NewBuildEnv()
	assert.NoError(t, err)
	br := env.RunBuild(form{})
	StaticHTML(br)
	assert.Nil(t, populated, "the browser's path again after it")
	byID := map[string]*vugu.VGNode{}
	for n := br.Out.Out[0].FirstChild; n != nil; n = n.NextSibling {
		byID[attr(n, "id")] = n
	}
	assert.Equal(t, "42", attr(byID["n"], "value"))
	assert.Equal(t, []vugu.VGAttribute{{Key: "id", Val: "on"}, {Key: "checked"}}, byID["on"].Attr)
	assert.Equal(t, []vugu.VGAttribute{{Key: "id", Val: "off"}}, byID["off"].Attr)
	assert.Len(t, byID["s"].FirstChild.Attr, 1, "option a is not selected")
	assert.Equal(t, []vugu.VGAttribute{{Key: "value", Val: "b"}, {Key: "selected"}}, byID["s"].LastChild.Attr)
	assert.Equal(t, "[1, 2]", byID["t"].FirstChild.Data)
	assert.Equal(t, vugu.TextNode, byID["t"].FirstChild.Type)
}

// Text nodes side by side, which the HTML parser would merge: the white
// space ones after another text are written as comments.
func TestStaticHTMLKeepsTextsApart(t *testing.T) {
	root := &vugu.VGNode{Type: vugu.ElementNode, Data: "div"}
	for _, text := range []string{"\n  ", "\n  ", "\n  ", "b", "  "} {
		root.AppendChild(&vugu.VGNode{Type: vugu.TextNode, Data: text})
	}
	root.AppendChild(&vugu.VGNode{Type: vugu.ElementNode, Data: "p"})
	root.AppendChild(&vugu.VGNode{Type: vugu.TextNode, Data: " "})
	env, err := vugu.NewBuildEnv()
	assert.NoError(t, err)
	br := env.RunBuild(built{root})
	StaticHTML(br)
	var got []string
	for n := root.FirstChild; n != nil; n = n.NextSibling {
		switch n.Type {
		case vugu.TextNode:
			got = append(got, "text "+n.Data)
		case vugu.CommentNode:
			got = append(got, "comment "+n.Data)
		default:
			got = append(got, n.Data)
		}
	}
	assert.Equal(t, []string{"text \n  ", "comment ", "text \n  ", "text b", "comment ", "p", "text  "}, got,
		"a text after white space that is not white space itself stays (the parser merges it)")
}

// built is a component whose build is root.
type built struct{ root *vugu.VGNode }

func (b built) Build(*vugu.BuildIn) *vugu.BuildOut {
	return &vugu.BuildOut{Out: []*vugu.VGNode{b.root}}
}
