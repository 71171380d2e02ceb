package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// genericMapping is the column mapping of testdata/traffic/generic.csv.
var genericMapping = CSVMapping{Time: "when_ms", TimeUnit: TimeMillis, InputTokens: "prompt_tokens",
	OutputTokens: "completion_tokens", Model: "engine", User: "customer", ID: "id", Text: "text"}

// trafficFixtures are the small hand-written files of testdata/traffic,
// with the format and options each is read with.
var trafficFixtures = []struct {
	file   string
	format TrafficFormat
	opts   TrafficOptions
}{
	{"azure.csv", TrafficAzure, TrafficOptions{}},
	{"burstgpt.csv", TrafficBurstGPT, TrafficOptions{}},
	{"mooncake.jsonl", TrafficMooncake, TrafficOptions{}},
	{"openai-batch.jsonl", TrafficOpenAIBatch, TrafficOptions{}},
	{"anthropic-batch.json", TrafficAnthropicBatch, TrafficOptions{}},
	{"generic.csv", TrafficCSV, TrafficOptions{CSV: genericMapping}},
	{"prompts.jsonl", TrafficJSONL, TrafficOptions{}},
}

func readTraffic(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../testdata/traffic", file))
	require.NoError(t, err)
	return data
}

// TestTrafficFixtures checks every fixture against records written by hand
// from the file (not produced by the parser).
func TestTrafficFixtures(t *testing.T) {
	noInput := func(rows, line int) []TrafficSkip {
		return []TrafficSkip{{Reason: SkipNoInput, Rows: rows, FirstLine: line}}
	}
	want := map[string]Traffic{
		// Times from 18:15:46.6805900; row 4 has no input; 47.9999999 → 1.3194099 s → 1319 ms.
		"azure.csv": {
			Records: []TrafficRecord{
				{Line: 2, ArrivalMs: 0, HasArrival: true, InputTokens: 374, OutputTokens: 44, HasOutputTokens: true},
				{Line: 5, ArrivalMs: 1319, HasArrival: true, InputTokens: 91, OutputTokens: 16, HasOutputTokens: true},
				{Line: 3, ArrivalMs: 4314, HasArrival: true, InputTokens: 396, OutputTokens: 109, HasOutputTokens: true},
				{Line: 6, ArrivalMs: 4314, HasArrival: true, InputTokens: 120, OutputTokens: 0, HasOutputTokens: true},
				{Line: 7, ArrivalMs: 13319, HasArrival: true, InputTokens: 2048, OutputTokens: 310, HasOutputTokens: true},
			},
			Report: TrafficReport{Format: TrafficAzure, Rows: 6, Records: 5, Skipped: noInput(1, 4), Sorted: true,
				Timed: true, FirstMs: 0, LastMs: 13319, Origin: "2023-11-16 18:15:46.6805900"},
		},
		// Seconds from 5; 5.5005 s → 500 ms; row 3 failed (0 response tokens); row 4 has no input.
		"burstgpt.csv": {
			Records: []TrafficRecord{
				{Line: 2, ArrivalMs: 0, HasArrival: true, InputTokens: 472, OutputTokens: 18, HasOutputTokens: true, Model: "ChatGPT"},
				{Line: 3, ArrivalMs: 500, HasArrival: true, InputTokens: 1024, OutputTokens: 0, HasOutputTokens: true, Model: "GPT-4", Failed: true},
				{Line: 5, ArrivalMs: 113250, HasArrival: true, InputTokens: 230, OutputTokens: 512, HasOutputTokens: true, Model: "GPT-4"},
				{Line: 7, ArrivalMs: 3595000, HasArrival: true, InputTokens: 61, OutputTokens: 7, HasOutputTokens: true, Model: "ChatGPT"},
			},
			Report: TrafficReport{Format: TrafficBurstGPT, Rows: 5, Records: 4, Skipped: noInput(1, 4), Failed: 1,
				Timed: true, FirstMs: 0, LastMs: 3595000, Origin: "5"},
		},
		// ms from 1000; line 4 (blocks 1,2) shares both of line 1's first
		// blocks, capped at its 700 tokens; line 2 (1,2,9) shares 2 blocks.
		"mooncake.jsonl": {
			Records: []TrafficRecord{
				{Line: 1, ArrivalMs: 0, HasArrival: true, InputTokens: 1500, OutputTokens: 20, HasOutputTokens: true},
				{Line: 4, ArrivalMs: 100, HasArrival: true, InputTokens: 700, OutputTokens: 0, HasOutputTokens: true, SharedPrefixTokens: 700},
				{Line: 2, ArrivalMs: 250, HasArrival: true, InputTokens: 1200, OutputTokens: 8, HasOutputTokens: true, SharedPrefixTokens: 1024},
				{Line: 6, ArrivalMs: 500, HasArrival: true, InputTokens: 300, OutputTokens: 5, HasOutputTokens: true},
			},
			Report: TrafficReport{Format: TrafficMooncake, Rows: 5, Records: 4, Skipped: noInput(1, 5), Sorted: true,
				Timed: true, FirstMs: 0, LastMs: 500, Origin: "1000"},
		},
		"openai-batch.jsonl": {
			Records: []TrafficRecord{
				{Line: 1, ID: "req-1", Text: "You are terse.\nSummarize the report.", MaxOutputTokens: 200, Model: "gpt-4o-mini"},
				{Line: 2, ID: "req-2", Text: "What is in this image?", MaxOutputTokens: 300, Model: "gpt-4o"},
				{Line: 4, ID: "req-3", Text: "café \"quoted\"\nGo on.", Model: "gpt-4o-mini"},
			},
			Report: TrafficReport{Format: TrafficOpenAIBatch, Rows: 4, Records: 3,
				Skipped: []TrafficSkip{{Reason: SkipNotChat, Rows: 1, FirstLine: 3}}},
		},
		"anthropic-batch.json": {
			Records: []TrafficRecord{
				{Line: 3, ID: "a-1", Text: "Answer in French.\nHello, world", MaxOutputTokens: 1024, Model: "claude-3-5-haiku-latest"},
				{Line: 12, ID: "a-2", Text: "Be brief.\nUse lists.\nName three rivers.\nNile, Amazon,\nOne more.", MaxOutputTokens: 64, Model: "claude-sonnet-4-0"},
			},
			Report: TrafficReport{Format: TrafficAnthropicBatch, Rows: 2, Records: 2},
		},
		// ms from 1500.9 (line 5 at 1500 is skipped: no input, no text).
		"generic.csv": {
			Records: []TrafficRecord{
				{Line: 3, ID: "x2", ArrivalMs: 0, HasArrival: true, Text: "Translate \"hello\" into\nSpanish", OutputTokens: 12, HasOutputTokens: true, Model: "gpt-4o", UserID: "u2"},
				{Line: 2, ID: "x1", ArrivalMs: 499, HasArrival: true, InputTokens: 120, OutputTokens: 30, HasOutputTokens: true, Model: "gpt-4o-mini", UserID: "u1"},
				{Line: 6, ID: "x4", ArrivalMs: 1499, HasArrival: true, InputTokens: 64, Model: "gpt-4o-mini", UserID: "u3"},
			},
			Report: TrafficReport{Format: TrafficCSV, Rows: 4, Records: 3, Skipped: noInput(1, 5), Sorted: true,
				Timed: true, FirstMs: 0, LastMs: 1499, Origin: "1500.9"},
		},
		"prompts.jsonl": {
			Records: []TrafficRecord{
				{Line: 1, ID: "p1", ArrivalMs: 0, HasArrival: true, Text: "Write a haiku about queues.", UserID: "alice"},
				{Line: 2, Text: "Just a prompt string"},
				{Line: 3, ID: "p3", ArrivalMs: 250, HasArrival: true, InputTokens: 900, OutputTokens: 120, HasOutputTokens: true, Model: "gpt-4o"},
				{Line: 5, Text: "short form", InputTokens: 15, UserID: "42"},
			},
			Report: TrafficReport{Format: TrafficJSONL, Rows: 4, Records: 4},
		},
	}
	for _, fx := range trafficFixtures {
		t.Run(fx.file, func(t *testing.T) {
			data := readTraffic(t, fx.file)
			assert.Equal(t, fx.format, DetectTrafficFormat(data, fx.file), "detected format")
			got, err := ParseTraffic(data, fx.format, fx.opts)
			require.NoError(t, err)
			w, ok := want[fx.file]
			require.True(t, ok, "no expectation for %s", fx.file)
			assert.Equal(t, w.Report, got.Report)
			assert.Equal(t, w.Records, got.Records)
		})
	}
}

