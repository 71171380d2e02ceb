package core

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// heavyScenario is the dispatch of issue 11 at a smaller size: n prompts
// sent one per call through one slot, every reply failing to parse, 20
// retries each.
func heavyScenario(t testing.TB, n int) *Scenario {
	sc, err := DecodeScenario([]byte(`{"version":1,"policy":{"max_batch_size":1,"model_tuning":false},
		"dispatch":{"slots":"global","concurrency":1,"max_retries":20,"stop_on_exhaustion":false,
			"failures":{"parse_base":1}},
		"prompts":` + notePrompts(n) + `}`))
	require.NoError(t, err)
	return sc
}

// notePrompts returns a JSON array of n short prompts.
func notePrompts(n int) string {
	prompts := make([]string, n)
	for i := range prompts {
		prompts[i] = fmt.Sprintf("%q", fmt.Sprintf("Summarise note %d.", i))
	}
	return "[" + strings.Join(prompts, ",") + "]"
}

func closedDone() <-chan struct{} {
	done := make(chan struct{})
	close(done)
	return done
}

func TestCancelledSimulation(t *testing.T) {
	sc := heavyScenario(t, 200)
	_, err := Simulate(sc, Options{Done: closedDone()})
	assert.ErrorIs(t, err, ErrCancelled)

	_, err = Simulate(sc, Options{Done: make(chan struct{})})
	assert.NoError(t, err, "an open channel changes nothing")
}

// TestCancelledDispatchStopsInItsLoop closes done before a dispatch of
// 8,400 attempts: the event loop notices within its first thousand events.
func TestCancelledDispatchStopsInItsLoop(t *testing.T) {
	sc := heavyScenario(t, 200)
	cat, err := sc.BuildCatalog()
	require.NoError(t, err)
	tr, err := sc.Trace(cat, Options{})
	require.NoError(t, err)
	res := Run(tr.Requests, cat, &sc.Policy, ModeTimer, 0, nil)
	err = RunDispatch(res, cat, &sc.Dispatch, 0, sc.Seed, closedDone())
	assert.ErrorIs(t, err, ErrCancelled)
	assert.Nil(t, res.Dispatch, "a cancelled dispatch leaves the result as it was")
	assert.Nil(t, res.Attempts)
}

func TestCancelledSweep(t *testing.T) {
	sc := heavyScenario(t, 20)
	sw := Sweep{Knob: "policy.max_batch_size", From: 1, To: 10, Step: 1}
	_, err := RunSweep(sc, sw, Options{Done: closedDone()}, nil)
	assert.ErrorIs(t, err, ErrCancelled)

	r, err := NewSweepRun(sc, sw, Options{Done: closedDone()})
	require.NoError(t, err)
	assert.False(t, r.Next())
	assert.ErrorIs(t, r.Err(), ErrCancelled)
	assert.Zero(t, r.Done())
}
