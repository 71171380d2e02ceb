package core

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStreamSweepEqualsSweep: a streamed sweep gives the points of a
// whole sweep of the same trace, reading the trace once per point.
func TestStreamSweepEqualsSweep(t *testing.T) {
	for i, c := range []struct {
		format TrafficFormat
		timed  bool
		sw     Sweep
	}{
		{TrafficAzure, true, Sweep{Knob: "policy.max_batch_size", From: 1, To: 9, Step: 4}},
		{TrafficAzure, true, Sweep{Knob: "policy.wait_ms", From: 0, To: 2000, Step: 500}},
		{TrafficMooncake, true, Sweep{Knob: "dispatch.concurrency", From: 1, To: 5, Step: 2}},
		{TrafficMooncake, true, Sweep{Knob: "dispatch.failures.rate_limit", From: 0, To: 0.4, Step: 0.2}},
		{TrafficBurstGPT, true, Sweep{Knob: "traffic.sample", From: 0.2, To: 1, Step: 0.4}},
		{TrafficJSONL, true, Sweep{Knob: "traffic.rate_scale", From: 0.5, To: 4.5, Step: 2}},
		{TrafficJSONL, false, Sweep{Knob: "arrivals.rate_per_s", From: 10, To: 200, Step: 95}},
		{TrafficCSV, false, Sweep{Knob: "shared_prompt_tokens", From: 0, To: 1000, Step: 500}},
	} {
		rng := rand.New(rand.NewPCG(uint64(i), 13))
		data := genTrace(rng, c.format, 1500, c.timed)
		var mapping CSVMapping
		if c.format == TrafficCSV {
			mapping = CSVMapping{InputTokens: "in", OutputTokens: "out"}
		}
		name := string(c.format) + " " + c.sw.Knob
		s := DefaultScenario()
		s.Policy.ModelTuning = false // the sizes and waits as set
		imp, err := ImportTraffic(data, "trace", c.format, TrafficOptions{CSV: mapping})
		require.NoError(t, err, name)
		s.Prompts, s.Traffic.Source = imp.Prompts, imp.Source
		want, err := RunSweep(&s, c.sw, Options{PromptsPath: "$"}, nil)
		require.NoError(t, err, name)

		s.Prompts, s.Traffic.Source = nil, TrafficSource{}
		opened, calls := 0, 0
		open := func() (io.ReadCloser, error) {
			opened++
			return io.NopCloser(bytes.NewReader(data)), nil
		}
		got, input, err := s.StreamSweep(c.sw, open, StreamOptions{Format: c.format, CSV: mapping, FileName: "trace"}, func(done, total int) {
			calls++
			assert.Equal(t, calls, done, name)
			assert.Equal(t, len(want), total, name)
		})
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
		assert.Equal(t, *imp.Report, *input, name)
		assert.Equal(t, len(want), opened, "%s: the trace is read once per point", name)
		distinct := map[Summary]bool{}
		for _, p := range got {
			distinct[p.Summary] = true
		}
		assert.Greater(t, len(distinct), 1, "%s: the knob changes the outcome", name)
	}
}

func TestStreamSweepErrors(t *testing.T) {
	s := DefaultScenario()
	open := func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader([]byte("TIMESTAMP,ContextTokens,GeneratedTokens\nx,1,2\n"))), nil
	}
	_, _, err := s.StreamSweep(Sweep{Knob: "nope", Step: 1}, open, StreamOptions{Format: TrafficAzure}, nil)
	assert.ErrorContains(t, err, "$.knob: want one of")
	_, _, err = s.StreamSweep(Sweep{Knob: "policy.max_batch_size", From: 1, To: 2, Step: 1}, open, StreamOptions{Format: TrafficAzure}, nil)
	assert.ErrorContains(t, err, "$[0].TIMESTAMP (line 2, column 1)")
	s.Mode = ModeSeed
	_, _, err = s.StreamSweep(Sweep{Knob: "policy.max_batch_size", From: 1, To: 2, Step: 1}, open, StreamOptions{Format: TrafficAzure}, nil)
	assert.ErrorContains(t, err, "seed mode cannot stream")
}
