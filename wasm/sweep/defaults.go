package sweep

// presetKnobs is the knob a new sweep of each preset varies over the
// knob's range in the settings table: one that gives at least 10 distinct
// points on that preset's traffic and shows what a setting trades (wait
// against calls, rows per call against latency, busier traffic against
// bigger batches, slots against cost under rate limits).
// TestDefaultSweepShowsATradeOff runs each.
var presetKnobs = map[string]string{
	"steady-chat":     "policy.wait_ms",
	"burst":           "dispatch.batch_size",
	"coding-day":      "traffic.rate_scale",
	"long-documents":  "dispatch.concurrency",
	"overnight":       "dispatch.batch_size",
	"azure-conv-2023": "traffic.rate_scale",
}

// fallbackKnob is the default knob of a scenario that is no preset.
const fallbackKnob = "policy.wait_ms"

// DefaultKnob returns the knob a new sweep of the preset called preset
// varies; "" (the user's own scenario) and unknown keys get the wait.
func DefaultKnob(preset string) string {
	if k, ok := presetKnobs[preset]; ok {
		return k
	}
	return fallbackKnob
}