// TestTrafficGolden compares the JSON of every fixture with
// testdata/traffic/golden (refresh with -update).
func TestTrafficGolden(t *testing.T) {
	for _, fx := range trafficFixtures {
		t.Run(fx.file, func(t *testing.T) {
			got, err := ParseTraffic(readTraffic(t, fx.file), fx.format, fx.opts)
			require.NoError(t, err)
			out, err := json.MarshalIndent(got, "", " ")
			require.NoError(t, err)
			out = append(out, '\n')
			golden := filepath.Join("../testdata/traffic/golden", fx.file+".json")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, out, 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "no golden file: run go test ./core -run TrafficGolden -update")
			if !bytes.Equal(want, out) {
				require.Equal(t, string(want), string(out), "output differs from %s", golden)
			}
		})
	}
}

// TestTrafficSamples reads the two real samples (see testdata/traffic/NOTICE.md);
// the expected values were read off the files.
func TestTrafficSamples(t *testing.T) {
	t.Run("azure", func(t *testing.T) {
		const file = "azure-llm-2023-conv-first2000.csv"
		data := readTraffic(t, file)
		require.Equal(t, TrafficAzure, DetectTrafficFormat(data[:512], file))
		got, err := ParseTraffic(data, TrafficAzure, TrafficOptions{})
		require.NoError(t, err)
		// First row 18:15:46.6805900,374,44; last 18:22:50.9400470,424,96:
		// 7 min 4.2594570 s later.
		assert.Equal(t, TrafficReport{Format: TrafficAzure, Rows: 2000, Records: 2000, Timed: true, FirstMs: 0, LastMs: 424259,
			Origin: "2023-11-16 18:15:46.6805900"}, got.Report)
		recs := got.Records
		assert.Equal(t, TrafficRecord{Line: 2, HasArrival: true, InputTokens: 374, OutputTokens: 44, HasOutputTokens: true}, recs[0])
		// Second row 18:15:50.9951690,396,109: 4.3145790 s later.
		assert.Equal(t, TrafficRecord{Line: 3, ArrivalMs: 4314, HasArrival: true, InputTokens: 396, OutputTokens: 109, HasOutputTokens: true}, recs[1])
		assert.Equal(t, TrafficRecord{Line: 2001, ArrivalMs: 424259, HasArrival: true, InputTokens: 424, OutputTokens: 96, HasOutputTokens: true}, recs[1999])
	})
	t.Run("mooncake", func(t *testing.T) {
		const file = "mooncake-fast25-synthetic-first300.jsonl"
		data := readTraffic(t, file)
		require.Equal(t, TrafficMooncake, DetectTrafficFormat(data[:512], file))
		got, err := ParseTraffic(data, TrafficMooncake, TrafficOptions{})
		require.NoError(t, err)
		assert.Equal(t, TrafficReport{Format: TrafficMooncake, Rows: 300, Records: 300, Timed: true, FirstMs: 0, LastMs: 86790, Origin: "0"}, got.Report)
		recs := got.Records
		assert.Equal(t, TrafficRecord{Line: 1, HasArrival: true, InputTokens: 40160, OutputTokens: 6, HasOutputTokens: true}, recs[0])
		assert.Equal(t, TrafficRecord{Line: 300, ArrivalMs: 86790, HasArrival: true, InputTokens: 13, OutputTokens: 33, HasOutputTokens: true}, recs[299])
		// Line 50 (14514 ms, 30397 tokens) shares 57 of its 60 blocks with
		// an earlier request; line 75 shares all 6 of its blocks (capped at
		// its 2752 tokens); line 294 its single block (108 tokens).
		assert.Equal(t, TrafficRecord{Line: 50, ArrivalMs: 14514, HasArrival: true, InputTokens: 30397, OutputTokens: recs[49].OutputTokens,
			HasOutputTokens: true, SharedPrefixTokens: 57 * 512}, recs[49])
		assert.Equal(t, 2752, recs[74].SharedPrefixTokens)
		assert.Equal(t, 108, recs[293].SharedPrefixTokens)
		sharing := 0
		for _, r := range recs {
			if r.SharedPrefixTokens > 0 {
				sharing++
			}
		}
		assert.Equal(t, 13, sharing)
	})
}

