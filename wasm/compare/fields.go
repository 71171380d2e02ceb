package compare

import (
	"strconv"
	"strings"

	"github.com/batchlab/batchlab/core"
)

// A Field is one of B's knobs the view offers.
type Field struct {
	// Key names the field; ID is its input's HTML id.
	Key, ID     string
	Label, Unit string
	Help        string
	get         func(s *core.Scenario) int64
	set         func(s *core.Scenario, v int64)
}

// waitKnob is the sweep's "every wait" knob, which B's wait field shares.
var waitKnob, _ = core.LookupKnob("policy.wait_ms")

// Fields are B's key knobs, in the order the view shows them.
var Fields = []Field{
	{Key: "wait_ms", ID: "cmp-b-wait-ms", Label: "Wait", Unit: "ms",
		Help: "The wait of every latency tolerance (the clamp widens to include it).",
		get:  func(s *core.Scenario) int64 { return s.Policy.BaseWaitMs },
		set:  func(s *core.Scenario, v int64) { waitKnob.Apply(s, float64(v)) }},
	{Key: "max_batch_size", ID: "cmp-b-max-batch-size", Label: "Max batch size", Unit: "requests",
		Help: "Requests per batch before per-model tuning.",
		get:  func(s *core.Scenario) int64 { return int64(s.Policy.MaxBatchSize) },
		set:  func(s *core.Scenario, v int64) { s.Policy.MaxBatchSize = int(v) }},
	{Key: "max_batch_tokens", ID: "cmp-b-max-batch-tokens", Label: "Max batch tokens", Unit: "tokens",
		Help: "Effective tokens per batch before per-model tuning.",
		get:  func(s *core.Scenario) int64 { return int64(s.Policy.MaxBatchTokens) },
		set:  func(s *core.Scenario, v int64) { s.Policy.MaxBatchTokens = int(v) }},
	{Key: "concurrency", ID: "cmp-b-concurrency", Label: "Concurrency", Unit: "calls",
		Help: "Calls at once per model (or over all models with global slots).",
		get:  func(s *core.Scenario) int64 { return int64(s.Dispatch.Concurrency) },
		set:  func(s *core.Scenario, v int64) { s.Dispatch.Concurrency = int(v) }},
}

// Value returns the text of field f of B.
func (s *Session) Value(f *Field) string { return strconv.FormatInt(f.get(&s.B), 10) }

// ValueA returns field f of A, for the hint next to B's input.
func (s *Session) ValueA(f *Field) string { return strconv.FormatInt(f.get(&s.A), 10) }

// SetField takes the text typed into B's field key and runs the
// comparison; text that is not a whole number sets Err and runs nothing.
func (s *Session) SetField(key, text string) {
	for i := range Fields {
		f := &Fields[i]
		if f.Key != key {
			continue
		}
		v, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			s.Err = "B: " + f.Label + ": want a whole number, got " + strconv.Quote(text)
			return
		}
		f.set(&s.B, v)
		s.Run()
		return
	}
}

// SetMode sets B's close mode ("timer" or "seed") and runs the comparison.
func (s *Session) SetMode(mode string) {
	s.B.Mode = core.Mode(mode)
	s.Run()
}

// SetModelTuning turns B's per-model tuning on or off and runs the
// comparison.
func (s *Session) SetModelTuning(on bool) {
	s.B.Policy.ModelTuning = on
	s.Run()
}
