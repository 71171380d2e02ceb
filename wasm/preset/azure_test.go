package preset

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the Azure preset from the sample and default_scenario.go from the default preset")

// azureSample is the Azure trace sample the preset is built from (see
// testdata/traffic/NOTICE.md for its source and license).
const azureSample = "../../testdata/traffic/azure-llm-2023-conv-first2000.csv"

// TestAzurePresetIsTheSample proves the Azure preset holds what importing
// the sample gives: the same prompt objects and source note. -update
// rewrites the preset from the sample.
func TestAzurePresetIsTheSample(t *testing.T) {
	data, err := os.ReadFile(azureSample)
	require.NoError(t, err)
	imp, err := core.ImportTraffic(data, azureSample, core.TrafficUnknown, core.TrafficOptions{})
	require.NoError(t, err)
	require.Equal(t, 2000, imp.Report.Records)
	if *update {
		writeAzurePreset(t, imp)
	}
	sc, err := Load("azure-conv-2023")
	require.NoError(t, err)
	assert.Equal(t, imp.Source, sc.Traffic.Source)
	var want, got []map[string]any
	require.NoError(t, json.Unmarshal(imp.Prompts, &want))
	require.NoError(t, json.Unmarshal(sc.Prompts, &got))
	assert.Equal(t, want, got)
	assert.Contains(t, sc.Description, "CC BY 4.0", "the sample's license asks for attribution")
	assert.Contains(t, sc.Description, "Azure LLM inference trace 2023")
}

func writeAzurePreset(t *testing.T, imp *core.Import) {
	var items []json.RawMessage
	require.NoError(t, json.Unmarshal(imp.Prompts, &items))
	head, err := json.MarshalIndent(map[string]any{
		"version": 1,
		"name":    "Azure conversation service, 16 Nov 2023, 7 minutes",
		"description": "Real traffic: the first 2,000 requests of the Microsoft Azure LLM inference trace 2023 " +
			"(conversation service, 16 Nov 2023 from 18:15:46, 7 minutes), token counts and arrival times without text. " +
			"Data: Azure Public Dataset (Patel et al., \"Splitwise: Efficient generative LLM inference using phase splitting\", ISCA 2024), " +
			"licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); see testdata/traffic/NOTICE.md.",
		"traffic": map[string]any{"source": imp.Source},
	}, "", " ")
	require.NoError(t, err)
	var b bytes.Buffer
	b.Write(head[:len(head)-2]) // without the closing "\n}"
	b.WriteString(",\n \"prompts\": [\n")
	for i, it := range items {
		b.WriteString("  ")
		b.Write(it)
		if i < len(items)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(" ]\n}\n")
	require.NoError(t, os.WriteFile("testdata/azure-conv-2023.json", b.Bytes(), 0o644))
}
