package core

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzTraffic seeds f with the fixture files of format and more, then
// checks that ParseTraffic never panics, that every error is a field error
// with a path and a position inside the input, and that what it accepts
// keeps the invariants of the report.
func fuzzTraffic(f *testing.F, format TrafficFormat, opts func(data []byte) TrafficOptions, seeds ...string) {
	for _, fx := range trafficFixtures {
		if fx.format == format {
			data, err := os.ReadFile(filepath.Join("../testdata/traffic", fx.file))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o := opts(data)
		o.MaxRows = 500
		tr, err := ParseTraffic(data, format, o)
		if err != nil {
			checkTrafficError(t, data, err)
			return
		}
		checkTraffic(t, format, tr)
	})
}

func checkTrafficError(t *testing.T, data []byte, err error) {
	fes := FieldErrors(err)
	if len(fes) == 0 {
		t.Fatalf("error without a field: %v", err)
	}
	lines := strings.Count(string(data), "\n") + 1
	for _, fe := range fes {
		if !(strings.HasPrefix(fe.Path, "$") || strings.HasPrefix(fe.Path, "header") || strings.HasPrefix(fe.Path, "csv")) {
			t.Fatalf("path %q", fe.Path)
		}
		if fe.Line < 0 || fe.Line > lines || fe.Column < 0 || (fe.Line > 0) != (fe.Column > 0) {
			t.Fatalf("%v: position out of the input (%d lines)", fe, lines)
		}
	}
}

func checkTraffic(t *testing.T, format TrafficFormat, tr *Traffic) {
	rep := tr.Report
	skipped := 0
	for _, s := range rep.Skipped {
		skipped += s.Rows
	}
	if rep.Format != format || rep.Records != len(tr.Records) || rep.Rows != rep.Records+skipped || rep.Records == 0 {
		t.Fatalf("report %+v for %d records", rep, len(tr.Records))
	}
	rebased := rep.Origin != ""
	for i, r := range tr.Records {
		if r.Line < 1 || (r.InputTokens <= 0 && r.Text == "") || r.SharedPrefixTokens > r.InputTokens || r.SharedPrefixTokens < 0 {
			t.Fatalf("record %d: %+v", i, r)
		}
		if r.HasArrival && (r.ArrivalMs < 0 || r.ArrivalMs > MaxTimeMs) {
			t.Fatalf("record %d: arrival %d", i, r.ArrivalMs)
		}
		if rep.Timed && i > 0 && r.ArrivalMs < tr.Records[i-1].ArrivalMs {
			t.Fatalf("record %d arrives before record %d", i, i-1)
		}
	}
	if rep.Timed && (rep.FirstMs != tr.Records[0].ArrivalMs || rep.LastMs != tr.Records[len(tr.Records)-1].ArrivalMs || rebased && rep.FirstMs != 0) {
		t.Fatalf("span %d–%d", rep.FirstMs, rep.LastMs)
	}
	if _, err := json.Marshal(tr); err != nil {
		t.Fatal(err)
	}
}

func noOptions([]byte) TrafficOptions { return TrafficOptions{} }

func FuzzTrafficAzure(f *testing.F) {
	fuzzTraffic(f, TrafficAzure, noOptions,
		"TIMESTAMP,ContextTokens,GeneratedTokens\n2024-05-10 00:00:00.009930+00:00,3,4\n2024-05-09 23:59:59Z,1,0\n",
		"GeneratedTokens,TIMESTAMP,ContextTokens,x\n1,\"2023-11-16 18:15:46\",2,\"a\nb\"\n", "TIMESTAMP\n")
}

func FuzzTrafficBurstGPT(f *testing.F) {
	fuzzTraffic(f, TrafficBurstGPT, noOptions,
		"Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n5,ChatGPT,1,0,1,API log\n4.25,GPT-4,2,3,5,API log\n",
		"Timestamp,Model,Request tokens,Response tokens\r\n1e3,x,1,1\r\n")
}

func FuzzTrafficMooncake(f *testing.F) {
	fuzzTraffic(f, TrafficMooncake, noOptions,
		`{"timestamp": 3, "input_length": 600, "output_length": 1, "hash_ids": [7, 8]}`+"\n"+`{"timestamp": 1, "input_length": 513, "output_length": 2, "hash_ids": [7, 8, 9]}`,
		`{"timestamp": 1.5, "input_length": 1, "output_length": 0, "hash_ids": null}`, `{"timestamp": 1}`, "[]\n\n{}")
}

func FuzzTrafficOpenAIBatch(f *testing.F) {
	fuzzTraffic(f, TrafficOpenAIBatch, noOptions,
		`{"custom_id": "a", "url": "/v1/chat/completions", "body": {"messages": [{"content": [{"text": "x"}, {"text": 1}]}]}}`,
		`{"custom_id": "a", "url": "/v1/embeddings", "body": {}}`, `{"custom_id": "\u00e9", "method": "PUT"}`)
}

func FuzzTrafficAnthropicBatch(f *testing.F) {
	fuzzTraffic(f, TrafficAnthropicBatch, noOptions,
		`{"requests": [{"custom_id": "a", "params": {"system": [{"text": "s"}], "messages": [{"content": "m"}]}}]}`,
		`{"custom_id": "a", "params": {"messages": [{"content": "m"}]}}`+"\n"+`{"custom_id": "a"}`, `{"requests": {}}`, `[{"custom_id": "a"}]`)
}

func FuzzTrafficCSV(f *testing.F) {
	units := []TimeUnit{TimeSeconds, TimeMillis, TimeMicros, TimeWallClock}
	fuzzTraffic(f, TrafficCSV, func(data []byte) TrafficOptions {
		m := genericMapping
		m.TimeUnit = units[len(data)%len(units)]
		return TrafficOptions{CSV: m}
	},
		"when_ms,prompt_tokens,completion_tokens,engine,customer,id,text\n1,2,3,m,u,i,t\n0,,,,,j,\n",
		"text,id,when_ms,prompt_tokens,completion_tokens,engine,customer\n\"a\"\"b\",x,2023-11-16 18:15:46,1,1,m,u\n")
}

func FuzzTrafficJSONL(f *testing.F) {
	fuzzTraffic(f, TrafficJSONL, noOptions,
		`{"request_id": "a", "created_at_ms": 3, "prompt": "p", "input_tokens": 2, "token_count": 2, "output_tokens": 0}`+"\n"+`"x"`,
		`{"prompt": "a", "promt": "b"}`, `{"input_tokens": 1, "selected_model": null, "user_id": -3}`, "\ufeff\"a\"\r\n\"b\"")
}

// FuzzDetectTrafficFormat checks that detection never panics and always
// names a known format (or none).
func FuzzDetectTrafficFormat(f *testing.F) {
	for _, s := range []string{`{"requests": [`, `{"a": "\"`, "TIMESTAMP,ContextTokens,GeneratedTokens\n", `"x`, "\ufeff[", `{"x": {"y": [}`} {
		f.Add([]byte(s), "trace.csv")
	}
	f.Fuzz(func(t *testing.T, head []byte, name string) {
		got := DetectTrafficFormat(head, name)
		if got != TrafficUnknown {
			if _, ok := ParseTrafficFormat(string(got)); !ok {
				t.Fatalf("unknown format %q", got)
			}
		}
	})
}
