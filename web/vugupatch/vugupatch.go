// Package vugupatch prepares a build of the playground with a few of
// Vugu's Go files changed, for a faster first render in the browser: a
// copy of the Vugu module with the changes, and a go.mod that replaces
// Vugu by it, for go build -modfile (go help modules). Go refuses an
// -overlay of files in the module cache.
//
// Like vugu.js (package web/vugujs), the files come from the Vugu module
// the build uses, in the Go module cache, at build time, and each change
// applies to exactly one place or the build stops: nothing of Vugu's is
// copied into this repository, and a Vugu upgrade that moves the code is
// caught. What the changes do is unchanged (same DOM, same attributes,
// same text); they only cost V8 less:
//
//   - Vugu's DOM renderer names every child position with
//     fmt.Sprintf("_%d", i), at every render; it appends the number with
//     strconv instead. fmt's Printf machinery was then compiled twice at
//     the first render (Liftoff, then TurboFan: 130–200 ms of CPU for
//     doPrintf, printArg and fmtInteger on the 2-core VM's other core).
//   - VGNode.SetInnerHTML and VGNode.AddAttrInterface, called for every
//     text and attribute the components bind, take a string (nearly every
//     call) in a small function of their own before the type switch. V8
//     charges its tier-up budget by the distance of every jump back to a
//     function's top, which Go's WebAssembly makes at every branch, so
//     these big functions were recompiled by TurboFan at the first render.
//
// See the README (Playground, performance) for what it changed.
package vugupatch

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/batchlab/batchlab/web/vugujs"
)

// ModFile is the name of the go.mod that Write puts in its folder: pass
// it to go build -modfile.
const ModFile = "go.mod"

// vuguPath is the module path of Vugu.
const vuguPath = "github.com/vugu/vugu"

// patch is a change to one of Vugu's files: from, which must occur once,
// becomes to.
type patch struct {
	file, what, from, to string
}

// patches are the changes; file is relative to the Vugu module's folder.
var patches = []patch{
	{
		file: "domrender/renderer-js.go",
		what: "a template's child positions",
		from: `childPositionID := append(positionID, []byte(fmt.Sprintf("_t_%d", childIndex))...)`,
		to:   `childPositionID := strconv.AppendInt(append(positionID, "_t_"...), int64(childIndex), 10)`,
	},
	{
		file: "domrender/renderer-js.go",
		what: "an element's child positions",
		from: `childPositionID := append(positionID, []byte(fmt.Sprintf("_%d", childIndex))...)`,
		to:   `childPositionID := strconv.AppendInt(append(positionID, '_'), int64(childIndex), 10)`,
	},
	{
		file: "vgnode.go",
		what: "AddAttrInterface's strings",
		from: "func (n *VGNode) AddAttrInterface(key string, val interface{}) {\n",
		to: "func (n *VGNode) AddAttrInterface(key string, val interface{}) {\n" +
			"\tif s, ok := val.(string); ok {\n" +
			"\t\tn.Attr = append(n.Attr, VGAttribute{Key: key, Val: s})\n" +
			"\t\treturn\n" +
			"\t}\n" +
			"\tn.addAttrInterface(key, val)\n" +
			"}\n\n" +
			"// addAttrInterface is AddAttrInterface for values other than strings (batchlab's build overlay, web/vugupatch).\n" +
			"func (n *VGNode) addAttrInterface(key string, val interface{}) {\n",
	},
	{
		file: "vgnode.go",
		what: "SetInnerHTML's strings",
		from: "func (n *VGNode) SetInnerHTML(val interface{}) {\n",
		to: "func (n *VGNode) SetInnerHTML(val interface{}) {\n" +
			"\tif s, ok := val.(string); ok {\n" +
			"\t\ts = html.EscapeString(s)\n" +
			"\t\tn.InnerHTML = &s\n" +
			"\t\treturn\n" +
			"\t}\n" +
			"\tn.setInnerHTML(val)\n" +
			"}\n\n" +
			"// setInnerHTML is SetInnerHTML for values other than strings (batchlab's build overlay, web/vugupatch).\n" +
			"func (n *VGNode) setInnerHTML(val interface{}) {\n",
	},
}

// Write writes, into folder dir (emptied first), a copy of the Vugu
// module the build uses with the changes, as dir/vugu, and dir/go.mod and
// dir/go.sum: the repository's, with Vugu replaced by that copy.
func Write(dir string) error {
	module, err := vugujs.ModuleDir()
	if err != nil {
		return fmt.Errorf("vugupatch: %w", err)
	}
	out, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return fmt.Errorf("vugupatch: locating go.mod: %v", err)
	}
	files, err := Patched(func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(module, name)) })
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	copyDir := filepath.Join(abs, "vugu")
	if err := os.RemoveAll(abs); err != nil {
		return err
	}
	if err := copyTree(module, copyDir); err != nil {
		return fmt.Errorf("vugupatch: copying the Vugu module: %w", err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := os.WriteFile(filepath.Join(copyDir, filepath.FromSlash(name)), files[name], 0o644); err != nil {
			return err
		}
	}
	mod, err := os.ReadFile(gomod)
	if err != nil {
		return err
	}
	if strings.Contains(string(mod), "replace "+vuguPath) {
		return errors.New("vugupatch: go.mod replaces Vugu already")
	}
	mod = fmt.Appendf(mod, "\n// Vugu with batchlab's changes (web/vugupatch), for the playground's build.\nreplace %s => %s\n", vuguPath, copyDir)
	if err := os.WriteFile(filepath.Join(abs, ModFile), mod, 0o644); err != nil {
		return err
	}
	sum, err := os.ReadFile(strings.TrimSuffix(gomod, ".mod") + ".sum")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(abs, "go.sum"), sum, 0o644)
}

// copyTree copies the regular files under folder from into folder to,
// writable (the module cache's are read-only).
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// Patched returns the changed files, by name relative to the Vugu module's
// folder, reading the originals with read. It fails if a change does not
// apply to exactly one place, or leaves a file Go cannot parse.
func Patched(read func(name string) ([]byte, error)) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, p := range patches {
		src, ok := files[p.file]
		if !ok {
			var err error
			if src, err = read(p.file); err != nil {
				return nil, fmt.Errorf("vugupatch: %w", err)
			}
		}
		if n := strings.Count(string(src), p.from); n != 1 {
			return nil, fmt.Errorf("vugupatch: %s has %d copies of the code to change for %s, not 1: check the patch against this Vugu version", p.file, n, p.what)
		}
		files[p.file] = []byte(strings.Replace(string(src), p.from, p.to, 1))
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if _, err := parser.ParseFile(token.NewFileSet(), name, files[name], parser.SkipObjectResolution); err != nil {
			return nil, fmt.Errorf("vugupatch: the changed %s does not parse: %w", name, err)
		}
	}
	return files, nil
}
