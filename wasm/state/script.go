package state

import (
	"slices"
	"strconv"
	"strings"

	"github.com/batchlab/batchlab/core"
)

// scriptPath is the JSON path of the dispatch script in a scenario.
const scriptPath = "$.dispatch.script"

// ScriptFailures are the failures a script row may choose.
var ScriptFailures = core.ScriptableFailures()

// ScriptNumbers are the number columns of a script row, by JSON name: the
// batch (from 1) and its attempt (from 0), or the n-th call (from 1), and
// the HTTP status (empty: the failure's default).
var ScriptNumbers = []string{"batch", "attempt", "call", "status"}

// ScriptPath is the JSON path of field key of script row, as the core
// names it in its errors.
func ScriptPath(row int, key string) string {
	return scriptPath + "[" + strconv.Itoa(row) + "]." + key
}

// ScriptID is the HTML id of the input for field key of script row.
func ScriptID(row int, key string) string { return "sc-" + strconv.Itoa(row) + "-" + key }

// Script is the dispatch script being edited, in order.
func (p *Playground) Script() []core.ScriptedFailure { return p.Scenario.Dispatch.Script }

// ScriptValue returns what the input for field key of script row shows:
// "" for an unset batch, call or status (the attempt shows 0 with a
// batch).
func (p *Playground) ScriptValue(row int, key string) string {
	sc := p.Scenario.Dispatch.Script
	if row < 0 || row >= len(sc) {
		return ""
	}
	f := &sc[row]
	if key == "failure" {
		return f.Failure
	}
	v := scriptNumber(f, key)
	if v == nil || (*v == 0 && (key != "attempt" || f.Batch == 0)) {
		return ""
	}
	return strconv.Itoa(*v)
}

// AddScriptRow appends a rate limit on the first attempt of batch 1 the
// script does not name yet: adding two rows gives "the first two calls
// get 429".
func (p *Playground) AddScriptRow() {
	attempt := 0
	for slices.ContainsFunc(p.Scenario.Dispatch.Script, func(f core.ScriptedFailure) bool { return f.Batch == 1 && f.Attempt == attempt }) {
		attempt++
	}
	p.editScript(func(sc []core.ScriptedFailure) []core.ScriptedFailure {
		return append(sc, core.ScriptedFailure{Batch: 1, Attempt: attempt, Failure: ScriptFailures[0]})
	})
}

// RemoveScriptRow deletes script row.
func (p *Playground) RemoveScriptRow(row int) {
	if row < 0 || row >= len(p.Scenario.Dispatch.Script) {
		return
	}
	p.clearTypingUnder(scriptPath)
	p.editScript(func(sc []core.ScriptedFailure) []core.ScriptedFailure { return slices.Delete(sc, row, row+1) })
}

// SetScriptFailure chooses the failure of script row; its status goes back
// to the failure's default.
func (p *Playground) SetScriptFailure(row int, name string) {
	if row < 0 || row >= len(p.Scenario.Dispatch.Script) {
		return
	}
	p.editScript(func(sc []core.ScriptedFailure) []core.ScriptedFailure {
		sc[row].Failure, sc[row].Status = name, 0
		return sc
	})
}

// SetScriptNumber takes the text of the input for field key of script
// row: a whole number, empty for unset. Bounds are the core's.
func (p *Playground) SetScriptNumber(row int, key, text string) {
	if row < 0 || row >= len(p.Scenario.Dispatch.Script) || !slices.Contains(ScriptNumbers, key) {
		return
	}
	v, ok := p.typedWhole(ScriptPath(row, key), text, 1<<30, "want a whole number")
	if !ok {
		return
	}
	p.editScript(func(sc []core.ScriptedFailure) []core.ScriptedFailure {
		*scriptNumber(&sc[row], key) = int(v)
		return sc
	})
}

// ScriptProblem is the first problem of script row: what was typed, then
// what the core found (at the row or one of its fields).
func (p *Playground) ScriptProblem(row int) string {
	prefix := scriptPath + "[" + strconv.Itoa(row) + "]"
	for _, list := range [][]Problem{p.typing, p.Problems} {
		for _, pr := range list {
			if pr.Path == prefix {
				return pr.Message
			}
			if key, ok := strings.CutPrefix(pr.Path, prefix+"."); ok {
				return key + ": " + pr.Message
			}
		}
	}
	return ""
}

// ScriptHasProblems reports a problem in any script row.
func (p *Playground) ScriptHasProblems() bool {
	for row := range p.Scenario.Dispatch.Script {
		if p.ScriptProblem(row) != "" {
			return true
		}
	}
	return false
}

// editScript changes a copy of the script: the last result's scenario and
// loaded presets share the slice.
func (p *Playground) editScript(edit func([]core.ScriptedFailure) []core.ScriptedFailure) {
	editCopy(p, &p.Scenario.Dispatch.Script, edit)
}

func scriptNumber(f *core.ScriptedFailure, key string) *int {
	switch key {
	case "batch":
		return &f.Batch
	case "attempt":
		return &f.Attempt
	case "call":
		return &f.Call
	case "status":
		return &f.Status
	}
	return nil
}
