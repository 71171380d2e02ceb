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
