package main

import "github.com/batchlab/batchlab/wasm/lesson"

// LessonsPanel lists the lessons to start.
type LessonsPanel struct {
	Root *Root
}

func (c *LessonsPanel) lessons() []*lesson.Lesson {
	out := make([]*lesson.Lesson, len(lesson.All))
	for i := range lesson.All {
		out[i] = &lesson.All[i]
	}
	return out
}

func (c *LessonsPanel) startLabel(l *lesson.Lesson) string {
	if c.Root.lessonID() == l.ID {
		return "Start over"
	}
	return "Start this lesson"
}
