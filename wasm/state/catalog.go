package state

import (
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/batchlab/batchlab/core"
)

// A CatalogColumn is one editable field of a model in the catalog table.
type CatalogColumn struct {
	// Key is the field's JSON name in a catalog entry ("strengths.coding"
	// for a strength).
	Key   string
	Label string
	// Kind is "text", "select" or "number".
	Kind    string
	Options []string // for select
	Help    string
	// Group is the key of the CatalogGroups entry the column belongs to,
	// "" for the columns the table always shows.
	Group string
	get   func(*core.Model) string
	set   func(*core.Model, string) error
}

// in puts the column in the group called group.
func (c CatalogColumn) in(group string) CatalogColumn {
	c.Group = group
	return c
}

// A CatalogGroup is a set of detail columns the table shows on demand, so
// that the name, tiers, context and prices fit without scrolling sideways.
type CatalogGroup struct{ Key, Label string }

// CatalogGroups are the catalog table's groups of detail columns.
var CatalogGroups = []CatalogGroup{
	{Key: "model", Label: "Provider, family, tokenizer"},
	{Key: "strengths", Label: "Strengths"},
	{Key: "latency", Label: "Latency model"},
	{Key: "limits", Label: "Rate limits"},
}

// The column constructors stay out of line (go:noinline), as fieldsOf
// does: inlined, they made the package's init bigger.
//
//go:noinline
func textColumn(key, label, help string, p func(*core.Model) *string) CatalogColumn {
	return CatalogColumn{Key: key, Label: label, Kind: "text", Help: help,
		get: func(m *core.Model) string { return *p(m) },
		set: func(m *core.Model, v string) error { *p(m) = v; return nil }}
}

//go:noinline
func selectColumn(key, label, help string, options []string, p func(*core.Model) *string) CatalogColumn {
	c := textColumn(key, label, help, p)
	c.Kind, c.Options = "select", options
	return c
}

//go:noinline
func intColumn(key, label, help string, p func(*core.Model) *int) CatalogColumn {
	return CatalogColumn{Key: key, Label: label, Kind: "number", Help: help,
		get: func(m *core.Model) string { return strconv.Itoa(*p(m)) },
		set: func(m *core.Model, v string) error {
			n, ok := parseNumber(v, true)
			if !ok || n > 1<<53 || n < -(1<<53) {
				return fmt.Errorf("want a whole number")
			}
			*p(m) = int(n)
			return nil
		}}
}

//go:noinline
func floatColumn(key, label, help string, p func(*core.Model) *float64) CatalogColumn {
	return CatalogColumn{Key: key, Label: label, Kind: "number", Help: help,
		get: func(m *core.Model) string { return formatNumber(*p(m)) },
		set: func(m *core.Model, v string) error {
			n, ok := parseNumber(v, false)
			if !ok {
				return fmt.Errorf("want a number")
			}
			*p(m) = n
			return nil
		}}
}

//go:noinline
func strengthColumn(intent string) CatalogColumn {
	return CatalogColumn{Key: "strengths." + intent, Label: intent, Kind: "number", Help: "Strength for " + intent + " prompts, 0 to 5; empty means: use general.",
		get: func(m *core.Model) string {
			if v, ok := m.Strengths[intent]; ok {
				return formatNumber(v)
			}
			return ""
		},
		set: func(m *core.Model, v string) error {
			strengths := make(map[string]float64, len(m.Strengths)+1)
			for _, k := range strengthIntents {
				if x, ok := m.Strengths[k]; ok {
					strengths[k] = x
				}
			}
			if strings.TrimSpace(v) == "" {
				delete(strengths, intent)
			} else {
				n, ok := parseNumber(v, false)
				if !ok {
					return fmt.Errorf("want a number from 0 to 5")
				}
				strengths[intent] = n
			}
			m.Strengths = strengths
			return nil
		}}
}

var strengthIntents = []string{"general", "coding", "reasoning", "summarization"}

