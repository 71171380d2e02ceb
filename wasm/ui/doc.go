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
// What the first timeline costs: V8 compiles each component's generated
// Build function whole, on its first call, and recompiles it with TurboFan
// as soon as it has run a few times, at a cost that grows with its size.
// So a group that is folded or rarely shown is a component of its own
// (TrafficRules, OverridesEditor, ArrivalsFields, ScriptEditor,
// NumberFields, CatalogTable; PromptsPanel's file problems, import
// summary and big-document parts; the timeline's cards), built, and
// compiled, only once shown. The panels of the first view are split into
// parts (PromptsPanel, TimelinePanel): TurboFan recompiled their Builds of
// 127 and 77 KB during every first load, on the core the main thread
// needs, and none of the parts (26 KB at most) once the timeline's legend,
// a loop over up to 17 entries, was a part of its own. And the templates
// leave no white space between block-level tags (the '>' of a tag starts
// the next line instead: "</dt\n  ><dd>"): vugugen makes each white-space
// text node a node of its own, built at every render, about 700 bytes of
// WebAssembly each. White space between inline elements (labels,
// buttons, inputs, spans) renders as a space and stays; in a flex row
// (.row, .toolbar) it renders as nothing and goes.
//
// The page's own template is split the same way (PageHeader, TopNotes,
// ViewPanel, PlaygroundView, LessonSlot, InputColumn, OutputColumn; the
// notes that come and go, PrivacyConfirm, ShareBox, Notice and
// TokensStatus, built only when shown): Root's Build was 105 KB, which
// TurboFan recompiled during every first load, and none is now above
// 20 KB. Vugu keys a component's instance by its place in its parent's
// template and by its parent's rank among the components its own parent
// built, so a component whose children keep state (the columns' panels)
// comes before any sibling component that comes and goes: the lesson's
// panel is in LessonSlot, always there, else starting a lesson would make
// new panels, their zoom and folds lost.
//
// The .vugu files are compiled by vugugen into one file,
// 0_components_gen.go (`go generate ./wasm`; `make check-gen` proves it
// is up to date).
package ui
