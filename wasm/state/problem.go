package state

import (
	"errors"
	"strings"

	"github.com/batchlab/batchlab/core"
)

// A Problem is one thing wrong with the user's input, placed by its JSON
// path (and, for syntax errors in the prompts, by line and column).
type Problem struct {
	// Path is a JSON path: "$[3].created_at_ms" for the prompts editor,
	// "$.policy.max_batch_size" or "$.catalog.models[2].ttft_ms" for the
	// controls.
	Path    string
	Line    int
	Column  int
	Message string
}

// String returns "path (line l, column c): message".
func (p Problem) String() string {
	fe := core.FieldError{Path: p.Path, Line: p.Line, Column: p.Column, Err: errors.New(p.Message)}
	return fe.Error()
}

// problemsOf converts a core error into problems, in the core's order.
func problemsOf(err error) []Problem {
	fes := core.FieldErrors(err)
	out := make([]Problem, 0, len(fes))
	for _, fe := range fes {
		out = append(out, Problem{Path: fe.Path, Line: fe.Line, Column: fe.Column, Message: fe.Err.Error()})
	}
	if len(out) == 0 && err != nil {
		out = append(out, Problem{Path: "$", Message: err.Error()})
	}
	return out
}

// problemAt returns the message of the first problem at path, or "".
func problemAt(ps []Problem, path string) string {
	for _, p := range ps {
		if p.Path == path {
			return p.Message
		}
	}
	return ""
}

// problemsUnder returns the problems whose path starts with prefix.
func problemsUnder(ps []Problem, prefix string) []Problem {
	var out []Problem
	for _, p := range ps {
		if strings.HasPrefix(p.Path, prefix) {
			out = append(out, p)
		}
	}
	return out
}

// HasProblemUnder reports a problem, typed or found by the core, of a
// field whose path starts with prefix: a folded group holding it opens.
func (p *Playground) HasProblemUnder(prefix string) bool {
	return len(problemsUnder(p.typing, prefix))+len(problemsUnder(p.Problems, prefix)) > 0
}

// ProblemsUnder are the problems at prefix or below it: what the user
// typed first, then what the core found.
func (p *Playground) ProblemsUnder(prefix string) []Problem {
	return append(problemsUnder(p.typing, prefix), problemsUnder(p.Problems, prefix)...)
}
