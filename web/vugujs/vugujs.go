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

// Script returns vugu.js for the Vugu module the build uses.
func Script() ([]byte, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/vugu/vugu").Output()
	if err != nil {
		return nil, fmt.Errorf("vugujs: locating the Vugu module: %w", err)
	}
	src := filepath.Join(strings.TrimSpace(string(out)), "domrender", "renderer-js-script.go")
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
	var b bytes.Buffer
	b.WriteString("// Vugu's DOM renderer helper, loaded as a file so that the page's CSP needs no 'unsafe-eval'.\n")
	b.WriteString("// Generated at build time from the Vugu module (see web/vugujs); do not edit.\n")
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
