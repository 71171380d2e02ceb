package core_test

import (
	"fmt"

	"github.com/batchlab/batchlab/core"
)

// Three prompts for the same model: the first two share a batch, which
// closes on time 50 ms after the first arrived (its low latency tolerance);
// the third, 100 ms later, waits alone.
func ExampleSimulate() {
	s, err := core.DecodeScenario([]byte(`{
		"version": 1,
		"prompts": [
			{"request_id": "a", "created_at_ms": 0,   "prompt": "Summarize the release notes, briefly."},
			{"request_id": "b", "created_at_ms": 20,  "prompt": "Summarize the standup, briefly."},
			{"request_id": "c", "created_at_ms": 120, "prompt": "Summarize the incident, briefly."}
		]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := core.Simulate(s, core.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range res.Batches {
		fmt.Printf("batch %d %s: %v closed at %d ms (%s)\n", b.ID, b.Model, res.RequestIDs(&b), b.ClosedAt, b.CloseReason)
	}
	fmt.Printf("p95 queue wait %d ms, %d LLM calls saved\n", res.Metrics.QueueWait.P95, res.Metrics.LLMCallsSaved)
	// Output:
	// batch 1 grok-2-mini: [a b] closed at 50 ms (time)
	// batch 2 grok-2-mini: [c] closed at 170 ms (time)
	// p95 queue wait 50 ms, 1 LLM calls saved
}

func ExampleAnalyzer_Analyze() {
	var a core.Analyzer
	an, runes := a.Analyze("Explain, step-by-step, why this Python test is flaky.")
	fmt.Println(an.Intent, an.Complexity, an.OutputLength, an.LatencyTolerance, an.ComplianceNeeded, runes)
	// Output: coding low long high false 53
}

// A scenario error names the field by its JSON path.
func ExampleDecodeScenario_errors() {
	_, err := core.DecodeScenario([]byte(`{"version": 1, "policy": {"max_batch_size": 0, "max_wiat_ms": 5}}`))
	for _, fe := range core.FieldErrors(err) {
		fmt.Println(fe)
	}
	// Output:
	// $.policy.max_wiat_ms: unknown field; want one of base_wait_ms, wait_low_ms, wait_high_ms, min_wait_ms, max_wait_ms, max_batch_size, max_batch_tokens, model_tuning, overrides
	// $.policy.max_batch_size: want 1 to 1000000 requests, got 0
}
