package vugujs

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScript(t *testing.T) {
	js, err := Script()
	require.NoError(t, err)
	s := string(js)
	assert.Contains(t, s, helperPrefix)
	assert.Contains(t, s, "window.vuguRender=function(){")
	assert.Contains(t, s, "window.eval = function (src)")
	assert.Less(t, strings.Index(s, helperPrefix), strings.Index(s, "window.eval = function"), "the helper comes first")
}

func TestFromSource(t *testing.T) {
	_, err := FromSource([]byte("package domrender\n\nconst other = \"x\"\n"))
	assert.ErrorContains(t, err, "not found")
	_, err = FromSource([]byte("package domrender\n\nconst jsHelperScript = \"alert(1)\"\n"))
	assert.ErrorContains(t, err, "no longer starts as expected")
	_, err = FromSource([]byte("package domrender\n\nconst jsHelperScript = \"(function(){if(window.vuguRender)return;window.vuguRender=1})()\"\n"))
	assert.ErrorContains(t, err, "has 0 copies of the code to change for the event summary")
}

// The script carries the changed helper: no loop over every property of
// an event, inner HTML set only when it changed.
func TestScriptIsPatched(t *testing.T) {
	js, err := Script()
	require.NoError(t, err)
	s := string(js)
	for _, p := range patches {
		assert.NotContains(t, s, p.from, p.what)
		assert.Contains(t, s, p.to, p.what)
	}
	assert.Contains(t, s, `targetKeys = ["id", "value", "checked"]`)
	assert.Less(t, strings.Index(s, "window.batchlabEventSummary ="), strings.Index(s, helperPrefix), "defined before the helper")
}

// Every property the playground's handlers read from an event summary
// (DOMEvent.Prop, PropString, …) is one the summary holds.
func TestEveryPropReadIsInTheSummary(t *testing.T) {
	call := regexp.MustCompile(`\.Prop[A-Za-z0-9]*\(((?:"[A-Za-z]+"(?:, )?)+)\)`)
	found := 0
	err := filepath.WalkDir("../../wasm", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_gen.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".vugu")) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			keys := strings.Split(strings.ReplaceAll(m[1], `"`, ""), ", ")
			found++
			switch {
			case len(keys) == 1:
				assert.Contains(t, EventKeys, keys[0], "%s: %s", path, m[0])
			case len(keys) == 2 && keys[0] == "target":
				assert.Contains(t, TargetKeys, keys[1], "%s: %s", path, m[0])
			default:
				t.Errorf("%s: %s reads a property the summary cannot hold", path, m[0])
			}
		}
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, found, 30, "the calls are found")
}
