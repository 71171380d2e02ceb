//go:build !(js && wasm)

package main

import (
	"bytes"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/batchlab/batchlab/wasm/state"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// template is the page template `make wasm` prerenders.
func template(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "web", "static", "index.html"))
	require.NoError(t, err)
	return data
}

// The prerendered page is the template with the first view of the default
// scenario in its mount point: the timeline of its result, the controls
// showing its values, inert and Starting… until the app runs, without
// the panels below the first view; the same at every build.
func TestPrerenderShowsTheDefaultFirstView(t *testing.T) {
	tmpl := template(t)
	page, err := prerender(tmpl)
	require.NoError(t, err)
	again, err := prerender(tmpl)
	require.NoError(t, err)
	assert.Equal(t, string(page), string(again), "deterministic")

	s := string(page)
	start := strings.Index(s, `<div id="mount" class="app" inert="">`)
	require.GreaterOrEqual(t, start, 0, "the mount point holds the app's root, inert")
	assert.Equal(t, 1, strings.Count(s, `id="mount"`))
	end := strings.Index(s, "</footer></div>") + len("</footer></div>")
	require.Greater(t, end, start)
	assert.Equal(t, string(tmpl), s[:start]+mountPoint+s[end:], "the rest of the page is the template's")

	p := state.New()
	assert.Contains(t, s, `<p id="run-status" class="status" role="status">`+startingStatus+`</p>`)
	assert.Contains(t, s, `data-own-value="">`+html.EscapeString(p.PromptsText())+`</textarea>`, "the editor shows the prompts")
	assert.Contains(t, s, `<option value="`+preset.Default+`" selected="">`, "the preset shown is selected")
	assert.Contains(t, s, `id="timeline"`)
	assert.Equal(t, len(p.Result.Batches), strings.Count(s, `data-batch="`), "a bar per batch of the default result")
	for _, below := range []string{"policy-panel", "metrics-panel", "catalog-panel", "dispatch-panel"} {
		assert.NotContains(t, s, `id="`+below+`"`, "the panels below the first view come after it")
	}
}

func TestPrerenderWantsOneMountPoint(t *testing.T) {
	tmpl := template(t)
	for name, tmpl := range map[string][]byte{
		"none": bytes.Replace(tmpl, []byte(mountPoint), nil, 1),
		"two":  bytes.Replace(tmpl, []byte(mountPoint), []byte(mountPoint+mountPoint), 1),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := prerender(tmpl)
			assert.ErrorContains(t, err, mountPoint)
		})
	}
}
