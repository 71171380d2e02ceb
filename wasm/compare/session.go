// Package compare is the state of the playground's Compare view: two
// policies, A and B, run on the same trace, with both timelines on one time
// axis, the metric deltas and where each request landed. Nothing here
// touches the DOM, so it is tested natively.
package compare

import (
	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/timeline"
)

// Columns is the resolution of a compare timeline's lane: bars narrower
// than 1/Columns of its width merge.
const Columns = 600

// A Session is the Compare view: A and B, the last comparison of the two,
// and the shared view of the time axis.
type Session struct {
	// A and B are the two scenarios; they share the prompts and arrivals.
	A, B core.Scenario
	// LabelA and LabelB name the two sides.
	LabelA, LabelB string

	// Comparison, ResultA and ResultB are those of the last good run; Err
	// says why the last run failed ("" when it did not).
	Comparison       *core.Comparison
	ResultA, ResultB *core.Result
	Err              string
	// Runs counts the comparisons computed.
	Runs int

	// View is the visible window of both timelines; Zoomed is false while
	// it follows the whole run.
	View   timeline.View
	Zoomed bool
	// LayoutA and LayoutB are the two timelines drawn in View.
	LayoutA, LayoutB timeline.Layout

	// MovedOnly lists only the requests whose batch changed.
	MovedOnly bool
}

// New starts a comparison of base against an identical copy, ready for B
// to be edited.
func New(base core.Scenario) *Session {
	s := &Session{}
	s.CopyOf(base)
	return s
}

// CopyOf sets A to base and B to a copy of it, and runs them.
func (s *Session) CopyOf(base core.Scenario) {
	s.A, s.B = base, base
	s.LabelA, s.LabelB = "A: the playground's policy", "B: your edit"
	s.Run()
}

// SeedVsTimer sets A to base in seed mode and B to base in timer mode, and
// runs them: the reference's late time-outs against exact ones.
func (s *Session) SeedVsTimer(base core.Scenario) {
	s.A, s.B = base, base
	s.A.Mode, s.B.Mode = core.ModeSeed, core.ModeTimer
	s.LabelA, s.LabelB = "A: seed mode (the reference)", "B: timer mode"
	s.Run()
}

// Run compares A and B. On success the comparison and layouts are
// replaced; otherwise Err says what is wrong and the last good one stays.
func (s *Session) Run() {
	if err := s.B.Validate(); err != nil {
		s.Err = "B: " + err.Error()
		return
	}
	c, ra, rb, err := core.CompareScenarios(&s.A, &s.B, core.Options{PromptsPath: "$.prompts"})
	if err != nil {
		s.Err = err.Error()
		return
	}
	s.Err = ""
	s.Comparison, s.ResultA, s.ResultB = c, ra, rb
	s.Runs++
	s.layout()
}

// Full is the view that shows both runs whole.
func (s *Session) Full() timeline.View {
	a, b := timeline.Full(s.ResultA), timeline.Full(s.ResultB)
	return timeline.View{From: min(a.From, b.From), To: max(a.To, b.To)}
}

// Zoom narrows (factor < 1) or widens the shared view around its middle.
func (s *Session) Zoom(factor float64) {
	full := s.Full()
	s.View = s.View.Zoom(factor, 0.5, full)
	s.Zoomed = s.View != full
	s.layout()
}

// Pan moves the shared view by frac of its width.
func (s *Session) Pan(frac float64) {
	s.View = s.View.Pan(frac, s.Full())
	s.layout()
}

// Reset shows both runs whole again.
func (s *Session) Reset() {
	s.Zoomed = false
	s.layout()
}

func (s *Session) layout() {
	full := s.Full()
	if !s.Zoomed {
		s.View = full
	} else {
		s.View = s.View.Pan(0, full)
	}
	s.LayoutA = timeline.Build(s.ResultA, s.View, Columns)
	s.LayoutB = timeline.Build(s.ResultB, s.View, Columns)
}