// CatalogColumns are the catalog table's columns, one per model field.
var CatalogColumns = []CatalogColumn{
	textColumn("name", "Name", "The name prompts and overrides use.", func(m *core.Model) *string { return &m.Name }),
	textColumn("provider", "Provider", "Who serves the model.", func(m *core.Model) *string { return &m.Provider }).in("model"),
	textColumn("family", "Family", "chat or reasoning.", func(m *core.Model) *string { return &m.Family }).in("model"),
	selectColumn("cost_tier", "Cost tier", "Selection prefers cheaper models.", []string{"very-low", "low", "medium", "medium-high", "high"}, func(m *core.Model) *string { return &m.CostTier }),
	selectColumn("latency_tier", "Latency tier", "Model tuning gives low-latency models bigger batches and shorter waits.", []string{"low", "medium", "high"}, func(m *core.Model) *string { return &m.LatencyTier }),
	intColumn("context_tokens", "Context", "Context window in tokens; larger requests are rejected.", func(m *core.Model) *int { return &m.ContextTokens }),
	strengthColumn("general").in("strengths"),
	strengthColumn("coding").in("strengths"),
	strengthColumn("reasoning").in("strengths"),
	strengthColumn("summarization").in("strengths"),
	floatColumn("input_usd_per_mtok", "In $/Mtok", "Price per million input tokens, USD.", func(m *core.Model) *float64 { return &m.InputUSDPerMTok }),
	floatColumn("output_usd_per_mtok", "Out $/Mtok", "Price per million output tokens, USD.", func(m *core.Model) *float64 { return &m.OutputUSDPerMTok }),
	floatColumn("batch_discount", "Batch discount", "Fraction off both prices for batched calls, 0 to 1.", func(m *core.Model) *float64 { return &m.BatchDiscount }),
	intColumn("ttft_ms", "TTFT ms", "Time to the first token.", func(m *core.Model) *int { return &m.TTFTMs }).in("latency"),
	floatColumn("prefill_ms_per_1k_tokens", "Prefill ms/1k", "Prefill time per thousand input tokens.", func(m *core.Model) *float64 { return &m.PrefillMsPer1KTokens }).in("latency"),
	floatColumn("decode_ms_per_token", "Decode ms/tok", "Time per output token.", func(m *core.Model) *float64 { return &m.DecodeMsPerToken }).in("latency"),
	floatColumn("jitter_sigma", "Jitter σ", "Shape of the log-normal latency jitter, 0 to 3.", func(m *core.Model) *float64 { return &m.JitterSigma }).in("latency"),
	intColumn("rpm", "RPM", "Requests per minute (0 = unlimited).", func(m *core.Model) *int { return &m.RequestsPerMinute }).in("limits"),
	intColumn("tpm", "TPM", "Tokens per minute (0 = unlimited).", func(m *core.Model) *int { return &m.TokensPerMinute }).in("limits"),
	intColumn("max_concurrency", "Concurrency", "Most calls served at once (0 = unlimited).", func(m *core.Model) *int { return &m.MaxConcurrency }).in("limits"),
	tokenizerColumn().in("model"),
}

// tokenizerColumn shows a model's tokenizer, the default for its name
// when it names none.
func tokenizerColumn() CatalogColumn {
	c := selectColumn("tokenizer", "Tokenizer", "Counts the model's prompts when token counts are exact; heuristic keeps the estimate.", core.TokenizerList, func(m *core.Model) *string { return &m.Tokenizer })
	c.get = func(m *core.Model) string { return m.TokenizerName() }
	return c
}

// CellPath is the JSON path of model row's field key in the scenario the
// playground builds (its catalog replaces the defaults when edited).
func CellPath(row int, key string) string {
	return "$.catalog.models[" + strconv.Itoa(row) + "]." + key
}

// CellID is the HTML id of a catalog cell's input.
func CellID(row int, key string) string {
	return "cat-" + strconv.Itoa(row) + "-" + dashed(key)
}

