//go:build js && wasm

package main

import (
	"log"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"
)

func main() {
	mark("batchlab:main")
	renderer, err := domrender.New("#mount")
	if err != nil {
		log.Fatal(err)
	}
	defer renderer.Release()
	buildEnv, err := vugu.NewBuildEnv(renderer.EventEnv())
	if err != nil {
		log.Fatal(err)
	}
	root := &Root{}
	below := renderedBelow{ee: renderer.EventEnv()}
	for first, ok := true, true; ok; first, ok = false, renderer.EventWait() {
		buildResults := buildEnv.RunBuild(root)
		if first {
			mark("batchlab:built")
		}
		if err := renderer.Render(buildResults); err != nil {
			log.Fatal(err)
		}
		if first {
			mark("batchlab:rendered")
		}
		below.after(buildResults)
		root.rendered(first)
	}
}