func TestDetectTrafficFormat(t *testing.T) {
	tests := []struct {
		name, head, file string
		want             TrafficFormat
	}{
		{"prompts array", ` ["a", "b"]`, "", TrafficPrompts},
		{"prompts string line", `"a prompt"`, "", TrafficJSONL},
		{"jsonl object", `{"prompt": "x", "created_at_ms": 4}`, "x.txt", TrafficJSONL},
		{"jsonl token only", `{"input_tokens": 12}`, "", TrafficJSONL},
		{"unknown keys are jsonl", `{"promt": "x"}`, "", TrafficJSONL},
		{"unknown keys, mooncake name", `{"ts": 1}`, "mooncake_trace.jsonl", TrafficMooncake},
		{"mooncake", `{"timestamp": 0, "input_length": 5, "output_length": 1, "hash_ids": [1]}`, "", TrafficMooncake},
		{"mooncake cut", `{"timestamp": 0, "input_le`, "", TrafficJSONL},
		{"mooncake cut, named", `{"timestamp": 0, "input_le`, "trace-mooncake.jsonl", TrafficMooncake},
		{"openai", `{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {}}`, "", TrafficOpenAIBatch},
		{"openai key order", `{"body": {"params": 1}, "custom_id": "a"}`, "", TrafficOpenAIBatch},
		{"anthropic document", "{\n  \"requests\": [", "batch.json", TrafficAnthropicBatch},
		{"anthropic lines", `{"custom_id": "a", "params": {"model": "m"}}`, "", TrafficAnthropicBatch},
		{"nested keys do not count", `{"x": {"hash_ids": 1, "prompt": "p"}}`, "", TrafficJSONL},
		{"keys in strings do not count", `{"note": "\"hash_ids\", \"custom_id\"", "prompt": "p"}`, "", TrafficJSONL},
		{"azure", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n", "", TrafficAzure},
		{"azure bom crlf", "\ufeffTIMESTAMP,ContextTokens,GeneratedTokens\r\n", "", TrafficAzure},
		{"burstgpt", "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n5,ChatGPT,1,2,3,API log\n", "", TrafficBurstGPT},
		{"burstgpt new", "Timestamp,Session ID,Model,Request tokens,Response tokens,Total tokens,Log Type,Elapsed time\n", "", TrafficBurstGPT},
		{"generic csv", "t,tokens\n1,2\n", "", TrafficCSV},
		{"generic csv, azure name", "time,in,out\n", "azure-2024.csv", TrafficAzure},
		{"one column", "hello\n", "", TrafficUnknown},
		{"one column csv name", "hello\n", "x.CSV", TrafficCSV},
		{"empty", "", "", TrafficUnknown},
		{"empty jsonl name", "  \n", `C:\data\log.jsonl`, TrafficJSONL},
		{"empty json name", "", "prompts.json", TrafficPrompts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, DetectTrafficFormat([]byte(tt.head), tt.file))
		})
	}
}

