package lesson

import (
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func simulate(t *testing.T, s *core.Scenario) *core.Result {
	t.Helper()
	res, err := core.Simulate(s, core.Options{})
	require.NoError(t, err)
	return res
}

func TestEnoughLessons(t *testing.T) {
	assert.GreaterOrEqual(t, len(All), 5)
	seen := map[string]bool{}
	for _, l := range All {
		assert.False(t, seen[l.ID], "duplicate id %s", l.ID)
		seen[l.ID] = true
		assert.NotEmpty(t, l.Title)
		assert.NotEmpty(t, l.Story)
		assert.NotEmpty(t, l.Goal.Text)
		assert.NotEmpty(t, l.Goal.Checks)
		assert.GreaterOrEqual(t, len(l.Hints), 2, l.ID)
		assert.NotEmpty(t, l.Explanation)
		assert.NotEmpty(t, l.Solution)
		assert.Same(t, &All[0], Lookup(All[0].ID))
	}
	assert.Nil(t, Lookup("no-such-lesson"))
}

// Every lesson's goal is missed by its starting scenario and met by its
// documented solution, run by the core natively.
func TestStartMissesAndSolutionMeetsTheGoal(t *testing.T) {
	for _, l := range All {
		t.Run(l.ID, func(t *testing.T) {
			start, err := l.Scenario()
			require.NoError(t, err)
			st := l.Goal.Evaluate(simulate(t, start))
			assert.False(t, st.Met, "the starting scenario already meets the goal: %+v", st.Checks)

			solved, err := l.Solved()
			require.NoError(t, err)
			st = l.Goal.Evaluate(simulate(t, solved))
			assert.True(t, st.Met, "the solution %q misses the goal: %+v", l.Solution, st.Checks)

			again, err := l.Scenario()
			require.NoError(t, err)
			assert.Equal(t, start, again, "Solved leaves the starting scenario alone")
		})
	}
}

func TestChecks(t *testing.T) {
	res := &core.Result{Metrics: core.Metrics{Batches: 4, MeanBatchSize: 6, QueueWait: core.WaitStats{P95: 100}}}
	tests := []struct {
		name  string
		check Check
		met   bool
		text  string
		got   string
	}{
		{"at most, equal", Check{P95QueueWait, AtMost, 100}, true, "p95 queue wait at most 100 ms", "100 ms"},
		{"at most, above", Check{P95QueueWait, AtMost, 99}, false, "p95 queue wait at most 99 ms", "100 ms"},
		{"at least, equal", Check{MeanBatchSize, AtLeast, 6}, true, "average batch at least 6 requests", "6 requests"},
		{"at least, below", Check{MeanBatchSize, AtLeast, 6.5}, false, "average batch at least 6.5 requests", "6 requests"},
		{"calls without dispatch are batches", Check{Calls, AtMost, 4}, true, "LLM calls at most 4", "4"},
		{"dispatch metric without dispatch", Check{Retries, AtMost, 0}, false, "retries at most 0", "—"},
		{"saving without dispatch", Check{CostSaving, AtLeast, 0.5}, false, "cost saved against one call per request at least 50 %", "—"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := Goal{Checks: []Check{tt.check}}.Evaluate(res)
			assert.Equal(t, tt.met, st.Met)
			require.Len(t, st.Checks, 1)
			assert.Equal(t, CheckStatus{Text: tt.text, Got: tt.got, Met: tt.met}, st.Checks[0])
		})
	}
}

func TestGoalNeedsEveryCheckAndAResult(t *testing.T) {
	res := &core.Result{Metrics: core.Metrics{MeanBatchSize: 6, QueueWait: core.WaitStats{P95: 150}}}
	g := Goal{Checks: []Check{{P95QueueWait, AtMost, 100}, {MeanBatchSize, AtLeast, 6}}}
	st := g.Evaluate(res)
	assert.False(t, st.Met)
	assert.False(t, st.Checks[0].Met)
	assert.True(t, st.Checks[1].Met)
	assert.False(t, g.Evaluate(nil).Met, "no result meets nothing")
	assert.False(t, Goal{}.Evaluate(res).Met, "an empty goal is never met")
}

func TestProgress(t *testing.T) {
	l := Lookup("late-timeouts")
	require.NotNil(t, l)
	p := NewProgress(l)
	start, err := l.Scenario()
	require.NoError(t, err)
	p.Check(simulate(t, start))
	assert.False(t, p.Status.Met)
	assert.False(t, p.EverMet)

	assert.Empty(t, p.ShownHints())
	for range len(l.Hints) + 2 {
		p.NextHint()
	}
	assert.Equal(t, l.Hints, p.ShownHints())
	assert.False(t, p.MoreHints())

	solved, err := l.Solved()
	require.NoError(t, err)
	p.Check(simulate(t, solved))
	assert.True(t, p.Status.Met)
	p.Check(simulate(t, start))
	assert.False(t, p.Status.Met, "the goal follows the latest result")
	assert.True(t, p.EverMet, "the explanation stays once met")
}

func TestFragment(t *testing.T) {
	tests := []struct {
		name, in, share, id string
	}{
		{"plain link", "#v1.abc", "#v1.abc", ""},
		{"with a lesson", "#v1.abc&lesson=late-timeouts", "#v1.abc", "late-timeouts"},
		{"unknown lesson", "#v1.abc&lesson=nope", "#v1.abc", ""},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			share, id := SplitFragment(tt.in)
			assert.Equal(t, tt.share, share)
			assert.Equal(t, tt.id, id)
		})
	}
	assert.Equal(t, "v1.x&lesson=fill-the-burst", WithLesson("v1.x", "fill-the-burst"))
	assert.Equal(t, "v1.x", WithLesson("v1.x", ""))
}
