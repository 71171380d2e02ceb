package core

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// genTrace writes a token-only trace of n rows in format (Azure,
// BurstGPT, CSV, Mooncake or JSON Lines, with arrivals or, for CSV and
// JSON Lines, without when not timed): times mostly in order with some
// rows a little out of order, a few rows without input tokens (but JSON
// Lines, where that is an error), a few requests too long for any context
// window.
func genTrace(rng *rand.Rand, format TrafficFormat, n int, timed bool) []byte {
	var b bytes.Buffer
	switch {
	case format == TrafficAzure:
		b.WriteString("TIMESTAMP,ContextTokens,GeneratedTokens\n")
	case format == TrafficBurstGPT:
		b.WriteString("Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n")
	case format == TrafficMooncake, format == TrafficJSONL:
	case timed:
		b.WriteString("t,in,out\n")
	default:
		b.WriteString("in,out\n")
	}
	ns := int64(1_700_150_146_680_590_000)
	times := make([]int64, n)
	gap := []int64{3e5, 1e6, 40e6, 400e6, 3e9}[rng.IntN(5)]
	for i := range times {
		ns += rng.Int64N(gap)
		times[i] = ns
	}
	for i := 0; i+1 < n; i++ { // local disorder
		if rng.IntN(10) == 0 {
			times[i], times[i+1] = times[i+1], times[i]
		}
	}
	for i := range n {
		in := 1 + rng.IntN(3000)
		switch rng.IntN(40) {
		case 0:
			in = 0
		case 1:
			in = 150_000 + rng.IntN(100_000)
		case 2:
			in = 20_000 + rng.IntN(10_000)
		}
		out := rng.IntN(900)
		if rng.IntN(20) == 0 {
			out = 0
		}
		t := times[i]
		switch {
		case format == TrafficAzure:
			fmt.Fprintf(&b, "%s,%d,%d\n", appendWallClock(nil, t), in, out)
		case format == TrafficBurstGPT:
			model := []string{"ChatGPT", "GPT-4", "llama"}[rng.IntN(3)]
			fmt.Fprintf(&b, "%d.%03d,%s,%d,%d,%d,Conversation log\n", (t-1_700_000_000e9)/1e9, t/1e6%1000, model, in, out, in+out)
		case format == TrafficMooncake:
			ids := []string{``, `, "hash_ids": null`, `, "hash_ids": [1, 2, 3]`, `, "hash_ids": [` + strconv.Itoa(i) + `]`}[rng.IntN(4)]
			fmt.Fprintf(&b, `{"timestamp": %d.%06d, "input_length": %d, "output_length": %d%s}`+"\n", (t-1_700_150_000e9)/1e6, t%1e6, in, out, ids)
		case format == TrafficJSONL:
			fields := []string{`"input_tokens": ` + strconv.Itoa(max(in, 1))}
			if timed {
				fields = append(fields, `"created_at_ms": `+strconv.FormatInt(t/1e6-1_700_000_000_000, 10))
			}
			if rng.IntN(8) > 0 {
				fields = append(fields, `"output_tokens": `+strconv.Itoa(out))
			}
			if m := rng.IntN(5); m < 3 {
				fields = append(fields, `"selected_model": "`+[]string{"ChatGPT", "gpt-4o-mini", "llama"}[m]+`"`)
			}
			if rng.IntN(4) == 0 {
				fields = append(fields, `"user_id": `+strconv.Itoa(rng.IntN(9)))
			}
			rng.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
			b.WriteString("{" + strings.Join(fields, ", ") + "}" + []string{"\n", "\r\n", "\n\n"}[rng.IntN(3)])
		case timed:
			fmt.Fprintf(&b, "%d.%06d,%d,%d\n", (t-1_700_000_000e9)/1e9, t/1e3%1e6, in, out)
		default:
			fmt.Fprintf(&b, "%d,%d\n", in, out)
		}
	}
	return b.Bytes()
}

