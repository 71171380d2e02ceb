package kvstore

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPutOptions(t *testing.T) {
	at := time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		expires time.Time
		want    map[string]any
	}{
		{name: "never", expires: time.Time{}, want: nil},
		{name: "expires", expires: at, want: map[string]any{
			"expiration": int64(1772971200),
			"metadata":   map[string]any{"expires_at": "2026-03-08T12:00:00Z"},
		}},
		{name: "in another zone", expires: at.In(time.FixedZone("CET", 3600)), want: map[string]any{
			"expiration": int64(1772971200),
			"metadata":   map[string]any{"expires_at": "2026-03-08T12:00:00Z"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := putOptions(tc.expires)
			assert.Equal(t, tc.want, got)
			if got == nil {
				return
			}
			back, err := expiresFromMetadata(got["metadata"].(map[string]any)[metadataExpiresAt].(string))
			require.NoError(t, err)
			assert.True(t, tc.expires.Equal(back), "round trip: %v, want %v", back, tc.expires)
		})
	}
}

func TestExpiresFromMetadata(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		err  bool
	}{
		{in: "", want: time.Time{}},
		{in: "2026-03-08T12:00:00Z", want: time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC)},
		{in: "2026-03-08T13:00:00+01:00", want: time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC)},
		{in: "tomorrow", err: true},
		{in: "1772971200", err: true},
	} {
		got, err := expiresFromMetadata(tc.in)
		if tc.err {
			assert.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.True(t, tc.want.Equal(got), "%s: %v", tc.in, got)
	}
}
