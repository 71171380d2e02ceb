package state

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewShowsTheDefaultPreset(t *testing.T) {
	p := New()
	require.NotNil(t, p.Result)
	assert.Equal(t, preset.Default, p.Preset)
	assert.NotZero(t, p.Result.Metrics.Batches)
	assert.Empty(t, p.Problems)
	assert.False(t, p.Dirty())
	assert.Equal(t, 1, p.Runs)
}

// The playground's cached path must give exactly what core.Simulate gives.
func TestRunMatchesCoreSimulate(t *testing.T) {
	for _, pr := range preset.All {
		t.Run(pr.Key, func(t *testing.T) {
			p := New()
			require.NoError(t, p.LoadPreset(pr.Key))
			p.Run()
			require.Empty(t, p.Problems)
			sc, err := preset.Load(pr.Key)
			require.NoError(t, err)
			want, err := core.Simulate(sc, core.Options{})
			require.NoError(t, err)
			a, _ := json.Marshal(want)
			b, _ := json.Marshal(p.Result)
			assert.JSONEq(t, string(a), string(b))

			// A second run (from the cache) gives the same again.
			set(p, "policy.max_batch_size", "8")
			p.Run()
			c, _ := json.Marshal(p.Result)
			assert.JSONEq(t, string(a), string(c))
		})
	}
}

func TestInvalidJSONKeepsTheLastResult(t *testing.T) {
	p := New()
	last, runs := p.Result, p.Runs
	p.SetPrompts("[\n  \"one\",\n  \"two\"\n  \"three\"\n]")
	require.True(t, p.Dirty())
	p.Run()
	assert.Same(t, last, p.Result)
	assert.Equal(t, runs, p.Runs)
	probs := p.InputProblems()
	require.Len(t, probs, 1)
	assert.Equal(t, "$", probs[0].Path)
	assert.Equal(t, 4, probs[0].Line)
	assert.Equal(t, 3, probs[0].Column)
	assert.Contains(t, probs[0].String(), "line 4, column 3")
}

func TestFieldErrorsNameThePromptPath(t *testing.T) {
	p := New()
	p.SetPrompts(`["fine", {"prompt": "x", "created_at_ms": -4}]`)
	p.Run()
	probs := p.InputProblems()
	require.NotEmpty(t, probs)
	assert.Equal(t, "$[1].created_at_ms", probs[0].Path)
}

func TestEveryInputFormat(t *testing.T) {
	tests := []struct {
		name, text string
		requests   int
	}{
		{"strings", `["a question", "another"]`, 2},
		{"objects", `[{"request_id":"x","created_at_ms":3,"prompt":"hi"},{"shortened_query":"short"}]`, 2},
		{"enriched", `[{"prompt":"hi","analysis_json":"{\"intent_type\":\"coding\"}","token_count":40,"selected_model":"gpt-4o"}]`, 1},
		{"empty array", `[]`, 0},
		{"nothing", ``, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New()
			p.SetPrompts(tt.text)
			p.Run()
			require.Empty(t, p.Problems)
			assert.Len(t, p.Result.Requests, tt.requests)
		})
	}
}

func TestNumberFields(t *testing.T) {
	p := New()
	before := p.Result.Metrics.Batches
	set(p, "policy.base_wait_ms", "1000")
	set(p, "policy.max_wait_ms", "1000")
	p.Run()
	require.Empty(t, p.Problems)
	assert.Equal(t, int64(1000), p.Scenario.Policy.BaseWaitMs)
	assert.Less(t, p.Result.Metrics.Batches, before, "longer waits make fewer batches")
	assert.Equal(t, "1000", p.Text(field("policy.base_wait_ms")))

	last := p.Result
	set(p, "policy.max_batch_size", "")
	assert.Equal(t, `want a whole number of requests, got ""`, p.ProblemAt("$.policy.max_batch_size"))
	p.Run()
	assert.Same(t, last, p.Result)
	set(p, "policy.max_batch_size", "4")
	assert.Empty(t, p.ProblemAt("$.policy.max_batch_size"))

	set(p, "policy.min_wait_ms", "2000")
	p.Run()
	assert.Contains(t, p.ProblemAt("$.policy.min_wait_ms"), "min_wait_ms ≤ max_wait_ms")
	assert.Same(t, last, p.Result)

	set(p, "seed", "-1")
	assert.NotEmpty(t, p.ProblemAt("$.seed"))
}

