package core

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scenarioLeaves lists the JSON paths of a scenario's settings: every
// field down to plain values, with lists, mappings and raw documents as
// leaves.
func scenarioLeaves(t reflect.Type, prefix string, out *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		path := prefix + name
		ft := f.Type
		if ft.Kind() == reflect.Struct && ft != reflect.TypeFor[json.RawMessage]() {
			scenarioLeaves(ft, path+".", out)
			continue
		}
		*out = append(*out, path)
	}
}

// TestEveryScenarioFieldIsASetting proves the table complete: every
// field of the scenario document (but its version) has exactly one
// setting, and every setting but the derived ones is a field.
func TestEveryScenarioFieldIsASetting(t *testing.T) {
	var leaves []string
	scenarioLeaves(reflect.TypeFor[Scenario](), "", &leaves)
	var paths []string
	for _, st := range Settings() {
		if !st.Derived || st.Path == "trace" { // the embedded trace is a field, decoded into others
			paths = append(paths, st.Path)
		}
	}
	var fields []string
	for _, l := range leaves {
		if l != "version" {
			fields = append(fields, l)
		}
	}
	assert.ElementsMatch(t, fields, paths)
}

func TestSettingsTableIsConsistent(t *testing.T) {
	paths, flags := map[string]bool{}, map[string]bool{}
	def := DefaultScenario()
	for _, st := range Settings() {
		assert.False(t, paths[st.Path], "path %s twice", st.Path)
		paths[st.Path] = true
		if st.Flag != "" {
			assert.False(t, flags[st.Flag], "flag %s twice", st.Flag)
			flags[st.Flag] = true
		}
		assert.NotEmpty(t, st.Label, st.Path)
		assert.NotEmpty(t, st.Help, st.Path)
		if st.Kind == KindText || st.Kind == KindStructured {
			assert.NotEmpty(t, st.Sample, st.Path)
		}
		assert.Contains(t, []string{GroupInput, GroupLimits, GroupWaits, GroupOverrides, GroupScenario, GroupArrivals, GroupCatalog, GroupDispatch, GroupFailures, GroupTraffic}, st.Group, st.Path)
		switch {
		case st.Kind.Numeric():
			assert.LessOrEqual(t, st.Min, st.Max, st.Path)
			assert.Positive(t, st.Step, st.Path)
			v := st.Float(&def)
			assert.True(t, v >= st.Min && v <= st.Max, "%s: the default %v is within the bounds", st.Path, v)
			if st.Range != (Range{}) {
				assert.True(t, st.Range.From >= st.Min && st.Range.To <= st.Max && st.Range.From < st.Range.To, "%s: range within bounds", st.Path)
				_, err := Sweep{Knob: st.Path, From: st.Range.From, To: st.Range.To, Step: st.Range.Step}.Values()
				assert.NoError(t, err, "%s: the default range is a valid sweep", st.Path)
			}
		case st.Kind == KindChoice:
			assert.NotEmpty(t, st.Choices, st.Path)
		default:
			assert.Zero(t, st.Range, st.Path)
			assert.False(t, st.Slider, st.Path)
		}
	}
}

// TestSettingsRoundTripJSON sets every setting to another valid value by
// its text, writes the scenario as JSON, reads it back and finds the
// value again.
func TestSettingsRoundTripJSON(t *testing.T) {
	for _, st := range Settings() {
		if st.Derived {
			continue // no field of its own (trace: see TestEmbeddedTrace)
		}
		t.Run(st.Path, func(t *testing.T) {
			s := DefaultScenario()
			if st.Path == "catalog.replace" {
				s.Catalog.Models = []json.RawMessage{json.RawMessage(`{"name":"only","strengths":{"general":3}}`)} // a replaced catalog needs a model
			}
			text := st.Example(&s)
			require.NotEqual(t, st.Text(&s), text, "an example other than the value")
			require.NoError(t, st.SetText(&s, text))
			want := st.Value(&s)
			if st.Kind.Numeric() {
				assert.Equal(t, text, st.Text(&s))
			}
			data, err := json.Marshal(s)
			require.NoError(t, err)
			back, err := DecodeScenario(data)
			require.NoError(t, err)
			assert.Equal(t, want, st.Value(back))
			def := DefaultScenario()
			assert.NotEqual(t, st.Text(&def), st.Text(back), "the example differs from the default")
		})
	}
}