// genStreamScenario returns a scenario document of random settings that a
// streamed run accepts.
func genStreamScenario(rng *rand.Rand) string {
	pick := func(v ...string) string { return v[rng.IntN(len(v))] }
	parts := []string{
		`"version":1,"seed":` + strconv.Itoa(1+rng.IntN(1000)),
		`"policy":{"base_wait_ms":` + pick("0", "20", "80", "500", "5000") + `,"max_wait_ms":` + pick("100", "1000", "10000") + `,"max_batch_size":` + pick("1", "2", "8", "32") +
			`,"max_batch_tokens":` + pick("2000", "8000", "50000") + `,"model_tuning":` + pick("true", "false") + `}`,
		`"shared_prompt_tokens":` + pick("0", "0", "500"),
		`"arrivals":{"process":"` + pick("fixed", "poisson", "burst") + `"}`,
		`"traffic":{"first_n":` + pick("0", "0", "300") + `,"from_ms":` + pick("0", "0", "2000") + `,"to_ms":` + pick("0", "0", "900000") +
			`,"drop_failed":` + pick("false", "true") + `,"sample":` + pick("1", "1", "0.6") + `,"rate_scale":` + pick("1", "1", "2.5", "0.5") +
			`,"latency_tolerance":"` + pick("low", "medium", "high") + `","model":"` + pick("", "", "gpt-4o-mini") + `"}`,
	}
	if rng.IntN(4) == 0 {
		parts = append(parts, `"dispatch":{"enabled":false}`)
	} else {
		parts = append(parts, `"dispatch":{"slots":"`+pick("model", "global")+`","concurrency":`+pick("1", "3", "50")+
			`,"max_retries":`+pick("0", "3")+`,"stop_on_exhaustion":`+pick("true", "false")+`,"baseline":`+pick("true", "false")+
			`,"semantics":"`+pick("batchlab", "smelt")+`","batch_api":`+pick("true", "false")+
			`,"failures":{"rate_limit":`+pick("0", "0.05", "0.3")+`,"server_error":`+pick("0", "0.02")+`,"timeout":`+pick("0", "0.01")+
			`,"client_error":`+pick("0", "0", "0.001")+`,"parse_per_row":`+pick("0", "0.01")+`}`+
			pick("", "", `,"script":[{"batch":2,"attempt":0,"failure":"rate_limit"},{"call":5,"failure":"server_error"}]`)+`}`)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// TestStreamEqualsSimulate is the property: for generated traces and
// scenarios, a streamed run's metrics are exactly those of Simulate on the
// imported trace, and its report of the input is ParseTraffic's.
func TestStreamEqualsSimulate(t *testing.T) {
	runs := 150
	if testing.Short() {
		runs = 30
	}
	formats := []TrafficFormat{TrafficAzure, TrafficBurstGPT, TrafficCSV, TrafficCSV, TrafficMooncake, TrafficJSONL, TrafficJSONL}
	for i := range runs {
		rng := rand.New(rand.NewPCG(uint64(i), 99))
		format := formats[i%len(formats)]
		timed := i%4 != 3
		data := genTrace(rng, format, 1+rng.IntN(2500), timed)
		doc := genStreamScenario(rng)
		var mapping CSVMapping
		if format == TrafficCSV {
			mapping = CSVMapping{InputTokens: "in", OutputTokens: "out"}
			if timed {
				mapping.Time, mapping.TimeUnit = "t", TimeSeconds
			}
		}
		name := fmt.Sprintf("%d %s %s", i, format, doc)

		s, err := DecodeScenario([]byte(doc))
		require.NoError(t, err, name)
		imp, err := ImportTraffic(data, "dir/trace", format, TrafficOptions{CSV: mapping})
		require.NoError(t, err, name)
		s.Prompts, s.Traffic.Source = imp.Prompts, imp.Source
		want, err := Simulate(s, Options{PromptsPath: "$"})
		require.NoError(t, err, name)

		s, err = DecodeScenario([]byte(doc))
		require.NoError(t, err, name)
		got, err := s.StreamTrace(bytes.NewReader(data), StreamOptions{Format: format, CSV: mapping, FileName: "dir/trace", Window: 64, chunk: 1 + rng.IntN(300)})
		require.NoError(t, err, name)

		assert.Equal(t, *imp.Report, got.Input, name)
		require.Equal(t, want.Metrics, got.Metrics, name)
		assert.Equal(t, want.Traffic, got.Traffic, name)
		assert.Equal(t, want.Warnings, got.Warnings, name)
		if want.Dispatch == nil {
			assert.Nil(t, got.Dispatch, name)
			continue
		}
		require.NotNil(t, got.Dispatch, name)
		assert.Equal(t, want.Dispatch.Job, got.Dispatch.Job, name)
		assert.Equal(t, want.Dispatch.Pools, got.Dispatch.Pools, name)
		require.Equal(t, want.Dispatch.Metrics, got.Dispatch.Metrics, name)
		assert.Equal(t, want.Dispatch.Baseline, got.Dispatch.Baseline, name)
		assert.Equal(t, want.Dispatch.Saving, got.Dispatch.Saving, name)
	}
}

func TestCivilFromDays(t *testing.T) {
	for _, z := range []int64{0, 59, 60, 365, 10_000, 19_853, 47_482, 84_000} {
		y, m, d := civilFromDays(z)
		require.Equal(t, z, daysFromCivil(y, m, d), "day %d → %d-%d-%d", z, y, m, d)
	}
	assert.Equal(t, "2024-05-10 00:00:01.1234567", string(appendWallClock(nil, daysFromCivil(2024, 5, 10)*86400e9+1_123_456_789)))
}

func TestWriteSyntheticAzure(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, WriteSyntheticAzure(&a, 1000, 3))
	require.NoError(t, WriteSyntheticAzure(&b, 1000, 3))
	require.Equal(t, a.Bytes(), b.Bytes(), "deterministic")
	tr, err := ParseTraffic(a.Bytes(), TrafficAzure, TrafficOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1000, tr.Report.Records)
	assert.False(t, tr.Report.Sorted)
	assert.InDelta(t, 22_400, tr.Report.LastMs, 3_000, "about 45 rows a second")
}

func TestWriteSyntheticMooncake(t *testing.T) {
	var a, b, az bytes.Buffer
	require.NoError(t, WriteSyntheticMooncake(&a, 1000, 3))
	require.NoError(t, WriteSyntheticMooncake(&b, 1000, 3))
	require.Equal(t, a.Bytes(), b.Bytes(), "deterministic")
	tr, err := ParseTraffic(a.Bytes(), TrafficMooncake, TrafficOptions{})
	require.NoError(t, err)
	require.NoError(t, WriteSyntheticAzure(&az, 1000, 3))
	want, err := ParseTraffic(az.Bytes(), TrafficAzure, TrafficOptions{})
	require.NoError(t, err)
	require.Len(t, tr.Records, 1000)
	shared := 0
	for i, r := range tr.Records {
		w := want.Records[i]
		assert.Equal(t, []int{w.InputTokens, w.OutputTokens}, []int{r.InputTokens, r.OutputTokens}, "the Azure trace's requests")
		assert.InDelta(t, w.ArrivalMs, r.ArrivalMs, 1)
		if r.SharedPrefixTokens > 0 {
			shared++
		}
	}
	assert.InDelta(t, 500, shared, 60, "about half share a prefix")
}

// TestStreamOrder: rows out of order within the window are sorted as a
// whole run sorts them; a row earlier than one already simulated, or than
// the first window's earliest, is an error naming its line.
func TestStreamOrder(t *testing.T) {
	head := "t,in,out\n"
	run := func(rows string, window int) (*StreamResult, error) {
		s := DefaultScenario()
		return s.StreamTrace(strings.NewReader(head+rows), StreamOptions{Format: TrafficCSV, Window: window,
			CSV: CSVMapping{Time: "t", TimeUnit: TimeMillis, InputTokens: "in", OutputTokens: "out"}})
	}
	res, err := run("10,1,1\n5,1,1\n20,1,1\n15.5,1,1\n30,1,1\n", 2)
	require.NoError(t, err)
	assert.True(t, res.Input.Sorted)
	assert.Equal(t, int64(0), res.Input.FirstMs)
	assert.Equal(t, int64(25), res.Input.LastMs)
	assert.Equal(t, "5", res.Input.Origin)

	_, err = run("10,1,1\n11,1,1\n12,1,1\n13,1,1\n9,1,1\n", 2)
	require.Error(t, err)
	fes := FieldErrors(err)
	require.Len(t, fes, 1)
	assert.Equal(t, 6, fes[0].Line)
	assert.Contains(t, err.Error(), "arrives before the first rows, already simulated: the input is out of time order by more than the window of 2 rows")

	_, err = run("10,1,1\n11,1,1\n12,1,1\n13,1,1\n14,1,1\n11.5,1,1\n", 2)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 7")
	assert.Contains(t, err.Error(), "arrives at 1 ms, before 2 ms")
}

// TestStreamJSONLRefuses: what a streamed run cannot do with JSON Lines is
// an error naming the row's field, line and column.
func TestStreamJSONLRefuses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"input_tokens": 3}` + "\n" + `{"input_tokens": 3, "prompt": "hi"}`, `$[1].prompt (line 2, column 31): a streamed run reads token-only traces`},
		{`{"shortened_query": "hi", "input_tokens": 3}`, `$[0].shortened_query (line 1, column 21): a streamed run reads token-only traces`},
		{"\n" + `"hi"`, `$[0] (line 2, column 1): a streamed run reads token-only traces`},
		{`{"input_tokens": 3, "request_id": "a"}`, `$[0].request_id (line 1, column 35): a streamed run keeps no request ids`},
		{`{"input_tokens": 3}` + "\n\n" + `{"input_tokens": 3, "created_at_ms": 5}`, `$[1].created_at_ms (line 3, column 1): this row has one while the rows before had none: a streamed run needs an arrival on every row or on none`},
		{`{"input_tokens": 3, "created_at_ms": 5}` + "\n" + `{"input_tokens": 3}`, `$[1].created_at_ms (line 2, column 1): this row has none while the rows before had one`},
	} {
		s := DefaultScenario()
		_, err := s.StreamTrace(strings.NewReader(c.in), StreamOptions{Format: TrafficJSONL})
		require.Error(t, err, c.in)
		assert.Contains(t, err.Error(), c.want)
	}
}
