package core

import (
	"math"
	"slices"
	"strings"
	"sync"
)

// A Model is one entry of the catalog: what model selection needs (tiers,
// context window, strengths per intent) and what the dispatch simulation
// needs (latency model, prices, rate limits, concurrency).
//
// Defaults of the dispatch fields, for the 15 built-in models, follow the
// providers' published list prices (USD per 1M tokens, late 2025) and
// latencies typical of their tier: low-latency models 250 ms to the first
// token and 8 ms per output token, medium ones 600 ms and 20 ms, reasoning
// models 2 s and 25 ms. A model added by a scenario starts from
// NewModelDefaults.
type Model struct {
	Name          string `json:"name"`
	Provider      string `json:"provider"`
	Family        string `json:"family"`
	CostTier      string `json:"cost_tier"`    // very-low, low, medium, medium-high, high
	LatencyTier   string `json:"latency_tier"` // low, medium, high
	ContextTokens int    `json:"context_tokens"`
	// Strengths per intent (coding, reasoning, summarization, general), 0–5.
	// An intent without a value uses general, and 0 without that.
	Strengths map[string]float64 `json:"strengths"`

	// Price per 1M input and output tokens, in US dollars.
	InputUSDPerMTok  float64 `json:"input_usd_per_mtok"`
	OutputUSDPerMTok float64 `json:"output_usd_per_mtok"`
	// BatchDiscount is the fraction taken off both prices when a call carries
	// more than one request through a batch API (0 = none, 0.5 = half price).
	BatchDiscount float64 `json:"batch_discount"`

	// Latency model of one call: TTFTMs to the first token, then
	// PrefillMsPer1KTokens per thousand input tokens and DecodeMsPerToken per
	// output token, the whole multiplied by a log-normal jitter with median 1
	// and shape JitterSigma.
	TTFTMs               int     `json:"ttft_ms"`
	PrefillMsPer1KTokens float64 `json:"prefill_ms_per_1k_tokens"`
	DecodeMsPerToken     float64 `json:"decode_ms_per_token"`
	JitterSigma          float64 `json:"jitter_sigma"`

	// Rate limits, as token buckets refilled over a minute (0 = unlimited),
	// and the most calls this model serves at once (0 = unlimited).
	RequestsPerMinute int `json:"rpm"`
	TokensPerMinute   int `json:"tpm"`
	MaxConcurrency    int `json:"max_concurrency"`

	// Tokenizer names the tokenizer that counts the model's prompts exactly
	// (one of TokenizerList); "" means DefaultTokenizer of the name.
	Tokenizer string `json:"tokenizer,omitempty"`
}

// TokenizerName returns the model's tokenizer: its own or the default for
// its name.
func (m *Model) TokenizerName() string {
	if m.Tokenizer != "" {
		return m.Tokenizer
	}
	return DefaultTokenizer(m.Name)
}

// Selection intents: the strengths a model can declare.
var strengthKeys = [...]string{"general", "coding", "reasoning", "summarization"}

const (
	selGeneral = iota
	selCoding
	selReasoning
	selSummarization
)

var costRanks = map[string]int{"very-low": 0, "low": 1, "medium": 2, "medium-high": 3, "high": 4}
var latencyRanks = map[string]int{"low": 0, "medium": 1, "high": 2}

func s4(coding, reasoning, summarization, general float64) map[string]float64 {
	return map[string]float64{"coding": coding, "reasoning": reasoning, "summarization": summarization, "general": general}
}

// NewModelDefaults is the model a scenario's catalog starts from when it adds
// a model by a new name; the fields the scenario gives replace these.
func NewModelDefaults() Model {
	return Model{
		Family: "chat", CostTier: "medium", LatencyTier: "medium", ContextTokens: 128000,
		TTFTMs: 500, PrefillMsPer1KTokens: 20, DecodeMsPerToken: 15, JitterSigma: 0.25,
		RequestsPerMinute: 1000, TokensPerMinute: 1_000_000, MaxConcurrency: 20,
	}
}

