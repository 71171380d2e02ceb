// Command probe prints what Vugu's VGNode.SetInnerHTML and
// VGNode.AddAttrInterface make of values of every kind they handle (a
// pointer to a string, which makes Vugu's SetInnerHTML panic, aside);
// TestChangesKeepBehaviour runs it with and without the changes.
package main

import (
	"fmt"
	"time"

	"github.com/vugu/vugu"
)

// html is a value with its own HTML.
type html string

func (h html) HTML() string { return string(h) }

func main() {
	s := "<b>&\"'</b>"
	var nilString *string
	var nilStringer *time.Duration
	d := 1500 * time.Millisecond
	for _, v := range []any{
		"", "plain", s, "<script>x</script>", 42, int8(-3), int64(1 << 40), uint(7), uint64(1 << 63),
		float32(1.5), 2.25, true, false, nil, nilString, d, &d, nilStringer, html("<i>x</i>"),
		[]int{1, 2}, struct{ A int }{3},
	} {
		var n vugu.VGNode
		n.SetInnerHTML(v)
		n.AddAttrInterface("k", v)
		inner := "<nil>"
		if n.InnerHTML != nil {
			inner = fmt.Sprintf("%q", *n.InnerHTML)
		}
		fmt.Printf("%T %v: inner %s attrs %q\n", v, v, inner, n.Attr)
	}
}
