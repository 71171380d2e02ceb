package main

import (
	"time"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/compare"
	"github.com/batchlab/batchlab/wasm/lesson"
	"github.com/batchlab/batchlab/wasm/sweep"
	"github.com/batchlab/batchlab/wasm/ui"
)

// Views is which view the page shows and the state of the teaching views:
// compare, sweep, lessons and export. The playground's own state stays in
// Root.P.
type Views struct {
	// Tab is the view shown: "" (the playground), "compare", "sweep",
	// "lessons" or "export".
	Tab string
	// Compare is the Compare view's session, made when first opened and
	// remade when the playground ran a new result since.
	Compare     *compare.Session
	compareRuns int
	// Sweep is the Sweep view's session.
	Sweep *sweep.Session
	// Lesson is the lesson being taken, nil for none.
	Lesson *lesson.Progress
}

// viewTabs are the views in the order the switcher shows them.
var viewTabs = []ui.Tab{
	{Key: "", Label: "Playground"},
	{Key: "compare", Label: "Compare"},
	{Key: "sweep", Label: "Sweep"},
	{Key: "lessons", Label: "Lessons"},
	{Key: "export", Label: "Export"},
}

// Sweep pacing: a step runs points for at most sweepBudget and renders
// them; the browser then has at least sweepPause for input and painting
// before the next step.
const (
	sweepBudget = 12 * time.Millisecond
	sweepPause  = 10 * time.Millisecond
)

// OpenView switches to the view called key.
func (c *Root) OpenView(key string) {
	c.V.Tab = key
	switch key {
	case "compare":
		if c.V.Compare == nil || c.V.compareRuns != c.P.Runs {
			c.CompareCopy()
		}
	case "sweep":
		if c.V.Sweep == nil || c.V.Sweep.Untouched() && c.V.Sweep.Preset != c.P.Preset {
			c.V.Sweep = sweep.NewFor(c.P.Preset)
		}
	}
}

// playgroundScenario is the scenario of the playground's last good result,
// or what its controls describe when there is none.
func (c *Root) playgroundScenario() core.Scenario {
	if c.P.ResultScenario != nil {
		return *c.P.ResultScenario
	}
	return c.P.BuildScenario()
}

// CompareCopy compares the playground's scenario with a copy of it, B, for
// the user to edit.
func (c *Root) CompareCopy() {
	c.V.Compare = compare.New(c.playgroundScenario())
	c.V.compareRuns = c.P.Runs
}

// CompareSeedVsTimer compares the playground's trace in both close modes.
func (c *Root) CompareSeedVsTimer() {
	if c.V.Compare == nil {
		c.V.Compare = &compare.Session{}
	}
	c.V.Compare.SeedVsTimer(c.playgroundScenario())
	c.V.compareRuns = c.P.Runs
}

// LoadScenario puts sc into the playground and shows it.
func (c *Root) LoadScenario(sc core.Scenario) {
	c.P.Load(&sc)
	c.V.Tab = ""
}

// StartSweep sweeps the playground's scenario and advances the sweep in
// steps, each from a browser timer (everyTask) and rendered before the
// browser handles input and paints, so that the page stays responsive.
func (c *Root) StartSweep() {
	s := c.V.Sweep
	if s.Start(c.playgroundScenario()) != nil {
		return
	}
	gen, ee := s.Gen, c.ee
	everyTask(sweepPause, func() bool {
		ee.Lock()
		more := s.RunStep(gen, sweepBudget)
		ee.UnlockRender()
		return more
	})
}

// LoadSweepPoint loads the scenario of sweep point i into the playground.
func (c *Root) LoadSweepPoint(i int) {
	if sc, ok := c.V.Sweep.Scenario(i); ok {
		c.LoadScenario(sc)
	}
}

// StartLesson loads lesson id's scenario and shows the playground with the
// lesson's goal above it.
func (c *Root) StartLesson(id string) {
	l := lesson.Lookup(id)
	if l == nil {
		return
	}
	sc, err := l.Scenario()
	if err != nil {
		c.P.Notice = err.Error()
		return
	}
	c.P.Load(sc)
	c.V.Lesson = lesson.NewProgress(l)
	c.V.Tab = ""
}

// LeaveLesson ends the lesson; the scenario stays.
func (c *Root) LeaveLesson() { c.V.Lesson = nil }

// lessonID is the id of the lesson being taken, "" for none.
func (c *Root) lessonID() string {
	if c.V.Lesson == nil {
		return ""
	}
	return c.V.Lesson.Lesson.ID
}

// openLink opens a share link's fragment, which may carry a lesson id.
func (c *Root) openLink(fragment string) {
	link, id := lesson.SplitFragment(fragment)
	c.P.OpenShare(link)
	if id != "" {
		c.V.Lesson = lesson.NewProgress(lesson.Lookup(id))
	}
}
