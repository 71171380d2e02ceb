package core

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// csvRecords scans every record of sc as text: fields with their lines and
// columns, or the syntax error with its line and column.
func csvRecords(sc *csvScanner) []string {
	var out []string
	for {
		ok, err := sc.next()
		if !ok {
			return out
		}
		if err != nil {
			out = append(out, fmt.Sprintf("error at %d:%d: %s", err.line, err.col, err.msg))
			continue
		}
		out = append(out, fmt.Sprintf("%q at lines %v, columns %v", sc.fields, sc.lines, sc.cols))
	}
}

var csvReaderSeeds = []string{
	"a,b\r\n\r\n\n\"x, \"\"y\"\"\nz\",,\n1,2\"3,4\n5,\"6\"7\n8,\"9\n",
	"\ufeffTIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:15:46.6805900,1,2\r",
	"a\r", "\"a\"\r", "\"a\r\nb\"\r\n", "\"never closed\nx,y\n", "", "\n\n", "\ufeff", "\xef\xbb",
	"x,\"a very long quoted field that spans more than one buffer of the reader\",y\nz\n",
}

// TestCSVReader: an incremental scanner gives the records, lines, columns
// and errors of a scanner of the whole input, however the input is cut.
func TestCSVReader(t *testing.T) {
	for _, in := range csvReaderSeeds {
		want := csvRecords(newCSVScanner(bytes.TrimPrefix([]byte(in), bom)))
		for _, size := range []int{1, 2, 3, 7, 64, 1 << 10} {
			got := csvRecords(newCSVReader(iotest.OneByteReader(bytes.NewReader([]byte(in))), size))
			require.Equal(t, want, got, "%q read %d bytes at a time", in, size)
			got = csvRecords(newCSVReader(iotest.HalfReader(bytes.NewReader([]byte(in))), size))
			require.Equal(t, want, got, "%q, half reads, buffer of %d", in, size)
		}
	}
}

func TestCSVReaderErrors(t *testing.T) {
	sc := newCSVReader(iotest.ErrReader(fmt.Errorf("disk on fire")), 16)
	ok, _ := sc.next()
	assert.False(t, ok)
	assert.EqualError(t, sc.readErr, "disk on fire")

	s := DefaultScenario()
	_, err := s.StreamTrace(iotest.TimeoutReader(bytes.NewReader([]byte("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,1,2\n"))), StreamOptions{Format: TrafficAzure})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "reading the input: timeout")
	require.NotEmpty(t, FieldErrors(err))
}

// FuzzCSVReader checks TestCSVReader's property on any input.
func FuzzCSVReader(f *testing.F) {
	for _, s := range csvReaderSeeds {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, size uint8) {
		want := csvRecords(newCSVScanner(bytes.TrimPrefix(data, bom)))
		got := csvRecords(newCSVReader(iotest.OneByteReader(bytes.NewReader(data)), 1+int(size)%64))
		if !assert.Equal(t, want, got) {
			t.FailNow()
		}
	})
}

// FuzzStreamAzure: StreamTrace, reading the input a byte at a time, fails
// exactly as ImportTraffic does, with the same messages (lines and
// columns included), and otherwise reports the same input and computes
// the metrics Simulate computes.
func FuzzStreamAzure(f *testing.F) {
	f.Add([]byte("TIMESTAMP,ContextTokens,GeneratedTokens\n2024-05-10 00:00:00.009930+00:00,3,4\n2024-05-09 23:59:59Z,1,0\n"))
	f.Add([]byte("GeneratedTokens,TIMESTAMP,ContextTokens,x\n1,\"2023-11-16 18:15:46\",2,\"a\nb\"\n"))
	f.Add([]byte("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,abc,3\n2023-11-16 18:15:46.68,0,3\n"))
	f.Add([]byte("TIMESTAMP,ContextTokens\n2023-11-16 18:15:46,0\n"))
	f.Add([]byte("TIMESTAMP\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		requireStreamAsWhole(t, data, TrafficAzure, nil)
	})
}

// requireStreamAsWhole: StreamTrace on data in format, read a byte at a
// time with the default scenario, fails exactly as ImportTraffic does,
// with the same messages (lines and columns included), or reports the
// same input and computes the metrics Simulate computes. refused, when
// not nil, tells an error only a streamed run gives (nothing more is then
// checked).
func requireStreamAsWhole(t *testing.T, data []byte, format TrafficFormat, refused func(error) bool) {
	s := DefaultScenario()
	got, gotErr := s.StreamTrace(iotest.OneByteReader(bytes.NewReader(data)), StreamOptions{Format: format, Window: 1 << 20})
	if gotErr != nil && refused != nil && refused(gotErr) {
		return
	}
	imp, err := ImportTraffic(data, "", format, TrafficOptions{})
	if len(bytes.TrimSpace(data)) == 0 {
		require.Error(t, gotErr)
		return
	}
	if err != nil {
		require.Error(t, gotErr)
		require.Equal(t, err.Error(), gotErr.Error())
		checkTrafficError(t, data, gotErr)
		return
	}
	require.NoError(t, gotErr)
	require.Equal(t, *imp.Report, got.Input)
	s.Prompts = imp.Prompts
	want, err := Simulate(&s, Options{PromptsPath: "$"})
	require.NoError(t, err)
	require.Equal(t, want.Metrics, got.Metrics)
	require.Equal(t, want.Dispatch.Metrics, got.Dispatch.Metrics)
}

