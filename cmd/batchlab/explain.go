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
func writeJSON(w io.Writer, res *core.Result, explain bool, dispatched func() error) error {
	if !explain {
		return res.WriteJSONDispatched(w, "  ", dispatched) // streamed: no copy of the output in memory
	}
	if err := dispatched(); err != nil {
		return err
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