func TestParseTrafficFormat(t *testing.T) {
	for _, f := range TrafficFormats {
		got, ok := ParseTrafficFormat(" " + strings.ToUpper(string(f)))
		assert.True(t, ok)
		assert.Equal(t, f, got)
	}
	_, ok := ParseTrafficFormat("xml")
	assert.False(t, ok)
}

func TestTrafficTimes(t *testing.T) {
	wall := []struct {
		in   string
		want int64 // ns since 1970-01-01, or -1 for an error
	}{
		{"1970-01-01 00:00:00", 0},
		{"1970-01-01T00:00:01.5", 1_500_000_000},
		{"2000-03-01 00:00:00", 951868800 * 1e9},
		{"2024-02-29 12:00:00.123456789", 1709208000*1e9 + 123456789},
		{"2023-11-16 18:15:46.6805900", 1700158546*1e9 + 680590000},
		{"2023-11-16 18:15:46.6805900Z", 1700158546*1e9 + 680590000},
		{"2023-11-16 19:15:46.6805900+01:00", 1700158546*1e9 + 680590000},
		{"2023-11-16 17:15:46-01:00", 1700158546 * 1e9},
		{"2023-02-29 00:00:00", -1},
		{"2023-11-16 24:00:00", -1},
		{"2023-11-16 18:15:46.", -1},
		{"2023-11-16 18:15:46.1234567890", -1},
		{"1969-12-31 23:59:59", -1},
		{"2023-11-16", -1},
		{"2023-11-16 18:15:46 PST", -1},
		{"2023-1a-16 18:15:46", -1},
	}
	for _, w := range wall {
		got, ok := parseWallClock([]byte(w.in))
		if w.want < 0 {
			assert.False(t, ok, w.in)
			continue
		}
		assert.True(t, ok, w.in)
		assert.Equal(t, w.want, got, w.in)
	}
	dec := []struct {
		in    string
		scale int64
		want  int64
	}{
		{"0", 1e9, 0},
		{"12", 1e9, 12e9},
		{"1700000000.123", 1e9, 1700000000123000000},
		{"0.1", 1e9, 1e8},
		{"5.5005", 1e9, 5500500000},
		{"1.0000000019", 1e9, 1000000001},
		{"2.9999", 1e3, 2999},
		{"1400.7", 1e6, 1400700000},
		{"", 1e9, -1},
		{"-1", 1e9, -1},
		{"1e3", 1e9, -1},
		{"1.", 1e9, -1},
		{".5", 1e9, -1},
		{"1.2.3", 1e9, -1},
		{"9223372037", 1e9, -1},
		{"99999999999999999999", 1, -1},
	}
	for _, d := range dec {
		got, ok := parseDecimal([]byte(d.in), d.scale)
		if d.want < 0 {
			assert.False(t, ok, d.in)
			continue
		}
		assert.True(t, ok, d.in)
		assert.Equal(t, d.want, got, d.in)
	}
}

