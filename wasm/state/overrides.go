package state

import (
	"slices"
	"strconv"
	"strings"

	"github.com/batchlab/batchlab/core"
)

// An OverrideColumn is one number of a per-model override
// (core.ModelOverride); 0 keeps the limit the policy and tuning give.
type OverrideColumn struct {
	// Key is the field's JSON name in an override.
	Key   string
	Label string
	Unit  string
	Help  string
	get   func(*core.ModelOverride) int64
	set   func(*core.ModelOverride, int64)
}

// OverrideColumns are the numbers of an override row.
var OverrideColumns = []OverrideColumn{
	{Key: "wait_ms", Label: "Wait", Unit: "ms", Help: "Replaces the wait of every latency tolerance for this model; empty or 0 keeps it.",
		get: func(o *core.ModelOverride) int64 { return o.WaitMs },
		set: func(o *core.ModelOverride, v int64) { o.WaitMs = v }},
	{Key: "max_batch_size", Label: "Max batch size", Unit: "requests", Help: "Replaces the batch size limit for this model; empty or 0 keeps it.",
		get: func(o *core.ModelOverride) int64 { return int64(o.MaxBatchSize) },
		set: func(o *core.ModelOverride, v int64) { o.MaxBatchSize = int(v) }},
	{Key: "max_batch_tokens", Label: "Max batch tokens", Unit: "tokens", Help: "Replaces the batch token limit for this model; empty or 0 keeps it.",
		get: func(o *core.ModelOverride) int64 { return int64(o.MaxBatchTokens) },
		set: func(o *core.ModelOverride, v int64) { o.MaxBatchTokens = int(v) }},
}

// overridesPath is the JSON path of the overrides in a scenario.
const overridesPath = "$.policy.overrides"

// OverridePath is the JSON path of field key ("model", "wait_ms", …) of
// override row, as the core names it in its errors.
func OverridePath(row int, key string) string {
	return overridesPath + "[" + strconv.Itoa(row) + "]." + key
}

// OverrideID is the HTML id of the input for field key of override row.
func OverrideID(row int, key string) string {
	return "ov-" + strconv.Itoa(row) + "-" + strings.ReplaceAll(key, "_", "-")
}

// Overrides are the per-model overrides being edited, in order.
func (p *Playground) Overrides() []core.ModelOverride { return p.Scenario.Policy.Overrides }

// OverrideValue returns what the input for field key of override row
// shows: "" for 0 (keep).
func (p *Playground) OverrideValue(row int, key string) string {
	ovs := p.Scenario.Policy.Overrides
	if row < 0 || row >= len(ovs) {
		return ""
	}
	if key == "model" {
		return ovs[row].Model
	}
	c := overrideColumn(key)
	if c == nil {
		return ""
	}
	if v := c.get(&ovs[row]); v != 0 {
		return strconv.FormatInt(v, 10)
	}
	return ""
}

// OverrideModels are the models the select of override row offers: the
// catalog's, plus the row's own model when the catalog no longer has it
// (its problem then shows under the select).
func (p *Playground) OverrideModels(row int) []string {
	names := make([]string, 0, len(p.Models)+1)
	for i := range p.Models {
		names = append(names, p.Models[i].Name)
	}
	ovs := p.Scenario.Policy.Overrides
	if row >= 0 && row < len(ovs) && !slices.Contains(names, ovs[row].Model) {
		names = append(names, ovs[row].Model)
	}
	return names
}

// AddOverride appends an override that keeps every limit, for the first
// catalog model without one (the first model when all have one).
func (p *Playground) AddOverride() {
	name := ""
	if len(p.Models) > 0 {
		name = p.Models[0].Name
	}
	for i := range p.Models {
		if !p.hasOverride(p.Models[i].Name) {
			name = p.Models[i].Name
			break
		}
	}
	p.editOverrides(func(ovs []core.ModelOverride) []core.ModelOverride {
		return append(ovs, core.ModelOverride{Model: name})
	})
}

// RemoveOverride deletes override row.
func (p *Playground) RemoveOverride(row int) {
	if row < 0 || row >= len(p.Scenario.Policy.Overrides) {
		return
	}
	// The rows after it move up: what was typed into them no longer fits.
	p.clearTypingUnder(overridesPath)
	p.editOverrides(func(ovs []core.ModelOverride) []core.ModelOverride {
		return slices.Delete(ovs, row, row+1)
	})
}

// SetOverrideModel chooses the model of override row.
func (p *Playground) SetOverrideModel(row int, name string) {
	if row < 0 || row >= len(p.Scenario.Policy.Overrides) {
		return
	}
	p.editOverrides(func(ovs []core.ModelOverride) []core.ModelOverride {
		ovs[row].Model = name
		return ovs
	})
}

// SetOverrideNumber takes the text of the input for field key of override
// row: a whole number, empty for 0 (keep). Range checks are the core's.
func (p *Playground) SetOverrideNumber(row int, key, text string) {
	c := overrideColumn(key)
	if c == nil || row < 0 || row >= len(p.Scenario.Policy.Overrides) {
		return
	}
	v, ok := p.typedWhole(OverridePath(row, key), text, 1<<53, "want a whole number (empty or 0 keeps the limit)")
	if !ok {
		return
	}
	p.editOverrides(func(ovs []core.ModelOverride) []core.ModelOverride {
		c.set(&ovs[row], int64(v))
		return ovs
	})
}

// typedWhole reads the text typed at path as a whole number within ±limit,
// empty for 0. Otherwise it keeps message as the problem at path, asks for
// a run (which waits for the fix) and reports false.
func (p *Playground) typedWhole(path, text string, limit float64, message string) (float64, bool) {
	p.dropTyping(path)
	v, ok := 0.0, true
	if strings.TrimSpace(text) != "" {
		v, ok = parseNumber(text, true)
	}
	if !ok || v > limit || v < -limit {
		p.typing = append(p.typing, Problem{Path: path, Message: message})
		p.edited()
		return 0, false
	}
	return v, true
}

// OverrideProblems are the problems of the overrides group, what was typed
// first.
func (p *Playground) OverrideProblems() []Problem {
	return append(problemsUnder(p.typing, overridesPath), problemsUnder(p.Problems, overridesPath)...)
}

// editOverrides changes a copy of the overrides: the last result's
// scenario and loaded presets share the slice.
func (p *Playground) editOverrides(edit func([]core.ModelOverride) []core.ModelOverride) {
	editCopy(p, &p.Scenario.Policy.Overrides, edit)
}

// editCopy replaces *list by edit's change of a copy of it (nil when
// empty) and asks for a run.
func editCopy[T any](p *Playground, list *[]T, edit func([]T) []T) {
	out := edit(slices.Clone(*list))
	if len(out) == 0 {
		out = nil
	}
	*list = out
	p.edited()
}

func (p *Playground) hasOverride(name string) bool {
	for _, o := range p.Scenario.Policy.Overrides {
		if o.Model == name {
			return true
		}
	}
	return false
}

func overrideColumn(key string) *OverrideColumn {
	for i := range OverrideColumns {
		if OverrideColumns[i].Key == key {
			return &OverrideColumns[i]
		}
	}
	return nil
}

// isOverrideField reports whether path is a field the overrides group
// shows its problem next to.
func isOverrideField(path string) bool {
	rest, ok := strings.CutPrefix(path, overridesPath+"[")
	if !ok {
		return false
	}
	_, key, ok := strings.Cut(rest, "].")
	return ok && (key == "model" || overrideColumn(key) != nil)
}
