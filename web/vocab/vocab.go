// Package vocab supplies the rank files of the exact tokenizers
// (core.TokenizerO200k, core.TokenizerCl100k), taken from
// github.com/tiktoken-go/tokenizer, which embeds OpenAI's ranks: to the CLI
// in process (Tokenizers) and to the playground as data files that the
// Makefile writes next to main.wasm (see gen) and the page fetches only
// when exact counts are turned on. The core counts; this package only
// carries the data, so the core stays standard library only and the
// playground's main.wasm stays small.
package vocab

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strconv"
	"sync"

	"github.com/batchlab/batchlab/core"
	"github.com/tiktoken-go/tokenizer"
)

// Ranks returns the rank file of a tokenizer in tiktoken's format: one
// "base64-token rank" pair a line, by rank.
func Ranks(name string) ([]byte, error) {
	codec, err := tokenizer.Get(tokenizer.Encoding(name))
	if err != nil {
		return nil, fmt.Errorf("tokenizer %q: %w", name, err)
	}
	var b bytes.Buffer
	// Ranks are dense from 0; the special tokens above them are not ranks.
	for id, misses := uint(0), 0; misses < 1024; id++ {
		token, err := codec.Decode([]uint{id})
		if err != nil {
			misses++
			continue
		}
		misses = 0
		b.WriteString(base64.StdEncoding.EncodeToString([]byte(token)))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatUint(uint64(id), 10))
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// Load returns the core's byte-pair encoding of a tokenizer.
func Load(name string) (*core.BPE, error) {
	data, err := Ranks(name)
	if err != nil {
		return nil, err
	}
	return core.NewBPE(name, data)
}

// loaded memoizes Load per name.
var loaded sync.Map // name → func() (*core.BPE, error)

// Tokenizers gives the core every tokenizer of core.ExactTokenizers, each loaded on first
// use (a few hundred milliseconds) and kept; nil for any other name or
// when loading fails.
func Tokenizers(name string) core.TokenCounter {
	f, _ := loaded.LoadOrStore(name, sync.OnceValues(func() (*core.BPE, error) { return Load(name) }))
	bpe, err := f.(func() (*core.BPE, error))()
	if err != nil {
		return nil
	}
	return bpe
}
