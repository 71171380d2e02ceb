package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
			text := st.Example(&def)
			require.NotEmpty(t, text)
			arg := text
			if st.Kind == core.KindStructured { // the flag names a file
				arg = filepath.Join(t.TempDir(), "setting.json")
				require.NoError(t, os.WriteFile(arg, []byte(text), 0o600))
			}
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			f := addSettingFlags(fs)
			require.NoError(t, fs.Parse([]string{"--" + st.Flag + "=" + arg}))
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
