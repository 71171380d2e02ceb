//go:build browser

package browsertest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/preset"
	"github.com/batchlab/batchlab/web/vocab"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var memberTokens = regexp.MustCompile(`tokens (\d+) →`)

// batchTokens opens batch id in the batch detail and returns its requests'
// IDs and prompt tokens as shown.
func (tb *tab) batchTokens(id int) (ids []string, tokens []int) {
	tb.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#timeline [data-batch="%d"]`, id))))
	tb.waitFor(fmt.Sprintf(`document.getElementById('detail-h').textContent.includes('#%d ')`, id))
	ids = eval[[]string](tb, `[...document.querySelectorAll('#batch-requests .rid')].map(e => e.textContent)`)
	for _, meta := range eval[[]string](tb, `[...document.querySelectorAll('#batch-requests .meta')].map(e => e.textContent)`) {
		m := memberTokens.FindStringSubmatch(meta)
		require.NotNil(tb.t, m, meta)
		n, _ := strconv.Atoi(m[1])
		tokens = append(tokens, n)
	}
	return ids, tokens
}

// tokensOf returns the IDs and prompt tokens of a result's batch id.
func tokensOf(res *core.Result, id int) (ids []string, tokens []int) {
	ids = res.RequestIDs(&res.Batches[id-1])
	byID := map[string]int{}
	for _, r := range res.Requests {
		byID[r.ID] = r.TokenCount
	}
	for _, id := range ids {
		tokens = append(tokens, byID[id])
	}
	return ids, tokens
}

// TestExactTokenCounts turns exact counts on: the page shows the
// tokenizers' download with its progress and the estimates meanwhile,
// then the counts of `batchlab simulate --tokens exact`.
func TestExactTokenCounts(t *testing.T) {
	tb := open(t, "/")
	tb.do(chromedp.SetValue(chromedp.ID("preset"), "burst"))
	tb.waitFor(`document.getElementById('prompts-input').value.includes('burst1-01') && document.querySelector('#timeline [data-batch="1"]') !== null && !document.getElementById('run-status').textContent.includes('Simulating')`)
	estimated := simulate(t, "burst", nil, nil)
	sc, err := preset.Load("burst")
	require.NoError(t, err)
	sc.Tokens = core.TokensExact
	exact, err := core.Simulate(sc, core.Options{PromptsPath: "$", Tokenizers: vocab.Tokenizers})
	require.NoError(t, err)
	// The first batch of a model with a tokenizer (deepseek-chat, the first
	// model, keeps estimating).
	cat, err := sc.BuildCatalog()
	require.NoError(t, err)
	batch := 0
	for _, b := range exact.Batches {
		if i, _ := cat.Lookup(b.Model); cat.Models()[i].TokenizerName() != core.TokenizerHeuristic {
			batch = b.ID
			break
		}
	}
	require.NotZero(t, batch)
	wantIDs, wantTokens := tokensOf(estimated, batch)
	ids, tokens := tb.batchTokens(batch)
	assert.Equal(t, wantIDs, ids)
	assert.Equal(t, wantTokens, tokens, "estimates before exact counts are on")

	tb.do(chromedp.SetValue(chromedp.ID("f-tokens"), core.TokensExact))
	eval[bool](tb, `document.getElementById('f-tokens').dispatchEvent(new Event('change', {bubbles: true}))`)
	tb.waitFor(`(document.getElementById('tokens-status')?.textContent ?? '').includes('Loading the')`)
	assert.Equal(t, 1, eval[int](tb, `document.querySelectorAll('#tokens-progress').length`))
	tb.screenshot("tokens-loading.png", "#tokens-status")
	tb.waitFor(`document.getElementById('tokens-status') === null && !document.getElementById('run-status').textContent.includes('Simulating')`)
	_, estimates := tokensOf(estimated, batch)
	wantIDs, wantTokens = tokensOf(exact, batch)
	ids, tokens = tb.batchTokens(batch)
	assert.Equal(t, wantIDs, ids)
	assert.Equal(t, wantTokens, tokens, "exact counts once the tokenizers are here")
	assert.NotEqual(t, estimates, wantTokens, "the batch should tell estimates from exact counts")
	tb.do(chromedp.ScrollIntoView(chromedp.ID("batch-detail")))
	tb.screenshot("tokens-exact.png", "#batch-detail")
}

// TestMeasureExactTokenCounts times a run of 10,000 prompts of 500
// characters with estimates and with exact counts (goal: the exact
// counting itself ≤ 1 s).
func TestMeasureExactTokenCounts(t *testing.T) {
	tb := open(t, "/")
	const text = "Refactor the parseLogLine(s string) function in pkg/ingest so it returns (Entry, error); keep 日本語 and emoji 🎉 intact. "
	prompts := make([]string, 10_000)
	for i := range prompts {
		p := fmt.Sprintf("#%d %s", i, strings.Repeat(text, 500/len([]rune(text))+1))
		prompts[i] = string([]rune(p)[:500])
	}
	doc, _ := json.Marshal(prompts)
	tb.pasteBig(string(doc))
	require.Equal(t, 10_000, eval[int](tb, `Number(document.getElementById('metric-requests').textContent.replace(/,/g, ''))`))
	runMs := func() float64 {
		status := eval[string](tb, `document.getElementById('run-status').textContent`)
		m := regexp.MustCompile(`simulated in ([\d.]+) (ms|s)`).FindStringSubmatch(status)
		require.NotNil(t, m, status)
		v, _ := strconv.ParseFloat(m[1], 64)
		if m[2] == "s" {
			v *= 1000
		}
		return v
	}
	start := time.Now()
	tb.do(chromedp.SetValue(chromedp.ID("f-tokens"), core.TokensExact))
	eval[bool](tb, `document.getElementById('f-tokens').dispatchEvent(new Event('change', {bubbles: true}))`)
	tb.waitFor(`document.getElementById('tokens-status') === null && !document.getElementById('run-status').textContent.includes('Simulating')`)
	loaded := time.Since(start)
	// Once the tokenizers are here, a run with estimates, then one with
	// exact counts.
	before := tb.runs()
	tb.do(chromedp.SetValue(chromedp.ID("f-tokens"), core.TokensHeuristic))
	eval[bool](tb, `document.getElementById('f-tokens').dispatchEvent(new Event('change', {bubbles: true}))`)
	tb.waitFor(fmt.Sprintf(`Number(document.getElementById('timeline').dataset.runs) > %d && !document.getElementById('run-status').textContent.includes('Simulating')`, before))
	heuristic := runMs() // a re-run, as the exact one below: the prompts are decoded
	before = tb.runs()
	tb.do(chromedp.SetValue(chromedp.ID("f-tokens"), core.TokensExact))
	eval[bool](tb, `document.getElementById('f-tokens').dispatchEvent(new Event('change', {bubbles: true}))`)
	tb.waitFor(fmt.Sprintf(`Number(document.getElementById('timeline').dataset.runs) > %d && !document.getElementById('run-status').textContent.includes('Simulating')`, before))
	exact := runMs()
	t.Logf("MEASURE exact token counts: tokenizers fetched and loaded in %.0f ms; a run of 10,000 prompts of 500 characters takes %.0f ms with estimates, %.0f ms with exact counts: counting %.0f ms (goal ≤ 1000 ms)%s",
		float64(loaded.Milliseconds()), heuristic, exact, exact-heuristic, overGoal(exact-heuristic, 1000))
}
