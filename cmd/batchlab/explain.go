package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/batchlab/batchlab/core"
)

// writeJSON prints the result as indented JSON; with explain it also holds
// "explanations", why each batch closed.
func writeJSON(w io.Writer, res *core.Result, explain bool) error {
	doc, err := json.Marshal(res)
	if err != nil {
		return err
	}
	if explain {
		why, err := json.Marshal(res.Explanations())
		if err != nil {
			return err
		}
		// The result is one object: add the field before its closing brace.
		doc = append(append(append(doc[:len(doc)-1:len(doc)-1], `,"explanations":`...), why...), '}')
	}
	var out bytes.Buffer
	if err := json.Indent(&out, doc, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = out.WriteTo(w)
	return err
}

// writeExplanations prints why each batch closed, one line per batch.
func writeExplanations(w io.Writer, res *core.Result) error {
	if _, err := fmt.Fprintf(w, "\nWHY EACH BATCH CLOSED\n"); err != nil {
		return err
	}
	for _, e := range res.Explanations() {
		if _, err := fmt.Fprintf(w, "batch %d: %s\n", e.Batch, e.Text); err != nil {
			return err
		}
	}
	return nil
}
