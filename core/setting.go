package core

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// A Kind is the type of a setting's value.
type Kind uint8

// The kinds of settings.
const (
	// KindInt is a whole number; text such as "2.5" is refused, never
	// truncated.
	KindInt Kind = iota
	// KindNumber is a real number.
	KindNumber
	// KindBool is on or off.
	KindBool
	// KindChoice is one of the setting's Choices.
	KindChoice
	// KindText is free text.
	KindText
	// KindStructured is a list or mapping (overrides, catalog models, the
	// prompts): edited by an editor of its own, written as JSON.
	KindStructured
)

var kindNames = [...]string{"whole number", "number", "bool", "choice", "text", "structured"}

func (k Kind) String() string { return enumName(kindNames[:], int(k)) }

// MarshalText encodes the kind as its name ("whole number", "number", …).
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Numeric reports whether the kind is a whole or real number.
func (k Kind) Numeric() bool { return k == KindInt || k == KindNumber }

// A Choice is one value a choice setting may take, with the words a person
// reads for it.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// A Range is a setting's typical span: the default range of a sweep over
// it and the span of a slider.
type Range struct {
	From float64 `json:"from"`
	To   float64 `json:"to"`
	Step float64 `json:"step"`
}

// A Setting is one scenario setting, described once: the CLI's flags, the
// playground's controls, Compare's fields and the sweep's knobs are all
// derived from the table of settings (Settings).
type Setting struct {
	// Path is the setting's JSON path in a scenario without the leading
	// "$.", e.g. "policy.max_batch_size".
	Path string `json:"path"`
	// Label names the setting for people; Unit is what its numbers count
	// ("ms", "requests", "" for none); Help says what it does.
	Label string `json:"label"`
	Unit  string `json:"unit,omitempty"`
	Help  string `json:"help"`
	// Group is where the setting belongs: policy, waits, arrivals,
	// scenario, dispatch, failures or input.
	Group string `json:"group"`
	Kind  Kind   `json:"kind"`
	// Min and Max bound a number (inclusive); validation enforces them.
	Min float64 `json:"min,omitempty"`
	Max float64 `json:"max,omitempty"`
	// Step is the granularity of an input for a number.
	Step float64 `json:"step,omitempty"`
	// Choices are the values of a choice.
	Choices []Choice `json:"choices,omitempty"`
	// Range is the typical span of a number: a sweep's default range and a
	// slider's span. A zero Range means the setting is not swept.
	Range Range `json:"range"`
	// Slider asks the playground for a slider over Range beside the input.
	Slider bool `json:"slider,omitempty"`
	// Flag is the setting's command-line flag (without dashes), "" for
	// none.
	Flag string `json:"flag,omitempty"`
	// Optional lets a choice be empty, meaning its first choice.
	Optional bool `json:"optional,omitempty"`
	// Sample is a valid value of a text or structured setting, as its
	// input would hold it: documentation, placeholders and tests use it.
	Sample string `json:"sample,omitempty"`
	// Derived marks a setting with no JSON field of its own: setting it
	// writes other fields (see Path's help). Its value reads from one of
	// them.
	Derived bool `json:"derived,omitempty"`

	// ref returns a pointer to the field in a scenario: *int, *int64,
	// *uint64, *float64, *bool, *string, *Mode or a structured value.
	ref func(*Scenario) any
	// set replaces the plain store of a derived setting.
	set func(*Scenario, float64)
	// activate makes the setting take effect (Apply).
	activate func(*Scenario)
	// idle says why the setting has no effect in s, or "".
	idle func(*Scenario) string
}

// JSONPath returns the setting's full JSON path, "$." + Path.
func (st *Setting) JSONPath() string { return "$." + st.Path }

// Sweepable reports whether sweeps may vary the setting.
func (st *Setting) Sweepable() bool { return st.Kind.Numeric() && st.Range.Step > 0 }

