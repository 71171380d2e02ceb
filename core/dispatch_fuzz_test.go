package core

import (
	"encoding/json"
	"testing"
)

// fuzzDispatchScenario is a small scenario whose dispatch part the fuzzer
// writes: five prompts (one long), a model with tight limits.
const fuzzDispatchScenario = `{"version":1,"seed":7,
"prompts":[{"prompt":"Fix the bug in this function.","token_count":40},"Summarize the meeting notes briefly.",
 {"prompt":"Explain why the sky is blue, step-by-step.","created_at_ms":5},{"prompt":"a long one","token_count":9000},"Plot the dataset."],
"catalog":{"models":[{"name":"gpt-4o-mini","rpm":30,"tpm":5000,"max_concurrency":2,"context_tokens":8000}]},
"dispatch":`

// FuzzDispatchSettings decodes scenarios whose dispatch settings are
// arbitrary bytes: decoding must never panic, every error must name its
// field, and accepted settings must simulate without panicking and within
// the retry limit.
func FuzzDispatchSettings(f *testing.F) {
	for _, s := range []string{
		`{}`, `null`, `{"enabled":false}`,
		`{"job":"fixed","batch_size":2,"concurrency":1,"shuffle":true}`,
		`{"slots":"global","concurrency":1,"max_retries":20,"backoff_base_ms":0,"backoff_cap_ms":0}`,
		`{"failures":{"rate_limit":0.3,"server_error":0.3,"timeout":0.2,"client_error":0.2,"parse_base":1,"parse_per_row":1}}`,
		`{"timeout_ms":1,"stop_on_exhaustion":false,"batch_api":true}`,
		`{"concurrency":0}`, `{"failures":{"rate_limit":-1}}`, `{"backoff_base_ms":10,"backoff_cap_ms":5}`,
		`{"model":"nope"}`, `{"max_retries":1e400}`, `[]`, `{"failures":[]}`,
		`{"semantics":"smelt","job":"fixed","batch_size":1,"script":[{"call":1,"failure":"client_error"}]}`,
		`{"script":[{"batch":1,"attempt":0,"failure":"rate_limit"},{"call":2,"failure":"parse"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, dispatch []byte) {
		doc := append([]byte(fuzzDispatchScenario), dispatch...)
		doc = append(doc, '}')
		s, err := DecodeScenario(doc)
		if err != nil {
			if len(FieldErrors(err)) == 0 {
				t.Fatalf("error without a field: %v", err)
			}
			return
		}
		res, err := Simulate(s, Options{})
		if err != nil {
			if len(FieldErrors(err)) == 0 {
				t.Fatalf("error without a field: %v", err)
			}
			return
		}
		if res.Dispatch != nil {
			for _, b := range res.Dispatch.Batches {
				if b.Attempts > 1+s.Dispatch.MaxRetries {
					t.Fatalf("batch %d tried %d times with max_retries %d", b.Batch, b.Attempts, s.Dispatch.MaxRetries)
				}
			}
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatal(err)
		}
	})
}
