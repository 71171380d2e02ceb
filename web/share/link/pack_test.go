package link

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/require"
)

// packForTest builds a v1 link around arbitrary bytes.
func packForTest(t testing.TB, data []byte) string {
	var buf bytes.Buffer
	zw, err := flate.NewWriter(&buf, flate.BestSpeed)
	require.NoError(t, err)
	_, err = zw.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return "v1." + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}