// jsonlLines reads every line of sc as text: its number, where it starts
// in the input, and the line.
func jsonlLines(sc *jsonlScanner) []string {
	var out []string
	for {
		line, ok := sc.next()
		if !ok {
			return out
		}
		out = append(out, fmt.Sprintf("%d@%d %q", sc.line, sc.offset(), line))
	}
}

var jsonlReaderSeeds = []string{
	"{\"a\": 1}\n\n  \r\n{\"b\": [1,\n2]}\r\n\"x\"", "\n", "", "\ufeff", "\xef\xbb", "\ufeff{}\n{}\n",
	"x\ny\n", "{\"timestamp\": 1, \"input_length\": 2, \"output_length\": 3, \"hash_ids\": [1, 2, 3, 4, 5, 6, 7, 8]}\n{}",
}

// TestJSONLReader: an incremental scanner gives the lines, numbers and
// offsets of a scanner of the whole input, however the input is cut and
// however small its buffer.
func TestJSONLReader(t *testing.T) {
	for _, in := range jsonlReaderSeeds {
		want := jsonlLines(newJSONLScanner([]byte(in)))
		for _, size := range []int{1, 2, 3, 7, 64, 1 << 10} {
			got := jsonlLines(newJSONLReader(iotest.OneByteReader(bytes.NewReader([]byte(in))), size))
			require.Equal(t, want, got, "%q read a byte at a time, buffer of %d", in, size)
			got = jsonlLines(newJSONLReader(iotest.HalfReader(bytes.NewReader([]byte(in))), size))
			require.Equal(t, want, got, "%q, half reads, buffer of %d", in, size)
		}
	}
}

// FuzzJSONLReader checks TestJSONLReader's property on any input.
func FuzzJSONLReader(f *testing.F) {
	for _, s := range jsonlReaderSeeds {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, size uint8) {
		want := jsonlLines(newJSONLScanner(data))
		got := jsonlLines(newJSONLReader(iotest.OneByteReader(bytes.NewReader(data)), 1+int(size)%64))
		if !assert.Equal(t, want, got) {
			t.FailNow()
		}
	})
}

// FuzzStreamJSONL: StreamTrace on Mooncake or JSON Lines, reading the
// input a byte at a time, either refuses what a streamed run cannot do
// (prompt text, request ids, arrivals on some rows only: errors that say
// "a streamed run", with a line) or fails exactly as ImportTraffic does,
// with the same messages, or reports the same input and computes the
// metrics Simulate computes.
func FuzzStreamJSONL(f *testing.F) {
	f.Add([]byte(`{"timestamp": 3, "input_length": 600, "output_length": 1, "hash_ids": [7, 8]}`+"\n"+`{"timestamp": 1.5, "input_length": 513, "output_length": 2, "hash_ids": [7, 8, 9]}`), true)
	f.Add([]byte(`{"timestamp": 1, "input_length": 0, "output_length": 0, "hash_ids": null}`+"\n\n"+`{"timestamp": 1, "input_length": "x"}`), true)
	f.Add([]byte(`{"created_at_ms": 3, "input_tokens": 2, "token_count": 2, "output_tokens": 0}`+"\r\n"+`{"created_at_ms": 1, "input_tokens": 7, "selected_model": "gpt-4o-mini", "user_id": -3}`), false)
	f.Add([]byte(`{"input_tokens": 1}`+"\n"+`{"input_tokens": 2, "output_tokens": 9}`), false)
	f.Add([]byte(`{"request_id": "a", "prompt": "p", "input_tokens": 2}`+"\n"+`"x"`+"\n"+`{"created_at_ms": 1, "input_tokens": 1}`), false)
	f.Add([]byte("\ufeff{\"input_tokens\": 1, \"promt\": 2}\n{\"input_tokens\": 1"), false)
	f.Fuzz(func(t *testing.T, data []byte, mooncake bool) {
		format := TrafficJSONL
		if mooncake {
			format = TrafficMooncake
		}
		requireStreamAsWhole(t, data, format, func(err error) bool {
			if !strings.Contains(err.Error(), "a streamed run") {
				return false
			}
			for _, fe := range FieldErrors(err) {
				if strings.Contains(fe.Error(), "a streamed run") && fe.Line < 1 {
					t.Fatalf("%v: no line", fe)
				}
			}
			return true
		})
	})
}
