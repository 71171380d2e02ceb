package ui

import (
	"os"
	"testing"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTrafficPanelShowsEveryNumberOnce: the shaping and classifying groups
// split the table's traffic numbers between them.
func TestTrafficPanelShowsEveryNumberOnce(t *testing.T) {
	c := &TrafficRules{}
	shown := append(c.shaping(), c.classifying()...)
	assert.ElementsMatch(t, state.TrafficFields, shown)
	assert.Len(t, c.classifying(), 4)
}

// TestTrafficPanelFolds: folded for prompt text, open on imported traffic,
// and as the user leaves it.
func TestTrafficPanelFolds(t *testing.T) {
	p := state.New()
	c := &TrafficPanel{P: p}
	assert.False(t, c.open())
	data, err := os.ReadFile("../../testdata/traffic/azure.csv")
	require.NoError(t, err)
	p.LoadFile("azure.csv", data)
	assert.True(t, c.open())
	c.toggle()
	assert.False(t, c.open())
	c.toggle()
	assert.True(t, c.open())
}
