package sweep

import (
	"testing"
	"time"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func codingDay(t *testing.T) core.Scenario {
	t.Helper()
	sc, err := preset.Load("coding-day")
	require.NoError(t, err)
	return *sc
}

func TestEveryKnobHasATwentyPointDefault(t *testing.T) {
	s := New()
	for _, k := range Knobs {
		t.Run(k.Path, func(t *testing.T) {
			s.SetKnob(k.Path)
			assert.Equal(t, k.Path, s.Knob)
			sw, err := s.Setup()
			require.NoError(t, err)
			values, err := sw.Values()
			require.NoError(t, err)
			assert.Len(t, values, map[bool]int{true: 11, false: 20}[k.Path == "dispatch.max_retries"])
			assert.Contains(t, s.Plan(), " points, ")
		})
	}
}

func TestPlanFollowsTheInputs(t *testing.T) {
	s := New()
	assert.Equal(t, "20 points, 0 to 380 ms by 20", s.Plan())
	s.To = "760"
	assert.Equal(t, "39 points, 0 to 760 ms by 20", s.Plan())
	s.Step = "x"
	assert.Equal(t, `step: want a number, got "x"`, s.Plan())
	s.Step, s.To = "20", "-5"
	assert.Contains(t, s.Plan(), "$.to")
}

// Stepping the session gives the points core.RunSweep gives, one step
// after another, with progress.
func TestSteppedSweepEqualsRunSweep(t *testing.T) {
	base := codingDay(t)
	s := New()
	require.NoError(t, s.Start(base))
	done, total := s.Progress()
	assert.Equal(t, 0, done)
	assert.Equal(t, 20, total)
	assert.True(t, s.Running())
	steps := 0
	for s.Advance(PointsPerStep(total), time.Hour) {
		steps++
		done, _ := s.Progress()
		assert.Equal(t, steps, done, "one point per step for a small sweep")
		assert.Len(t, s.Points, done)
	}
	assert.False(t, s.Running())
	sw, err := s.Setup()
	require.NoError(t, err)
	want, err := core.RunSweep(&base, sw, core.Options{}, nil)
	require.NoError(t, err)
	assert.Equal(t, want, s.Points)

	sc, ok := s.Scenario(3)
	require.True(t, ok)
	assert.Equal(t, int64(60), sc.Policy.BaseWaitMs)
	_, ok = s.Scenario(20)
	assert.False(t, ok)
}

func TestCancelKeepsThePointsRun(t *testing.T) {
	s := New()
	require.NoError(t, s.Start(codingDay(t)))
	gen := s.Gen
	s.Advance(1, time.Hour)
	s.Advance(1, time.Hour)
	s.Cancel()
	assert.NotEqual(t, gen, s.Gen)
	assert.False(t, s.Running())
	assert.True(t, s.Cancelled())
	assert.False(t, s.Advance(1, time.Hour))
	assert.Len(t, s.Points, 2)
	_, ok := s.Scenario(1)
	assert.True(t, ok)
}

// A step of a stale sweep (stopped, or restarted since) runs nothing, so
// that an old stepping loop ends instead of advancing the new sweep.
func TestRunStepRunsOnlyTheCurrentSweep(t *testing.T) {
	s := New()
	require.NoError(t, s.Start(codingDay(t)))
	old := s.Gen
	assert.True(t, s.RunStep(old, time.Hour))
	done, _ := s.Progress()
	assert.Equal(t, 1, done, "one point per step for a small sweep")

	require.NoError(t, s.Start(codingDay(t)))
	assert.False(t, s.RunStep(old, time.Hour), "the old loop stops")
	done, _ = s.Progress()
	assert.Equal(t, 0, done, "and ran nothing of the new sweep")

	gen, steps := s.Gen, 1
	for s.RunStep(gen, time.Hour) {
		steps++
	}
	assert.Equal(t, 20, steps)
	assert.False(t, s.RunStep(gen, time.Hour), "nothing left")

	require.NoError(t, s.Start(codingDay(t)))
	gen = s.Gen
	s.Cancel()
	assert.False(t, s.RunStep(gen, time.Hour), "stopped")
	assert.Empty(t, s.Points)
}

func TestBadSetupDoesNotStart(t *testing.T) {
	s := New()
	s.Step = "0"
	require.Error(t, s.Start(codingDay(t)))
	assert.Contains(t, s.Err, "$.step")
	assert.False(t, s.Running())
	s.Step = "20"
	s.SetKnob("no.such.knob")
	assert.Equal(t, "policy.wait_ms", s.Knob, "an unknown knob is ignored")
}

func TestPointsPerStep(t *testing.T) {
	for n, want := range map[int]int{1: 1, 20: 1, 40: 1, 100: 2, 1000: 25} {
		assert.Equal(t, want, PointsPerStep(n), n)
	}
}

// The default sweep of every preset shows a trade-off: at least 10 of its
// points differ in p95 latency, calls or cost.
func TestDefaultSweepShowsATradeOff(t *testing.T) {
	for _, p := range preset.All {
		t.Run(p.Key, func(t *testing.T) {
			sc, err := preset.Load(p.Key)
			require.NoError(t, err)
			s := NewFor(p.Key)
			sw, err := s.Setup()
			require.NoError(t, err)
			points, err := core.RunSweep(sc, sw, core.Options{}, nil)
			require.NoError(t, err)
			distinct := map[core.Summary]bool{}
			for _, pt := range points {
				distinct[core.Summary{P95LatencyMs: pt.P95LatencyMs, Calls: pt.Calls, CostUSD: pt.CostUSD}] = true
			}
			assert.GreaterOrEqual(t, len(distinct), 10, "%s over %s", sw.Knob, s.Plan())
			t.Logf("%s: %s, %d distinct points", sw.Knob, s.Plan(), len(distinct))
		})
	}
	assert.Equal(t, "policy.wait_ms", NewFor("").Knob, "a scenario that is no preset")
}
