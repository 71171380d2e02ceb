package share

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/batchlab/batchlab/core"
)

// Canonical returns the canonical JSON of a decoded scenario: every field
// present (defaults included), object keys sorted, no insignificant white
// space, strings re-escaped the same way. Two documents that decode to the
// same scenario — whatever their key order, spacing, escapes or omitted
// defaults — have the same canonical form. Numbers keep their spelling.
func Canonical(sc *core.Scenario) ([]byte, error) {
	data, err := json.Marshal(sc)
	if err != nil {
		return nil, fmt.Errorf("encode scenario: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("re-read scenario: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(tree); err != nil { // maps encode with sorted keys
		return nil, fmt.Errorf("encode canonical scenario: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
