// Package draft decides what the playground keeps in the browser between
// visits, and when: the scenario of the last good run after an edit, so
// that a reload does not lose edits that were never shared. The page glue
// (wasm/storage.go) only carries out what this package decides; nothing
// here touches the browser, so it is tested natively.
//
// The rules: a draft is written after a run, never while typing (the page
// waits SaveAfter after the last run; a newer run wins); only when the
// user changed something since the page loaded, started over or restored
// a draft; only from a run without problems. On load, a share link's
// fragment wins over the draft; without one, the draft is restored. Small
// drafts go to localStorage, which is read at once; large ones (imported
// traces) to IndexedDB, since localStorage holds about 5 MB per site and
// a 100,000-row trace is about 6 MB of JSON.
package draft

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/batchlab/batchlab/core"
)

// Version is the draft format this package writes and the newest it reads.
const Version = 1

// SaveAfter is how long the page waits after a run before it saves the
// draft and updates the address bar: runs closer together save once.
const SaveAfter = 400 * time.Millisecond

// InlineMax is the largest draft, in bytes, kept in localStorage; larger
// ones go to IndexedDB.
const InlineMax = 512 << 10

// MaxBytes is the largest draft kept at all: the largest scenario the
// core reads, with room for the envelope.
const MaxBytes = core.MaxScenarioBytes + 1<<10

// A Place is where a draft is kept.
type Place int

// The places of a draft.
const (
	// Inline is localStorage: read at once when the page loads.
	Inline Place = iota
	// Database is IndexedDB: for large drafts, read asynchronously.
	Database
	// Nowhere: the draft is larger than MaxBytes and is not kept.
	Nowhere
)

// PlaceFor says where a draft of size bytes is kept.
func PlaceFor(size int) Place {
	switch {
	case size <= InlineMax:
		return Inline
	case size <= MaxBytes:
		return Database
	}
	return Nowhere
}

// ErrTooNew: the draft was written by a newer batchlab.
var ErrTooNew = errors.New("draft from a newer batchlab")

// envelope is the stored document.
type envelope struct {
	Version  int             `json:"version"`
	Lesson   string          `json:"lesson,omitempty"`
	Scenario json.RawMessage `json:"scenario"`
}

// Frame returns the stored form of sc and of the lesson being taken ("" for
// none) around its prompts: the draft is head, then sc.Prompts as they
// are, then tail. The page stores a big draft in parts, the prompts
// copied a slice at a time, never joined in one buffer in Go.
func Frame(sc *core.Scenario, lesson string) (head, tail []byte, err error) {
	// The prompts are written as they are, after the other fields, rather
	// than by json.Marshal, which checks and compacts a raw document (a
	// 5 MB prompts document: a pass of encoding/json in the page): they
	// are the document of a run, which the core read.
	rest := *sc
	rest.Prompts = nil
	raw, err := json.Marshal(&rest)
	if err != nil {
		return nil, nil, fmt.Errorf("encode the draft: %w", err)
	}
	// The envelope is written around the scenario rather than by
	// json.Marshal, which would check and compact it again.
	head = make([]byte, 0, len(raw)+64+len(lesson))
	head = append(head, `{"version":`...)
	head = strconv.AppendInt(head, Version, 10)
	if lesson != "" {
		quoted, _ := json.Marshal(lesson) // a string always encodes
		head = append(append(head, `,"lesson":`...), quoted...)
	}
	head = append(append(head, `,"scenario":`...), raw[:len(raw)-1]...) // without its }
	if len(sc.Prompts) > 0 {
		if len(raw) > 2 { // not {}
			head = append(head, ',')
		}
		head = append(head, `"prompts":`...)
	}
	return head, []byte("}}"), nil
}

// Decode reads a draft: its scenario, decoded and validated by the core,
// and its lesson. A draft in the form Frame and earlier pages wrote
// (json.Marshal of the envelope, whose fields come in the same order) is
// split by hand around its scenario, which the core reads in one quick
// pass of its own: encoding/json would check and copy the prompts, most
// of a big draft's bytes, once more (a 5 MB draft: 150 ms in the page).
// Any other draft, and one that cannot be read, is read by encoding/json,
// which gives the error.
func Decode(data []byte) (*core.Scenario, string, error) {
	if scenario, lesson, ok := split(data); ok {
		if sc, err := core.DecodeScenario(scenario); err == nil {
			return sc, lesson, nil
		}
	}
	return decodeEnvelope(data)
}