func TestSetTextRefusesWhatTheKindCannotHold(t *testing.T) {
	for _, tt := range []struct {
		path, text, want string
		kind             error
	}{
		{"policy.max_batch_tokens", "2500.5", `$.policy.max_batch_tokens: want a whole number of tokens, got "2500.5"`, ErrType},
		{"policy.max_batch_size", "8.5", `$.policy.max_batch_size: want a whole number of requests, got "8.5"`, ErrType},
		{"policy.max_batch_size", "", `$.policy.max_batch_size: want a whole number of requests, got ""`, ErrType},
		{"seed", "-1", `$.seed: want 0 or more, got -1`, ErrInvalid},
		{"arrivals.rate_per_s", "NaN", `$.arrivals.rate_per_s: want a number, got "NaN"`, ErrType},
		{"dispatch.shuffle", "yes", `$.dispatch.shuffle: want true or false, got "yes"`, ErrType},
		{"dispatch.slots", "pool", `$.dispatch.slots: want "model" or "global", got "pool"`, ErrInvalid},
		{"policy.overrides", `[{"model": 3}]`, `$.policy.overrides[0].model: want a string, got the number 3`, ErrType},
		{"prompts", `[1,`, `$.prompts (line 1, column 4): unexpected end of JSON input`, ErrSyntax},
	} {
		t.Run(tt.path+" "+tt.text, func(t *testing.T) {
			st, ok := LookupSetting(tt.path)
			require.True(t, ok)
			s := DefaultScenario()
			before := st.Text(&s)
			err := st.SetText(&s, tt.text)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tt.kind), "%v", err)
			assert.Equal(t, tt.want, err.Error())
			assert.Equal(t, before, st.Text(&s), "a refused text changes nothing")
		})
	}
	st, _ := LookupSetting("policy.max_batch_tokens")
	s := DefaultScenario()
	require.NoError(t, st.SetText(&s, " 1e3 "))
	assert.Equal(t, 1000, s.Policy.MaxBatchTokens, "1e3 is a whole number")
}

// TestValidationReadsTheTable checks every number's bounds and every
// choice through Validate, at the setting's path.
func TestValidationReadsTheTable(t *testing.T) {
	for _, st := range Settings() {
		if st.Derived || !(st.Kind.Numeric() || st.Kind == KindChoice) {
			continue
		}
		t.Run(st.Path, func(t *testing.T) {
			s := DefaultScenario()
			if m, ok := st.ref(&s).(*Mode); ok {
				*m = "nope"
			} else if st.Kind == KindChoice {
				*st.ref(&s).(*string) = "nope"
			} else {
				st.SetFloat(&s, st.Max*2+1)
			}
			err := s.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), st.JSONPath()+": want ")
		})
	}
}

func TestApplyMakesTheSettingTakeEffect(t *testing.T) {
	s := DefaultScenario()
	conc, _ := LookupSetting("dispatch.concurrency")
	assert.Contains(t, conc.Idle(&s), "per-model slots")
	conc.Apply(&s, 5)
	assert.Equal(t, SlotsGlobal, s.Dispatch.Slots)
	assert.Empty(t, conc.Idle(&s))

	wait, _ := LookupSetting("policy.wait_ms")
	wait.Apply(&s, 300)
	p := s.Policy
	assert.Equal(t, [5]int64{300, 300, 300, 40, 300}, [5]int64{p.BaseWaitMs, p.WaitLowMs, p.WaitHighMs, p.MinWaitMs, p.MaxWaitMs})
	assert.Equal(t, 300.0, wait.Float(&s))

	s.Dispatch.Enabled = false
	retries, _ := LookupSetting("dispatch.max_retries")
	assert.Equal(t, "no effect while dispatch is off", retries.Idle(&s))
}
