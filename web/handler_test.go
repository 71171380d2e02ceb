package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gzipOf compresses data with a header comment, so that a response can be
// told apart from the handler's own compression of the same bytes.
func gzipOf(t *testing.T, data []byte, comment string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Comment = comment
	_, err := zw.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestHandlerServesPrecompressedWASM(t *testing.T) {
	wasm := bytes.Repeat([]byte("\x00asm module body "), 1000)
	built := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	fresh := gzipOf(t, wasm, "precompressed")
	tests := []struct {
		name     string
		gz       *fstest.MapFile // main.wasm.gz, or none
		encoding string          // Accept-Encoding
		want     []byte          // the body as sent
		wantEnc  string
	}{
		{"precompressed copy sent as it is", &fstest.MapFile{Data: fresh, ModTime: built}, "gzip, br", fresh, "gzip"},
		{"no copy: compressed by the handler", nil, "gzip", nil, "gzip"},
		{"copy of other bytes ignored", &fstest.MapFile{Data: gzipOf(t, wasm[:100], "stale"), ModTime: built}, "gzip", nil, "gzip"},
		{"copy older than the file ignored", &fstest.MapFile{Data: fresh, ModTime: built.Add(-time.Minute)}, "gzip", nil, "gzip"},
		{"not gzip ignored", &fstest.MapFile{Data: append([]byte("xx"), fresh[2:]...), ModTime: built}, "gzip", nil, "gzip"},
		{"client without gzip gets the file", &fstest.MapFile{Data: fresh, ModTime: built}, "br", wasm, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := fstest.MapFS{"main.wasm": {Data: wasm, ModTime: built}}
			if tt.gz != nil {
				files["main.wasm.gz"] = tt.gz
			}
			req := httptest.NewRequest(http.MethodGet, "/main.wasm", nil)
			req.Header.Set("Accept-Encoding", tt.encoding)
			rec := httptest.NewRecorder()
			NewHandler(files).ServeHTTP(rec, req)
			require.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, "application/wasm", rec.Header().Get("Content-Type"))
			assert.Equal(t, tt.wantEnc, rec.Header().Get("Content-Encoding"))
			body := rec.Body.Bytes()
			if tt.want != nil {
				assert.Equal(t, tt.want, body)
			}
			if tt.wantEnc == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				require.NoError(t, err)
				assert.NotEqual(t, "stale", zr.Comment)
				got, err := io.ReadAll(zr)
				require.NoError(t, err)
				assert.Equal(t, wasm, got, "the body is the file, gzip-compressed")
			}
		})
	}
}
