package web

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/batchlab/batchlab/core"
	"io"
	"mime"
	"net/http"
	"strings"
)

// MaxBodyBytes is the largest request body the API reads as sent, and
// MaxScenarioBytes the largest once a gzip-encoded body is decompressed
// (core's table of limits: a 100,000-row token-only trace fits gzipped).
// Larger bodies get 413 too_large.
const (
	MaxBodyBytes     = core.MaxBodyBytes
	MaxScenarioBytes = core.MaxScenarioBytes
)

// readBody returns the JSON body of r. It wants Content-Type
// application/json (415 otherwise: this also keeps plain HTML forms of other
// sites from posting here), accepts Content-Encoding gzip, and stops at
// MaxBodyBytes as sent and MaxScenarioBytes decompressed (413).
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil, &Error{Code: CodeUnsupportedMedia, Message: "want Content-Type: application/json, got none"}
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return nil, &Error{Code: CodeUnsupportedMedia, Message: fmt.Sprintf("want Content-Type: application/json, got %q", truncate(ct, 60))}
	}
	if r.ContentLength > MaxBodyBytes {
		// Refused before reading anything.
		return nil, tooLarge("sent")
	}
	body := http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	var src io.Reader = body
	size := r.ContentLength // -1 when unknown
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		// Read as sent first: its last four bytes give the decompressed
		// size (modulo 4 GiB), so the document is read into one buffer of
		// the right size instead of one that doubles (a 16 MiB scenario:
		// 32 MiB allocated and cleared fewer; it counts under WebAssembly).
		zipped, err := readAll(body, size, MaxBodyBytes)
		if err != nil {
			return nil, bodyError(err, "the request body could not be read")
		}
		zr, err := gzip.NewReader(bytes.NewReader(zipped))
		if err != nil {
			return nil, bodyError(err, "the gzip-encoded body does not start like gzip")
		}
		defer zr.Close()
		src, size = zr, -1
		if n := len(zipped); n >= 18 { // the smallest gzip member
			size = int64(binary.LittleEndian.Uint32(zipped[n-4:]))
		}
	default:
		return nil, &Error{Code: CodeUnsupportedMedia, Message: fmt.Sprintf("want Content-Encoding gzip or none, got %q", truncate(enc, 40))}
	}
	data, err := readAll(src, size, MaxScenarioBytes)
	if err != nil {
		return nil, bodyError(err, "the gzip-encoded body is damaged")
	}
	if len(data) > MaxScenarioBytes {
		return nil, &Error{Code: CodeTooLarge, Message: fmt.Sprintf("the request body is larger than %d bytes (%d MiB) decompressed", MaxScenarioBytes, MaxScenarioBytes>>20)}
	}
	return data, nil
}

// bodyError turns a read failure into an API error: 413 past the limit,
// 400 for a damaged body.
func bodyError(err error, damaged string) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge("sent")
	}
	if errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "flate") {
		return &Error{Code: CodeInvalid, Message: damaged}
	}
	return &Error{Code: CodeInvalid, Message: "the request body could not be read"}
}

// readAll reads src to its end or to limit+1 bytes, into a buffer of the
// expected size when it is known (size ≥ 0: Content-Length, gzip's trailer);
// a wrong size costs only a regrowth.
func readAll(src io.Reader, size, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if size >= 0 {
		buf.Grow(int(min(size, limit)) + bytes.MinRead) // room to see the end without growing
	}
	_, err := buf.ReadFrom(io.LimitReader(src, limit+1))
	return buf.Bytes(), err
}

func tooLarge(how string) *Error {
	return &Error{Code: CodeTooLarge, Message: fmt.Sprintf("the request body is larger than %d bytes (%d MiB) %s; send it gzip-encoded (Content-Encoding: gzip)", MaxBodyBytes, MaxBodyBytes>>20, how)}
}