func TestModeTuningAndArrivals(t *testing.T) {
	p := New()
	p.SetText(ModeField, "seed")
	p.SetOn(TuningField, false)
	p.SetText(ArrivalProcessField, "burst")
	set(p, "arrivals.burst_size", "20")
	p.Run()
	require.Empty(t, p.Problems)
	assert.Equal(t, core.ModeSeed, p.Result.Mode)
	assert.False(t, p.Scenario.Policy.ModelTuning)

	p.SetText(ArrivalProcessField, "nope")
	p.Run()
	assert.NotEmpty(t, p.ProblemAt("$.arrivals.process"))
}

func TestCatalogEditing(t *testing.T) {
	p := New()
	assert.False(t, p.CatalogEdited())
	n := len(p.Models)

	p.AddModel()
	require.Len(t, p.Models, n+1)
	assert.Equal(t, "my-model-16", p.Models[n].Name)
	assert.True(t, p.CatalogEdited())
	p.Run()
	require.Empty(t, p.Problems)

	p.SetCell(n, "context_tokens", "-5")
	p.Run()
	assert.Contains(t, p.ProblemAt(CellPath(n, "context_tokens")), "positive")
	require.Len(t, p.CatalogProblems(), 1)

	p.SetCell(n, "context_tokens", "abc")
	assert.Equal(t, "want a whole number", p.ProblemAt(CellPath(n, "context_tokens")))
	assert.True(t, p.HasTypingProblems())
	p.SetCell(n, "context_tokens", "9000")
	assert.False(t, p.HasTypingProblems())

	for i := range CatalogColumns {
		c := &CatalogColumns[i]
		assert.NotPanics(t, func() { p.CellValue(0, c) }, c.Key)
	}
	p.SetCell(0, "strengths.coding", "")
	assert.Empty(t, p.CellValue(0, &CatalogColumns[7]))
	p.SetCell(0, "cost_tier", "high")
	assert.Equal(t, "high", p.Models[0].CostTier)
	assert.Equal(t, "low", core.DefaultModels()[1].CostTier, "defaults untouched")

	p.RemoveModel(n)
	p.ResetCatalog()
	assert.False(t, p.CatalogEdited())
	p.Run()
	assert.Empty(t, p.Problems)
}

func TestRenamingAModelBreaksPromptsThatNameIt(t *testing.T) {
	p := New()
	p.SetPrompts(`[{"prompt":"hi","selected_model":"gpt-4o"}]`)
	p.Run()
	require.Empty(t, p.Problems)
	p.SetCell(2, "name", "gpt-4o-renamed")
	p.Run()
	require.NotEmpty(t, p.InputProblems())
	assert.Equal(t, "$[0].selected_model", p.InputProblems()[0].Path)
}

func TestShareRoundTrip(t *testing.T) {
	p := New()
	require.NoError(t, p.LoadPreset("burst"))
	set(p, "policy.base_wait_ms", "33")
	p.AddModel()
	p.Run()
	frag, err := p.ShareFragment()
	require.NoError(t, err)

	q := New()
	require.True(t, q.OpenShare("#"+frag))
	q.Run()
	require.Empty(t, q.Problems)
	assert.Equal(t, p.Result.Metrics.Batches, q.Result.Metrics.Batches)
	a, _ := json.Marshal(p.Result)
	b, _ := json.Marshal(q.Result)
	assert.JSONEq(t, string(a), string(b))
	assert.Equal(t, int64(33), q.Scenario.Policy.BaseWaitMs)
	assert.Len(t, q.Models, len(p.Models))
}