// Value returns the setting's value in s: an int64 for whole numbers, a
// float64, bool or string for the other plain kinds, and the Go value of
// a structured one.
func (st *Setting) Value(s *Scenario) any {
	switch p := st.ref(s).(type) {
	case *int:
		return int64(*p)
	case *int64:
		return *p
	case *uint64:
		return int64(*p)
	case *float64:
		return *p
	case *bool:
		return *p
	case *string:
		return *p
	case *Mode:
		return string(*p)
	default:
		return reflect.ValueOf(p).Elem().Interface()
	}
}

// Float returns a number setting's value in s (0 for other kinds).
func (st *Setting) Float(s *Scenario) float64 {
	switch v := st.Value(s).(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	}
	return 0
}

// SetFloat sets a number setting to v in s, truncated to a whole number
// for KindInt; it neither validates nor activates (see Apply).
func (st *Setting) SetFloat(s *Scenario, v float64) {
	if st.set != nil {
		st.set(s, v)
		return
	}
	switch p := st.ref(s).(type) {
	case *int:
		*p = int(clampInt(v))
	case *int64:
		*p = int64(clampInt(v))
	case *uint64:
		*p = uint64(max(0, clampInt(v)))
	case *float64:
		*p = v
	}
}

// clampInt keeps a float inside the int64 range before conversion, where
// Go leaves out-of-range conversions undefined.
func clampInt(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return max(-(1 << 62), min(v, 1<<62))
}

// Apply sets a number setting to v and makes it take effect: a sweep over
// concurrency switches the slots to global, a sweep over the fixed job's
// batch size switches the job to fixed. It does not validate.
func (st *Setting) Apply(s *Scenario, v float64) {
	st.SetFloat(s, v)
	if st.activate != nil {
		st.activate(s)
	}
}

// Idle says why the setting has no effect on s as it stands ("" when it
// has): a control shows it next to itself.
func (st *Setting) Idle(s *Scenario) string {
	if st.idle == nil {
		return ""
	}
	return st.idle(s)
}

// Text returns the setting's value in s as an input shows it: numbers
// without trailing zeros, bools as true/false, structured values as JSON.
func (st *Setting) Text(s *Scenario) string {
	switch v := st.Value(s).(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case string:
		return v
	case json.RawMessage:
		return string(v)
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(b)
	}
}

// SetText parses text as the setting's kind and stores it in s. It
// refuses what the kind cannot hold (a fraction for a whole number, a
// word not among the choices) with a *FieldError at the setting's path,
// and leaves s unchanged then; bounds are checked by Validate.
func (st *Setting) SetText(s *Scenario, text string) error {
	path := st.JSONPath()
	trimmed := strings.TrimSpace(text)
	switch st.Kind {
	case KindInt:
		n, err := strconv.ParseInt(trimmed, 10, 64)
		if err != nil {
			what := "want a whole number"
			if st.Unit != "" {
				what += " of " + st.Unit
			}
			if f, ferr := strconv.ParseFloat(trimmed, 64); ferr == nil && f == math.Trunc(f) && !math.IsInf(f, 0) {
				n = int64(clampInt(f)) // "1e3" is a whole number
			} else {
				return fieldErr(path, ErrType, "%s, got %q", what, text)
			}
		}
		if _, unsigned := st.ref(s).(*uint64); unsigned && n < 0 {
			return fieldErr(path, ErrInvalid, "want %v or more, got %d", st.Min, n)
		}
		st.SetFloat(s, float64(n))
	case KindNumber:
		f, err := strconv.ParseFloat(trimmed, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return fieldErr(path, ErrType, "want a number, got %q", text)
		}
		st.SetFloat(s, f)
	case KindBool:
		b, err := strconv.ParseBool(trimmed)
		if err != nil {
			return fieldErr(path, ErrType, "want true or false, got %q", text)
		}
		*st.ref(s).(*bool) = b
	case KindChoice:
		ok := false
		for _, c := range st.Choices {
			ok = ok || c.Value == trimmed
		}
		if !ok {
			return fieldErr(path, ErrInvalid, "want %s, got %q", st.choiceList(), text)
		}
		switch p := st.ref(s).(type) {
		case *Mode:
			*p = Mode(trimmed)
		case *string:
			*p = trimmed
		}
	case KindText:
		*st.ref(s).(*string) = text
	case KindStructured:
		if !json.Valid([]byte(text)) {
			var v any
			return jsonError([]byte(text), json.Unmarshal([]byte(text), &v), path)
		}
		p := reflect.ValueOf(st.ref(s)).Elem()
		fresh := reflect.New(p.Type()).Elem()
		var errs errorList
		decodeValue([]byte(text), path, fresh, &errs)
		if err := errs.err(); err != nil {
			return err
		}
		p.Set(fresh)
	}
	return nil
}

