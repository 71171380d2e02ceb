package core

import (
	"fmt"
	"strings"
	"testing"
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

func TestCountPromptsReadsNonFiniteLiterals(t *testing.T) {
	if n := CountPrompts([]byte(`[{"prompt": NaN}, "x"]`)); n != 2 {
		t.Errorf("got %d prompts, want 2: seed mode reads NaN, so the limit must count the items", n)
	}
	if n := CountPrompts([]byte(`[-NaN]`)); n != 0 {
		t.Errorf("got %d prompts in a document Python's json refuses, want 0", n)
	}
}
