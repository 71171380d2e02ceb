//go:build !(js && wasm)

package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/ui"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/staticrender"
)

// mountPoint is the element of the page template (web/static/index.html)
// that prerender fills: the app's mount point, empty.
const mountPoint = `<div id="mount"></div>`

// startingStatus is the status line of the prerendered first view, until
// the app runs.
const startingStatus = "Starting…"

// prerender returns the page template with the app's first view rendered
// into its mount point, so that the browser shows the first timeline as
// soon as it has the page, before main.wasm is compiled; the app's first
// render then takes over the same elements (Vugu's renderer reuses the
// elements under its mount point where they match). The first view is
// the one of a visit that opens no link and no kept draft (boot.js hides
// it on other visits), built by the same code the app runs: the core is
// deterministic, so its timeline is the app's. Until the app runs, its
// controls do nothing, so the view is inert and its status line says
// startingStatus; its form controls show their values as HTML
// (ui.StaticHTML, which also keeps the HTML parsing back into the app's
// tree); the app's first render drops all these.
func prerender(template []byte) ([]byte, error) {
	if n := bytes.Count(template, []byte(mountPoint)); n != 1 {
		return nil, fmt.Errorf("prerender: the page template has %d copies of %s, not 1", n, mountPoint)
	}
	env, err := vugu.NewBuildEnv()
	if err != nil {
		return nil, err
	}
	br := env.RunBuild(&firstView{Root: &Root{}})
	if len(br.Out.Out) != 1 {
		return nil, errors.New("prerender: the page's build has no single root element")
	}
	root := br.Out.Out[0]
	root.Attr = append([]vugu.VGAttribute{{Key: "id", Val: "mount"}}, append(root.Attr, vugu.VGAttribute{Key: "inert"})...)
	status := element(br, "id", "run-status")
	if status == nil {
		return nil, errors.New("prerender: the page has no #run-status")
	}
	status.SetInnerHTML(startingStatus)
	ui.StaticHTML(br)
	var view bytes.Buffer
	if err := staticrender.New(&view).Render(br); err != nil {
		return nil, fmt.Errorf("prerender: %w", err)
	}
	return bytes.Replace(template, []byte(mountPoint), view.Bytes(), 1), nil
}

// firstView is the page (Root) as the app builds it first on a visit that
// opens no link and no kept draft, without the browser: Root.Init's state
// (the default preset, run) without its links, storage and listeners.
type firstView struct{ *Root }

// Init gives the page the default preset's state, run.
func (v *firstView) Init(vugu.InitCtx) { v.P = state.New() }

// element returns the first element of the build br whose attribute key
// is val, or nil.
func element(br *vugu.BuildResults, key, val string) *vugu.VGNode {
	var found *vugu.VGNode
	ui.VisitBuild(br, br.Out.Out[0], func(n *vugu.VGNode) {
		for _, a := range n.Attr {
			if found == nil && a.Key == key && a.Val == val {
				found = n
			}
		}
	})
	return found
}
