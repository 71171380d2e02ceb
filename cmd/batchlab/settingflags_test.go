package main

import (
	"flag"
	"io"
	"strconv"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flagExample is a valid text for st other than its default.
func flagExample(st *core.Setting, def *core.Scenario) string {
	cur := st.Text(def)
	switch st.Kind {
	case core.KindBool:
		return strconv.FormatBool(cur != "true")
	case core.KindChoice:
		for _, c := range st.Choices {
			if c.Value != cur {
				return c.Value
			}
		}
	case core.KindText:
		return "gpt-4o-mini"
	}
	for _, v := range []float64{st.Range.From + st.Range.Step, st.Min + 1, st.Min + 2} {
		if text := strconv.FormatFloat(v, 'f', -1, 64); text != cur {
			return text
		}
	}
	return ""
}

// TestSettingFlagsRoundTrip gives every setting flag a value on a command
// line and finds the value in the scenario, set as core sets it from text.
func TestSettingFlagsRoundTrip(t *testing.T) {
	def := core.DefaultScenario()
	n := 0
	for _, st := range core.Settings() {
		if st.Flag == "" {
			continue
		}
		n++
		t.Run(st.Flag, func(t *testing.T) {
			text := flagExample(&st, &def)
			require.NotEmpty(t, text)
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			f := addSettingFlags(fs)
			require.NoError(t, fs.Parse([]string{"--" + st.Flag + "=" + text}))
			got := core.DefaultScenario()
			f.apply(&got)
			want := core.DefaultScenario()
			require.NoError(t, st.SetText(&want, text))
			assert.Equal(t, want, got)
			assert.Equal(t, text, st.Text(&got))
		})
	}
	assert.GreaterOrEqual(t, n, 35, "every plain setting has a flag")
}

func TestSettingFlagRefusesAFraction(t *testing.T) {
	code, out, errOut := runCLI(t, "", "simulate", "--input", "../../testdata/prompts/mixed.json", "--max-batch-tokens", "2500.5")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, `invalid value "2500.5" for flag -max-batch-tokens: $.policy.max_batch_tokens: want a whole number of tokens`)
	code, _, errOut = runCLI(t, "", "simulate", "--input", "../../testdata/prompts/mixed.json", "--job", "stream")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `$.dispatch.job: want "batches" or "fixed", got "stream"`)
}
