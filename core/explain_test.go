package core

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExplanationsMatchCloseReasons checks, on every batch of generated
// inputs in both modes, that the explanation names the rule that closed the
// batch and that its numbers show the rule firing.
func TestExplanationsMatchCloseReasons(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	n := 0
	for range 150 {
		g := generate(rng)
		for _, mode := range []Mode{ModeTimer, ModeSeed} {
			res := g.run(mode)
			for i, e := range res.Explanations() {
				b := &res.Batches[i]
				n++
				require.Equal(t, b.ID, e.Batch)
				require.Equal(t, b.CloseReason, e.CloseReason)
				switch {
				case b.Oversize:
					require.Greater(t, e.Tokens, e.MaxTokens)
					require.True(t, strings.HasPrefix(e.Text, "sent alone at once"), e.Text)
				case e.CloseReason == CloseSize:
					require.True(t, strings.HasPrefix(e.Text, "closed on size: "), e.Text)
					require.Empty(t, e.ClosedBy, "a full batch closes as the last request joins")
					require.Equal(t, e.MaxSize, e.Size)
				case e.CloseReason == CloseTokens:
					require.True(t, strings.HasPrefix(e.Text, "closed on tokens: "), e.Text)
					if e.ClosedBy == "" {
						require.GreaterOrEqual(t, e.Tokens, e.MaxTokens)
					} else {
						require.Positive(t, e.NeededTokens)
						require.Greater(t, e.Tokens+e.NeededTokens, e.MaxTokens)
					}
				case e.CloseReason == CloseTime:
					require.True(t, strings.HasPrefix(e.Text, "closed on time"), e.Text)
					require.NotEmpty(t, e.DeadlineBy)
					if mode == ModeTimer {
						require.Equal(t, e.WaitLimitMs, e.WaitMs, "timer mode closes exactly at the deadline")
						require.Zero(t, e.LateMs)
					} else {
						require.GreaterOrEqual(t, e.WaitMs, e.WaitLimitMs)
						require.Equal(t, e.WaitMs-e.WaitLimitMs, e.LateMs)
					}
				case e.CloseReason == CloseFlush:
					require.Equal(t, ModeSeed, mode)
					require.True(t, strings.HasPrefix(e.Text, "flushed at the last arrival"), e.Text)
				}
			}
		}
	}
	t.Logf("%d batches explained", n)
}

func TestExplanationText(t *testing.T) {
	cat := DefaultCatalog()
	p := DefaultPolicy()
	p.MaxBatchSize = 2
	p.ModelTuning = false
	in := []Request{
		{ID: "a", CreatedAt: 0, Text: "tell me a joke", hasTime: true},
		{ID: "b", CreatedAt: 10, Text: "tell me a joke", hasTime: true},
		{ID: "c", CreatedAt: 20, Text: "tell me a joke", hasTime: true},
	}
	res := Run(in, cat, &p, ModeTimer, 0, nil)
	ex := res.Explanations()
	require.Len(t, ex, 2)
	assert.Equal(t, "closed on size: 2/2 requests; tokens 36/3,000; waited 10 of 80 ms", ex[0].Text)
	assert.Equal(t, "closed on time: waited 80 of 80 ms (deadline set by c); 1/2 requests; tokens 18/3,000", ex[1].Text)
	assert.Equal(t, "1,234,567", FormatCount(1234567))
	assert.Equal(t, "-1,000", FormatCount(-1000))
	assert.Equal(t, "999", FormatCount(999))
}

// TestExplanationFindsRequestsByIndex gives every request the same id: the
// explanation must still name the tokens of the request that did not fit,
// not those of the first request with its id.
func TestExplanationFindsRequestsByIndex(t *testing.T) {
	p := DefaultPolicy()
	p.MaxBatchTokens, p.ModelTuning = 40, false
	in := []Request{
		{ID: "x", CreatedAt: 0, Text: "tell me a joke", hasTime: true},
		{ID: "x", CreatedAt: 0, Text: "tell me a joke about a cat and a dog and a bird", hasTime: true},
	}
	res := Run(in, DefaultCatalog(), &p, ModeTimer, 0, nil)
	require.Len(t, res.Batches, 2)
	require.NotEqual(t, res.Requests[0].EffectiveTokens, res.Requests[1].EffectiveTokens)
	e := res.Explain(&res.Batches[0])
	assert.Equal(t, CloseTokens, e.CloseReason)
	assert.Equal(t, "x", e.ClosedBy)
	assert.Equal(t, res.Requests[1].EffectiveTokens, e.NeededTokens)
}