func TestTrafficErrors(t *testing.T) {
	tests := []struct {
		name   string
		format TrafficFormat
		opts   TrafficOptions
		in     string
		want   []string // FieldError texts, in order
		kind   error
	}{
		{"azure bad tokens", TrafficAzure, TrafficOptions{},
			"TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:47.0000000,x7,44\n",
			[]string{`$[1].ContextTokens (line 3, column 29): want a whole number of tokens, got "x7"`}, ErrInvalid},
		{"azure bad time", TrafficAzure, TrafficOptions{},
			"TIMESTAMP,ContextTokens,GeneratedTokens\n16/11/2023 18:15,374,44\n",
			[]string{`$[0].TIMESTAMP (line 2, column 1): want a date and time like 2023-11-16 18:15:46.6805900, got "16/11/2023 18:15"`}, ErrInvalid},
		{"azure missing column", TrafficAzure, TrafficOptions{},
			"TIMESTAMP,ContextToken,GeneratedTokens\n",
			[]string{`header.ContextTokens (line 1, column 1): no column "ContextTokens" in the header; did you mean "ContextToken"?`}, ErrRequired},
		{"azure short row", TrafficAzure, TrafficOptions{},
			"TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374\n",
			[]string{`$[0] (line 2, column 1): want at least 3 fields, got 2`}, ErrRequired},
		{"azure empty input cell", TrafficAzure, TrafficOptions{},
			"TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,,3\n",
			[]string{`$[0].ContextTokens (line 2, column 29): want a whole number of tokens, got an empty cell`}, ErrRequired},
		{"csv quote", TrafficAzure, TrafficOptions{},
			"TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,3\"4,44\n",
			[]string{`$[0] (line 2, column 30): a quote (") inside an unquoted field: quote the whole field and double the quotes in it ("")`}, ErrSyntax},
		{"empty file", TrafficAzure, TrafficOptions{}, "",
			[]string{`header (line 1, column 1): empty file: want a CSV header line`}, ErrRequired},
		{"header only", TrafficAzure, TrafficOptions{}, "TIMESTAMP,ContextTokens,GeneratedTokens\n",
			[]string{`$: no requests: the input holds no rows`}, ErrRequired},
		{"all skipped", TrafficAzure, TrafficOptions{}, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,0,1\n",
			[]string{`$: no requests: all 1 rows were skipped (no input tokens)`}, ErrRequired},
		{"burstgpt columns by name", TrafficBurstGPT, TrafficOptions{},
			"Model,Timestamp,Request tokens,Response tokens\nChatGPT,-5,3,4\n",
			[]string{`$[0].Timestamp (line 2, column 9): want a non-negative decimal number of seconds (like 12.5), got "-5"`}, ErrInvalid},
		{"csv mapping", TrafficCSV, TrafficOptions{CSV: CSVMapping{Time: "t"}}, "t\n1\n",
			[]string{`csv: map an input tokens column or a text column`, `csv.time_unit: the time column needs a unit: s, ms, us or timestamp`}, ErrRequired},
		{"csv bad unit", TrafficCSV, TrafficOptions{CSV: CSVMapping{Time: "t", TimeUnit: "h", InputTokens: "n"}}, "t,n\n1,2\n",
			[]string{`csv.time_unit: unknown time unit "h"; want s, ms, us or timestamp`}, ErrInvalid},
		{"csv missing columns", TrafficCSV, TrafficOptions{CSV: CSVMapping{InputTokens: "tokens", Text: "prompt text"}}, "a,b\n1,2\n",
			[]string{`header.tokens (line 1, column 1): no column "tokens" in the header; its columns are "a", "b"`,
				`header["prompt text"] (line 1, column 1): no column "prompt text" in the header; its columns are "a", "b"`}, ErrRequired},
		{"csv duplicate id", TrafficCSV, TrafficOptions{CSV: CSVMapping{ID: "id", InputTokens: "n"}}, "id,n\na,1\nb,2\na,3\n",
			[]string{`$[2].id (line 4, column 1): request id "a" is already used by $[0]`}, ErrDuplicate},
		{"mooncake", TrafficMooncake, TrafficOptions{},
			"{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 1}\n  {\"timestamp\": \"0\", \"input_length\": -5, \"hash_ids\": [1, \"a\"]}\n[1]\n{\"timestamp\": 1,\n",
			[]string{
				`$[1].hash_ids[1] (line 2, column 58): want an integer hash id, got a string`,
				`$[1].timestamp (line 2, column 17): want a non-negative number of milliseconds, got "0"`,
				`$[1].input_length (line 2, column 38): want a non-negative integer number of tokens, got -5`,
				`$[1].output_length (line 2, column 3): missing token count`,
				`$[2] (line 3, column 1): want an object {timestamp, input_length, output_length, hash_ids}, got an array`,
				`$[3] (line 4, column 17): unexpected end of JSON input`,
			}, ErrSyntax},
		{"openai", TrafficOpenAIBatch, TrafficOptions{},
			`{"custom_id": "a", "method": "GET", "url": "/v1/chat/completions", "body": {"model": 4, "messages": [{"content": 5}], "max_tokens": -1}}` + "\n" +
				`{"custom_id": "a", "url": "/v1/chat/completions", "body": {"messages": []}}` + "\n" +
				`{"url": "/v1/chat/completions", "body": {"messages": "hi"}}` + "\n" +
				`{"custom_id": "c", "body": {}}`,
			[]string{
				`$[0].method (line 1, column 30): want "POST", got "GET"`,
				`$[0].body.model (line 1, column 86): want a model name, got the number 4`,
				`$[0].body.max_tokens (line 1, column 133): want a non-negative integer number of tokens, got -1`,
				`$[0].body.messages[0].content (line 1, column 114): want a string or a list of parts, got the number 5`,
				`$[0].body.messages (line 1, column 101): no text in the messages`,
				`$[1].custom_id (line 2, column 15): request id "a" is already used by $[0]`,
				`$[1].body.messages (line 2, column 72): no text in the messages`,
				`$[2].custom_id (line 3, column 1): want a non-empty string request id, got nothing`,
				`$[2].body.messages (line 3, column 54): want an array of messages, got a string`,
				`$[3].url (line 4, column 1): want the endpoint, like "/v1/chat/completions", got nothing`,
				`$[3].body.messages (line 4, column 28): want an array of messages, got nothing`,
			}, ErrInvalid},
		{"anthropic document", TrafficAnthropicBatch, TrafficOptions{},
			"{\"requests\": [\n {\"custom_id\": \"a\", \"params\": {\"messages\": [{\"content\": \"hi\"}], \"system\": [{\"text\": 1}]}},\n {\"custom_id\": \"b\"}\n]}",
			[]string{
				`$.requests[0].params.system[0].text (line 2, column 85): want a string, got the number 1`,
				`$.requests[1].params (line 3, column 2): want an object with model and messages, got nothing`,
			}, ErrType},
		{"anthropic not requests", TrafficAnthropicBatch, TrafficOptions{}, "{\n\"reqs\": []}",
			[]string{`$.requests (line 1, column 1): want {"requests": [ … ]}, got an object`}, ErrType},
		{"anthropic syntax", TrafficAnthropicBatch, TrafficOptions{}, "{\"requests\": [\n{]}",
			[]string{`$ (line 2, column 2): invalid character ']' looking for beginning of object key string`}, ErrSyntax},
		{"jsonl", TrafficJSONL, TrafficOptions{},
			"{\"promt\": \"x\", \"input_tokens\": 5}\n{\"prompt\": \"  \"}\n{\"created_at_ms\": 1.5, \"token_count\": 3, \"input_tokens\": 4}\n{\"user_id\": true, \"xyzzy\": 1}\n{\"request_id\": \"a\", \"prompt\": \"p\"}\n{\"request_id\": \"a\", \"prompt\": \"q\"}\n7\n",
			[]string{
				`$[0].promt (line 1, column 11): unknown field; did you mean "prompt"?`,
				`$[1].prompt (line 2, column 1): want a prompt with more than white space`,
				`$[2].created_at_ms (line 3, column 19): want a non-negative integer number of milliseconds (at most 9007199254740991), got 1.5`,
				`$[2].token_count (line 3, column 39): token_count 3 disagrees with input_tokens 4 (they are the same field)`,
				`$[3].user_id (line 4, column 13): want a string or a number, got a boolean`,
				`$[3].xyzzy (line 4, column 28): unknown field`,
				`$[3].prompt (line 4, column 1): want a prompt (or shortened_query) or input_tokens`,
				`$[5].request_id (line 6, column 1): request id "a" is already used by $[4]`,
				`$[6] (line 7, column 1): want a prompt object or a prompt string, got the number 7`,
			}, ErrUnknownField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTraffic([]byte(tt.in), tt.format, tt.opts)
			require.Error(t, err)
			assert.Nil(t, got)
			var texts []string
			for _, fe := range FieldErrors(err) {
				texts = append(texts, fe.Error())
			}
			assert.Equal(t, tt.want, texts)
			assert.True(t, errors.Is(err, tt.kind), "want %v in %v", tt.kind, err)
			assert.Equal(t, EINVALID, ErrorCode(err))
		})
	}
}

