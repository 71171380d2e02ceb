// Package preset holds the playground's example scenarios, embedded from
// testdata/ so that the same files serve the page and the tests.
package preset

import (
	"embed"
	"fmt"

	"github.com/batchlab/batchlab/core"
)

//go:embed testdata/*.json
var files embed.FS

// A Preset is one example scenario the playground offers.
type Preset struct {
	// Key names the preset in the picker and in tests, e.g. "burst".
	Key string
	// File is the scenario document inside testdata/.
	File string
	// Name is the scenario's name, as its file has it (a test checks):
	// the picker shows it without decoding every preset.
	Name string
}

// All lists the presets in the order the picker shows them; the first is
// what the page opens with.
var All = []Preset{
	{Key: "steady-chat", File: "steady-chat.json", Name: "Steady chat traffic"},
	{Key: "burst", File: "burst.json", Name: "A burst"},
	{Key: "coding-day", File: "coding-day.json", Name: "A coding day"},
	{Key: "long-documents", File: "long-documents.json", Name: "Long documents"},
	{Key: "overnight", File: "overnight.json", Name: "Sparse overnight traffic"},
	{Key: "azure-conv-2023", File: "azure-conv-2023.json", Name: "Azure conversation service, 16 Nov 2023, 7 minutes"},
}

// Default is the key of the preset the page opens with.
const Default = "steady-chat"

// Raw returns the scenario document of the preset called key.
func Raw(key string) ([]byte, error) {
	for _, p := range All {
		if p.Key == key {
			return files.ReadFile("testdata/" + p.File)
		}
	}
	return nil, fmt.Errorf("preset %q does not exist", key)
}

// Load decodes the preset called key into a scenario. The default preset
// comes decoded (defaultScenario, generated from its file and tested to
// be what decoding the file gives): the page opens with it, and decoding
// takes reflection, whose code V8 would compile first.
func Load(key string) (*core.Scenario, error) {
	if key == Default {
		return defaultScenario(), nil
	}
	data, err := Raw(key)
	if err != nil {
		return nil, err
	}
	return core.DecodeScenario(data)
}
