package core

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestModelsAndOverridesAreCapped(t *testing.T) {
	models := make([]string, MaxModels+1)
	for i := range models {
		models[i] = fmt.Sprintf(`{"name":"m%d","strengths":{"general":3}}`, i)
	}
	_, err := DecodeScenario([]byte(`{"version":1,"catalog":{"models":[` + strings.Join(models, ",") + `]}}`))
	requireFieldErrors(t, err, []string{"$.catalog.models: want at most 1000 models, got 1001"}, ErrTooLarge)

	overrides := make([]string, MaxOverrides+1)
	for i := range overrides {
		overrides[i] = `{"model":"gpt-4o"}`
	}
	_, err = DecodeScenario([]byte(`{"version":1,"policy":{"overrides":[` + strings.Join(overrides, ",") + `]}}`))
	requireFieldErrors(t, err, []string{"$.policy.overrides: want at most 1000 overrides, got 1001"}, ErrTooLarge)
}

// BenchmarkCatalogOfMaxModels measures a scenario with the most models a
// scenario may give: the merge finds each by name (it scanned every model
// for each before).
func BenchmarkCatalogOfMaxModels(b *testing.B) {
	models := make([]string, MaxModels)
	for i := range models {
		models[i] = fmt.Sprintf(`{"name":"m%d","strengths":{"general":3}}`, i)
	}
	doc := []byte(`{"version":1,"catalog":{"models":[` + strings.Join(models, ",") + `]}}`)
	for b.Loop() {
		if _, err := DecodeScenario(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCountPrompts(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want int
	}{
		{`[{"prompt": NaN}, "x"]`, 2}, // seed mode reads NaN, so the limit must count the items
		{`[]`, 0},
		{` [ "a" , {"b": [1, "]"]}, 3 ] `, 3},
		{`{"prompts": []}`, 0},
		{`null`, 0},
		{``, 0},
		// Malformed documents end the count where the structure breaks;
		// their syntax errors are the decoder's.
		{`[-NaN]`, 1},
		{`[}`, 0},
		{`["a",:]`, 1},
		{`["unterminated`, 1},
	} {
		assert.Equal(t, tc.want, CountPrompts([]byte(tc.doc)), "%s", tc.doc)
	}
}
