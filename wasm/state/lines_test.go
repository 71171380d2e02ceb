package state

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOnePerLine(t *testing.T) {
	tests := []struct {
		name, text, want string
		array            bool // a valid JSON array; else the text comes back as it is
	}{
		{"strings", `["a", "b,c" ,"d"]`, "[\n\"a\",\n\"b,c\",\n\"d\"\n]", true},
		{"objects as written", `[{"prompt": "x",  "model": "m"}, {"input_tokens": 3}]`,
			"[\n{\"prompt\": \"x\",  \"model\": \"m\"},\n{\"input_tokens\": 3}\n]", true},
		{"already lined", "[\n\"a\",\n\"b\"\n]", "[\n\"a\",\n\"b\"\n]", true},
		{"empty", `[ ]`, "[\n]", true},
		{"not an array", `{"prompts": ["a"]}`, `{"prompts": ["a"]}`, false},
		{"broken", `["a", "b`, `["a", "b`, false},
		{"unclosed", `["a"`, `["a"`, false},
		{"more after", `["a"] ["b"]`, `["a"] ["b"]`, false},
		{"text after", `["a"] x`, `["a"] x`, false},
		{"bracket after", `[]}`, `[]}`, false}, // json.Decoder's Token took it
		{"nested and escaped", " \n[[1, [2]], {\"a\": {\"b\": \"],\\\"{\"}}, \"\\\\\", null , -1e3 ]\n ",
			"[\n[1, [2]],\n{\"a\": {\"b\": \"],\\\"{\"}},\n\"\\\\\",\nnull,\n-1e3\n]", true},
		{"unicode", `["é, ü", "日本"]`, "[\n\"é, ü\",\n\"日本\"\n]", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := onePerLine(tt.text)
			assert.Equal(t, tt.want, got)
			if tt.array {
				assert.JSONEq(t, tt.text, got, "the same document")
			}
		})
	}
}

func TestHasLongLine(t *testing.T) {
	long := strings.Repeat("x", LongLine+1)
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"", false},
		{strings.Repeat("x", LongLine), false},
		{long, true},
		{"a\n" + long, true},
		{long + "\nb", true},
		{strings.Repeat(strings.Repeat("y", LongLine-1)+"\n", 10), false},
	} {
		assert.Equal(t, tt.want, hasLongLine(tt.text), len(tt.text))
	}
}

// A paste that brings a long line puts the array one prompt per line, and
// the editor is told to show it; typing never changes the text.
func TestAPasteOnOneLineIsPutOnePromptPerLine(t *testing.T) {
	p := New()
	p.SetPrompts("[]")
	prompts := make([]string, 40)
	for i := range prompts {
		prompts[i] = strings.Repeat("word ", 40)
	}
	doc, _ := json.Marshal(prompts)
	require.True(t, p.TakesPaste(string(doc)))
	rev := p.PromptsRev
	p.SetPrompts(string(doc))
	assert.Equal(t, rev+1, p.PromptsRev, "the editor shows the new text")
	assert.Equal(t, 42, strings.Count(p.PromptsText(), "\n")+1, "a line for each prompt, [ and ]")
	assert.JSONEq(t, string(doc), p.PromptsText())

	typed := p.PromptsText()[:3] + "x" + p.PromptsText()[3:]
	assert.False(t, p.TakesPaste(typed))
	rev = p.PromptsRev
	p.SetPrompts(typed)
	assert.Equal(t, typed, p.PromptsText(), "keystrokes are kept as typed")
	assert.Equal(t, rev, p.PromptsRev)

	// A broken paste is taken as it is, and shown.
	p.SetPrompts("[]")
	broken := string(doc[:len(doc)-1])
	require.True(t, p.TakesPaste(broken))
	p.SetPrompts(broken)
	assert.Equal(t, broken, p.PromptsText())
}

// Editing a hidden big document as text shows it one prompt per line.
func TestShowPromptsPutsThemOnePerLine(t *testing.T) {
	p := New()
	doc, _ := json.Marshal(make([]string, BigPrompts/2))
	p.SetPrompts(string(doc))
	require.True(t, p.PromptsHidden)
	p.ShowPrompts()
	assert.False(t, p.PromptsHidden)
	assert.False(t, hasLongLine(p.PromptsText()))
	assert.JSONEq(t, string(doc), p.PromptsText())
}

// A document just under BigPrompts on one line is just over it one prompt
// per line; a big paste over it is still a new document, summarised, while
// keystrokes in it are not.
func TestABigPasteOverALinedDocumentIsSummarised(t *testing.T) {
	p := New()
	p.SetPrompts("[]")
	one := `["` + strings.Repeat("x", 20) + `"` + strings.Repeat(`,"`+strings.Repeat("x", 20)+`"`, (BigPrompts-30)/23) + `]`
	require.LessOrEqual(t, len(one), BigPrompts)
	p.SetPrompts(one)
	require.Greater(t, len(p.PromptsText()), BigPrompts, "lined")
	require.False(t, p.PromptsHidden)
	p.SetPrompts(p.PromptsText()[:3] + "y" + p.PromptsText()[3:])
	assert.False(t, p.PromptsHidden, "a keystroke")
	big := `["` + strings.Repeat("z", 2*BigPrompts) + `"]`
	assert.True(t, p.Summarises(big))
	p.SetPrompts(big)
	assert.True(t, p.PromptsHidden)
}

// onePerLineDecoder is onePerLine written with a json.Decoder, as it was:
// the oracle of FuzzOnePerLine.
func onePerLineDecoder(text string) string {
	dec := json.NewDecoder(strings.NewReader(text))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return text
	}
	var b strings.Builder
	b.WriteByte('[')
	for n := 0; dec.More(); n++ {
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			return text
		}
		if n > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
		b.Write(raw)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim(']') {
		return text
	}
	if _, err := dec.Token(); err == nil || dec.More() {
		return text
	}
	b.WriteString("\n]")
	return b.String()
}

// FuzzOnePerLine checks onePerLine against a json.Decoder's elements, and
// that it gives any text that is not JSON back as it is.
func FuzzOnePerLine(f *testing.F) {
	for _, s := range []string{`["a", "b,c" ,"d"]`, `[ ]`, `[[1, [2]], {"a": "],\"{"}, "\\", null]`, `["a"] x`, `{"a": 1}`, `["é"]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // the editor's text is UTF-8
		}
		if !json.Valid([]byte(text)) { // the decoder took "[]}" (its Token fails at "}")
			require.Equal(t, text, onePerLine(text))
			return
		}
		require.Equal(t, onePerLineDecoder(text), onePerLine(text))
	})
}
