package state

import (
	"encoding/json"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// set types text into the control of the setting at path.
func set(p *Playground, path, text string) { p.SetText(field(path), text) }

// controls are every field the playground shows a control for.
func controls() []*Field {
	var out []*Field
	for _, group := range [][]*Field{LimitFields, WaitFields, ScenarioFields, ArrivalFields, DispatchFields, FailureFields, DispatchSwitches,
		TrafficFields, TrafficSwitches, TrafficSource} {
		out = append(out, group...)
	}
	return append(out, ModeField, TokensField, TuningField, ArrivalProcessField, JobField, SlotsField, JobModelField, SemanticsField, ToleranceField, TrafficModelField)
}

// TestEverySettingHasAControl: every plain setting of the table (not a
// structured one, which has an editor of its own, nor the scenario's name
// and description) has exactly one control.
func TestEverySettingHasAControl(t *testing.T) {
	var want, got []string
	for _, st := range core.Settings() {
		if st.Kind != core.KindStructured && st.Group != core.GroupInput && st.Path != "catalog.replace" {
			want = append(want, st.Path)
		}
	}
	ids := map[string]bool{}
	for _, f := range controls() {
		got = append(got, f.Path)
		assert.False(t, ids[f.ID()], "id %s twice", f.ID())
		ids[f.ID()] = true
	}
	assert.ElementsMatch(t, want, got)
}

// TestControlsRoundTrip types a valid value other than the default into
// every control and finds it in the scenario the playground runs, written
// as JSON and read back.
func TestControlsRoundTrip(t *testing.T) {
	for _, f := range controls() {
		t.Run(f.Path, func(t *testing.T) {
			p := New()
			text := f.Example(&p.Scenario)
			p.SetText(f, text)
			require.False(t, p.HasTypingProblems(), p.ProblemAt(f.JSONPath()))
			assert.Equal(t, text, p.Text(f))
			sc := p.BuildScenario()
			data, err := json.Marshal(sc)
			require.NoError(t, err)
			back, err := core.DecodeScenario(data)
			require.NoError(t, err)
			assert.Equal(t, text, f.Text(back))
		})
	}
}

// TestWholeNumbersAreKnownFromTheType: a fraction typed for a whole
// number is refused, never truncated, whatever the field's step.
func TestWholeNumbersAreKnownFromTheType(t *testing.T) {
	p := New()
	set(p, "policy.max_batch_tokens", "2500.5")
	assert.Equal(t, `want a whole number of tokens, got "2500.5"`, p.ProblemAt("$.policy.max_batch_tokens"))
	assert.NotEqual(t, 2500, p.Scenario.Policy.MaxBatchTokens)
	set(p, "policy.max_batch_size", "8.5")
	assert.Equal(t, `want a whole number of requests, got "8.5"`, p.ProblemAt("$.policy.max_batch_size"))
	set(p, "arrivals.rate_per_s", "12.5")
	assert.Empty(t, p.ProblemAt("$.arrivals.rate_per_s"))
	assert.Equal(t, 12.5, p.Scenario.Arrivals.RatePerSec)
}

func TestIdleControlsSayWhy(t *testing.T) {
	p := New()
	conc := field("dispatch.concurrency")
	assert.Contains(t, p.Idle(conc), "per-model slots")
	p.SetText(SlotsField, core.SlotsGlobal)
	assert.Empty(t, p.Idle(conc))
}

// TestModelMapEditor: the model mapping, a structured setting, is edited
// as JSON; bad JSON and unknown models are shown at their paths.
func TestModelMapEditor(t *testing.T) {
	p := New()
	assert.Equal(t, `[{"from":"ChatGPT","to":"gpt-3.5-turbo"},{"from":"GPT-4","to":"gpt-4o"}]`, p.Text(ModelMapField))
	p.SetText(ModelMapField, `[{"from":"llama","to":"deepseek-chat"}]`)
	require.False(t, p.HasTypingProblems())
	assert.Equal(t, []core.ModelMapping{{From: "llama", To: "deepseek-chat"}}, p.Scenario.Traffic.ModelMap)
	p.SetText(ModelMapField, `[{"from":"llama",`)
	assert.NotEmpty(t, p.ProblemsUnder("$.traffic.model_map"))
	p.SetText(ModelMapField, `[{"from":"llama","to":"nope"}]`)
	p.Run()
	require.NotEmpty(t, p.ProblemsUnder("$.traffic.model_map"))
	assert.Equal(t, "$.traffic.model_map[0].to", p.ProblemsUnder("$.traffic.model_map")[0].Path)
}

// Every numeric field of the playground's panels is found by its input's
// id, and nothing else is: not a checkbox's, a choice's or Compare's.
func TestNumberFieldByID(t *testing.T) {
	for _, fields := range [][]*Field{LimitFields, WaitFields, ScenarioFields, ArrivalFields, DispatchFields, FailureFields, TrafficFields} {
		for _, f := range fields {
			if !f.Kind.Numeric() {
				continue
			}
			got := NumberFieldByID(f.ID())
			if assert.NotNil(t, got, f.ID()) {
				assert.Equal(t, f.Path, got.Path)
			}
		}
	}
	for _, id := range []string{"", "f-", "f-no-such-field", "prompts-input", "cmp-b-max-batch-size", ModeField.ID(), TokensField.ID()} {
		assert.Nil(t, NumberFieldByID(id), id)
	}
}

// Ids turn a path's dots and underscores into dashes, and nothing else.
func TestIDs(t *testing.T) {
	assert.Equal(t, "f-policy-wait-ms", field("policy.wait_ms").ID())
	assert.Equal(t, "f-policy-wait-ms-slider", field("policy.wait_ms").SliderID())
	assert.Equal(t, "cat-3-limits-max-batch-tokens", CellID(3, "limits.max_batch_tokens"))
	assert.Equal(t, "é-x-y-z", dashed("é.x_y-z"))
}