func TestTrafficLimits(t *testing.T) {
	in := "TIMESTAMP,ContextTokens,GeneratedTokens\n" + strings.Repeat("2023-11-16 18:15:46.6805900,374,44\n", 5)
	_, err := ParseTraffic([]byte(in), TrafficAzure, TrafficOptions{MaxRows: 5})
	require.NoError(t, err)
	_, err = ParseTraffic([]byte(in), TrafficAzure, TrafficOptions{MaxRows: 4})
	require.ErrorIs(t, err, ErrTooLarge)
	assert.Equal(t, ETOOLARGE, ErrorCode(err))
	assert.Equal(t, "$ (line 6, column 1): more than 4 rows: the limit is 4 rows; cut the file (or raise the limit)", err.Error())

	lines := strings.Repeat(`{"timestamp": 1, "input_length": 2, "output_length": 3}`+"\n", 3)
	_, err = ParseTraffic([]byte(lines), TrafficMooncake, TrafficOptions{MaxRows: 2})
	require.ErrorIs(t, err, ErrTooLarge)
	doc := `{"requests": [` + strings.TrimSuffix(strings.Repeat(`{"custom_id": "x", "params": {"messages": [{"content": "hi"}]}},`, 3), ",") + `]}`
	_, err = ParseTraffic([]byte(doc), TrafficAnthropicBatch, TrafficOptions{MaxRows: 2})
	require.ErrorIs(t, err, ErrTooLarge)

	// More bad rows than MaxErrors: the rest are counted.
	bad := "TIMESTAMP,ContextTokens,GeneratedTokens\n" + strings.Repeat("x,1,1\n", MaxErrors+5)
	_, err = ParseTraffic([]byte(bad), TrafficAzure, TrafficOptions{})
	assert.Len(t, FieldErrors(err), MaxErrors)
	assert.Contains(t, err.Error(), "… and 5 more errors")
}

