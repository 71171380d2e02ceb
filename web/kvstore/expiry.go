package kvstore

import (
	"fmt"
	"time"

	"github.com/batchlab/batchlab/web/share"
)

// metadataExpiresAt is the key of the expiry in a share's KV metadata.
const metadataExpiresAt = "expires_at"

// putOptions returns the options of KV's put for a share that expires at
// expires: its expiration in seconds since the epoch, and the metadata that
// Get reads it back from. A share that never expires has none (nil), which
// also clears an expiration the key had.
//
// KV refuses expirations less than 60 seconds ahead; shares live at least
// share.MinTTL, and a Put never writes a shorter expiry than the key had
// (see share.Merge).
func putOptions(expires time.Time) map[string]any {
	if expires.IsZero() {
		return nil
	}
	return map[string]any{
		"expiration": expires.Unix(),
		"metadata":   map[string]any{metadataExpiresAt: expires.UTC().Format(time.RFC3339)},
	}
}

// expiresFromMetadata reads back the expiry that putOptions put in the
// metadata: "" (no metadata, as for shares written before expiries
// existed) is the zero time, never. An unreadable one is share.ErrDamaged.
func expiresFromMetadata(expiresAt string) (time.Time, error) {
	if expiresAt == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, expiresAt)
	if err != nil {
		return time.Time{}, fmt.Errorf("kvstore: %w: the metadata's %s: %w", share.ErrDamaged, metadataExpiresAt, err)
	}
	return t, nil
}
