package state

import (
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
)

func TestScriptEdits(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(p *Playground)
		want    []core.ScriptedFailure
		problem string // the first row's problem, "" for none
	}{
		{"two adds: the first two calls of batch 1 get 429", func(p *Playground) { p.AddScriptRow(); p.AddScriptRow() },
			[]core.ScriptedFailure{{Batch: 1, Failure: "rate_limit"}, {Batch: 1, Attempt: 1, Failure: "rate_limit"}}, ""},
		{"failure and numbers", func(p *Playground) {
			p.AddScriptRow()
			p.SetScriptFailure(0, "server_error")
			p.SetScriptNumber(0, "batch", "5")
			p.SetScriptNumber(0, "attempt", "1")
			p.SetScriptNumber(0, "status", "503")
		}, []core.ScriptedFailure{{Batch: 5, Attempt: 1, Failure: "server_error", Status: 503}}, ""},
		{"by call", func(p *Playground) {
			p.AddScriptRow()
			p.SetScriptNumber(0, "batch", "")
			p.SetScriptNumber(0, "call", "7")
			p.SetScriptFailure(0, "timeout")
		}, []core.ScriptedFailure{{Call: 7, Failure: "timeout"}}, ""},
		{"remove", func(p *Playground) { p.AddScriptRow(); p.RemoveScriptRow(0) }, nil, ""},
		{"not a number", func(p *Playground) { p.AddScriptRow(); p.SetScriptNumber(0, "batch", "1.5") },
			[]core.ScriptedFailure{{Batch: 1, Failure: "rate_limit"}}, "batch: want a whole number"},
		{"both batch and call: the core's check", func(p *Playground) { p.AddScriptRow(); p.SetScriptNumber(0, "call", "2") },
			[]core.ScriptedFailure{{Batch: 1, Call: 2, Failure: "rate_limit"}}, "give batch (with attempt) or call, not both"},
		{"a status of another class", func(p *Playground) { p.AddScriptRow(); p.SetScriptNumber(0, "status", "500") },
			[]core.ScriptedFailure{{Batch: 1, Failure: "rate_limit", Status: 500}}, "status: want a status of rate_limit (429), got 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New()
			tt.edit(p)
			p.Run()
			assert.Equal(t, tt.want, p.Script())
			assert.Empty(t, p.OtherProblems(), "script problems show in their rows")
			if tt.problem == "" {
				assert.Empty(t, p.ScriptProblem(0))
				assert.False(t, p.ScriptHasProblems())
				return
			}
			assert.Equal(t, tt.problem, p.ScriptProblem(0))
			assert.True(t, p.ScriptHasProblems())
		})
	}
	p := New()
	p.AddScriptRow()
	assert.Equal(t, "1", p.ScriptValue(0, "batch"))
	assert.Equal(t, "0", p.ScriptValue(0, "attempt"))
	assert.Equal(t, "", p.ScriptValue(0, "call"))
	assert.Equal(t, "", p.ScriptValue(0, "status"))
	assert.Equal(t, "rate_limit", p.ScriptValue(0, "failure"))
}

func TestSemanticsChoice(t *testing.T) {
	p := New()
	assert.Equal(t, "", p.Text(SemanticsField))
	assert.Equal(t, core.SemanticsBatchlab, p.Choice(SemanticsField), "empty means batchlab")
	p.SetText(SemanticsField, core.SemanticsSmelt)
	p.Run()
	assert.Equal(t, core.SemanticsSmelt, p.Choice(SemanticsField))
	assert.NotNil(t, p.Result.Dispatch.Metrics.Smelt)
}
