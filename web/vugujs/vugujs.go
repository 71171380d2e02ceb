// Package vugujs writes vugu.js, the file that lets the playground run
// under a Content-Security-Policy without 'unsafe-eval'.
//
// Vugu's DOM renderer installs its JavaScript helper by calling
// window.eval with a script it carries as a Go constant. vugu.js is that
// same script, loaded as a file before the WASM app starts, followed by a
// window.eval that answers Vugu's call without evaluating anything (the
// helper is already there). Any other eval still goes to the browser's
// eval, which the policy blocks. The script is read from the Vugu module in
// the Go module cache at build time, so it always matches the Vugu version
// in go.mod and nothing of Vugu's is copied into this repository.
//
// Changes to the helper keep the page's work per event and per render
// small (see patches): an event's summary, which Vugu copies to Go as JSON
// for every event, holds only the properties the playground's handlers read
// (EventKeys, TargetKeys), not every property of the event and its target
// (reading a target's layout properties forced a layout per event, and a
// textarea's value was copied whole); an element's inner HTML (vg-content)
// is parsed again only when it changed, not at every render; and an
// attribute is set only when it changed (setting it, even to the same
// value, has the browser compute the element's style again).
package vugujs

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// FileName is the name the playground's page loads the script by.
const FileName = "vugu.js"

// helperPrefix is how Vugu's helper script begins; the eval shim
// recognises Vugu's call by it.
const helperPrefix = "(function(){if(window.vuguRender)return;"

// ModuleDir returns the folder of the Vugu module the build uses, in the
// Go module cache.
func ModuleDir() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/vugu/vugu").Output()
	if err != nil {
		return "", fmt.Errorf("locating the Vugu module: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Script returns vugu.js for the Vugu module the build uses.
func Script() ([]byte, error) {
	dir, err := ModuleDir()
	if err != nil {
		return nil, fmt.Errorf("vugujs: %w", err)
	}
	src := filepath.Join(dir, "domrender", "renderer-js-script.go")
	data, err := os.ReadFile(src)
	if err != nil {
		return nil, fmt.Errorf("vugujs: %w", err)
	}
	return FromSource(data)
}

// FromSource builds vugu.js from the Go source that defines Vugu's
// jsHelperScript constant.
func FromSource(goSource []byte) ([]byte, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "renderer-js-script.go", goSource, 0)
	if err != nil {
		return nil, fmt.Errorf("vugujs: %w", err)
	}
	var helper string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			for i, name := range v.Names {
				if name.Name != "jsHelperScript" || i >= len(v.Values) {
					continue
				}
				lit, ok := v.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return nil, errors.New("vugujs: jsHelperScript is not a string literal")
				}
				if helper, err = strconv.Unquote(lit.Value); err != nil {
					return nil, fmt.Errorf("vugujs: %w", err)
				}
			}
		}
	}
	if !strings.HasPrefix(helper, helperPrefix) {
		return nil, errors.New("vugujs: Vugu's jsHelperScript not found, or it no longer starts as expected")
	}
	for _, p := range patches {
		if n := strings.Count(helper, p.from); n != 1 {
			return nil, fmt.Errorf("vugujs: the helper has %d copies of the code to change for %s, not 1: check the patch against this Vugu version", n, p.what)
		}
		helper = strings.Replace(helper, p.from, p.to, 1)
	}
	var b bytes.Buffer
	b.WriteString("// Vugu's DOM renderer helper, loaded as a file so that the page's CSP needs no 'unsafe-eval'.\n")
	b.WriteString("// Generated at build time from the Vugu module (see web/vugujs); do not edit.\n")
	fmt.Fprintf(&b, `window.batchlabEventSummary = (function () {
  "use strict";
  var eventKeys = %s, targetKeys = %s;
  var copy = function (from, keys, to) {
    for (var i = 0; i < keys.length; i++) {
      var v = from[keys[i]], t = typeof v;
      if (t === "boolean" || t === "number" || t === "string") { to[keys[i]] = v; }
    }
    return to;
  };
  // The properties of event ev that Vugu passes to Go: those of EventKeys,
  // and of its target those of TargetKeys. An element with the attribute
  // %s keeps its value out (its handlers read it themselves).
  return function (ev) {
    var out = copy(ev, eventKeys, {});
    var el = ev.target;
    if (el) {
      out.target = copy(el, targetKeys, {});
      if (el.hasAttribute && el.hasAttribute(%q)) { delete out.target.value; }
    }
    return out;
  };
})();
`, jsList(EventKeys), jsList(TargetKeys), OwnValue, OwnValue)
	b.WriteString(helper)
	b.WriteString(";\n")
	fmt.Fprintf(&b, `(function () {
  "use strict";
  var browserEval = window.eval;
  window.eval = function (src) {
    if (typeof src === "string" && src.indexOf(%q) === 0 && window.vuguRender) {
      return undefined; // Vugu's helper: loaded above already
    }
    return browserEval(src); // anything else: the CSP decides
  };
})();
`, helperPrefix)
	return b.Bytes(), nil
}