// DefaultModels returns the 15 models of the reference catalog, in its order
// (which breaks ties in model selection), with dispatch defaults.
func DefaultModels() []Model {
	type row struct {
		name, provider, cost, latency string
		ctx                           int
		st                            map[string]float64
		in, out, discount             float64
		rpm, tpm, conc                int
	}
	rows := []row{
		{"gpt-3.5-turbo", "openai", "very-low", "low", 16000, s4(2, 2, 3, 3), 0.50, 1.50, 0.5, 3500, 2_000_000, 50},
		{"gpt-4o-mini", "openai", "low", "low", 131072, s4(3, 3, 3, 3), 0.15, 0.60, 0.5, 5000, 4_000_000, 50},
		{"gpt-4o", "openai", "medium", "medium", 131072, s4(4, 4, 4, 4), 2.50, 10.00, 0.5, 5000, 800_000, 20},
		{"gpt-4.1", "openai", "medium-high", "medium", 200000, s4(5, 5, 4, 5), 2.00, 8.00, 0.5, 5000, 800_000, 20},
		{"claude-3-haiku", "anthropic", "low", "low", 200000, s4(3, 2, 3, 3), 0.25, 1.25, 0.5, 4000, 400_000, 50},
		{"claude-3.5-sonnet", "anthropic", "medium", "medium", 200000, s4(4, 4, 4, 4), 3.00, 15.00, 0.5, 4000, 400_000, 20},
		{"claude-3-opus", "anthropic", "high", "medium", 200000, s4(5, 5, 5, 5), 15.00, 75.00, 0.5, 4000, 400_000, 10},
		{"models/gemini-1.5-flash", "google", "low", "low", 1000000, s4(3, 3, 3, 3), 0.075, 0.30, 0.5, 2000, 4_000_000, 50},
		{"models/gemini-1.5-pro", "google", "medium", "medium", 1000000, s4(4, 4, 4, 4), 1.25, 5.00, 0.5, 1000, 4_000_000, 20},
		{"models/gemini-2.5-flash", "google", "low", "low", 1000000, s4(3, 3, 3, 3), 0.30, 2.50, 0.5, 2000, 4_000_000, 50},
		{"models/gemini-2.5-pro", "google", "medium-high", "medium", 2000000, s4(4, 5, 4, 4), 1.25, 10.00, 0.5, 1000, 2_000_000, 20},
		{"deepseek-chat", "deepseek", "very-low", "low", 32000, s4(2.5, 3.0, 2.5, 2.5), 0.27, 1.10, 0, 1000, 1_000_000, 30},
		{"deepseek-reasoner", "deepseek", "medium", "medium", 64000, s4(3.5, 4.5, 3.0, 3.5), 0.55, 2.19, 0, 1000, 1_000_000, 20},
		{"grok-2-mini", "xai", "low", "low", 128000, s4(3.0, 2.8, 3.0, 3.0), 0.20, 0.50, 0, 480, 2_000_000, 30},
		{"grok-2", "xai", "medium", "medium", 128000, s4(3.8, 3.8, 3.6, 3.7), 2.00, 10.00, 0, 480, 2_000_000, 20},
	}
	models := make([]Model, len(rows))
	for i, r := range rows {
		m := Model{
			Name: r.name, Provider: r.provider, Family: "chat", CostTier: r.cost, LatencyTier: r.latency,
			ContextTokens: r.ctx, Strengths: r.st,
			InputUSDPerMTok: r.in, OutputUSDPerMTok: r.out, BatchDiscount: r.discount,
			RequestsPerMinute: r.rpm, TokensPerMinute: r.tpm, MaxConcurrency: r.conc,
			JitterSigma: 0.25,
		}
		switch {
		case r.name == "deepseek-reasoner":
			m.Family = "reasoning"
			m.TTFTMs, m.PrefillMsPer1KTokens, m.DecodeMsPerToken = 2000, 30, 25
		case r.latency == "low":
			m.TTFTMs, m.PrefillMsPer1KTokens, m.DecodeMsPerToken = 250, 10, 8
		default:
			m.TTFTMs, m.PrefillMsPer1KTokens, m.DecodeMsPerToken = 600, 25, 20
		}
		models[i] = m
	}
	return models
}

// A Catalog is a validated list of models, indexed for lookup and with model
// selection precomputed for every combination of analysis values.
type Catalog struct {
	models []Model
	index  map[string]int
	// selected[group][complexity][tolerance][compliance] is the index of
	// the model chosen for that analysis, where group is the selection
	// group of its intent (selectionIntent: selGeneral … selSummarization),
	// not the Intent itself.
	selected [4][3][3][2]int
	// traits are what the selections read of the models, by index.
	traits []modelTraits
}

// DefaultCatalog returns the catalog of DefaultModels. It is made once
// and shared, as every Catalog may be: nothing changes a Catalog once
// built (its models, their strengths included, must not be modified).
func DefaultCatalog() *Catalog { return defaultCatalog() }

// defaultCatalog is built once: a scenario that does not edit the catalog
// (the playground's runs, most CLI runs) uses it. The page built it twice
// before its first timeline, and the 72 selections of each build made V8
// recompile the selection's code with TurboFan during the page's start.
var defaultCatalog = sync.OnceValue(func() *Catalog { return buildCatalog(DefaultModels()) })

