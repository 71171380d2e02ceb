package preset

import (
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryPresetSimulates(t *testing.T) {
	for _, p := range All {
		t.Run(p.Key, func(t *testing.T) {
			sc, err := Load(p.Key)
			require.NoError(t, err)
			assert.NotEmpty(t, sc.Name, "a preset has a name for the picker")
			assert.Equal(t, sc.Name, p.Name, "All has the file's name")
			assert.NotEmpty(t, sc.Description, "a preset explains itself")
			res, err := core.Simulate(sc, core.Options{})
			require.NoError(t, err)
			assert.NotZero(t, res.Metrics.Batches)
		})
	}
}

func TestCodingDayHasOneHundredPrompts(t *testing.T) {
	sc, err := Load("coding-day")
	require.NoError(t, err)
	res, err := core.Simulate(sc, core.Options{})
	require.NoError(t, err)
	assert.Len(t, res.Requests, 100)
}

func TestUnknownPreset(t *testing.T) {
	_, err := Load("nope")
	assert.Error(t, err)
}
