package state

import (
	"strconv"
	"strings"

	"github.com/batchlab/batchlab/core"
)

// A NumberField is one numeric control of the scenario: a number input
// and, when Slider is set, a range slider over [Min, Max].
type NumberField struct {
	// Key is the field's JSON name; Path is its JSON path in a scenario.
	Key, Path string
	Label     string
	Unit      string
	Help      string
	Slider    bool
	Min, Max  float64
	Step      float64
	get       func(*core.Scenario) float64
	set       func(*core.Scenario, float64)
}

// ID is the HTML id of the field's number input.
func (f *NumberField) ID() string {
	return "f-" + strings.NewReplacer("_", "-", ".", "-").Replace(f.Key)
}

// SliderID is the HTML id of the field's slider.
func (f *NumberField) SliderID() string { return f.ID() + "-slider" }

func i64(get func(*core.Scenario) *int64) (func(*core.Scenario) float64, func(*core.Scenario, float64)) {
	return func(s *core.Scenario) float64 { return float64(*get(s)) },
		func(s *core.Scenario, v float64) { *get(s) = int64(v) }
}

func intField(get func(*core.Scenario) *int) (func(*core.Scenario) float64, func(*core.Scenario, float64)) {
	return func(s *core.Scenario) float64 { return float64(*get(s)) },
		func(s *core.Scenario, v float64) { *get(s) = int(v) }
}

func number(key, path, label, unit, help string, slider bool, lo, hi, step float64, g func(*core.Scenario) float64, s func(*core.Scenario, float64)) *NumberField {
	return &NumberField{Key: key, Path: path, Label: label, Unit: unit, Help: help, Slider: slider, Min: lo, Max: hi, Step: step, get: g, set: s}
}

func policyField(key, label, unit, help string, slider bool, lo, hi float64, p func(*core.Policy) *int64) *NumberField {
	g, s := i64(func(sc *core.Scenario) *int64 { return p(&sc.Policy) })
	return number(key, "$.policy."+key, label, unit, help, slider, lo, hi, 1, g, s)
}

// LimitFields are the batch limits: wait, size and tokens, with sliders.
var LimitFields = []*NumberField{
	policyField("base_wait_ms", "Max wait", "ms", "How long a request with medium latency tolerance may wait for company before its batch closes.", true, 0, 2000,
		func(p *core.Policy) *int64 { return &p.BaseWaitMs }),
	func() *NumberField {
		g, s := intField(func(sc *core.Scenario) *int { return &sc.Policy.MaxBatchSize })
		return number("max_batch_size", "$.policy.max_batch_size", "Max batch size", "requests", "A batch closes as soon as it holds this many requests.", true, 1, 64, 1, g, s)
	}(),
	func() *NumberField {
		g, s := intField(func(sc *core.Scenario) *int { return &sc.Policy.MaxBatchTokens })
		return number("max_batch_tokens", "$.policy.max_batch_tokens", "Max batch tokens", "tokens", "A batch closes when its effective tokens (prompt grown by the expected answer) reach this.", true, 100, 20000, 100, g, s)
	}(),
}

// WaitFields are the adaptive wait per latency tolerance and its clamp.
var WaitFields = []*NumberField{
	policyField("wait_low_ms", "Low tolerance wait", "ms", "Wait of requests that need a quick answer.", false, 0, 0, func(p *core.Policy) *int64 { return &p.WaitLowMs }),
	policyField("wait_high_ms", "High tolerance wait", "ms", "Wait of requests that can take their time.", false, 0, 0, func(p *core.Policy) *int64 { return &p.WaitHighMs }),
	policyField("min_wait_ms", "Clamp: at least", "ms", "Every wait is raised to at least this.", false, 0, 0, func(p *core.Policy) *int64 { return &p.MinWaitMs }),
	policyField("max_wait_ms", "Clamp: at most", "ms", "Every wait is cut to at most this.", false, 0, 0, func(p *core.Policy) *int64 { return &p.MaxWaitMs }),
}

// ArrivalFields time the prompts that carry no created_at_ms.
var ArrivalFields = []*NumberField{
	func() *NumberField {
		g, s := i64(func(sc *core.Scenario) *int64 { return &sc.Arrivals.StartMs })
		return number("start_ms", "$.arrivals.start_ms", "Start", "ms", "When the first untimed prompt arrives.", false, 0, 0, 1, g, s)
	}(),
	func() *NumberField {
		g, s := i64(func(sc *core.Scenario) *int64 { return &sc.Arrivals.GapMs })
		return number("gap_ms", "$.arrivals.gap_ms", "Gap (fixed)", "ms", "Time between untimed prompts when the process is fixed.", false, 0, 0, 1, g, s)
	}(),
	number("rate_per_s", "$.arrivals.rate_per_s", "Rate (poisson)", "per s", "Mean arrivals per second when the process is poisson.", false, 0, 0, 0.1,
		func(sc *core.Scenario) float64 { return sc.Arrivals.RatePerSec },
		func(sc *core.Scenario, v float64) { sc.Arrivals.RatePerSec = v }),
	func() *NumberField {
		g, s := intField(func(sc *core.Scenario) *int { return &sc.Arrivals.BurstSize })
		return number("burst_size", "$.arrivals.burst_size", "Burst size", "requests", "Prompts arriving together when the process is burst.", false, 0, 0, 1, g, s)
	}(),
	func() *NumberField {
		g, s := i64(func(sc *core.Scenario) *int64 { return &sc.Arrivals.BurstGapMs })
		return number("burst_gap_ms", "$.arrivals.burst_gap_ms", "Burst gap", "ms", "Time between bursts.", false, 0, 0, 1, g, s)
	}(),
}

// ScenarioFields are the remaining numbers: the seed and the shared prompt.
var ScenarioFields = []*NumberField{
	number("seed", "$.seed", "Seed", "", "Drives every random choice (poisson arrivals); the same seed gives the same result.", false, 0, 0, 1,
		func(sc *core.Scenario) float64 { return float64(sc.Seed) },
		func(sc *core.Scenario, v float64) { sc.Seed = uint64(v) }),
	func() *NumberField {
		g, s := intField(func(sc *core.Scenario) *int { return &sc.SharedPromptTokens })
		return number("shared_prompt_tokens", "$.shared_prompt_tokens", "Shared prompt", "tokens", "An instruction prompt every call carries once: batching pays it once per batch.", false, 0, 0, 1, g, s)
	}(),
}

// allFields are every group of number fields.
var allFields = [][]*NumberField{LimitFields, WaitFields, ArrivalFields, ScenarioFields, DispatchFields, FailureFields}

// fieldByKey finds a number field of any group.
func fieldByKey(key string) *NumberField {
	for _, group := range allFields {
		for _, f := range group {
			if f.Key == key {
				return f
			}
		}
	}
	return nil
}

// formatNumber writes v without trailing zeros.
func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// parseNumber reads what a number input holds; integers fields truncate.
func parseNumber(text string, integer bool) (float64, bool) {
	text = strings.TrimSpace(text)
	if integer {
		n, err := strconv.ParseInt(text, 10, 64)
		if err == nil {
			return float64(n), true
		}
		v, err := strconv.ParseFloat(text, 64)
		if err != nil || v != float64(int64(v)) {
			return 0, false
		}
		return v, true
	}
	v, err := strconv.ParseFloat(text, 64)
	return v, err == nil
}
