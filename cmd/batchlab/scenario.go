package main

import (
	"fmt"
	"io"
	"os"

	"github.com/batchlab/batchlab/core"
)

// loadScenario reads the scenario file (if any) and the prompts file (if
// any; "-" is stdin) into one scenario. On failure it has printed the
// problems to stderr and returns exit status 2.
func loadScenario(scenarioFile, input string, stdin io.Reader, stderr io.Writer, cmd string) (core.Scenario, core.Options, int) {
	sc := core.DefaultScenario()
	var opts core.Options
	if input == "" && scenarioFile == "" {
		fmt.Fprintf(stderr, "batchlab %s: need --input FILE|- or --scenario FILE\n", cmd)
		return sc, opts, 2
	}
	if scenarioFile != "" {
		data, err := os.ReadFile(scenarioFile)
		if err != nil {
			fmt.Fprintf(stderr, "batchlab %s: %v\n", cmd, err)
			return sc, opts, 2
		}
		s, err := core.DecodeScenario(data)
		if err != nil {
			printErrors(stderr, scenarioFile, err)
			return sc, opts, 2
		}
		sc = *s
	}
	if input != "" {
		var data []byte
		var err error
		if input == "-" {
			data, err = io.ReadAll(stdin)
		} else {
			data, err = os.ReadFile(input)
		}
		if err != nil {
			fmt.Fprintf(stderr, "batchlab %s: %v\n", cmd, err)
			return sc, opts, 2
		}
		sc.Prompts = data
		opts.PromptsPath = "$"
	}
	return sc, opts, 0
}
