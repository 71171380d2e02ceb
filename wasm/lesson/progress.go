package lesson

import "github.com/batchlab/batchlab/core"

// A Progress is the page's state of the lesson being taken: its goal
// against the latest result, the hints asked for, and whether the goal has
// been met.
type Progress struct {
	Lesson *Lesson
	// Status is the goal against the latest result.
	Status Status
	// Hints counts the hints shown.
	Hints int
	// EverMet stays set once the goal has been met, so that the
	// explanation stays while the user keeps experimenting.
	EverMet bool

	checked *core.Result
}

// NewProgress starts lesson l.
func NewProgress(l *Lesson) *Progress { return &Progress{Lesson: l} }

// Check evaluates the goal against res unless res was checked already.
func (p *Progress) Check(res *core.Result) {
	if res == p.checked && p.checked != nil {
		return
	}
	p.checked = res
	p.Status = p.Lesson.Goal.Evaluate(res)
	p.EverMet = p.EverMet || p.Status.Met
}

// ShownHints are the hints asked for so far.
func (p *Progress) ShownHints() []string { return p.Lesson.Hints[:min(p.Hints, len(p.Lesson.Hints))] }

// MoreHints reports whether a hint is left.
func (p *Progress) MoreHints() bool { return p.Hints < len(p.Lesson.Hints) }

// NextHint shows one more hint.
func (p *Progress) NextHint() {
	if p.MoreHints() {
		p.Hints++
	}
}
