package link

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sample(t testing.TB) *core.Scenario {
	sc := core.DefaultScenario()
	sc.Name = "sample"
	sc.Seed = 42
	sc.Policy.BaseWaitMs = 95
	sc.Prompts = json.RawMessage(`["Write a haiku about <img src=x onerror=alert(1)>", {"request_id":"a","created_at_ms":5,"prompt":"Explain why"}]`)
	return &sc
}

func TestRoundTrip(t *testing.T) {
	sc := sample(t)
	link, err := Encode(sc)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(link, "v1."))
	assert.NotContains(t, link, "=", "no padding")
	assert.NotContains(t, link, "+")
	assert.NotContains(t, link, "/")

	got, err := Decode("#" + link)
	require.NoError(t, err)
	want, _ := json.Marshal(sc)
	have, _ := json.Marshal(got)
	assert.JSONEq(t, string(want), string(have))
}

func TestDecodeErrors(t *testing.T) {
	good, err := Encode(sample(t))
	require.NoError(t, err)
	tooNewScenario := func() string {
		sc := sample(t)
		data, _ := json.Marshal(sc)
		data = []byte(strings.Replace(string(data), `"version":1`, `"version":7`, 1))
		// Re-pack by hand: Encode would not write a version-7 scenario.
		raw := packForTest(t, data)
		return raw
	}()
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrNoLink},
		{"hash only", "#", ErrNoLink},
		{"no version", "abc", ErrDamaged},
		{"bad version", "vx.abc", ErrDamaged},
		{"zero version", "v0.abc", ErrDamaged},
		{"newer format", "v2.abc", ErrTooNew},
		{"newer scenario", tooNewScenario, ErrTooNew},
		{"not base64", "v1.***", ErrDamaged},
		{"cut short", good[:len(good)/2], ErrDamaged},
		{"not deflate", "v1.aGVsbG8", ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.in)
			require.ErrorIs(t, err, tt.want)
			assert.NotEmpty(t, Message(err))
		})
	}
}

func TestMessageNamesTheProblem(t *testing.T) {
	_, err := Decode("v9.abc")
	assert.Contains(t, Message(err), "newer version")
	_, err = Decode("v1.abc")
	assert.Contains(t, Message(err), "damaged")
	assert.Empty(t, Message(nil))
}

// A kept flate writer (or one Prepare made) encodes as a new one does:
// the same scenario gives the same fragment before and after others, at
// both levels.
func TestEncodeReusesItsWriters(t *testing.T) {
	small, err := json.Marshal(sample(t))
	require.NoError(t, err)
	forgetDeflaters()
	big := []byte(`{"version":1,"name":"` + strings.Repeat("big ", 1<<18) + `"}`)
	first, err := EncodeJSON(small)
	require.NoError(t, err)
	firstBig, err := EncodeJSON(big)
	require.NoError(t, err)
	for range 3 {
		forgetDeflaters()
		Prepare()
		again, err := EncodeJSON(small)
		require.NoError(t, err)
		assert.Equal(t, first, again)
		againBig, err := EncodeJSON(big)
		require.NoError(t, err)
		assert.Equal(t, firstBig, againBig)
	}
}

// BenchmarkEncode is what the playground pays at each save of an edited
// scenario to keep its link in the address bar.
func BenchmarkEncode(b *testing.B) {
	sc := sample(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(sc); err != nil {
			b.Fatal(err)
		}
	}
}

// forgetDeflaters drops the flate writers kept.
func forgetDeflaters() {
	deflaters.Lock()
	deflaters.free = nil
	deflaters.Unlock()
}
