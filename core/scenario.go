package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"strconv"
	"strings"
)

// ScenarioVersion is the version of the scenario format this package writes
// and the newest it reads.
const ScenarioVersion = 1

// A Scenario is everything a simulation needs, as one versioned JSON
// document: what the playground edits and shares and `batchlab simulate
// --scenario` reads. Fields left out keep their defaults (DefaultScenario).
type Scenario struct {
	Version     int    `json:"version"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	// Mode is how batches close: "timer" (default) or "seed".
	Mode Mode `json:"mode"`
	// Tokens is how prompt tokens are counted: TokensHeuristic ("", the
	// default) or TokensExact.
	Tokens string `json:"tokens,omitempty"`
	// Seed drives every random choice: generated arrivals and, in dispatch,
	// jitter and failures. At most 2^53 − 1, so that browsers keep it exact.
	Seed uint64 `json:"seed"`
	// Prompts is the prompts document (see DecodeRequests), kept raw.
	Prompts json.RawMessage `json:"prompts,omitempty"`
	// Arrivals times the prompts that carry no created_at_ms.
	Arrivals Arrivals    `json:"arrivals"`
	Policy   Policy      `json:"policy"`
	Catalog  CatalogEdit `json:"catalog"`
	// SharedPromptTokens is the instruction prompt sent once per call: with
	// batching it is paid once per batch instead of once per request.
	SharedPromptTokens int `json:"shared_prompt_tokens"`
	// Dispatch is what happens to batches after they close (see Dispatch).
	Dispatch Dispatch `json:"dispatch"`
	// Traffic says how imported rows are shaped, classified and routed
	// (see TrafficRules); left out of the JSON while it holds the defaults.
	Traffic TrafficRules `json:"traffic,omitzero"`
	// EmbeddedTrace is a trace or log embedded as it is, in any format
	// ImportTraffic reads: DecodeScenario imports it into Prompts (and
	// Traffic.Source) and clears it, so a decoded scenario never holds
	// one and its share id never depends on the format.
	EmbeddedTrace *TraceDocument `json:"trace,omitempty"`
}

// A TraceDocument is a file of traffic embedded in a scenario.
type TraceDocument struct {
	// Format names the format (see TrafficFormats); "" detects it.
	Format string `json:"format,omitempty"`
	// File is the file's name, kept as the source note.
	File string `json:"file,omitempty"`
	// Data is the file's content.
	Data string `json:"data"`
	// CSV maps the columns of a generic CSV file.
	CSV CSVMapping `json:"csv,omitzero"`
}

// CatalogEdit changes the default catalog. With Replace, Models is the whole
// catalog; otherwise each entry replaces the given fields of the default
// model of that name, or is added at the end (starting from NewModelDefaults).
type CatalogEdit struct {
	Replace bool              `json:"replace,omitempty"`
	Models  []json.RawMessage `json:"models,omitempty"`
}

// DefaultScenario returns a scenario with every default and no prompts.
func DefaultScenario() Scenario {
	return Scenario{
		Version:  ScenarioVersion,
		Mode:     ModeTimer,
		Seed:     1,
		Arrivals: DefaultArrivals(),
		Policy:   DefaultPolicy(),
		Dispatch: DefaultDispatch(),
		Traffic:  DefaultTrafficRules(),
	}
}

// DecodeScenario reads a scenario document over the defaults and validates
// it, catalog included. Errors are *FieldError values (at most MaxErrors,
// joined) naming each bad field by its JSON path, e.g. $.policy.max_batch_size.
func DecodeScenario(data []byte) (*Scenario, error) {
	if !validJSON(data) {
		var v any
		return nil, jsonError(data, json.Unmarshal(data, &v), "$")
	}
	if isNull(bytes.TrimSpace(data)) {
		return nil, fieldErr("$", ErrType, "want a scenario object, got null")
	}
	data = bytes.TrimSpace(data) // " {…}" is an object too
	s := DefaultScenario()
	s.Version = 0
	var errs errorList
	decodeValue(data, "$", reflect.ValueOf(&s).Elem(), &errs)
	s.importTrace(&errs)
	if raw := data; len(raw) > 0 && raw[0] == '{' {
		// Fields that decoded keep their values (the rest their
		// defaults), so validation can report its findings too.
		s.validate(&errs)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return &s, nil
}

// importTrace turns an embedded trace into prompts, naming its problems
// under $.trace.
func (s *Scenario) importTrace(errs *errorList) {
	tr := s.EmbeddedTrace
	if tr == nil {
		return
	}
	s.EmbeddedTrace = nil
	if len(s.Prompts) > 0 {
		errs.addf("$.trace", ErrDuplicate, "give prompts or a trace, not both")
		return
	}
	format := TrafficUnknown
	if tr.Format != "" {
		f, ok := ParseTrafficFormat(tr.Format)
		if !ok {
			errs.addf("$.trace.format", ErrInvalid, "want one of %s, got %q", TrafficFormatList(), tr.Format)
			return
		}
		format = f
	} else if tr.CSV != (CSVMapping{}) {
		format = TrafficCSV
	}
	imp, err := ImportTraffic([]byte(tr.Data), tr.File, format, TrafficOptions{CSV: tr.CSV})
	if err != nil {
		for _, fe := range FieldErrors(err) {
			c := *fe
			c.Path = rerootPath(fe.Path, "$.trace.data")
			if fe.Path == "csv" || strings.HasPrefix(fe.Path, "csv.") {
				c.Path = "$.trace." + fe.Path // the mapping, not the data
			}
			errs.add(&c)
		}
		return
	}
	s.Prompts = imp.Prompts
	s.Traffic.Source = imp.Source
}

// rerootPath moves a path of a document ("$[3].x", "header.Name") under
// root.
func rerootPath(path, root string) string {
	if strings.HasPrefix(path, "$") {
		return root + path[1:]
	}
	return root + "." + path
}

// Validate checks every field and returns the field errors joined, or nil.
func (s *Scenario) Validate() error {
	var errs errorList
	s.validate(&errs)
	return errs.err()
}

func (s *Scenario) validate(errs *errorList) {
	s.validateWith(errs, func() *Catalog {
		cat, err := s.buildCatalog(errs)
		if err != nil {
			return nil
		}
		return cat
	})
}

// ValidateWith checks every field as Validate does, but against cat, a
// catalog the caller built (CatalogOf) in place of s.Catalog: the
// playground validates its edited models once, without JSON.
func (s *Scenario) ValidateWith(cat *Catalog) error {
	var errs errorList
	s.validateWith(&errs, func() *Catalog { return cat })
	return errs.err()
}

func (s *Scenario) validateWith(errs *errorList, catalog func() *Catalog) {
	switch {
	case s.Version == 0:
		errs.addf("$.version", ErrRequired, "want \"version\": %d", ScenarioVersion)
	case s.Version > ScenarioVersion:
		errs.addf("$.version", ErrVersion, "this scenario is version %d, written by a newer batchlab; this one reads up to version %d", s.Version, ScenarioVersion)
	case s.Version < 0:
		errs.addf("$.version", ErrInvalid, "want %d, got %d", ScenarioVersion, s.Version)
	}
	for i := range settings {
		settings[i].validate(s, errs)
	}
	if n := len(s.Catalog.Models); n > MaxModels {
		errs.addf("$.catalog.models", ErrTooLarge, "want at most %d models, got %d", MaxModels, n)
		return
	}
	if n := len(s.Policy.Overrides); n > MaxOverrides {
		errs.addf("$.policy.overrides", ErrTooLarge, "want at most %d overrides, got %d", MaxOverrides, n)
		return
	}
	cat := catalog()
	if cat != nil {
		s.Policy.validate("$.policy", cat, errs)
	}
	s.Dispatch.validate("$.dispatch", cat, errs)
	s.Traffic.validate("$.traffic", cat, errs)
}

// CatalogOf validates models, a whole catalog, and builds it; errors name
// each bad field as $.catalog.models[i].field.
func CatalogOf(models []Model) (*Catalog, error) {
	var errs errorList
	validateModels(models, func(i int) string { return "$.catalog.models[" + strconv.Itoa(i) + "]" }, &errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	own := make([]Model, len(models))
	for i, m := range models {
		m.Strengths = maps.Clone(m.Strengths)
		own[i] = m
	}
	return buildCatalog(own), nil
}

// BuildCatalog returns the scenario's catalog: the defaults edited by
// s.Catalog.
func (s *Scenario) BuildCatalog() (*Catalog, error) {
	var errs errorList
	cat, _ := s.buildCatalog(&errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return cat, nil
}

func (s *Scenario) buildCatalog(errs *errorList) (*Catalog, error) {
	// The defaults alone are valid (TestDefaultModelsAreValid) and built
	// once: the playground's runs, which seldom edit the catalog, neither
	// check nor build them again (validateModels, 13 KB of WebAssembly,
	// was compiled twice before the page's first timeline, the second time
	// by V8's optimising compiler).
	if !s.Catalog.Replace && len(s.Catalog.Models) == 0 {
		return defaultCatalog(), nil
	}
	before := errs.len()
	var models []Model
	if !s.Catalog.Replace {
		models = DefaultModels()
	}
	// paths[i] is where models[i] was given, "" for an untouched default;
	// byName finds a model by name (the last of a name, as before).
	paths := make([]string, len(models))
	byName := make(map[string]int, len(models)+len(s.Catalog.Models))
	for j, m := range models {
		byName[m.Name] = j
	}
	for i, raw := range s.Catalog.Models {
		p := "$.catalog.models[" + strconv.Itoa(i) + "]"
		var head struct {
			Name *string `json:"name"`
		}
		if raw[0] != '{' || json.Unmarshal(raw, &head) != nil {
			errs.addf(p, ErrType, "want a model object, got %s", jsonKind(raw))
			continue
		}
		if head.Name == nil {
			errs.addf(p+".name", ErrRequired, "want the model's name")
			continue
		}
		at, ok := byName[*head.Name]
		if !ok {
			at = -1
		}
		var m Model
		switch {
		case at >= 0 && paths[at] != "":
			errs.addf(p+".name", ErrDuplicate, "model %q is already given at %s", *head.Name, paths[at])
			continue
		case at >= 0:
			m = models[at]
			m.Strengths = maps.Clone(m.Strengths) // decoding merges into the map
		default:
			m = NewModelDefaults()
		}
		decodeValue(raw, p, reflect.ValueOf(&m).Elem(), errs)
		if at < 0 {
			byName[m.Name] = len(models)
			models = append(models, m)
			paths = append(paths, p)
		} else {
			models[at], paths[at] = m, p
		}
	}
	if s.Catalog.Replace && len(s.Catalog.Models) == 0 {
		errs.addf("$.catalog.models", ErrRequired, "a replaced catalog needs at least one model")
	}
	validateModels(models, func(i int) string {
		if paths[i] == "" {
			return "$.catalog.default[" + strconv.Itoa(i) + "]"
		}
		return paths[i]
	}, errs)
	if errs.len() > before {
		return nil, errInvalidCatalog
	}
	return buildCatalog(models), nil
}

var errInvalidCatalog = fmt.Errorf("invalid catalog")
