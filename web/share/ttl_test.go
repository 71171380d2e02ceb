package share_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/web/share"
)

func TestParseTTL(t *testing.T) {
	const day = 24 * time.Hour
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  string // part of the error; "" means none
	}{
		{in: "never", want: 0},
		{in: "1h", want: time.Hour},
		{in: "36h", want: 36 * time.Hour},
		{in: "7d", want: 7 * day},
		{in: "365d", want: 365 * day},
		{in: "8760h", want: 365 * day},
		{in: "0h", err: "from 1h to 365d"},
		{in: "0d", err: "from 1h to 365d"},
		{in: "366d", err: "from 1h to 365d"},
		{in: "8761h", err: "from 1h to 365d"},
		{in: "99999999999d", err: "whole number"},
		{in: "", err: "whole number"},
		{in: "h", err: "whole number"},
		{in: "d", err: "whole number"},
		{in: "7", err: "whole number"},
		{in: "30m", err: "whole number"},
		{in: "1w", err: "whole number"},
		{in: "1.5d", err: "whole number"},
		{in: "-1d", err: "whole number"},
		{in: "+1d", err: "whole number"},
		{in: " 1d", err: "whole number"},
		{in: "1D", err: "whole number"},
		{in: "Never", err: "whole number"},
		{in: "0", err: "whole number"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := share.ParseTTL(tc.in)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			again, err := share.ParseTTL(share.FormatTTL(got))
			require.NoError(t, err)
			assert.Equal(t, got, again, "FormatTTL writes what ParseTTL reads")
		})
	}
}

func TestFormatTTL(t *testing.T) {
	for ttl, want := range map[time.Duration]string{
		0:                  "never",
		time.Hour:          "1h",
		36 * time.Hour:     "36h",
		48 * time.Hour:     "2d",
		share.MaxTTL:       "365d",
		7 * 24 * time.Hour: "7d",
		25 * time.Hour:     "25h",
	} {
		assert.Equal(t, want, share.FormatTTL(ttl))
	}
}
