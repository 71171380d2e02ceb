package state

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// shownFirst is how many prompts the summary of a hidden document shows,
// and shownChars how many characters of each.
const (
	shownFirst = 3
	shownChars = 100
)

// firstPrompts returns up to n prompts from the start of a prompts
// document, each cut to shownChars characters: the text of a string
// prompt, the prompt of an object (its request_id, or its JSON, when it
// has no text). Only the start of the document is decoded; a document
// that is not a JSON array yields none.
func firstPrompts(doc string, n int) []string {
	dec := json.NewDecoder(strings.NewReader(doc))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil
	}
	var out []string
	for len(out) < n && dec.More() {
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			break
		}
		out = append(out, cut(promptOf(raw)))
	}
	return out
}

// promptOf is what the summary shows of one element of a prompts array.
func promptOf(raw json.RawMessage) string {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return text
	}
	var obj struct {
		Prompt    string `json:"prompt"`
		RequestID string `json:"request_id"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		switch {
		case obj.Prompt != "":
			return obj.Prompt
		case obj.RequestID != "":
			return obj.RequestID + " (no text)"
		}
	}
	return string(raw)
}

// cut shortens s to shownChars characters on one line, with an ellipsis
// when it was longer.
func cut(s string) string {
	if len(s) > 8*shownChars { // enough for shownChars runes and some spaces
		s = s[:8*shownChars]
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= shownChars {
		return s
	}
	return string([]rune(s)[:shownChars-1]) + "…"
}
