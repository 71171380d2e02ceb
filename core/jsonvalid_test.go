package core

import (
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidJSON(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	for _, doc := range []string{
		``, ` `, `1`, `-0`, `-`, `01`, `1.`, `1.5e`, `1.5e+7`, `1E-2`, `-12.50`, `+1`, `.5`,
		`true`, `tru`, `truex`, `null`, `nul`, `false `, ` false`,
		`""`, `"`, `"\"`, `"\u00e9"`, `"\u00G9"`, `"\x"`, `"a\/b"`, "\"a\tb\"", "\"a\x7fb\"", "\"\xff\xfe\"",
		`"a plain run that is longer than eight bytes, twice over"`, `"ends with a slash \\"`,
		`[]`, `[ ]`, `[1,]`, `[,1]`, `[1 2]`, `[1,[2,[3]]]`, `[[]`, `[]]`, `]`,
		`{}`, `{ }`, `{"a":1}`, `{"a" : [1, {"b": null}] }`, `{"a"}`, `{"a":}`, `{a:1}`, `{"a":1,}`, `{,}`, `{"a":1 "b":2}`,
		`{"a":1}{}`, `1 2`, `[1]x`, `{"a":[1,2}`, `[{"a":1]}`,
		deep(maxJSONDepth), deep(maxJSONDepth + 1), `[` + deep(maxJSONDepth-1) + `,{}]`,
	} {
		assert.Equal(t, json.Valid([]byte(doc)), validJSON([]byte(doc)), "%.60q", doc)
	}
}

func FuzzValidJSON(f *testing.F) {
	for _, s := range []string{`{"version":1,"prompts":[{"prompt":"a\nb","created_at_ms":12}]}`, `[1,-2.5e3,true,null,"\u00e9"]`, `{"a":}`, `"\x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := validJSON(data), json.Valid(data); got != want {
			t.Fatalf("validJSON(%q) = %v, json.Valid says %v", data, got, want)
		}
	})
}

// BenchmarkValidJSON checks a 16 MiB scenario of long prompts, as the
// share path does, against encoding/json.
func BenchmarkValidJSON(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"version":1,"prompts":[`)
	for i := range 100_000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(`{"prompt":"summarise the ticket and reply politely, with code \"quoted\"\nand a new line `)
		sb.WriteString(strings.Repeat("then more words of the same prompt ", 4))
		sb.WriteString(`","created_at_ms":12345}`)
	}
	sb.WriteString("]}")
	doc := []byte(sb.String())
	for _, tc := range []struct {
		name  string
		valid func([]byte) bool
	}{{"validJSON", validJSON}, {"json.Valid", json.Valid}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if !tc.valid(doc) {
					b.Fatal("invalid")
				}
			}
		})
	}
}

// specialBytes' lowest mark is the first byte that ends a plain run of a
// string, whatever the bytes after it (a borrow in the word tests), with
// bytes beyond ASCII plain or not.
func TestSpecialBytes(t *testing.T) {
	kinds := []byte{'a', ' ', '~', '"', '\\', 0x00, 0x1f, 0x20, 0x21, 0x7f, 0x80, 0xc3, 0xff, '!', '#', '[', ']'}
	rng := rand.New(rand.NewPCG(21, 22))
	for range 200_000 {
		var b [8]byte
		for k := range b {
			b[k] = kinds[rng.IntN(len(kinds))]
		}
		w := binary.LittleEndian.Uint64(b[:])
		for _, high := range []uint64{0, highs} {
			want := 8
			for k, c := range b {
				if c == '"' || c == '\\' || c < 0x20 || (high != 0 && c >= 0x80) {
					want = k
					break
				}
			}
			require.Equal(t, want, firstMarked(specialBytes(w, high)), "% x, high %x", b, high)
			require.Equal(t, want == 8, plainWord(w) && w&high == 0, "% x", b)
		}
	}
}
