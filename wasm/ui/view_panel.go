package ui

import (
	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/compare"
	"github.com/batchlab/batchlab/wasm/lesson"
	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/sweep"
)

// ViewPanel is the view tabs' panel: the playground or the teaching view
// whose key is Tab.
type ViewPanel struct {
	P     *state.Playground
	Files FileOpener
	Tab   string
	// Below: the playground's panels below the first view are rendered.
	Below bool
	// Lesson is the lesson being taken (nil for none), LessonID its id.
	Lesson   *lesson.Progress
	LessonID string
	// Compare and Sweep are the teaching views' sessions.
	Compare *compare.Session
	Sweep   *sweep.Session

	OnStartLesson func(id string)
	OnLeaveLesson func()
	// OnCompareCopy, OnSeedVsTimer and OnOpenScenario are the Compare
	// view's callbacks (CompareView's OnCopy, OnSeedVsTimer, OnOpen).
	OnCompareCopy, OnSeedVsTimer func()
	OnOpenScenario               func(sc core.Scenario)
	// OnRunSweep and OnOpenSweepPoint are SweepView's OnRun and OnOpen.
	OnRunSweep       func()
	OnOpenSweepPoint func(i int)
}

// PlaygroundView is the playground: the lesson's slot, the input and
// output columns and, from the render after the first (Below), the
// panels under them.
type PlaygroundView struct {
	P      *state.Playground
	Files  FileOpener
	Lesson *lesson.Progress
	Below  bool

	OnStartLesson func(id string)
	OnLeaveLesson func()
}

// LessonSlot is the wrapper, always there, of the lesson being taken
// (Lesson, nil for none) above the playground's columns.
type LessonSlot struct {
	P      *state.Playground
	Lesson *lesson.Progress

	OnStart func(id string)
	OnLeave func()
}

// InputColumn is the playground's left column: prompts, traffic and,
// when Below, the policy.
type InputColumn struct {
	P     *state.Playground
	Files FileOpener
	Below bool
}

// OutputColumn is the playground's right column: timeline, batch detail
// and, when Below, the metrics.
type OutputColumn struct {
	P     *state.Playground
	Below bool
}
