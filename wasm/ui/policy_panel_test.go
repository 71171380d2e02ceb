package ui

import (
	"testing"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/stretchr/testify/assert"
)

// TestWaitsFoldOpensForItsFields: the adaptive-wait group opens for a
// problem of a field it holds, not of another policy field that starts
// alike (max_batch_size, max_batch_tokens, the wait of every tolerance).
func TestWaitsFoldOpensForItsFields(t *testing.T) {
	tests := []struct {
		path string
		open bool
	}{
		{"$.policy.base_wait_ms", true},
		{"$.policy.wait_low_ms", true},
		{"$.policy.wait_high_ms", true},
		{"$.policy.min_wait_ms", true},
		{"$.policy.max_wait_ms", true},
		{"$.policy.max_batch_size", false},
		{"$.policy.max_batch_tokens", false},
		{"$.policy.wait_ms", false},
		{"$.policy.overrides[0].wait_ms", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			c := &PolicyWaits{P: &state.Playground{Problems: []state.Problem{{Path: tt.path, Message: "bad"}}}}
			assert.Equal(t, tt.open, c.problem())
		})
	}
}

// TestDispatchFoldsOpenForTheirFields: the dispatch groups open for a
// problem of a dispatch number, not of the model (a select outside them)
// nor of another section.
func TestDispatchFoldsOpenForTheirFields(t *testing.T) {
	tests := []struct {
		path string
		open bool
	}{
		{"$.dispatch.concurrency", true},
		{"$.dispatch.failures.rate_limit", true},
		{"$.dispatch.model", false},
		{"$.policy.wait_ms", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p := &state.Playground{Problems: []state.Problem{{Path: tt.path, Message: "bad"}}}
			assert.Equal(t, tt.open, dispatchProblem(p))
		})
	}
}
