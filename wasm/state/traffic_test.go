package state

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadFileImportsATrace(t *testing.T) {
	data, err := os.ReadFile("../../testdata/traffic/azure.csv")
	require.NoError(t, err)
	p := New()
	p.LoadFile("some/dir/azure.csv", data)
	require.Empty(t, p.FileProblems)
	assert.Equal(t, core.TrafficSource{Format: "azure", File: "azure.csv"}, p.Scenario.Traffic.Source)
	assert.Contains(t, p.PromptsText(), `"input_tokens": 2048`, "the editor shows the imported prompt objects")
	assert.False(t, p.PromptsHidden)
	assert.Nil(t, p.Imported, "the next run summarises the import")

	p.Run()
	require.Empty(t, p.Problems)
	assert.Len(t, p.Result.Requests, 5)
	s := p.Imported
	require.NotNil(t, s)
	// Written by hand from the file: six rows, one without input tokens;
	// arrivals 0, 1319, 4314, 4314, 13319 ms after sorting.
	assert.Equal(t, 6, s.Rows)
	assert.Equal(t, 5, s.Requests)
	require.Len(t, s.Skipped, 1)
	assert.Equal(t, core.SkipNoInput, s.Skipped[0].Reason)
	assert.True(t, s.Sorted)
	assert.True(t, s.Timed)
	assert.Equal(t, int64(13319), s.SpanMs)
	assert.Equal(t, Distribution{N: 5, Min: 91, P50: 374, P95: 2048, Max: 2048}, s.Input)
	assert.Equal(t, Distribution{N: 4, Min: 16, P50: 44, P95: 310, Max: 310}, s.Output)
	assert.InDelta(t, 5/13.319, s.RatePerSecond(), 1e-9)
	assert.Equal(t, 0, s.TextRequests)

	lines := map[string]string{}
	for _, l := range s.Lines() {
		lines[l.Label] += l.Value
	}
	assert.Equal(t, "azure.csv (azure)", lines["From"])
	assert.Equal(t, "6 read, 5 requests kept", lines["Rows"])
	assert.Equal(t, "1 row: no input tokens (first on line 4)", lines["Skipped"])
	assert.Equal(t, "13.32 s from 2023-11-16 18:15:46.6805900", lines["Time span"])
	assert.Equal(t, "0.38 requests/s", lines["Rate"])
	assert.Equal(t, "min 91, p50 374, p95 2,048, max 2,048", lines["Input tokens"])
	assert.Contains(t, lines["Order"], "sorted")
	assert.Equal(t, "none: token counts only", lines["Text"])
}

func TestLoadFileCountsModels(t *testing.T) {
	data, err := os.ReadFile("../../testdata/traffic/burstgpt.csv")
	require.NoError(t, err)
	p := New()
	p.SetText(field("traffic.first_n"), "1") // the summary still counts every row
	p.LoadFile("burstgpt.csv", data)
	p.Run()
	require.NotNil(t, p.Imported)
	assert.Equal(t, 4, p.Imported.Requests)
	assert.Equal(t, []ModelCount{{"ChatGPT", 2}, {"GPT-4", 2}}, p.Imported.Models)
	assert.Equal(t, 1, p.Imported.Failed)
}

func TestLoadFileWithErrorsKeepsTheScenario(t *testing.T) {
	p := New()
	text := p.PromptsText()
	p.LoadFile("bad.csv", []byte("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,12,3\n2023-11-16 18:15:47,x,3\n"))
	require.NotEmpty(t, p.FileProblems)
	assert.Equal(t, 3, p.FileProblems[0].Line)
	assert.Positive(t, p.FileProblems[0].Column)
	assert.Equal(t, text, p.PromptsText())
	assert.Nil(t, p.Imported)

	p.LoadFile("empty.csv", []byte("  \n"))
	require.NotEmpty(t, p.FileProblems)
}

func TestABigImportHidesTheEditor(t *testing.T) {
	var b strings.Builder
	b.WriteString("TIMESTAMP,ContextTokens,GeneratedTokens\n")
	for i := range 30_000 {
		fmt.Fprintf(&b, "2023-11-16 18:%02d:%02d.%07d,%d,%d\n", i/6000, i/100%60, i%100*1000, 100+i%900, 1+i%300)
	}
	p := New()
	p.LoadFile("big.csv", []byte(b.String()))
	require.Empty(t, p.FileProblems)
	p.Run()
	assert.True(t, p.PromptsHidden)
	assert.Equal(t, 30_000, p.Imported.Requests)
	rev := p.PromptsRev
	p.ShowPrompts()
	assert.False(t, p.PromptsHidden)
	assert.Greater(t, p.PromptsRev, rev, "the editor writes the text when it shows again")
}

