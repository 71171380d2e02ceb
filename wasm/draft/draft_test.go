package draft

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encode is the stored form of sc with lesson, as Frame says.
func encode(t *testing.T, sc *core.Scenario, lesson string) []byte {
	t.Helper()
	head, tail, err := Frame(sc, lesson)
	require.NoError(t, err)
	return append(append(append([]byte(nil), head...), sc.Prompts...), tail...)
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	sc := core.DefaultScenario()
	sc.Seed, sc.Prompts = 7, json.RawMessage(`["a","b"]`)
	got, lesson, err := Decode(encode(t, &sc, "fill-the-burst"))
	require.NoError(t, err)
	assert.Equal(t, "fill-the-burst", lesson)
	assert.Equal(t, int64(7), int64(got.Seed))
	assert.JSONEq(t, `["a","b"]`, string(got.Prompts))
}

// A draft without prompts, and drafts kept by earlier pages, are read.
func TestDecodeWithoutPromptsAndOldDrafts(t *testing.T) {
	sc := core.DefaultScenario()
	sc.Prompts = nil
	data := encode(t, &sc, "")
	assert.True(t, strings.HasPrefix(string(data), `{"version":1,"scenario":{`), string(data))
	got, _, err := Decode(data)
	require.NoError(t, err)
	assert.Empty(t, got.Prompts)

	old := `{"version":1,"lesson":"fill-the-burst","scenario":{"version":1,"prompts":["kept one","kept two"]}}`
	got, lesson, err := Decode([]byte(old))
	require.NoError(t, err, "a draft of an earlier page")
	assert.Equal(t, "fill-the-burst", lesson)
	assert.JSONEq(t, `["kept one","kept two"]`, string(got.Prompts))
}

func TestDecodeRefuses(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"not JSON", `{"version":1,`, "damaged"},
		{"no version", `{"scenario":{}}`, "damaged"},
		{"no scenario", `{"version":1}`, "damaged"},
		{"newer", `{"version":2,"scenario":{}}`, "newer"},
		{"bad scenario", `{"version":1,"scenario":{"mode":"sometimes"}}`, "cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Decode([]byte(tt.data))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	_, _, err := Decode([]byte(`{"version":2,"scenario":{}}`))
	assert.ErrorIs(t, err, ErrTooNew)
}

func TestPlaceFor(t *testing.T) {
	assert.Equal(t, Inline, PlaceFor(0))
	assert.Equal(t, Inline, PlaceFor(InlineMax))
	assert.Equal(t, Database, PlaceFor(InlineMax+1))
	assert.Equal(t, Database, PlaceFor(6<<20), "a 100,000-row trace")
	assert.Equal(t, Database, PlaceFor(MaxBytes))
	assert.Equal(t, Nowhere, PlaceFor(MaxBytes+1))
}

func TestKeeper(t *testing.T) {
	var k Keeper
	k.Reset(3) // the page loaded at edit 3
	assert.False(t, k.Due(3, 3, true), "nothing edited")
	assert.True(t, k.MayRestore("", 3))
	assert.True(t, k.MayRestore("#", 3))
	assert.False(t, k.MayRestore("#v1.abc", 3), "a link wins over the draft")

	assert.False(t, k.MayRestore("", 4), "never over an edit")
	assert.False(t, k.Due(5, 4, true), "a newer edit is still to run")
	assert.False(t, k.Due(5, 5, false), "the run had problems")
	assert.True(t, k.Due(5, 5, true))
	k.Saved(5)
	assert.False(t, k.Due(5, 5, true), "saved already")
	assert.True(t, k.Due(6, 6, true))

	k.Reset(9) // started over
	assert.False(t, k.Due(9, 9, true))
	assert.True(t, k.MayRestore("", 9))
}

func TestFitsLink(t *testing.T) {
	assert.True(t, FitsLink(16<<10, 16<<10))
	assert.False(t, FitsLink(6<<20, 16<<10))
}

// TestEncodeWritesThePromptsAsTheyAre (the draft as Frame says): the draft is JSON that decodes to
// the scenario and the lesson, with a lesson that needs escaping too, and
// holds the prompts document byte for byte (its white space included).
func TestEncodeWritesThePromptsAsTheyAre(t *testing.T) {
	sc := core.DefaultScenario()
	sc.Prompts = json.RawMessage("[\n\"a\",\n{\"prompt\": \"b\\n\"}\n]")
	for _, lesson := range []string{"", "fill-the-burst", `"<odd>"`} {
		got := encode(t, &sc, lesson)
		require.True(t, json.Valid(got), string(got))
		assert.Contains(t, string(got), `"prompts":`+string(sc.Prompts)+"}}")
		var env envelope
		require.NoError(t, json.Unmarshal(got, &env))
		assert.Equal(t, lesson, env.Lesson)
		back, gotLesson, err := Decode(got)
		require.NoError(t, err)
		assert.Equal(t, lesson, gotLesson)
		assert.JSONEq(t, string(sc.Prompts), string(back.Prompts))
		back.Prompts, sc.Prompts = nil, nil
		assert.Equal(t, sc, *back)
		sc.Prompts = json.RawMessage("[\n\"a\",\n{\"prompt\": \"b\\n\"}\n]")
	}
}

// decodeCases are drafts of every form: Frame's, earlier pages', and ones
// split cannot take, which encoding/json reads.
var decodeCases = []string{
	`{"version":1,"scenario":{}}`,
	`{"version":1,"lesson":"fill-the-burst","scenario":{"version":1,"prompts":["kept one","kept two"]}}`,
	`{"version":1,"lesson":"a \"quoted\\\" one","scenario":{"seed":3}}`,
	`{"version":1,"lesson":"\ud83d\ude00","scenario":{"seed":3}}` + "\n",
	`{"version":1,"scenario":{"seed":3} }`,
	`{ "version": 1, "scenario": {"seed": 3} }`,
	`{"scenario":{"seed":3},"version":1}`,
	`{"version":01,"scenario":{}}`,
	`{"version":2,"scenario":{}}`,
	`{"version":1,"scenario":{}}}`,
	`{"version":1,"scenario":{},"extra":{}}`,
	`{"version":1,"scenario":null}`,
	`{"version":1,"lesson":"x,"scenario":{}}`,
	`{"version":1,"scenario":{"mode":"sometimes"}}`,
	`{"version":1,"scenario":{"prompts":["a",]}}`,
}

// Decode reads every draft as encoding/json does: the same scenario and
// lesson, or an error for the same drafts.
func TestDecodeSplitsAsEncodingJSONReads(t *testing.T) {
	for _, data := range decodeCases {
		assertDecodesAsEncodingJSON(t, []byte(data))
	}
}

func assertDecodesAsEncodingJSON(t *testing.T, data []byte) {
	t.Helper()
	got, gotLesson, gotErr := Decode(data)
	want, wantLesson, wantErr := decodeEnvelope(data)
	if wantErr != nil {
		require.Error(t, gotErr, "%q", data)
		assert.Equal(t, wantErr.Error(), gotErr.Error(), "%q", data)
		return
	}
	require.NoError(t, gotErr, "%q", data)
	assert.Equal(t, want, got, "%q", data)
	assert.Equal(t, wantLesson, gotLesson, "%q", data)
}

func FuzzDecode(f *testing.F) {
	for _, data := range decodeCases {
		f.Add([]byte(data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		assertDecodesAsEncodingJSON(t, data)
	})
}
