package share

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
)

// viaTree is the canonical form the way it was first written: decode into
// an interface{} tree (numbers kept as written), encode with sorted keys.
// The canonicalizer must give the same bytes, or existing share ids change.
func viaTree(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(tree); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// canonicalSeeds are documents the canonicalizer must treat as the tree
// does: keys out of order and repeated, escapes, HTML characters, U+2028,
// invalid UTF-8 inside a raw prompt, nesting, numbers in every spelling.
var canonicalSeeds = []string{
	`{}`, `[]`, `""`, `0`, " { \"b\" : [ 1 , { } ] ,\n\t\"a\" : \"x\" } ", `-1.5e+10`, `true`, `null`,
	`{"b":1,"a":2}`,
	`{"a":1,"a":2,"b":{"d":[],"c":{}}}`,
	`{"a":"x","a":"y","a":"z"}`,
	`{"k":"\u003cb\u003e \u0026 \"q\" \\ \/ \u00e9 \ud83d\ude00 \u2028"}`,
	`{"\u0062":1,"a":2,"é":3,"z":4,"Z":5}`,
	`["\u0000\u001f",1.0,1e3,-0,[[[{"x":[{"b":0,"a":0}]}]]]]`,
	"{\"p\":\"caf\xc3\xa9 \xff\xfe bad\"}",
	"{\"p\":\"\xe2\x80\xa8 raw line separator\"}",
}

func TestCanonicalizerMatchesTree(t *testing.T) {
	for _, doc := range canonicalSeeds {
		var compact bytes.Buffer
		require.NoError(t, json.Compact(&compact, []byte(doc)), doc)
		want, err := viaTree(compact.Bytes())
		require.NoError(t, err, doc)
		c := canonicalizer{src: compact.Bytes()}
		got, err := c.value(nil)
		require.NoError(t, err, doc)
		assert.Equal(t, string(want), string(got), doc)
	}
}

// TestCanonicalOfPresets: every preset's canonical form is what the tree
// gave, so the ids of links already shared do not change.
func TestCanonicalOfPresets(t *testing.T) {
	for _, p := range preset.All {
		data, err := preset.Raw(p.Key)
		require.NoError(t, err)
		sc, err := core.DecodeScenario(data)
		require.NoError(t, err, p.Key)
		marshalled, err := json.Marshal(sc)
		require.NoError(t, err)
		want, err := viaTree(marshalled)
		require.NoError(t, err)
		got, err := Canonical(sc)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), p.Key)
	}
}

// FuzzCanonicalizer: on any valid JSON — as it came (the prompts) or
// compacted (the rest, through json.Marshal) — the canonicalizer gives the
// tree's bytes.
func FuzzCanonicalizer(f *testing.F) {
	for _, s := range canonicalSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var compact bytes.Buffer
		if json.Compact(&compact, data) != nil {
			return
		}
		want, err := viaTree(data)
		if err != nil {
			return
		}
		for _, src := range [][]byte{data, compact.Bytes()} {
			c := canonicalizer{src: src}
			got, err := c.value(nil)
			if err != nil {
				t.Fatalf("%q: %v", src, err)
			}
			if !bytes.Equal(want, got) {
				t.Fatalf("%q:\n got %q\nwant %q", src, got, want)
			}
		}
	})
}
