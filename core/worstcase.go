package core

import "fmt"

// A WorstCase bounds the calls a dispatch can make before it runs: every
// call fails until its last retry. The events of the simulation are
// proportional to its attempts, so Attempts bounds its work too.
type WorstCase struct {
	// Calls is the number of batches: at most one per request, exactly
	// ⌈requests / BatchSize⌉ for a fixed job.
	Calls int64
	// Baseline is the number of requests the baseline sends alone (0
	// without the baseline).
	Baseline int64
	// Tries is the most attempts of one call: 1 + MaxRetries.
	Tries int64
}

// WorstCase returns the bound on the dispatch of a trace of requests
// requests (the prompts of a scenario: the traffic rules only drop rows).
// A dispatch that is off makes no call.
func (d *Dispatch) WorstCase(requests int) WorstCase {
	if !d.Enabled || requests <= 0 {
		return WorstCase{}
	}
	c := d.clamped()
	n := int64(requests)
	w := WorstCase{Calls: n, Tries: 1 + int64(c.MaxRetries)}
	if c.Job == JobFixed {
		w.Calls = (n + int64(c.BatchSize) - 1) / int64(c.BatchSize)
	}
	if c.Baseline {
		w.Baseline = n
	}
	return w
}

// Attempts returns the most attempts: (calls + baseline calls) × tries.
func (w WorstCase) Attempts() int64 { return (w.Calls + w.Baseline) * w.Tries }

// String explains Attempts, e.g. "10,000 batches × 21 attempts × 2 with
// the baseline".
func (w WorstCase) String() string {
	tries := FormatCount(int(w.Tries)) + " attempts"
	switch {
	case w.Baseline == 0:
		return fmt.Sprintf("%s batches × %s", FormatCount(int(w.Calls)), tries)
	case w.Baseline == w.Calls:
		return fmt.Sprintf("%s batches × %s × 2 with the baseline", FormatCount(int(w.Calls)), tries)
	}
	return fmt.Sprintf("(%s batches + %s baseline calls) × %s", FormatCount(int(w.Calls)), FormatCount(int(w.Baseline)), tries)
}
