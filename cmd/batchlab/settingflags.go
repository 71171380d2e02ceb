package main

import (
	"flag"
	"io"
	"os"
	"strings"

	"github.com/batchlab/batchlab/core"
)

// settingFlags are the flags of the scenario settings, one for every
// setting of core's table that names a flag. A value is checked for its
// kind when the flag is parsed (a fraction for a whole number fails
// there; a structured setting's flag names a file holding its JSON); the
// flags given are applied, in command-line order, over the
// scenario once it is loaded, and validation then reports bad values by
// their JSON path.
type settingFlags struct {
	given []givenSetting
}

type givenSetting struct {
	setting core.Setting
	text    string
}

// addSettingFlags defines the setting flags on fs.
func addSettingFlags(fs *flag.FlagSet) *settingFlags {
	f := &settingFlags{}
	def := core.DefaultScenario()
	for _, st := range core.Settings() {
		if st.Flag == "" {
			continue
		}
		if st.Kind == core.KindBool {
			fs.BoolFunc(st.Flag, flagUsage(&st, &def), f.record(st))
		} else {
			fs.Func(st.Flag, flagUsage(&st, &def), f.record(st))
		}
	}
	return f
}

func (f *settingFlags) record(st core.Setting) func(string) error {
	return func(text string) error {
		if st.Kind == core.KindStructured {
			data, err := os.ReadFile(text)
			if err != nil {
				return err
			}
			text = string(data)
		}
		scratch := core.DefaultScenario()
		if err := st.SetText(&scratch, text); err != nil {
			return err
		}
		f.given = append(f.given, givenSetting{st, text})
		return nil
	}
}

// apply sets the settings given on the command line in sc.
func (f *settingFlags) apply(sc *core.Scenario) {
	for _, g := range f.given {
		g.setting.SetText(sc, g.text) // parsed once already: cannot fail
	}
}

// applyValid applies the settings to sc and validates the result; on
// failure it has printed the problems to stderr (under "flags") and returns
// false.
func (f *settingFlags) applyValid(sc *core.Scenario, stderr io.Writer) bool {
	f.apply(sc)
	if err := sc.Validate(); err != nil {
		printErrors(stderr, "flags", err)
		return false
	}
	return true
}

// flagUsage is the setting's help with its unit, choices and default.
func flagUsage(st *core.Setting, def *core.Scenario) string {
	var b strings.Builder
	b.WriteString(st.Help)
	var notes []string
	if st.Unit != "" {
		notes = append(notes, st.Unit)
	}
	if st.Kind == core.KindStructured {
		notes = append(notes, "a JSON file")
	}
	if len(st.Choices) > 0 {
		values := make([]string, len(st.Choices))
		for i, c := range st.Choices {
			values[i] = c.Value
		}
		notes = append(notes, strings.Join(values, " | "))
	}
	if d := st.Text(def); d != "" && !st.Derived {
		notes = append(notes, "default "+d)
	}
	if len(notes) > 0 {
		b.WriteString(" (" + strings.Join(notes, "; ") + ")")
	}
	return b.String()
}
