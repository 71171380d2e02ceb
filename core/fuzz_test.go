package core

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzDecodeRequests feeds arbitrary documents to the prompts decoder: it
// must never panic, every error must be a field error with a JSON path, and
// what it accepts must simulate in both modes with every request placed
// exactly once.
func FuzzDecodeRequests(f *testing.F) {
	for _, s := range []string{
		`[]`, `["a"]`, `[{"prompt":"x","created_at_ms":5}]`, `[{"shortened_query":"q","request_id":null}]`,
		`[{"prompt":"a","analysis_json":"{\"intent_type\":\"coding\"}","token_count":9,"selected_model":"gpt-4o"}]`,
		`{"prompt":"x"}`, `[1,2`, `[{"prompt":"a","created_at_ms":1e3}]`, `["\u0130\u212a tl;dr"]`,
	} {
		f.Add([]byte(s))
	}
	cat := DefaultCatalog()
	f.Fuzz(func(t *testing.T, data []byte) {
		reqs, _, err := DecodeRequests(data, cat, "$", ModeTimer)
		if err != nil {
			fes := FieldErrors(err)
			if len(fes) == 0 {
				t.Fatalf("error without a field: %v", err)
			}
			for _, fe := range fes {
				if !strings.HasPrefix(fe.Path, "$") {
					t.Fatalf("path %q does not start at $", fe.Path)
				}
			}
			return
		}
		// The scanner agrees with encoding/json on every item's text.
		var items []any
		if err := json.Unmarshal(data, &items); err != nil {
			t.Fatalf("accepted what encoding/json rejects: %v", err)
		}
		if len(items) != len(reqs) {
			t.Fatalf("%d items, %d requests", len(items), len(reqs))
		}
		for i, it := range items {
			want := ""
			switch v := it.(type) {
			case string:
				want = v
			case map[string]any:
				want, _ = v["prompt"].(string)
				if want == "" {
					want, _ = v["shortened_query"].(string)
				}
			}
			if reqs[i].Text != want {
				t.Fatalf("item %d: text %q, encoding/json says %q", i, reqs[i].Text, want)
			}
		}
		AssignArrivals(reqs, DefaultArrivals(), 1)
		p := DefaultPolicy()
		for _, mode := range []Mode{ModeTimer, ModeSeed} {
			res := Run(append([]Request(nil), reqs...), cat, &p, mode, 0, nil)
			placed := len(res.Rejected)
			for _, b := range res.Batches {
				placed += len(b.Members)
			}
			if placed != len(reqs) {
				t.Fatalf("%s: %d of %d requests placed", mode, placed, len(reqs))
			}
			if _, err := json.Marshal(res); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// FuzzDecodeScenario feeds arbitrary documents to the scenario decoder: it
// must never panic, errors must name a field, and an accepted scenario must
// simulate without panicking.
func FuzzDecodeScenario(f *testing.F) {
	for _, s := range []string{
		`{"version":1}`,
		`{"version":1,"mode":"seed","seed":3,"prompts":["a","b"]}`,
		`{"version":1,"policy":{"max_batch_size":2,"overrides":[{"model":"gpt-4o","wait_ms":5}]}}`,
		`{"version":1,"catalog":{"models":[{"name":"m","context_tokens":10,"strengths":{"general":3}}]}}`,
		`{"version":1,"catalog":{"replace":true,"models":[{"name":"m","cost_tier":"low","latency_tier":"low","context_tokens":100,"strengths":{"coding":5}}]},"prompts":["fix the bug"]}`,
		`{"version":2}`, `{"version":1,"arrivals":{"process":"poisson","rate_per_s":0.5}}`, `{"version":1,"nope":1}`,
		`{"version":1,"prompts":[{"prompt":"x"}],"shared_prompt_tokens":100}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeScenario(data)
		if err != nil {
			if len(FieldErrors(err)) == 0 {
				t.Fatalf("error without a field: %v", err)
			}
			return
		}
		if len(s.Prompts) > 1<<12 {
			return // keep each run short
		}
		res, err := Simulate(s, Options{})
		if err != nil {
			if len(FieldErrors(err)) == 0 {
				t.Fatalf("error without a field: %v", err)
			}
			return
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatal(err)
		}
	})
}
