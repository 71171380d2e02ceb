package share

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
)

// IDLength is the number of characters of a share id: 12 characters of
// lowercase base32 (a–z, 2–7), the first 60 bits of the SHA-256 of the
// canonical scenario.
const IDLength = 12

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// ID returns the share id of a canonical scenario (see Canonical).
func ID(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return idEncoding.EncodeToString(sum[:])[:IDLength]
}

// ValidID reports whether id has the form of a share id. Stores rely on it:
// a valid id is also a safe file name and KV key.
func ValidID(id string) bool {
	if len(id) != IDLength {
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

// Verify checks that canonical is the scenario id names: a store's copy
// whose hash differs was damaged (a truncated or emptied file, a corrupted
// value) and must never be served. The error wraps ErrDamaged.
func Verify(id string, canonical []byte) error {
	if got := ID(canonical); got != id {
		return fmt.Errorf("%w: %d bytes stored under %s hash to %s", ErrDamaged, len(canonical), id, got)
	}
	return nil
}
