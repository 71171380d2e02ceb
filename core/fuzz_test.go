package core

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzDecodeRequests feeds arbitrary documents to the prompts decoder in
// both modes: it must never panic, every error must be a field error with
// a JSON path, and what it accepts must simulate in both close modes with
// every request placed exactly once. Timer mode accepts only JSON, and its
// texts agree with encoding/json; whatever timer mode accepts, seed mode
// accepts too, with the same number of requests.
func FuzzDecodeRequests(f *testing.F) {
	for _, s := range []string{
		`[]`, `["a"]`, `[{"prompt":"x","created_at_ms":5}]`, `[{"shortened_query":"q","request_id":null}]`,
		`[{"prompt":"a","analysis_json":"{\"intent_type\":\"coding\"}","token_count":9,"selected_model":"gpt-4o"}]`,
		`{"prompt":"x"}`, `[1,2`, `[{"prompt":"a","created_at_ms":1e3}]`, `["\u0130\u212a tl;dr"]`,
		// Forms only seed mode reads, as the reference prototype does.
		`["", "  "]`, `[{"prompt":123,"request_id":5,"created_at_ms":330.7,"user_id":[1]}]`,
		`[{"prompt":0,"shortened_query":{"a":[1.5,null]},"request_id":false,"created_at_ms":" 12 "}]`,
		`[{"prompt":NaN,"request_id":-Infinity,"created_at_ms":true},{"prompt":"x","request_id":"q"},{"prompt":"y","request_id":"q"}]`,
		`[{"prompt":"hi","created_at":5,"token_count":999}]`, `[{"prompt":"x","created_at_ms":"\u0663_4"}]`,
		`[{"prompt":"x","request_id":"\ud800","created_at_ms":-40}]`, "[\"caf\xe9\"]",
	} {
		f.Add([]byte(s))
	}
	cat := DefaultCatalog()
	f.Fuzz(func(t *testing.T, data []byte) {
		var accepted [2]int
		for k, mode := range []Mode{ModeTimer, ModeSeed} {
			accepted[k] = -1
			reqs, _, err := DecodeRequests(data, cat, "$", mode)
			if err != nil {
				fes := FieldErrors(err)
				if len(fes) == 0 {
					t.Fatalf("%s: error without a field: %v", mode, err)
				}
				for _, fe := range fes {
					if !strings.HasPrefix(fe.Path, "$") {
						t.Fatalf("%s: path %q does not start at $", mode, fe.Path)
					}
				}
				continue
			}
			accepted[k] = len(reqs)
			if mode == ModeTimer {
				checkTextsAgree(t, data, reqs)
			}
			AssignArrivals(reqs, DefaultArrivals(), 1)
			p := DefaultPolicy()
			for _, close := range []Mode{ModeTimer, ModeSeed} {
				res := Run(append([]Request(nil), reqs...), cat, &p, close, 0, nil)
				placed := len(res.Rejected)
				for _, b := range res.Batches {
					placed += len(b.Members)
				}
				if placed != len(reqs) {
					t.Fatalf("%s input, %s close: %d of %d requests placed", mode, close, placed, len(reqs))
				}
				if _, err := json.Marshal(res); err != nil {
					t.Fatal(err)
				}
			}
		}
		if accepted[0] >= 0 && accepted[1] != accepted[0] {
			t.Fatalf("timer mode read %d requests, seed mode %d", accepted[0], accepted[1])
		}
	})
}

// checkTextsAgree checks that the scanner agrees with encoding/json on
// every item's text of a document timer mode accepted.
func checkTextsAgree(t *testing.T, data []byte, reqs []Request) {
	t.Helper()
	var items []any
	if err := json.Unmarshal(data, &items); err != nil {
		t.Fatalf("timer mode accepted what encoding/json rejects: %v", err)
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