// Example returns a valid text for the setting other than its value in
// s, where one exists: the next step of its range, twice its value, or
// its minimum + 1 for a number; the other state of a bool; another
// choice; the Sample of a text or structured setting.
func (st *Setting) Example(s *Scenario) string {
	cur := st.Text(s)
	switch st.Kind {
	case KindBool:
		return strconv.FormatBool(cur != "true")
	case KindChoice:
		for _, c := range st.Choices {
			if c.Value != cur {
				return c.Value
			}
		}
		return cur
	case KindText, KindStructured:
		return st.Sample
	}
	candidates := []float64{2 * st.Float(s), st.Min + 1, st.Min + 2}
	if st.Range.Step > 0 {
		candidates = append([]float64{st.Range.From + st.Range.Step, st.Range.From + 2*st.Range.Step}, candidates...)
	}
	for _, v := range candidates {
		if text := formatBound(v); v >= st.Min && v <= st.Max && text != cur {
			return text
		}
	}
	return cur
}

// choiceList is "a, b or c".
func (st *Setting) choiceList() string {
	var b strings.Builder
	for i, c := range st.Choices {
		switch {
		case i == 0:
		case i == len(st.Choices)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(c.Value))
	}
	return b.String()
}

// validate checks a number against the setting's bounds and a choice
// against its choices.
func (st *Setting) validate(s *Scenario, errs *errorList) {
	if st.Derived {
		return
	}
	switch {
	case st.Kind.Numeric():
		v := st.Float(s)
		if !(v >= st.Min && v <= st.Max) {
			unit := ""
			if st.Unit != "" {
				unit = " " + st.Unit
			}
			errs.addf(st.JSONPath(), ErrInvalid, "want %s to %s%s, got %s",
				formatBound(st.Min), formatBound(st.Max), unit, formatBound(v))
		}
	case st.Kind == KindChoice:
		v := st.Text(s)
		if v == "" && st.Optional {
			return
		}
		for _, c := range st.Choices {
			if c.Value == v {
				return
			}
		}
		errs.addf(st.JSONPath(), ErrInvalid, "want %s, got %q", st.choiceList(), v)
	}
}

// formatBound writes a bound as a plain number: 86400000, 0.001.
func formatBound(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Settings returns every scenario setting, in the order the playground
// shows them.
func Settings() []Setting {
	out := make([]Setting, len(settings))
	copy(out, settings)
	return out
}

// LookupSetting returns the setting at path (without "$.").
func LookupSetting(path string) (Setting, bool) {
	if i, ok := settingIndex[path]; ok {
		return settings[i], true
	}
	return Setting{}, false
}

// SettingsIn returns the settings of one group, in table order.
func SettingsIn(group string) []Setting {
	var out []Setting
	for _, st := range settings {
		if st.Group == group {
			out = append(out, st)
		}
	}
	return out
}

var settingIndex = func() map[string]int {
	m := make(map[string]int, len(settings))
	for i, st := range settings {
		m[st.Path] = i
	}
	return m
}()
