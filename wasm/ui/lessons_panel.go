package ui

import "github.com/batchlab/batchlab/wasm/lesson"

// LessonsPanel lists the lessons to start.
type LessonsPanel struct {
	// Current is the id of the lesson being taken, "" for none.
	Current string
	// OnStart asks to start lesson id.
	OnStart func(id string)
}

func (c *LessonsPanel) lessons() []*lesson.Lesson {
	out := make([]*lesson.Lesson, len(lesson.All))
	for i := range lesson.All {
		out[i] = &lesson.All[i]
	}
	return out
}

func (c *LessonsPanel) startLabel(l *lesson.Lesson) string {
	if c.Current == l.ID {
		return "Start over"
	}
	return "Start this lesson"
}
