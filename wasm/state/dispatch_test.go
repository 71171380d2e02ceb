package state

import (
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDispatchSettings(t *testing.T) {
	p := New()
	require.NotNil(t, p.Result.Dispatch, "dispatch runs by default")

	p.SetOn(DispatchSwitches[0], false)
	p.Run()
	require.Empty(t, p.Problems)
	assert.Nil(t, p.Result.Dispatch)
	assert.False(t, p.On(DispatchSwitches[0]))

	p.SetOn(DispatchSwitches[0], true)
	set(p, "dispatch.failures.server_error", "0.5")
	set(p, "dispatch.max_retries", "2")
	p.Run()
	require.Empty(t, p.Problems)
	assert.Positive(t, p.Result.Dispatch.Metrics.Retries)

	p.SetText(JobField, core.JobFixed)
	set(p, "dispatch.batch_size", "7")
	p.SetText(SlotsField, core.SlotsGlobal)
	p.Run()
	require.Empty(t, p.Problems)
	assert.Equal(t, core.JobFixed, p.Result.Dispatch.Job)
	assert.Equal(t, 7, p.Result.Batches[0].Size)

	p.SetText(JobModelField, "nope")
	p.Run()
	assert.NotEmpty(t, p.ProblemAt("$.dispatch.model"))
	assert.Empty(t, p.OtherProblems(), "shown next to its control")
	p.SetText(JobModelField, "gpt-4o")
	set(p, "dispatch.backoff_cap_ms", "10")
	p.Run()
	assert.NotEmpty(t, p.ProblemAt("$.dispatch.backoff_cap_ms"))
	assert.Equal(t, "f-dispatch-failures-server-error", field("dispatch.failures.server_error").ID())
}

func TestDispatchSurvivesTheShareLink(t *testing.T) {
	p := New()
	set(p, "dispatch.failures.timeout", "0.25")
	set(p, "dispatch.batch_api", "true")
	p.Run()
	frag, err := p.ShareFragment()
	require.NoError(t, err)
	q := New()
	require.True(t, q.OpenShare(frag))
	q.Run()
	assert.Equal(t, 0.25, q.Scenario.Dispatch.Failures.Timeout)
	assert.True(t, q.Scenario.Dispatch.BatchAPI)
	assert.Equal(t, p.Result.Dispatch.Metrics, q.Result.Dispatch.Metrics)
}
