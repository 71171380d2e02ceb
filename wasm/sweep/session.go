// Package sweep is the state of the playground's Sweep view: the knob and
// range chosen, and a core.SweepRun stepped a few points at a time so that
// the page can render progress and handle input between steps. Nothing here
// touches the DOM, so it is tested natively.
package sweep

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// A Session is the Sweep view: the setup being edited and the sweep run
// (or running) last.
type Session struct {
	// Knob is the name of the knob to vary; From, To and Step are the
	// texts of their inputs.
	Knob           string
	From, To, Step string

	// Points are the points run so far, Pareto front marked.
	Points []core.SweepPoint
	// Err says why the sweep could not start.
	Err string
	// Gen changes with every start and cancel, so that a stale stepping
	// loop knows to stop.
	Gen int

	// Preset is the key of the preset whose default knob the session
	// started with ("" for none).
	Preset string

	run       *core.SweepRun
	cancelled bool
	knob      core.Setting
}

// New returns a session set up for a 20-point sweep of the wait (every
// tolerance).
func New() *Session { return NewFor("") }

// NewFor returns a session set up for the default sweep of the preset
// called preset (DefaultKnob over its range in the settings table).
func NewFor(preset string) *Session {
	s := &Session{Preset: preset}
	s.SetKnob(DefaultKnob(preset))
	return s
}

// Untouched reports whether the session has neither run nor begun a
// sweep, so that the page may replace it with another preset's default.
func (s *Session) Untouched() bool { return s.run == nil }

// Knobs are the knobs offered, in the core's order.
var Knobs = core.Knobs()

// SetKnob chooses the knob and puts its default range into the inputs.
func (s *Session) SetKnob(name string) {
	k, ok := core.LookupKnob(name)
	if !ok {
		return
	}
	s.Knob, s.knob = name, k
	s.From, s.To, s.Step = format(k.Range.From), format(k.Range.To), format(k.Range.Step)
}

// KnobInfo returns the chosen knob.
func (s *Session) KnobInfo() core.Setting {
	k, _ := core.LookupKnob(s.Knob)
	return k
}

func format(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Setup parses the inputs into a sweep.
func (s *Session) Setup() (core.Sweep, error) {
	sw := core.Sweep{Knob: s.Knob}
	for _, f := range []struct {
		name, text string
		to         *float64
	}{{"from", s.From, &sw.From}, {"to", s.To, &sw.To}, {"step", s.Step, &sw.Step}} {
		v, err := strconv.ParseFloat(strings.TrimSpace(f.text), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return sw, errors.New(f.name + ": want a number, got " + strconv.Quote(f.text))
		}
		*f.to = v
	}
	return sw, nil
}

// Plan says what the inputs would run: "20 points, 0 to 380 ms by 20", or
// what is wrong with them. It follows every keystroke, also while a sweep
// runs.
func (s *Session) Plan() string {
	sw, err := s.Setup()
	if err != nil {
		return err.Error()
	}
	values, err := sw.Values()
	if err != nil {
		return err.Error()
	}
	k := s.KnobInfo()
	return units.Plural(len(values), "point", "points") + ", " + format(sw.From) + " to " + format(sw.To) + " " + k.Unit + " by " + format(sw.Step)
}

// Start begins a sweep of base with the inputs' setup; the caller then
// calls Advance until it reports no more points.
func (s *Session) Start(base core.Scenario) error {
	s.Gen++
	s.run, s.Points, s.Err, s.cancelled = nil, nil, "", false
	sw, err := s.Setup()
	if err == nil {
		s.run, err = core.NewSweepRun(&base, sw, core.Options{PromptsPath: "$.prompts"})
	}
	if err != nil {
		s.Err = err.Error()
		return err
	}
	s.knob, _ = core.LookupKnob(sw.Knob)
	return nil
}

// Advance runs at least one point, then more while fewer than maxPoints have
// run and budget has not passed, and reports whether points remain.
func (s *Session) Advance(maxPoints int, budget time.Duration) bool {
	if !s.Running() {
		return false
	}
	start := time.Now()
	more := s.run.Len() > s.run.Done()
	for n := 0; more && (n == 0 || n < maxPoints && time.Since(start) < budget); n++ {
		more = s.run.Next()
	}
	s.Points = s.run.Points()
	return more
}

// RunStep runs one step of sweep gen (s.Gen right after its Start):
// PointsPerStep points at most, within budget, at least one. It reports
// whether another step should follow: false once the sweep ended, was
// stopped, or was replaced by a newer one (whose steps are not this
// caller's to run).
func (s *Session) RunStep(gen int, budget time.Duration) bool {
	if s.Gen != gen {
		return false
	}
	_, total := s.Progress()
	return s.Advance(PointsPerStep(total), budget)
}

// PointsPerStep is how many points a step may run for a sweep of n points:
// a sweep shows progress in about 40 steps, one point per step when small.
func PointsPerStep(n int) int { return max(1, n/40) }

// Cancel stops the sweep where it is; the points run so far stay.
func (s *Session) Cancel() {
	s.Gen++
	s.cancelled = true
}

// Cancelled reports whether the last sweep was stopped before its end.
func (s *Session) Cancelled() bool { return s.cancelled && s.run != nil && s.run.Done() < s.run.Len() }

// Running reports whether a sweep has points left to run.
func (s *Session) Running() bool {
	return s.run != nil && !s.cancelled && s.run.Done() < s.run.Len()
}

// Progress returns the points run and the points of the sweep (0, 0
// before any).
func (s *Session) Progress() (done, total int) {
	if s.run == nil {
		return 0, 0
	}
	return s.run.Done(), s.run.Len()
}

// SweptKnob is the knob of the points shown (which the inputs may have
// moved on from).
func (s *Session) SweptKnob() core.Setting { return s.knob }

// Scenario returns the scenario of point i, ok false when there is none.
func (s *Session) Scenario(i int) (core.Scenario, bool) {
	if s.run == nil || i < 0 || i >= len(s.Points) {
		return core.Scenario{}, false
	}
	return s.run.Scenario(i), true
}