func buildCatalog(models []Model) *Catalog {
	c := &Catalog{models: models, index: make(map[string]int, len(models)), traits: make([]modelTraits, len(models))}
	for i := range models {
		c.index[models[i].Name] = i
		c.traits[i] = traitsOf(&models[i])
	}
	for g := range len(strengthKeys) {
		for cx := range 3 {
			for tol := range 3 {
				for comp := range 2 {
					c.selected[g][cx][tol][comp] = c.choose(g, Level(cx), Level(tol), comp == 1)
				}
			}
		}
	}
	return c
}

// Models returns the catalog's models in order. The slice must not be modified.
func (c *Catalog) Models() []Model { return c.models }

// Lookup returns the index of the model called name.
func (c *Catalog) Lookup(name string) (int, bool) {
	i, ok := c.index[name]
	return i, ok
}

// Len returns the number of models.
func (c *Catalog) Len() int { return len(c.models) }

func validateModels(models []Model, pathOf func(int) string, errs *errorList) {
	seen := make(map[string]int, len(models))
	for i := range models {
		m := &models[i]
		p := pathOf(i)
		if m.Name == "" || isBlank(m.Name) {
			errs.addf(p+".name", ErrRequired, "want a non-empty model name")
		} else if j, dup := seen[m.Name]; dup {
			errs.addf(p+".name", ErrDuplicate, "model %q is already defined at %s", m.Name, pathOf(j))
		} else {
			seen[m.Name] = i
		}
		if _, ok := costRanks[m.CostTier]; !ok {
			errs.addf(p+".cost_tier", ErrInvalid, "want one of very-low, low, medium, medium-high, high, got %q", m.CostTier)
		}
		if _, ok := latencyRanks[m.LatencyTier]; !ok {
			errs.addf(p+".latency_tier", ErrInvalid, "want one of low, medium, high, got %q", m.LatencyTier)
		}
		if m.ContextTokens <= 0 {
			errs.addf(p+".context_tokens", ErrInvalid, "want a positive number of tokens, got %d", m.ContextTokens)
		}
		if len(m.Strengths) == 0 {
			errs.addf(p+".strengths", ErrRequired, "want at least one strength (coding, reasoning, summarization, general)")
		}
		keys := make([]string, 0, len(m.Strengths))
		for k := range m.Strengths {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			v := m.Strengths[k]
			if !slices.Contains(strengthKeys[:], k) {
				errs.addf(p+".strengths."+k, ErrUnknownField, "want one of coding, reasoning, summarization, general")
			} else if !(v >= 0 && v <= 5) {
				errs.addf(p+".strengths."+k, ErrInvalid, "want a strength from 0 to 5, got %v", v)
			}
		}
		nonNeg := func(field string, v float64) {
			if !(v >= 0) || math.IsInf(v, 0) {
				errs.addf(p+"."+field, ErrInvalid, "want a non-negative number, got %v", v)
			}
		}
		nonNeg("input_usd_per_mtok", m.InputUSDPerMTok)
		nonNeg("output_usd_per_mtok", m.OutputUSDPerMTok)
		if !(m.BatchDiscount >= 0 && m.BatchDiscount <= 1) {
			errs.addf(p+".batch_discount", ErrInvalid, "want a fraction from 0 to 1, got %v", m.BatchDiscount)
		}
		nonNeg("ttft_ms", float64(m.TTFTMs))
		nonNeg("prefill_ms_per_1k_tokens", m.PrefillMsPer1KTokens)
		nonNeg("decode_ms_per_token", m.DecodeMsPerToken)
		if !(m.JitterSigma >= 0 && m.JitterSigma <= 3) {
			errs.addf(p+".jitter_sigma", ErrInvalid, "want a log-normal shape from 0 to 3, got %v", m.JitterSigma)
		}
		nonNeg("rpm", float64(m.RequestsPerMinute))
		nonNeg("tpm", float64(m.TokensPerMinute))
		nonNeg("max_concurrency", float64(m.MaxConcurrency))
		if m.Tokenizer != "" && !slices.Contains(TokenizerList, m.Tokenizer) {
			errs.addf(p+".tokenizer", ErrInvalid, "want one of %s, got %q", strings.Join(TokenizerList, ", "), m.Tokenizer)
		}
	}
}

// strength returns the model's strength for a selection intent: its own
// value, else its general strength, else 0.
func (m *Model) strength(sel int) float64 {
	if v, ok := m.Strengths[strengthKeys[sel]]; ok {
		return v
	}
	if v, ok := m.Strengths["general"]; ok {
		return v
	}
	return 0
}

func rankOf(ranks map[string]int, tier string, unknown int) int {
	if r, ok := ranks[tier]; ok {
		return r
	}
	return unknown
}
