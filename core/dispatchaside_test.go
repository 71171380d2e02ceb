package core

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A run whose dispatch goes on aside (Options.DispatchAside) gives, once
// Dispatched returns, the same result byte for byte as one that dispatches
// before returning: the scenarios of TestPausedSimulation (testdata's,
// with rejections, scripts, fixed jobs and Smelt's semantics).
func TestDispatchAsideSameResult(t *testing.T) {
	for name, sc := range pauseScenarios(t) {
		t.Run(name, func(t *testing.T) {
			want, err := Simulate(sc, Options{})
			require.NoError(t, err)
			got, err := Simulate(sc, Options{DispatchAside: true})
			require.NoError(t, err)
			require.NoError(t, got.Dispatched())
			require.NoError(t, got.Dispatched(), "a second call returns the same")
			requireSameJSON(t, want, got)
			assert.NoError(t, want.Dispatched(), "nil at once without a dispatch aside")
		})
	}
}

// A dispatch aside that is cancelled returns ErrCancelled from Dispatched;
// one whose run is cancelled before the batching returns it at once.
func TestDispatchAsideCancelled(t *testing.T) {
	sc := heavyScenario(t, 200)
	res, err := Simulate(sc, Options{DispatchAside: true, Done: closedDone()})
	assert.ErrorIs(t, err, ErrCancelled)
	assert.Nil(t, res)
}

// The baseline started before the batching (startBaseline) skips the
// requests the batching rejects (rejected says which, before it) and
// measures what the one started after it does, in both modes, on the
// generated cases of the dispatch property tests.
func TestBaselineBeforeBatching(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range 300 {
		c := genDispatchCase(rng)
		if c.set.Job == JobFixed {
			continue
		}
		for _, mode := range []Mode{ModeTimer, ModeSeed} {
			after := slices.Clone(c.reqs)
			want, err := run(after, c.cat, &c.policy, mode, c.shared, nil, stopper{}, nil)
			require.NoError(t, err)
			models := c.cat.Models()
			for k := range after {
				r := &after[k]
				require.Equal(t, r.Batch == 0, rejected(r, c.shared, &models[r.model], mode), "case %d, %s, request %d", i, mode, k)
			}
			require.NoError(t, runDispatch(want, c.cat, &c.set, c.shared, c.seed, stopper{}, nil))

			before := slices.Clone(c.reqs)
			var early *baselineRun
			got, err := run(before, c.cat, &c.policy, mode, c.shared, nil, stopper{}, func() {
				early = startBaseline(before, models, &c.set, mode, c.shared, c.seed, stopper{})
			})
			require.NoError(t, err)
			require.NotNil(t, early)
			require.NoError(t, runDispatch(got, c.cat, &c.set, c.shared, c.seed, stopper{}, early))
			require.Equal(t, want.Dispatch, got.Dispatch, "case %d, %s", i, mode)
			require.Equal(t, want.Attempts, got.Attempts, "case %d, %s", i, mode)
		}
	}
}
