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

	p.SetFlag("enabled", false)
	p.Run()
	require.Empty(t, p.Problems)
	assert.Nil(t, p.Result.Dispatch)
	assert.False(t, p.Flag(DispatchFlags[0]))

	p.SetFlag("enabled", true)
	p.SetNumber("failures.server_error", "0.5")
	p.SetNumber("max_retries", "2")
	p.Run()
	require.Empty(t, p.Problems)
	assert.Positive(t, p.Result.Dispatch.Metrics.Retries)

	p.SetJob(core.JobFixed)
	p.SetNumber("batch_size", "7")
	p.SetSlots(core.SlotsGlobal)
	p.Run()
	require.Empty(t, p.Problems)
	assert.Equal(t, core.JobFixed, p.Result.Dispatch.Job)
	assert.Equal(t, 7, p.Result.Batches[0].Size)

	p.SetJobModel("nope")
	p.Run()
	assert.NotEmpty(t, p.ProblemAt("$.dispatch.model"))
	assert.Empty(t, p.OtherProblems(), "shown next to its control")
	p.SetJobModel("gpt-4o")
	p.SetNumber("backoff_cap_ms", "10")
	p.Run()
	assert.NotEmpty(t, p.ProblemAt("$.dispatch.backoff_cap_ms"))
	assert.Equal(t, "f-failures-server-error", fieldByKey("failures.server_error").ID())
}

func TestDispatchSurvivesTheShareLink(t *testing.T) {
	p := New()
	p.SetNumber("failures.timeout", "0.25")
	p.SetFlag("batch_api", true)
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
