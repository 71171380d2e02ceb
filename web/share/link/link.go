// Package link encodes a whole scenario into the fragment of a URL and
// back: "v1." followed by the scenario JSON, deflated and base64url-encoded
// without padding. The version lets later formats come without breaking
// links already shared.
//
// The playground reads and writes these links, and the API sends one in the
// redirect of a short link (GET /s/{id}). The package is apart from package
// share so that the playground's WASM app does not link share ids' SHA-256.
package link

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/batchlab/batchlab/core"
)

// Version is the link format this package writes and the newest it reads.
const Version = 1

// MaxScenarioBytes bounds the inflated scenario, so that a crafted link
// cannot exhaust the page's memory.
const MaxScenarioBytes = core.MaxScenarioBytes

// MaxFragmentChars is the longest fragment the playground puts in a link:
// longer URLs break in chat apps and mail, and a page that renders one
// into an input has crashed (3,000 prompts make about 39,000 characters).
// A longer scenario goes by short link.
const MaxFragmentChars = 16 << 10

// Errors of Decode; each wraps one of these.
var (
	// ErrNoLink: the fragment holds no share link (an empty fragment, or
	// something else).
	ErrNoLink = errors.New("no share link")
	// ErrDamaged: the link is cut short, mistyped or otherwise unreadable.
	ErrDamaged = errors.New("damaged share link")
	// ErrTooNew: the link (or its scenario) was written by a newer batchlab.
	ErrTooNew = errors.New("share link from a newer batchlab")
)

// Encode returns the fragment (without "#") that holds sc.
func Encode(sc *core.Scenario) (string, error) {
	data, err := json.Marshal(sc)
	if err != nil {
		return "", fmt.Errorf("encode scenario: %w", err)
	}
	return EncodeJSON(data)
}

// EncodeJSON returns the fragment that holds a scenario document already
// encoded (a stored share). Documents up to a mebibyte are compressed as
// tightly as flate can, so that more scenarios fit a link; larger ones, which
// only a short link's redirect carries, at flate's default level, several
// times faster.
func EncodeJSON(data []byte) (string, error) {
	level := flate.BestCompression
	if len(data) > 1<<20 {
		level = flate.DefaultCompression
	}
	var buf bytes.Buffer
	zw, err := deflater(&buf, level)
	if err != nil {
		return "", err
	}
	defer keepDeflater(zw, level)
	if _, err := zw.Write(data); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return "v" + strconv.Itoa(Version) + "." + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// deflaters keep a flate writer of each of EncodeJSON's two levels
// between calls: a writer holds 700 KB of tables, which the playground
// would otherwise allocate and clear at every save of the edited
// scenario, and a collection of its heap with them. Not a sync.Pool,
// which drops what it holds at the next collections: the page collects
// its heap several times between two saves.
var deflaters struct {
	sync.Mutex
	free map[int]*flate.Writer
}

// deflater returns a flate writer at level writing to w: the one kept,
// or, when it is in use, a new one.
func deflater(w io.Writer, level int) (*flate.Writer, error) {
	deflaters.Lock()
	zw := deflaters.free[level]
	delete(deflaters.free, level)
	deflaters.Unlock()
	if zw == nil {
		return flate.NewWriter(w, level)
	}
	zw.Reset(w)
	return zw, nil
}

// Prepare makes the writer of a scenario link (EncodeJSON's tightest
// level) ahead of the first link, if none is kept: the playground calls
// it when idle, so that the first save of an edit does not pay for its
// tables and the collection they bring.
func Prepare() {
	deflaters.Lock()
	kept := deflaters.free[flate.BestCompression] != nil
	deflaters.Unlock()
	if !kept {
		zw, _ := flate.NewWriter(io.Discard, flate.BestCompression) // a valid level
		keepDeflater(zw, flate.BestCompression)
	}
}

// keepDeflater keeps zw, a writer at level, for the next call of deflater.
func keepDeflater(zw *flate.Writer, level int) {
	deflaters.Lock()
	defer deflaters.Unlock()
	if deflaters.free == nil {
		deflaters.free = map[int]*flate.Writer{}
	}
	deflaters.free[level] = zw
}

// Decode reads a fragment written by Encode (with or without the leading
// "#") and returns its scenario, decoded and validated by the core.
func Decode(fragment string) (*core.Scenario, error) {
	fragment = strings.TrimPrefix(fragment, "#")
	if fragment == "" {
		return nil, ErrNoLink
	}
	head, payload, ok := strings.Cut(fragment, ".")
	if !ok || len(head) < 2 || head[0] != 'v' {
		return nil, fmt.Errorf("%w: it does not start with a version such as v%d.", ErrDamaged, Version)
	}
	v, err := strconv.Atoi(head[1:])
	if err != nil || v < 1 {
		return nil, fmt.Errorf("%w: %q is not a link version", ErrDamaged, head)
	}
	if v > Version {
		return nil, fmt.Errorf("%w: the link has format v%d, this page reads up to v%d", ErrTooNew, v, Version)
	}
	packed, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil, fmt.Errorf("%w: the text is not base64url (%v)", ErrDamaged, err)
	}
	zr := flate.NewReader(bytes.NewReader(packed))
	data, err := io.ReadAll(io.LimitReader(zr, MaxScenarioBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: it does not inflate (%v); was it cut short?", ErrDamaged, err)
	}
	if len(data) > MaxScenarioBytes {
		return nil, fmt.Errorf("%w: the scenario is larger than %d MiB", ErrDamaged, MaxScenarioBytes>>20)
	}
	sc, err := core.DecodeScenario(data)
	if err != nil {
		if errors.Is(err, core.ErrVersion) {
			return nil, fmt.Errorf("%w: %v", ErrTooNew, err)
		}
		return nil, fmt.Errorf("%w: the scenario inside is invalid: %v", ErrDamaged, err)
	}
	return sc, nil
}

// Message is the sentence the page shows when a link cannot be opened; the
// page stays usable with its default scenario.
func Message(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrTooNew):
		return "This share link was made by a newer version of batchlab and cannot be opened here (" + err.Error() + "). Showing the default scenario instead."
	case errors.Is(err, ErrDamaged):
		return "This share link is damaged, perhaps cut short when it was copied (" + err.Error() + "). Showing the default scenario instead."
	}
	return "This share link cannot be opened (" + err.Error() + "). Showing the default scenario instead."
}