// EventKeys are the properties of an event its summary holds, and
// TargetKeys those of its target: what the playground's handlers read
// with DOMEvent.Prop and its kin (a test checks every such call in wasm/).
var (
	EventKeys  = []string{"type", "key", "code", "button", "buttons", "clientX", "clientY", "deltaX", "deltaY", "deltaMode", "shiftKey", "ctrlKey", "altKey", "metaKey"}
	TargetKeys = []string{"id", "value", "checked"}
)

// OwnValue is the attribute that keeps an element's value out of its
// events' summaries: its handlers read the value from the element, once,
// instead of a copy through JSON at every event (a large textarea).
const OwnValue = "data-own-value"

// A patch changes one piece of Vugu's helper, found exactly once.
type patch struct{ what, from, to string }

// patches are the changes FromSource makes to Vugu's helper script.
var patches = []patch{
	{
		what: "the event summary (only the properties handlers read)",
		from: `let a={};for(let e in i)try{let t=typeof i[e];(t=="boolean"||t=="number"||t=="string")&&(a[e]=i[e])}catch{}if(i.target){a.target={};let e=i.target;for(let t in e)try{let n=typeof e[t];(n=="boolean"||n=="number"||n=="string")&&(a.target[t]=e[t])}catch{}}`,
		to:   `let a=window.batchlabEventSummary(i);`,
	},
	{
		what: "setting an attribute (only when it changed)",
		from: `let t=C.readString(),n=C.readString();e.setAttribute(t,n),x.elAttrNames[t]=!0;break}`,
		to:   `let t=C.readString(),n=C.readString();e.getAttribute(t)!==n&&e.setAttribute(t,n),x.elAttrNames[t]=!0;break}`,
	},
	{
		what: "setting inner HTML (only when it changed)",
		from: `x.el.innerHTML=(x.bufferedInnerHTML||"")+e,x.bufferedInnerHTML=null;break}`,
		to:   `{let h=(x.bufferedInnerHTML||"")+e;x.el.batchlabHTML!==h&&(x.el.innerHTML=h,x.el.batchlabHTML=h)}x.bufferedInnerHTML=null;break}`,
	},
	{
		// An element whose children the renderer visits may have had its
		// inner HTML set before: its children change, so the HTML
		// remembered no longer describes them.
		what: "visiting an element's children (forget its inner HTML)",
		from: `if(!x.el)throw"must have current selection to use opcodeMoveToFirstChild";x.nextElMove="first_child";break}`,
		to:   `if(!x.el)throw"must have current selection to use opcodeMoveToFirstChild";x.el.batchlabHTML=void 0;x.nextElMove="first_child";break}`,
	},
}

// jsList writes names as a JavaScript array literal.
func jsList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
