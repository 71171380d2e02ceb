// Command wasm is the batchlab playground, built with GOOS=js GOARCH=wasm
// into web/dist by `make wasm`. Root (root.vugu) is the page: it owns the
// playground's state and the teaching views' sessions, re-runs the
// simulation after edits, and handles the events of the components in
// package ui, which get data and emit events and never see Root. State
// changes live in package state, layout in timeline, figures and exports
// in report, the share link in share; the teaching views (views.go) keep
// theirs in compare, sweep, sweepchart and lesson.
package main

// vugugen compiles the .vugu files of this package and of its
// sub-packages (-r) into one 0_components_gen.go per package (-s).
//go:generate go tool vugugen -skip-go-mod -r -s
