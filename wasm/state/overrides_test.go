package state

import (
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOverrideEdits(t *testing.T) {
	first := core.DefaultModels()[0].Name
	second := core.DefaultModels()[1].Name
	tests := []struct {
		name string
		edit func(p *Playground)
		want []core.ModelOverride
		// problem is the path of the problem the edit leaves, "" for none.
		problem string
		// idle edits change nothing and ask for no run.
		idle bool
	}{
		{"add keeps every limit", func(p *Playground) { p.AddOverride() },
			[]core.ModelOverride{{Model: first}}, "", false},
		{"a second add takes the next model", func(p *Playground) { p.AddOverride(); p.AddOverride() },
			[]core.ModelOverride{{Model: first}, {Model: second}}, "", false},
		{"numbers", func(p *Playground) {
			p.AddOverride()
			p.SetOverrideNumber(0, "wait_ms", "25")
			p.SetOverrideNumber(0, "max_batch_size", "1")
			p.SetOverrideNumber(0, "max_batch_tokens", " 900 ")
		}, []core.ModelOverride{{Model: first, WaitMs: 25, MaxBatchSize: 1, MaxBatchTokens: 900}}, "", false},
		{"empty keeps", func(p *Playground) {
			p.AddOverride()
			p.SetOverrideNumber(0, "max_batch_size", "4")
			p.SetOverrideNumber(0, "max_batch_size", "")
		}, []core.ModelOverride{{Model: first}}, "", false},
		{"model", func(p *Playground) { p.AddOverride(); p.SetOverrideModel(0, second) },
			[]core.ModelOverride{{Model: second}}, "", false},
		{"remove", func(p *Playground) { p.AddOverride(); p.AddOverride(); p.RemoveOverride(0) },
			[]core.ModelOverride{{Model: second}}, "", false},
		{"remove the last", func(p *Playground) { p.AddOverride(); p.RemoveOverride(0) }, nil, "", false},
		{"rows out of range are ignored", func(p *Playground) {
			p.RemoveOverride(3)
			p.SetOverrideModel(1, second)
			p.SetOverrideNumber(-1, "wait_ms", "5")
		}, nil, "", true},
		{"not a number", func(p *Playground) { p.AddOverride(); p.SetOverrideNumber(0, "wait_ms", "1.5") },
			[]core.ModelOverride{{Model: first}}, "$.policy.overrides[0].wait_ms", false},
		{"negative: the core's check", func(p *Playground) { p.AddOverride(); p.SetOverrideNumber(0, "max_batch_tokens", "-2") },
			[]core.ModelOverride{{Model: first, MaxBatchTokens: -2}}, "$.policy.overrides[0].max_batch_tokens", false},
		{"too long a wait", func(p *Playground) { p.AddOverride(); p.SetOverrideNumber(0, "wait_ms", "999999999") },
			[]core.ModelOverride{{Model: first, WaitMs: 999999999}}, "$.policy.overrides[0].wait_ms", false},
		{"unknown model", func(p *Playground) { p.AddOverride(); p.SetOverrideModel(0, "nope") },
			[]core.ModelOverride{{Model: "nope"}}, "$.policy.overrides[0].model", false},
		{"removing a row drops what was typed into the rows", func(p *Playground) {
			p.AddOverride()
			p.AddOverride()
			p.SetOverrideNumber(1, "wait_ms", "x")
			p.RemoveOverride(0)
		}, []core.ModelOverride{{Model: second}}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New()
			edits := p.Edits
			tt.edit(p)
			assert.Equal(t, !tt.idle, p.Edits > edits, "an edit asks for a run")
			p.Run()
			assert.Equal(t, tt.want, p.Scenario.Policy.Overrides)
			assert.Empty(t, p.OtherProblems(), "override problems show in their group")
			if tt.problem == "" {
				assert.Empty(t, p.OverrideProblems())
				assert.Empty(t, p.Problems)
				return
			}
			probs := p.OverrideProblems()
			require.Len(t, probs, 1)
			assert.Equal(t, tt.problem, probs[0].Path)
			assert.NotEmpty(t, p.ProblemAt(tt.problem))
		})
	}
}

func TestOverrideValuesAndModels(t *testing.T) {
	p := New()
	p.AddOverride()
	p.SetOverrideNumber(0, "max_batch_size", "3")
	tests := []struct{ key, want string }{
		{"model", core.DefaultModels()[0].Name},
		{"max_batch_size", "3"},
		{"wait_ms", ""}, // 0 keeps: shown empty
		{"nope", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, p.OverrideValue(0, tt.key), tt.key)
	}
	assert.Equal(t, "", p.OverrideValue(5, "model"))
	assert.Len(t, p.OverrideModels(0), len(p.Models))
	p.SetOverrideModel(0, "gone")
	assert.Equal(t, "gone", p.OverrideModels(0)[len(p.Models)], "a model no longer in the catalog stays selectable")
	assert.Equal(t, "ov-0-max-batch-size", OverrideID(0, "max_batch_size"))
	assert.Equal(t, "$.policy.overrides[2].model", OverridePath(2, "model"))
}

// An override applies as core.Simulate applies it, and edits never reach
// the scenario of the last result.
func TestOverrideRunMatchesCoreSimulate(t *testing.T) {
	p := New()
	before := p.Result.Metrics.Batches
	model := busiestBatches(p.Result)
	p.AddOverride()
	p.SetOverrideModel(0, model)
	p.SetOverrideNumber(0, "max_batch_size", "1")
	p.Run()
	require.Empty(t, p.Problems)
	kept := p.ResultScenario
	p.SetOverrideNumber(0, "max_batch_size", "2")
	assert.Equal(t, 1, kept.Policy.Overrides[0].MaxBatchSize)
	p.SetOverrideNumber(0, "max_batch_size", "1")
	p.Run()

	sc, err := preset.Load(preset.Default)
	require.NoError(t, err)
	sc.Policy.Overrides = []core.ModelOverride{{Model: model, MaxBatchSize: 1}}
	want, err := core.Simulate(sc, core.Options{})
	require.NoError(t, err)
	assert.Equal(t, want.Metrics.Batches, p.Result.Metrics.Batches)
	assert.Greater(t, p.Result.Metrics.Batches, before, "batches of one are more batches")

	frag, err := p.ShareFragment()
	require.NoError(t, err)
	q := New()
	require.True(t, q.OpenShare(frag))
	assert.Equal(t, p.Scenario.Policy.Overrides, q.Scenario.Policy.Overrides, "the share link carries the overrides")
}

// busiestBatches is the model of res with the biggest mean batch.
func busiestBatches(res *core.Result) string {
	best := res.Metrics.Models[0]
	for _, m := range res.Metrics.Models {
		if m.MeanBatchSize > best.MeanBatchSize {
			best = m
		}
	}
	return best.Model
}
