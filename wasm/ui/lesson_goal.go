package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/wasm/lesson"
	"github.com/batchlab/batchlab/wasm/state"
	"github.com/vugu/vugu"
)

// LessonGoal shows the lesson being taken above the playground: its goal
// against the latest result, hints, and the explanation once met.
type LessonGoal struct {
	P *state.Playground
	L *lesson.Progress
	// OnStart asks to start lesson id (again); OnLeave to end the lesson.
	OnStart func(id string)
	OnLeave func()
}

// Compute checks the goal against the latest result.
func (c *LessonGoal) Compute(ctx vugu.ComputeCtx) {
	c.L.Check(c.P.Result)
}

func (c *LessonGoal) goalClass() string {
	if c.L.Status.Met {
		return "goal met"
	}
	return "goal"
}

func (c *LessonGoal) badge() string {
	if c.L.Status.Met {
		return "✓ met"
	}
	return "not met yet"
}

func (c *LessonGoal) hintLabel() string {
	return "Hint " + strconv.Itoa(c.L.Hints+1) + " of " + strconv.Itoa(len(c.L.Lesson.Hints))
}

func checkClass(met bool) string {
	if met {
		return "check met"
	}
	return "check"
}

func checkMark(met bool) string {
	if met {
		return "✓"
	}
	return "✗"
}