// CellValue returns what the catalog cell shows.
func (p *Playground) CellValue(row int, c *CatalogColumn) string {
	if row < 0 || row >= len(p.Models) {
		return ""
	}
	return c.get(&p.Models[row])
}

// SetCell edits one field of one model from the text of its input.
func (p *Playground) SetCell(row int, key, text string) {
	if row < 0 || row >= len(p.Models) {
		return
	}
	path := CellPath(row, key)
	p.dropTyping(path)
	for i := range CatalogColumns {
		c := &CatalogColumns[i]
		if c.Key != key {
			continue
		}
		m := p.Models[row]
		m.Strengths = maps.Clone(m.Strengths)
		if err := c.set(&m, text); err != nil {
			p.typing = append(p.typing, Problem{Path: path, Message: err.Error()})
		} else {
			p.Models[row] = m
		}
		p.edited()
		return
	}
}

// AddModel appends a model with the core's defaults for new models and a
// name not yet used.
func (p *Playground) AddModel() {
	m := core.NewModelDefaults()
	m.Strengths = map[string]float64{"general": 3}
	for n := len(p.Models) + 1; ; n++ {
		name := "my-model-" + strconv.Itoa(n)
		if !p.hasModel(name) {
			m.Name = name
			break
		}
	}
	p.Models = append(p.Models, m)
	p.clearTypingUnder("$.catalog")
	p.edited()
}

// RemoveModel deletes the model in row.
func (p *Playground) RemoveModel(row int) {
	if row < 0 || row >= len(p.Models) || len(p.Models) == 1 {
		return
	}
	p.Models = append(p.Models[:row:row], p.Models[row+1:]...)
	p.clearTypingUnder("$.catalog")
	p.edited()
}

// ResetCatalog restores the default models.
func (p *Playground) ResetCatalog() {
	p.Models = core.DefaultModels()
	p.clearTypingUnder("$.catalog")
	p.edited()
}

// CatalogEdited reports whether the catalog differs from the defaults.
func (p *Playground) CatalogEdited() bool { return !sameModels(p.Models, core.DefaultModels()) }

func (p *Playground) hasModel(name string) bool {
	for i := range p.Models {
		if p.Models[i].Name == name {
			return true
		}
	}
	return false
}

// sameModels reports whether a and b list the same models, field for
// field: reflect.DeepEqual's answer, but for a nil and an empty map of
// strengths, which mean the same. Without reflection: the page's first
// run compares the catalog with the defaults, and reflect.DeepEqual cost
// V8 its compilation on the main thread and, hot at once, an optimized
// compilation meanwhile (TestSameModelsComparesEveryField).
func sameModels(a, b []core.Model) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameModel(&a[i], &b[i]) {
			return false
		}
	}
	return true
}

func sameModel(x, y *core.Model) bool {
	if len(x.Strengths) != len(y.Strengths) {
		return false
	}
	for k, v := range x.Strengths {
		if w, ok := y.Strengths[k]; !ok || w != v {
			return false
		}
	}
	return x.Name == y.Name && x.Provider == y.Provider && x.Family == y.Family && x.CostTier == y.CostTier &&
		x.LatencyTier == y.LatencyTier && x.ContextTokens == y.ContextTokens &&
		x.InputUSDPerMTok == y.InputUSDPerMTok && x.OutputUSDPerMTok == y.OutputUSDPerMTok && x.BatchDiscount == y.BatchDiscount &&
		x.TTFTMs == y.TTFTMs && x.PrefillMsPer1KTokens == y.PrefillMsPer1KTokens && x.DecodeMsPerToken == y.DecodeMsPerToken &&
		x.JitterSigma == y.JitterSigma && x.RequestsPerMinute == y.RequestsPerMinute && x.TokensPerMinute == y.TokensPerMinute &&
		x.MaxConcurrency == y.MaxConcurrency && x.Tokenizer == y.Tokenizer
}