func TestShareNeedsValidPrompts(t *testing.T) {
	p := New()
	p.SetPrompts("[")
	_, err := p.ShareFragment()
	assert.Error(t, err)
}

func TestOpenShareProblems(t *testing.T) {
	p := New()
	assert.False(t, p.OpenShare(""))
	assert.Empty(t, p.Notice)
	assert.False(t, p.OpenShare("#v1.broken"))
	assert.Contains(t, p.Notice, "damaged")
	assert.False(t, p.OpenShare("#v9.abc"))
	assert.Contains(t, p.Notice, "newer version")
	assert.NotNil(t, p.Result, "the page stays usable")
}

func TestLoadFile(t *testing.T) {
	p := New()
	p.LoadFile("prompts.json", []byte(`["a", "b", "c"]`))
	assert.Equal(t, `["a", "b", "c"]`, p.PromptsText())
	p.Run()
	assert.Len(t, p.Result.Requests, 3)

	raw, err := preset.Raw("overnight")
	require.NoError(t, err)
	rev := p.PromptsRev
	p.LoadFile("night.json", raw)
	assert.Greater(t, p.PromptsRev, rev)
	assert.True(t, strings.Contains(p.PromptsText(), "night-01"))
	p.Run()
	assert.Len(t, p.Result.Requests, 40)

	p.LoadFile("bad.json", []byte(`{"version": 1, "policy": {"max_batch_size": 0}}`))
	assert.Contains(t, p.Notice, "bad.json")
}

func TestSelect(t *testing.T) {
	p := New()
	p.Select(1)
	require.NotNil(t, p.SelectedBatch())
	assert.Equal(t, 1, p.SelectedBatch().ID)
	p.Select(100000)
	assert.Nil(t, p.SelectedBatch())
}

func TestOtherProblems(t *testing.T) {
	p := New()
	set(p, "dispatch.failures.rate_limit", "0.6")
	set(p, "dispatch.failures.server_error", "0.6")
	p.Run()
	require.Len(t, p.OtherProblems(), 1)
	assert.Equal(t, "$.dispatch.failures", p.OtherProblems()[0].Path)
}

// TestTooManyRequestsForThePage: a scenario over the page's limit is
// refused before any decoding, with a message pointing at the CLI.
func TestTooManyRequestsForThePage(t *testing.T) {
	p := New()
	last := p.Result
	p.SetPrompts("[" + strings.Repeat(`"a",`, core.MaxPlaygroundRequests) + `"a"]`)
	p.Run()
	require.Len(t, p.Problems, 1)
	assert.Contains(t, p.Problems[0].Message, "this scenario has 100,001 requests; the playground handles up to 100,000")
	assert.Same(t, last, p.Result, "the last result stays")
}

// Every catalog column is shown always or in a group the table can show,
// and every group has columns.
func TestCatalogGroupsCoverTheColumns(t *testing.T) {
	count := map[string]int{}
	for _, c := range CatalogColumns {
		count[c.Group]++
	}
	assert.Positive(t, count[""], "some columns are always shown")
	for _, g := range CatalogGroups {
		assert.Positive(t, count[g.Key], "group %s has columns", g.Key)
		delete(count, g.Key)
	}
	delete(count, "")
	assert.Empty(t, count, "columns in no known group")
}

// A scenario opened first that does not run (here, too many requests)
// leaves its problems and shows the default preset's result, as the last
// good one.
func TestRunDefaultWhenTheOpenedScenarioDoesNotRun(t *testing.T) {
	p := NewUnrun()
	p.SetPrompts(`[` + strings.Repeat(`"a",`, core.MaxPlaygroundRequests) + `"a"]`)
	p.Run()
	require.Nil(t, p.Result)
	require.NotEmpty(t, p.Problems)
	p.RunDefault()
	require.NotNil(t, p.Result)
	assert.Equal(t, New().Result.Metrics, p.Result.Metrics)
	assert.NotEmpty(t, p.Problems, "the problems stay")
	runs := p.Runs
	p.RunDefault()
	assert.Equal(t, runs, p.Runs, "only without a result")
}
