package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/batchlab/batchlab/core"
)

// ShareIDLength is the number of characters of a share id: 12 characters of
// lowercase base32 (a–z, 2–7), the first 60 bits of the SHA-256 of the
// canonical scenario.
const ShareIDLength = 12

var shareIDEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// CanonicalScenario returns the canonical JSON of a decoded scenario: every
// field present (defaults included), object keys sorted, no insignificant
// white space, strings re-escaped the same way. Two documents that decode to
// the same scenario — whatever their key order, spacing, escapes or omitted
// defaults — have the same canonical form. Numbers keep their spelling.
func CanonicalScenario(sc *core.Scenario) ([]byte, error) {
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

// ShareID returns the share id of a canonical scenario (see CanonicalScenario).
func ShareID(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return shareIDEncoding.EncodeToString(sum[:])[:ShareIDLength]
}

// ValidShareID reports whether id has the form of a share id. Stores rely on
// it: a valid id is also a safe file name and KV key.
func ValidShareID(id string) bool {
	if len(id) != ShareIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || '2' <= c && c <= '7') {
			return false
		}
	}
	return true
}

// shareIDProblem explains why id is not a share id.
func shareIDProblem(id string) string {
	return fmt.Sprintf("want a share id of %d characters a-z and 2-7, got %q", ShareIDLength, truncate(id, 40))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