func TestAPresetOfImportedTrafficIsSummarised(t *testing.T) {
	p := New()
	assert.Nil(t, p.Imported, "a preset of prompt text has no import summary")
	sc := core.DefaultScenario()
	sc.Prompts = []byte(`[{"created_at_ms":0,"input_tokens":10},{"created_at_ms":2000,"input_tokens":30,"prompt":"hello there"}]`)
	sc.Traffic.Source = core.TrafficSource{Format: "azure", File: "x.csv"}
	p.Load(&sc)
	p.Run()
	require.NotNil(t, p.Imported)
	assert.Equal(t, 2, p.Imported.Rows)
	assert.Equal(t, int64(2000), p.Imported.SpanMs)
	assert.Equal(t, 1, p.Imported.TextRequests)
}

func TestShapingLinesSayWhatTheRulesDid(t *testing.T) {
	data, err := os.ReadFile("../../testdata/traffic/burstgpt.csv")
	require.NoError(t, err)
	p := New()
	assert.Nil(t, p.ShapingLines(), "text prompts: the rules did nothing")
	p.LoadFile("burstgpt.csv", data)
	p.SetText(field("traffic.first_n"), "3")
	p.SetOn(TrafficSwitches[0], true)
	p.Run()
	require.Empty(t, p.Problems)
	lines := map[string]string{}
	for _, l := range p.ShapingLines() {
		lines[l.Label] = l.Value
	}
	assert.Equal(t, "4", lines["Rows in"])
	assert.Equal(t, "1", lines["Dropped after the first rows"])
	assert.Equal(t, "1", lines["Dropped as failed"])
	assert.Equal(t, "2", lines["Kept"])
	assert.Equal(t, "2 mapped to the catalog, 0 unmapped", lines["Trace models"])

	p.StartReading("x.csv", 2_500_000)
	assert.Equal(t, "Reading x.csv… (2.5 MB)", p.Reading)
	p.LoadFile("x.csv", data)
	assert.Empty(t, p.Reading)
}

func TestHasProblemUnder(t *testing.T) {
	p := New()
	assert.False(t, p.HasProblemUnder("$.traffic"))
	p.SetText(field("traffic.first_n"), "1.5")
	assert.True(t, p.HasProblemUnder("$.traffic"), "what the user typed")
	p.SetText(field("traffic.first_n"), "0")
	p.SetText(field("traffic.model"), "no-such-model")
	p.Run()
	assert.True(t, p.HasProblemUnder("$.traffic"), "what the core found")
	assert.False(t, p.HasProblemUnder("$.policy"))
}

func TestPastingABigDocumentHidesTheEditor(t *testing.T) {
	prompts := make([]string, 1_000)
	for i := range prompts {
		prompts[i] = fmt.Sprintf("prompt %d %s", i, strings.Repeat("x", 300))
	}
	doc, err := json.Marshal(prompts)
	require.NoError(t, err)
	require.Greater(t, len(doc), BigPrompts)

	p := New()
	require.NotEmpty(t, p.Scenario.Description)
	loads, rev := p.Loads, p.PromptsRev
	p.SetPrompts(string(doc))
	assert.True(t, p.PromptsHidden, "the editor gives way to the summary")
	assert.Empty(t, p.Scenario.Description, "it described the preset's prompts")
	assert.Greater(t, p.PromptsRev, rev)
	assert.Greater(t, p.Loads, loads, "a new document starts on its whole run")
	assert.Equal(t, []string{cut(prompts[0]), cut(prompts[1]), cut(prompts[2])}, p.FirstPrompts)
	p.Run()
	require.Empty(t, p.Problems)
	require.NotNil(t, p.Imported, "summarised as an import")
	assert.Equal(t, 1_000, p.Imported.Requests)

	// Edited as text on the user's request, a page at a time, it stays
	// shown while typed in.
	p.ShowPrompts()
	p.GoToLine(p.Pager().Lines())
	p.SetPrompts(strings.TrimSuffix(p.EditorText(), "\n]") + ",\n\"one more\"\n]")
	assert.False(t, p.PromptsHidden)
	p.Run()
	assert.Equal(t, 1_001, p.Result.Metrics.Requests)

	// Loaded again (a restored draft, a link), it is summarised too.
	sc := p.BuildScenario()
	p.Load(&sc)
	p.Run()
	assert.True(t, p.PromptsHidden)
	require.NotNil(t, p.Imported)
	assert.Equal(t, 1_001, p.Imported.Requests)

	// A new document empties the editor.
	p.NewPrompts()
	assert.False(t, p.PromptsHidden)
	assert.Equal(t, "[]", p.PromptsText())
	assert.Nil(t, p.Imported)
	assert.Nil(t, p.FirstPrompts)
	p.Run()
	assert.Equal(t, 0, p.Result.Metrics.Requests)
}

func TestThePresetsFitTheEditor(t *testing.T) {
	for _, pr := range preset.All {
		p := New()
		require.NoError(t, p.LoadPreset(pr.Key))
		assert.False(t, p.PromptsHidden, "%s: %d bytes", pr.Key, len(p.PromptsText()))
	}
}
