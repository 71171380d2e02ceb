package state

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFirstPrompts(t *testing.T) {
	long := strings.Repeat("é", shownChars+10)
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"strings", `["one", "two\n  lines", "three", "four"]`, []string{"one", "two lines", "three"}},
		{"objects", `[{"prompt": "hi", "request_id": "a"}, {"request_id": "b", "input_tokens": 3}, {"input_tokens": 4}]`,
			[]string{"hi", "b (no text)", `{"input_tokens": 4}`}},
		{"long", `["` + long + `"]`, []string{long[:2*(shownChars-1)] + "…"}},
		{"short", `["only"]`, []string{"only"}},
		{"empty", `[]`, nil},
		{"not an array", `{"prompts": []}`, nil},
		{"broken after the first", `["one", tw`, []string{"one"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, firstPrompts(tt.doc, shownFirst))
		})
	}
}
