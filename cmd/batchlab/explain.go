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
	if !explain {
		return res.WriteJSON(w, "  ") // streamed: no copy of the output in memory
	}
	doc, err := res.MarshalExplained()
	if err != nil {
		return err
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
