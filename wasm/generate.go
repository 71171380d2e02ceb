// Command wasm is the batchlab playground: Vugu components over the core,
// built with GOOS=js GOARCH=wasm into web/dist by `make wasm`. The
// components stay thin: state changes live in package state, layout in
// timeline, figures and exports in report, the share link in share. The
// teaching views (views.go) keep theirs in compare, sweep, sweepchart and
// lesson.
package main

//go:generate go tool vugugen -skip-go-mod