func TestParetoFront(t *testing.T) {
	tests := []struct {
		name   string
		xs, ys []float64
		want   []bool
	}{
		{"empty", nil, nil, []bool{}},
		{"one", []float64{1}, []float64{1}, []bool{true}},
		{"trade-off curve", []float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, []bool{true, true, true, true}},
		{"dominated inside", []float64{1, 2, 3}, []float64{3, 3, 1}, []bool{true, false, true}},
		{"same x, worse y", []float64{1, 1}, []float64{2, 1}, []bool{false, true}},
		{"same y, worse x", []float64{2, 1}, []float64{1, 1}, []bool{false, true}},
		{"duplicates both on front", []float64{1, 1, 5}, []float64{1, 1, 0}, []bool{true, true, true}},
		{"one best at both", []float64{5, 1, 3}, []float64{5, 1, 2}, []bool{false, true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ParetoFront(tt.xs, tt.ys))
		})
	}
	// Against the definition, on random points with many ties.
	rng := rand.New(rand.NewPCG(1, 1))
	for range 300 {
		n := rng.IntN(30)
		xs, ys := make([]float64, n), make([]float64, n)
		for i := range xs {
			xs[i], ys[i] = float64(rng.IntN(6)), float64(rng.IntN(6))
		}
		got := ParetoFront(xs, ys)
		for i := range xs {
			dominated := false
			for j := range xs {
				if xs[j] <= xs[i] && ys[j] <= ys[i] && (xs[j] < xs[i] || ys[j] < ys[i]) {
					dominated = true
				}
			}
			require.Equal(t, !dominated, got[i], "point %d of %v %v", i, xs, ys)
		}
	}
}

func TestExportPolicy(t *testing.T) {
	s := DefaultScenario()
	s.Policy.Overrides = []ModelOverride{{Model: "gpt-4o", MaxBatchSize: 16, WaitMs: 250}}
	ex, err := ExportPolicy(&s, []string{"gpt-4o", "gpt-4o-mini"})
	require.NoError(t, err)
	assert.Contains(t, ex.Triton, "# gpt-4o (config.pbtxt)\nmax_batch_size: 16\ndynamic_batching {\n  preferred_batch_size: [ 16 ]\n  max_queue_delay_microseconds: 250000\n}")
	assert.Contains(t, ex.Triton, "# gpt-4o-mini (config.pbtxt)\nmax_batch_size: 12")
	assert.Contains(t, ex.RayServe, "@serve.batch(max_batch_size=16, batch_wait_timeout_s=0.25)\nasync def handle_gpt_4o(self, requests):")
	assert.Contains(t, ex.RayServe, "batch_wait_timeout_s=0.08)\nasync def handle_gpt_4o_mini(")
	assert.Contains(t, ex.JSON, `"max_batch_tokens": 5000`)
	assert.NotEmpty(t, ex.Notes)
	assert.Equal(t, "1.0", seconds(1000))
	assert.Equal(t, "0.005", seconds(5))
	assert.Equal(t, "handle_models_gemini_1_5_flash", pythonName("models/gemini-1.5-flash"))
}

func TestWriteCSV(t *testing.T) {
	s := DefaultScenario()
	s.Prompts = []byte(`["a short joke, briefly", "fix the bug in this function", "summarize the notes"]`)
	res, err := Simulate(&s, Options{})
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, res.WriteCSV(&b))
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	require.Len(t, lines, 4)
	assert.Equal(t, strings.Join(CSVHeader, ","), lines[0])
	for _, l := range lines[1:] {
		assert.Len(t, strings.Split(l, ","), len(CSVHeader))
		assert.Contains(t, l, ",false,false,ok,", "batched, not oversize, dispatched ok")
	}
}
