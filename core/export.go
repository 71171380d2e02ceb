package core

import (
	"encoding/json"
	"fmt"
	"strings"
)

// A PolicyExport is a policy written for other batching systems: a Triton
// Inference Server dynamic_batching block and a Ray Serve @serve.batch
// decorator per model, the policy as JSON, and notes on what does not map.
type PolicyExport struct {
	Triton   string   `json:"triton"`
	RayServe string   `json:"ray_serve"`
	JSON     string   `json:"json"`
	Notes    []string `json:"notes"`
}

// exportedLimits is one model's limits in the JSON export.
type exportedLimits struct {
	Model            string `json:"model"`
	MaxBatchSize     int    `json:"max_batch_size"`
	MaxBatchTokens   int    `json:"max_batch_tokens"`
	WaitLowMs        int64  `json:"wait_low_ms"`
	WaitMediumMs     int64  `json:"wait_medium_ms"`
	WaitHighMs       int64  `json:"wait_high_ms"`
	ExportedWaitMs   int64  `json:"exported_wait_ms"`
	ExportedWaitNote string `json:"exported_wait_note"`
}

// ExportPolicy writes the scenario's policy for the named models (all
// catalog models when names is empty), in catalog order. Triton and Ray
// Serve take one wait per model: the export uses the wait of
// medium-tolerance requests.
func ExportPolicy(s *Scenario, names []string) (*PolicyExport, error) {
	cat, err := s.BuildCatalog()
	if err != nil {
		return nil, err
	}
	var triton, ray strings.Builder
	var limits []exportedLimits
	for _, m := range cat.Models() {
		if len(names) > 0 && !contains(names, m.Name) {
			continue
		}
		l := s.Policy.LimitsFor(&m)
		wait := l.WaitMs[Medium]
		fmt.Fprintf(&triton, "# %s (config.pbtxt)\nmax_batch_size: %d\ndynamic_batching {\n  preferred_batch_size: [ %d ]\n  max_queue_delay_microseconds: %d\n}\n\n",
			m.Name, l.MaxSize, l.MaxSize, wait*1000)
		fmt.Fprintf(&ray, "@serve.batch(max_batch_size=%d, batch_wait_timeout_s=%s)\nasync def %s(self, requests):  # %s\n    ...\n\n",
			l.MaxSize, seconds(wait), pythonName(m.Name), m.Name)
		limits = append(limits, exportedLimits{
			Model: m.Name, MaxBatchSize: l.MaxSize, MaxBatchTokens: l.MaxTokens,
			WaitLowMs: l.WaitMs[Low], WaitMediumMs: l.WaitMs[Medium], WaitHighMs: l.WaitMs[High],
			ExportedWaitMs: wait, ExportedWaitNote: "Triton and Ray Serve take one wait per model: the medium-tolerance wait",
		})
	}
	doc, err := json.MarshalIndent(struct {
		Policy Policy           `json:"policy"`
		Models []exportedLimits `json:"models"`
	}{s.Policy, limits}, "", "  ")
	if err != nil {
		return nil, err
	}
	return &PolicyExport{
		Triton:   strings.TrimSuffix(triton.String(), "\n"),
		RayServe: strings.TrimSuffix(ray.String(), "\n"),
		JSON:     string(doc),
		Notes: []string{
			"Token limits (max_batch_tokens) have no counterpart in Triton or Ray Serve: both count requests only, so cap prompt sizes in the client or lower max_batch_size.",
			"Waits per latency tolerance do not map: each model gets one wait, that of medium-tolerance requests; low-tolerance requests may wait longer there than here.",
			"Triton's max_queue_delay and Ray Serve's batch_wait_timeout_s count from the oldest queued request, like the timer mode; the seed mode's late time-outs have no counterpart.",
			"Model selection (routing each prompt to a model) happens before either batcher and is not exported.",
			"Triton's preferred_batch_size lets a batch go as soon as it reaches that size; it is set to the size limit here.",
		},
	}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// seconds formats milliseconds as seconds for Python: 80 → 0.08.
func seconds(ms int64) string {
	s := fmt.Sprintf("%d.%03d", ms/1000, ms%1000)
	s = strings.TrimRight(s, "0")
	if strings.HasSuffix(s, ".") {
		s += "0"
	}
	return s
}

// pythonName turns a model name into a Python identifier: handle_gpt_4o_mini.
func pythonName(model string) string {
	var b strings.Builder
	b.WriteString("handle_")
	for _, r := range model {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
