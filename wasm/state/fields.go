package state

import (
	"strings"

	"github.com/batchlab/batchlab/core"
)

// A Field is the control of one scenario setting. Everything it shows —
// label, unit, help, bounds, slider span, choices — comes from core's
// settings table; the state adds only what a page needs (HTML ids).
type Field struct {
	core.Setting
}

// ID is the HTML id of the field's input: "f-" and the setting's path,
// dashed ("f-policy-max-batch-size").
func (f *Field) ID() string { return "f-" + dashed(f.Path) }

// SliderID is the HTML id of the field's slider.
func (f *Field) SliderID() string { return f.ID() + "-slider" }

// dashed turns a setting path (or a catalog key) into an HTML id part:
// its dots and underscores become dashes. It builds no strings.Replacer,
// which it did at every call (every field's id, at every render).
func dashed(path string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '_' {
			return '-'
		}
		return r
	}, path)
}

// fieldsOf returns the fields of the settings of group that satisfy keep,
// in table order. It and field stay out of line (go:noinline): inlined
// into the tables below, their loops made the package's init a function
// of 40 KB that V8 optimized at the page's start, on its first and only
// call (its tier-up counts each jump back by the jump's length).
//
//go:noinline
func fieldsOf(group string, keep func(*core.Setting) bool) []*Field {
	var out []*Field
	for _, st := range core.SettingsIn(group) {
		if keep(&st) {
			out = append(out, &Field{st})
		}
	}
	return out
}

func numeric(st *core.Setting) bool { return st.Kind.Numeric() }
func isBool(st *core.Setting) bool  { return st.Kind == core.KindBool }

// field returns the field of the setting at path; the paths named in this
// package are tested to exist.
//
//go:noinline
func field(path string) *Field {
	st, _ := core.LookupSetting(path)
	return &Field{st}
}

// NumberFieldByID returns the numeric field whose input has the HTML id
// (Field.ID), nil when none has: the page's number inputs report their
// keystrokes by id (ui.ListenForNumbers).
func NumberFieldByID(id string) *Field {
	if !strings.HasPrefix(id, "f-") {
		return nil
	}
	for _, st := range core.Settings() {
		if f := (&Field{st}); numeric(&st) && f.ID() == id {
			return f
		}
	}
	return nil
}

// The playground's controls, by panel.
var (
	// LimitFields are the batch limits, with sliders.
	LimitFields = fieldsOf(core.GroupLimits, numeric)
	// WaitFields are the adaptive wait per latency tolerance and its clamp.
	WaitFields = fieldsOf(core.GroupWaits, numeric)
	// ScenarioFields are the seed and the shared prompt.
	ScenarioFields = fieldsOf(core.GroupScenario, numeric)
	// ArrivalFields time the prompts that carry no created_at_ms.
	ArrivalFields = fieldsOf(core.GroupArrivals, numeric)
	// DispatchFields shape how closed batches are sent.
	DispatchFields = fieldsOf(core.GroupDispatch, numeric)
	// FailureFields are the injected failure probabilities, per attempt.
	FailureFields = fieldsOf(core.GroupFailures, numeric)
	// DispatchSwitches are the dispatch checkboxes; the first turns
	// dispatch on.
	DispatchSwitches = fieldsOf(core.GroupDispatch, isBool)

	// TrafficFields shape imported rows and classify requests without
	// text; TrafficSwitches are the traffic checkboxes; TrafficSource
	// notes where the rows came from.
	TrafficFields   = fieldsOf(core.GroupTraffic, numeric)
	TrafficSwitches = fieldsOf(core.GroupTraffic, isBool)
	TrafficSource   = fieldsOf(core.GroupTraffic, func(st *core.Setting) bool {
		return st.Kind == core.KindText && strings.HasPrefix(st.Path, "traffic.source.")
	})

	// ModeField, TokensField, TuningField and ArrivalProcessField are the
	// policy panel's choices; JobField, SlotsField and JobModelField the dispatch
	// panel's.
	ModeField           = field("mode")
	TokensField         = field("tokens")
	TuningField         = field("policy.model_tuning")
	ArrivalProcessField = field("arrivals.process")
	JobField            = field("dispatch.job")
	SlotsField          = field("dispatch.slots")
	JobModelField       = field("dispatch.model")
	SemanticsField      = field("dispatch.semantics")
	// ToleranceField and TrafficModelField say how requests without text
	// wait and which model takes the rows no mapping routes.
	ToleranceField    = field("traffic.latency_tolerance")
	TrafficModelField = field("traffic.model")
	// ModelMapField is the model mapping, a structured setting edited as
	// JSON.
	ModelMapField = field("traffic.model_map")
)

// Text returns what the control of f shows.
func (p *Playground) Text(f *Field) string { return f.Text(&p.Scenario) }

// Choice is the value a select for choice f shows: its text, or its first
// choice when an optional choice is empty (which means that choice).
func (p *Playground) Choice(f *Field) string {
	if v := f.Text(&p.Scenario); v != "" || len(f.Choices) == 0 {
		return v
	}
	return f.Choices[0].Value
}

// On reports a checkbox.
func (p *Playground) On(f *Field) bool { return f.Text(&p.Scenario) == "true" }

// Idle says why f has no effect on the scenario as it stands, or "".
func (p *Playground) Idle(f *Field) string { return f.Idle(&p.Scenario) }

// SetText takes what the user typed or chose for f. Text the setting's
// kind cannot hold ("8.5" for a whole number) is kept as a problem at f's
// path and changes nothing; the simulation waits until it is fixed.
func (p *Playground) SetText(f *Field, text string) {
	p.dropTyping(f.JSONPath())
	if err := f.SetText(&p.Scenario, text); err != nil {
		p.typing = append(p.typing, Problem{Path: f.JSONPath(), Message: problemsOf(err)[0].Message})
	}
	p.edited()
}

// SetOn sets a checkbox.
func (p *Playground) SetOn(f *Field, on bool) {
	if on {
		p.SetText(f, "true")
	} else {
		p.SetText(f, "false")
	}
}

// fieldAt reports whether a control of the playground shows problems at
// path.
func fieldAt(path string) bool {
	st, ok := core.LookupSetting(strings.TrimPrefix(path, "$."))
	return ok && st.Kind != core.KindStructured && st.Group != core.GroupInput
}