func TestParseTrafficUnsupported(t *testing.T) {
	_, err := ParseTraffic([]byte(`["a"]`), TrafficPrompts, TrafficOptions{})
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = ParseTraffic([]byte(`x`), "xml", TrafficOptions{})
	assert.ErrorContains(t, err, `unknown traffic format "xml"; want one of prompts, jsonl, azure`)
}

func TestTrafficAnthropicLines(t *testing.T) {
	in := `{"custom_id": "a", "params": {"model": "m", "messages": [{"role": "user", "content": "hi"}]}}` + "\n" +
		`{"custom_id": "b", "params": {"messages": [{"role": "user", "content": "yo"}], "max_tokens": 9}}`
	require.Equal(t, TrafficAnthropicBatch, DetectTrafficFormat([]byte(in), ""))
	got, err := ParseTraffic([]byte(in), TrafficAnthropicBatch, TrafficOptions{})
	require.NoError(t, err)
	assert.Equal(t, []TrafficRecord{{Line: 1, ID: "a", Text: "hi", Model: "m"}, {Line: 2, ID: "b", Text: "yo", MaxOutputTokens: 9}}, got.Records)
	one, err := ParseTraffic([]byte(strings.SplitN(in, "\n", 2)[0]), TrafficAnthropicBatch, TrafficOptions{})
	require.NoError(t, err)
	assert.Len(t, one.Records, 1)
}

