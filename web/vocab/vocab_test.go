package vocab

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tiktoken-go/tokenizer"
)

var corpusOut = flag.String("corpus", "", "write the oracle corpus, as a JSON array, to this file (for testdata/oracle.cjs)")

// oracleCount is what the npm package tiktoken counted for one corpus text.
type oracleCount struct {
	hash          string
	o200k, cl100k int
}

func readOracle(t testing.TB) []oracleCount {
	f, err := os.Open("testdata/oracle.tsv")
	require.NoError(t, err)
	defer f.Close()
	var out []oracleCount
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		require.Len(t, cols, 4)
		o, err1 := strconv.Atoi(cols[2])
		c, err2 := strconv.Atoi(cols[3])
		require.NoError(t, err1)
		require.NoError(t, err2)
		out = append(out, oracleCount{cols[1], o, c})
	}
	require.NoError(t, sc.Err())
	return out
}

func textHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// TestOracle counts the corpus with the core's byte-pair encoding and
// compares every count with the npm package tiktoken's (testdata/oracle.tsv).
func TestOracle(t *testing.T) {
	texts := corpus()
	if *corpusOut != "" {
		data, err := json.Marshal(texts)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(*corpusOut, data, 0o644))
		t.Skip("wrote the corpus; run testdata/oracle.cjs on it")
	}
	want := readOracle(t)
	require.Len(t, want, len(texts))
	for i, text := range texts {
		require.Equal(t, want[i].hash, textHash(text), "corpus text %d is not the one the oracle counted: regenerate testdata/oracle.tsv (make tokens-oracle)", i)
	}
	for _, name := range core.ExactTokenizers {
		t.Run(name, func(t *testing.T) {
			bpe, err := Load(name)
			require.NoError(t, err)
			bad := 0
			for i, text := range texts {
				exp := want[i].o200k
				if name == core.TokenizerCl100k {
					exp = want[i].cl100k
				}
				if got := bpe.CountTokens(text); got != exp {
					bad++
					if bad <= 5 {
						t.Errorf("text %d (%.60q…): got %d tokens, tiktoken counts %d", i, text, got, exp)
					}
				}
			}
			assert.Zero(t, bad, "texts counted differently")
		})
	}
}

func TestTokenizersLoadsOnce(t *testing.T) {
	a := Tokenizers(core.TokenizerCl100k)
	require.NotNil(t, a)
	assert.Same(t, a, Tokenizers(core.TokenizerCl100k))
	assert.Nil(t, Tokenizers("p50k_base"))
	assert.Equal(t, 3, a.CountTokens("hello world!"))
}

// BenchmarkCount counts the corpus with the core's byte-pair encoding and
// with tiktoken-go's; the ratio of their ns/op is the speed check.
func BenchmarkCount(b *testing.B) {
	texts := corpus()
	size := 0
	for _, s := range texts {
		size += len(s)
	}
	for _, name := range core.ExactTokenizers {
		bpe, err := Load(name)
		require.NoError(b, err)
		codec, err := tokenizer.Get(tokenizer.Encoding(name))
		require.NoError(b, err)
		b.Run(name+"/core", func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, s := range texts {
					bpe.CountTokens(s)
				}
			}
		})
		b.Run(name+"/tiktoken-go", func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, s := range texts {
					_, _ = codec.Count(s)
				}
			}
		})
	}
}