// split finds the scenario and the lesson of a draft of the form
// {"version":1[,"lesson":"…"],"scenario":…}, the scenario left for the
// core to check; ok is false for any other draft.
func split(data []byte) (scenario []byte, lesson string, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte(`{"version":`))
	if !found {
		return nil, "", false
	}
	digits := 0
	for digits < len(rest) && '0' <= rest[digits] && rest[digits] <= '9' {
		digits++
	}
	if v, err := strconv.Atoi(string(rest[:digits])); err != nil || v < 1 || v > Version || rest[0] == '0' {
		return nil, "", false
	}
	rest = rest[digits:]
	if rest, found = bytes.CutPrefix(rest, []byte(`,"lesson":"`)); found {
		end := 0
		for end < len(rest) && rest[end] != '"' {
			if rest[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(rest) || json.Unmarshal(data[len(data)-len(rest)-1:len(data)-len(rest)+end+1], &lesson) != nil {
			return nil, "", false
		}
		rest = rest[end+1:]
	}
	if rest, found = bytes.CutPrefix(rest, []byte(`,"scenario":`)); !found {
		return nil, "", false
	}
	rest = bytes.TrimRight(rest, " \t\r\n")
	if len(rest) < 2 || rest[len(rest)-1] != '}' {
		return nil, "", false
	}
	return rest[:len(rest)-1], lesson, true
}

// decodeEnvelope reads any draft with encoding/json, and says why one
// cannot be read.
func decodeEnvelope(data []byte) (*core.Scenario, string, error) {
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, "", fmt.Errorf("the kept scenario is damaged: %w", err)
	}
	if env.Version > Version {
		return nil, "", fmt.Errorf("%w: format %d, this page reads up to %d", ErrTooNew, env.Version, Version)
	}
	if env.Version < 1 || len(env.Scenario) == 0 {
		return nil, "", errors.New("the kept scenario is damaged: no version or no scenario")
	}
	sc, err := core.DecodeScenario(env.Scenario)
	if err != nil {
		return nil, "", fmt.Errorf("the kept scenario cannot be read: %w", err)
	}
	return sc, env.Lesson, nil
}

// A Keeper follows the page's edits and runs and says when a draft is
// due and when one may be restored.
type Keeper struct {
	// clean is the edit count of the scenario the page started from (the
	// load, a restored draft, a start over): nothing of the user's to keep.
	clean int
	// saved is the edit count of the scenario saved last.
	saved int
}

// Reset marks the scenario at edit count edits as the one the page
// starts from: it is not saved until the user changes it.
func (k *Keeper) Reset(edits int) { k.clean, k.saved = edits, edits }

// Due reports whether a run of the scenario at edit count edits should be
// saved: the run was good (ok) and of the newest edit (ran == edits), and
// the user changed the scenario since the page started and since the
// last save.
func (k *Keeper) Due(edits, ran int, ok bool) bool {
	return ok && ran == edits && edits != k.clean && edits != k.saved
}

// Saved records that the scenario at edit count edits was saved.
func (k *Keeper) Saved(edits int) { k.saved = edits }

// MayRestore reports whether a draft may replace the scenario shown: the
// page's address has no fragment (a link wins over the draft) and the user
// has not changed anything since the page started (a draft read late from
// IndexedDB never overwrites edits).
func (k *Keeper) MayRestore(fragment string, edits int) bool {
	return strings.TrimPrefix(fragment, "#") == "" && edits == k.clean
}

// FitsLink reports whether a scenario of size bytes of JSON is worth
// encoding as a link fragment: links are compressed, but a scenario this
// much larger than the longest fragment never fits, and encoding it on
// every save would be wasted work.
func FitsLink(size, maxFragment int) bool { return size <= 16*maxFragment }
