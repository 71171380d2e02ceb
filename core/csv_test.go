package core

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCSVFieldsAsEncodingCSV checks that rows of appendCSVField fields
// are what encoding/csv's Writer writes, for fields of every kind.
func TestCSVFieldsAsEncodingCSV(t *testing.T) {
	pieces := []string{"", "a", "r17", `\.`, " ", "\t", "\u00a0", "\u0085", "\x85", ",", `"`, "\r", "\n", "é", "東京", "x y"}
	rng := rand.New(rand.NewPCG(9, 9))
	for range 2000 {
		row := make([]string, 1+rng.IntN(4))
		for i := range row {
			var f strings.Builder
			for range rng.IntN(3) {
				f.WriteString(pieces[rng.IntN(len(pieces))])
			}
			row[i] = f.String()
		}
		var want bytes.Buffer
		cw := csv.NewWriter(&want)
		require.NoError(t, cw.Write(row))
		cw.Flush()
		var got []byte
		for i, f := range row {
			got = appendCSVField(got, i, f)
		}
		require.Equal(t, want.String(), string(got)+"\n", "%q", row)
	}
}

// TestWriteCSVInBlocks: many rows formatted in blocks by two goroutines
// are the rows one goroutine writes, rejected requests and dispatch
// outcomes included; a failing writer's error comes back.
func TestWriteCSVInBlocks(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"version": 1, "shared_prompt_tokens": 400, "catalog": {"replace": true, "models": [{"name": "edge",
		"provider": "self-hosted", "cost_tier": "low", "latency_tier": "low", "context_tokens": 2048, "strengths": {"general": 3}}]}, "prompts": [`)
	for i := range 6*csvBlock + 17 {
		if i > 0 {
			b.WriteString(",\n")
		}
		long := ""
		if i%97 == 0 { // beyond the context left by the shared prompt: rejected
			long = strings.Repeat(" long", 1200)
		}
		fmt.Fprintf(&b, `{"prompt":"write a poem, \"number\" %d%s","created_at_ms":%d}`, i, long, i*1000)
	}
	b.WriteString("]}")
	sc, err := DecodeScenario([]byte(b.String()))
	require.NoError(t, err)
	res, err := Simulate(sc, Options{})
	require.NoError(t, err)
	require.NotNil(t, res.Dispatch)
	require.NotEmpty(t, res.Rejected)
	require.Less(t, len(res.Rejected), len(res.Requests))
	var one, two bytes.Buffer
	require.NoError(t, res.writeCSV(&one, false, nil))
	require.NoError(t, res.writeCSV(&two, true, nil))
	require.Equal(t, 6*csvBlock+17+1, strings.Count(one.String(), "\n"))
	require.Equal(t, one.String(), two.String())
	require.EqualError(t, res.writeCSV(failingWriter{}, true, nil), "disk full")

	// The rows' heads formatted ahead, while a dispatch runs, for every
	// block, some or none.
	var never atomic.Bool
	heads := res.formatHeads(&never)
	require.Len(t, heads, 7)
	for _, k := range []int{0, 1, 3, 7} {
		for _, parallel := range []bool{false, true} {
			var got bytes.Buffer
			require.NoError(t, res.writeRows(&got, parallel, heads[:k]))
			require.Equal(t, one.String(), got.String(), "%d blocks ahead, parallel %v", k, parallel)
		}
	}
	dispatched := func() error { return nil }
	for _, parallel := range []bool{false, true} {
		var got bytes.Buffer
		require.NoError(t, res.writeCSV(&got, parallel, dispatched))
		require.Equal(t, one.String(), got.String())
	}
	var nothing bytes.Buffer
	require.EqualError(t, res.WriteCSVDispatched(&nothing, func() error { return errors.New("dispatch failed") }), "dispatch failed")
	require.Zero(t, nothing.Len())
}
