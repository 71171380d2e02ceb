//go:build js && wasm

package main

import (
	"log"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"
)

func main() {
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
	for ok := true; ok; ok = renderer.EventWait() {
		buildResults := buildEnv.RunBuild(root)
		if err := renderer.Render(buildResults); err != nil {
			log.Fatal(err)
		}
	}
}
