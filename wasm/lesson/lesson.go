package lesson

import (
	"fmt"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
)

// A Lesson is one guided scenario: a preset changed a little, a goal the
// starting scenario misses, hints towards it, and what it teaches once met.
type Lesson struct {
	// ID names the lesson in share links and tests, e.g. "fill-the-burst".
	ID    string
	Title string
	// Story says what the traffic is and what is wrong with it.
	Story string
	// Preset is the key of the preset the lesson starts from.
	Preset string
	Goal   Goal
	Hints  []string
	// Explanation is shown once the goal is met: why the change works and
	// what it costs.
	Explanation string
	// Solution is one change that meets the goal, in words; Solve makes it.
	Solution string

	start func(s *core.Scenario)
	solve func(s *core.Scenario)
}

// Scenario returns the scenario the lesson starts from.
func (l *Lesson) Scenario() (*core.Scenario, error) {
	s, err := preset.Load(l.Preset)
	if err != nil {
		return nil, err
	}
	s.Name = "Lesson: " + l.Title
	s.Description = l.Story
	if l.start != nil {
		l.start(s)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("lesson %s: %w", l.ID, err)
	}
	return s, nil
}

// Solved returns the starting scenario with the documented solution
// applied: a scenario that meets the goal.
func (l *Lesson) Solved() (*core.Scenario, error) {
	s, err := l.Scenario()
	if err != nil {
		return nil, err
	}
	l.solve(s)
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("lesson %s solution: %w", l.ID, err)
	}
	return s, nil
}

// Lookup returns the lesson called id, or nil.
func Lookup(id string) *Lesson {
	for i := range All {
		if All[i].ID == id {
			return &All[i]
		}
	}
	return nil
}
