package vugupatch

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Write copies the Vugu module go.mod names with the changes, and writes a
// go.mod that replaces Vugu by the copy.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stale"), nil, 0o644))
	require.NoError(t, Write(dir))
	assert.NoFileExists(t, filepath.Join(dir, "stale"), "the folder is emptied first")
	mod, err := os.ReadFile(filepath.Join(dir, ModFile))
	require.NoError(t, err)
	assert.Contains(t, string(mod), "\nreplace github.com/vugu/vugu => "+filepath.Join(dir, "vugu")+"\n")
	assert.FileExists(t, filepath.Join(dir, "go.sum"))
	for _, p := range patches {
		changed, err := os.ReadFile(filepath.Join(dir, "vugu", filepath.FromSlash(p.file)))
		require.NoError(t, err)
		assert.Contains(t, string(changed), p.to, "%s: %s", p.file, p.what)
		if !strings.Contains(p.to, p.from) {
			assert.NotContains(t, string(changed), p.from, "%s: %s", p.file, p.what)
		}
	}
	assert.FileExists(t, filepath.Join(dir, "vugu", "go.mod"))
	assert.FileExists(t, filepath.Join(dir, "vugu", "js", "doc.go"))
}

func TestPatchedRefuses(t *testing.T) {
	files := func(vgnode, renderer string) func(string) ([]byte, error) {
		return func(name string) ([]byte, error) {
			switch name {
			case "vgnode.go":
				return []byte(vgnode), nil
			case "domrender/renderer-js.go":
				return []byte(renderer), nil
			}
			return nil, errors.New("no " + name)
		}
	}
	renderer := "package domrender\n\nfunc f() {\n" + patches[0].from + "\n" + patches[1].from + "\n}\n"
	vgnode := "package vugu\n\n" + patches[2].from + "}\n\n" + patches[3].from + "}\n"
	_, err := Patched(files(vgnode, renderer))
	require.NoError(t, err, "the changes apply to a file that has their code once")

	_, err = Patched(files(vgnode, "package domrender\n"))
	assert.ErrorContains(t, err, "domrender/renderer-js.go has 0 copies of the code to change for a template's child positions, not 1")
	_, err = Patched(files(vgnode+vgnode[len("package vugu\n"):], renderer))
	assert.ErrorContains(t, err, "vgnode.go has 2 copies of the code to change for AddAttrInterface's strings")
	_, err = Patched(files(vgnode, strings.TrimSuffix(renderer, "}\n")))
	assert.ErrorContains(t, err, "the changed domrender/renderer-js.go does not parse")
	_, err = Patched(func(string) ([]byte, error) { return nil, errors.New("unreadable") })
	assert.ErrorContains(t, err, "vugupatch: unreadable")
}

// SetInnerHTML and AddAttrInterface make the same of every kind of value
// with the changes as without.
func TestChangesKeepBehaviour(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program twice")
	}
	dir := t.TempDir()
	require.NoError(t, Write(dir))
	run := func(args ...string) string {
		cmd := exec.Command("go", append(append([]string{"run"}, args...), "./testdata/probe")...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		return string(out)
	}
	without := run()
	with := run("-modfile=" + filepath.Join(dir, ModFile))
	assert.Equal(t, without, with)
	assert.Contains(t, without, `inner "&lt;b&gt;&amp;&#34;&#39;&lt;/b&gt;" attrs [{"" "k" "<b>&\"'</b>"}]`)
	assert.Equal(t, 21, strings.Count(without, "\n"))
}
