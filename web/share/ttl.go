package share

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The bounds of a share's lifetime (see ParseTTL). The shortest is far above
// KV's minimum expiration of 60 seconds.
const (
	MinTTL = time.Hour
	MaxTTL = 365 * 24 * time.Hour
)

// Never is the spelling of "no expiry" that ParseTTL reads.
const Never = "never"

// ParseTTL reads a share lifetime as POST /api/share's expires_in, `batchlab
// serve --share-ttl` and the Worker's SHARE_TTL write it: "never" (0), or a
// whole number of hours or days — "1h", "36h", "7d", "365d" — from MinTTL to
// MaxTTL.
func ParseTTL(s string) (time.Duration, error) {
	if s == Never {
		return 0, nil
	}
	unit := time.Duration(0)
	switch {
	case strings.HasSuffix(s, "h"):
		unit = time.Hour
	case strings.HasSuffix(s, "d"):
		unit = 24 * time.Hour
	}
	n, err := strconv.ParseUint(s[:max(0, len(s)-1)], 10, 32)
	if unit == 0 || err != nil {
		return 0, fmt.Errorf("want %q or a whole number of hours or days, such as 12h or 7d", Never)
	}
	ttl := time.Duration(n) * unit
	if ttl < MinTTL || ttl > MaxTTL {
		return 0, fmt.Errorf("want a lifetime from %s to %s", FormatTTL(MinTTL), FormatTTL(MaxTTL))
	}
	return ttl, nil
}

// FormatTTL writes ttl as ParseTTL reads it: "never" for 0, days when whole,
// else hours.
func FormatTTL(ttl time.Duration) string {
	switch {
	case ttl == 0:
		return Never
	case ttl%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", ttl/(24*time.Hour))
	}
	return fmt.Sprintf("%dh", ttl/time.Hour)
}