func TestCSVScanner(t *testing.T) {
	type rec struct {
		fields []string
		lines  []int
		cols   []int
		err    string
	}
	in := "a,b\r\n\r\n\n\"x, \"\"y\"\"\nz\",,\n1,2\"3,4\n5,\"6\"7\n8,\"9\n"
	want := []rec{
		{fields: []string{"a", "b"}, lines: []int{1, 1}, cols: []int{1, 3}},
		{fields: []string{"x, \"y\"\nz", "", ""}, lines: []int{4, 5, 5}, cols: []int{1, 4, 5}},
		{err: `line 6, column 4: a quote (") inside an unquoted field: quote the whole field and double the quotes in it ("")`},
		{err: `line 7, column 6: a closing quote (") must end the field: want a comma or a line break after it`},
		{err: `line 8, column 3: a quoted field is never closed (no matching ")`},
	}
	sc := newCSVScanner([]byte(in))
	var got []rec
	for {
		ok, err := sc.next()
		if !ok {
			break
		}
		if err != nil {
			got = append(got, rec{err: fmt.Sprintf("line %d, column %d: %s", err.line, err.col, err.msg)})
			continue
		}
		r := rec{lines: slices.Clone(sc.lines), cols: slices.Clone(sc.cols)}
		for _, f := range sc.fields {
			r.fields = append(r.fields, string(f))
		}
		got = append(got, r)
	}
	assert.Equal(t, want, got)
}

func TestSuggestName(t *testing.T) {
	s, ok := suggestName("promt", promptKeys)
	assert.True(t, ok)
	assert.Equal(t, "prompt", s)
	s, ok = suggestName("INPUT_TOKEN", promptKeys)
	assert.True(t, ok)
	assert.Equal(t, "input_tokens", s)
	_, ok = suggestName("ab", []string{"xy"})
	assert.False(t, ok)
	_, ok = suggestName("analysis_json", promptKeys)
	assert.False(t, ok)
}
