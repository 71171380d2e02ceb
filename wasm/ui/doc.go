// Package ui holds the playground page's Vugu components: the
// playground's panels (prompts, policy, timeline, batch detail, metrics,
// catalog, dispatch, export) and the teaching views (compare, sweep,
// lessons, the view switcher).
//
// A component depends only on its own inputs: the state it shows (a
// *state.Playground, a compare or sweep session, a lesson's progress) and
// callback fields (OnOpen, OnStart, …) through which it asks the page for
// what it cannot do itself, such as loading a scenario into the
// playground or switching views. The page (package main's Root) sets
// both. State changes live in plain Go packages tested natively: state,
// timeline, report, compare, sweep, sweepchart, lesson.
//
// The .vugu files are compiled by vugugen into one file,
// 0_components_gen.go (`go generate ./wasm`; `make check-gen` proves it
// is up to date).
package ui
