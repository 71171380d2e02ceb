package state

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/stretchr/testify/require"
)

// indentOrSelf is what prettyJSON gave before indentedStrings: the
// document as json.Indent lays it out, or as it is when invalid.
func indentOrSelf(doc string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(doc), "", "  "); err != nil {
		return doc
	}
	return buf.String()
}

// TestPrettyJSONKeepsIndentedStrings checks that a document indentedStrings
// keeps as it is is one json.Indent leaves as it is (or fails on), on
// chosen documents and on random ones, and that the default preset is
// kept (shown at the page's start).
func TestPrettyJSONKeepsIndentedStrings(t *testing.T) {
	for _, doc := range []string{
		"[]", "[\n  \"a\"\n]", "[\n  \"a\",\n  \"b\"\n]", "[\n  \"\"\n]",
		"[\n  \"a\", \"b\"\n]", "[\n  \"a\",\n  \"b\",\n]", "[\n  \"a\"\n]\n", " [\n  \"a\"\n]",
		"[\n \"a\"\n]", "[\n   \"a\"\n]", "[\n  \"a\" \n]", "[\n  \"a\\\"\n]", "[\n  \"a\\\\\"\n]",
		"[\n  \"a\\u0022b\"\n]", "[\n  \"tab\there\"\n]", "[\r\n  \"a\"\r\n]", "[\n  1\n]",
		"[\n  {\"prompt\": \"a\"}\n]", "[\n]", "[\n\n]", "[\"a\"]", "[\n  \"a\"\n]]", "[\n  \"a\"\"b\"\n]",
	} {
		got := prettyJSON(json.RawMessage(doc))
		require.Equal(t, indentOrSelf(doc), got, "%q", doc)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	pieces := []string{"a", "é", `\"`, `\\`, `\n`, `\u00e9`, `"`, `\`, " ", ",", "\t", "\n", "[", "]", "{", "}", ":"}
	for range 20000 {
		var b strings.Builder
		n := rng.IntN(4)
		b.WriteString("[")
		for i := range n {
			if i > 0 {
				b.WriteString([]string{",\n", ",", ", ", ",\n "}[rng.IntN(4)])
			} else {
				b.WriteString([]string{"\n", "", " "}[rng.IntN(3)])
			}
			b.WriteString([]string{"  ", " ", ""}[rng.IntN(3)])
			b.WriteString(`"`)
			for range rng.IntN(5) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			b.WriteString(`"`)
		}
		b.WriteString([]string{"\n]", "]", "\n]\n", " ]"}[rng.IntN(4)])
		doc := b.String()
		require.Equal(t, indentOrSelf(doc), prettyJSON(json.RawMessage(doc)), "%q", doc)
	}
	sc, err := preset.Load(preset.Default) // the page's start
	require.NoError(t, err)
	require.True(t, indentedStrings(string(sc.Prompts)), "the default preset's prompts are shown as they are")
}
