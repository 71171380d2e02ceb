package state

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// A TrafficSummary says what a file (or an imported scenario) brought in:
// the rows read and kept, their time span and rate, the distributions of
// input and output tokens, the models the rows name, and the rows skipped.
type TrafficSummary struct {
	Source core.TrafficSource
	// Rows is how many rows the file held; Requests how many became
	// requests (Rows less Skipped).
	Rows, Requests int
	Skipped        []core.TrafficSkip
	// Sorted: the file was not in time order and its rows were sorted.
	Sorted bool
	// Failed counts the rows the log marks failed.
	Failed int
	// Timed: the requests carry arrival times; SpanMs is the time from the
	// first to the last.
	Timed  bool
	SpanMs int64
	// Origin is the time of the first row as the file wrote it.
	Origin string
	// Input and Output are the token distributions: Input over every
	// request (text counted by the heuristic), Output over the requests
	// that give their output length.
	Input, Output Distribution
	// TextRequests counts requests that carry prompt text.
	TextRequests int
	// Models counts the requests per model the rows name, most first.
	Models []ModelCount
}

// A Distribution is the spread of a count over requests (nearest rank).
type Distribution struct {
	N                  int
	Min, P50, P95, Max int
}

// A ModelCount is how many requests name one model.
type ModelCount struct {
	Model    string
	Requests int
}

// A pendingSummary is an import the next Run summarises (RunJob's
// summariseImport, FinishRun): text is the editor's text it holds.
type pendingSummary struct {
	text   string
	report *core.TrafficReport
	source core.TrafficSource
}

// summariseImport computes, off the playground, the summary of the import
// the job runs, if any (pending): the run just decoded the requests, which
// are every row, unchanged, while the traffic rules transform nothing:
// then they are summarised as they are, which spares decoding a large
// import twice; otherwise the prompts are decoded again. It calls pause
// (nil: never) every pauseEvery requests; an error from it drops the
// summary, as FinishRun drops the run.
func (j *RunJob) summariseImport(pause func() error) {
	s := j.pending
	if s == nil {
		return
	}
	reqs := []core.Request(nil)
	if c := &j.cache; c.trace != nil && c.text == j.text && !j.sc.Traffic.Shapes() {
		reqs = c.trace.Requests
	} else if decoded, _, err := core.DecodeRequests(j.sc.Prompts, catalogOf(j.models), "$", j.sc.Mode); err == nil {
		reqs = decoded
	} else {
		return
	}
	j.summary, _ = summarize(reqs, s.report, s.source, pause)
}

// pauseEvery is how many requests summarize counts, or copyRequests
// copies, between two calls of their pause.
const pauseEvery = 1024

// summarize builds the summary of decoded requests; rep (nil for a
// prompts document) adds what only the file reader knows: rows skipped,
// sorting, the first row's time. It calls pause (nil: never) every
// pauseEvery requests, and stops with its error.
func summarize(reqs []core.Request, rep *core.TrafficReport, src core.TrafficSource, pause func() error) (*TrafficSummary, error) {
	s := &TrafficSummary{Source: src, Rows: len(reqs), Requests: len(reqs)}
	in := make([]int, 0, len(reqs))
	var out []int
	models := map[string]int{}
	var first, last int64
	for i := range reqs {
		if pause != nil && i%pauseEvery == pauseEvery-1 {
			if err := pause(); err != nil {
				return nil, err
			}
		}
		r := &reqs[i]
		tok := r.TokenCount
		if r.Text != "" {
			s.TextRequests++
			if tok == 0 {
				tok = core.HeuristicCounter{}.CountTokens(r.Text)
			}
		}
		in = append(in, tok)
		if r.OutputTokens > 0 {
			out = append(out, r.OutputTokens)
		}
		if r.Failed {
			s.Failed++
		}
		if m := cmp.Or(r.TraceModel, r.Model); m != "" {
			models[m]++
		}
		if i == 0 || r.CreatedAt < first {
			first = r.CreatedAt
		}
		last = max(last, r.CreatedAt)
	}
	s.Input, s.Output = distribution(in), distribution(out)
	s.SpanMs = last - first
	s.Timed = s.SpanMs > 0
	for name, n := range models {
		s.Models = append(s.Models, ModelCount{name, n})
	}
	slices.SortFunc(s.Models, func(a, b ModelCount) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), strings.Compare(a.Model, b.Model))
	})
	if rep != nil {
		s.Rows, s.Skipped, s.Sorted, s.Origin = rep.Rows, rep.Skipped, rep.Sorted, rep.Origin
		s.Timed = rep.Timed && len(reqs) > 0
	}
	return s, nil
}

// distribution sorts v and returns its spread.
func distribution(v []int) Distribution {
	if len(v) == 0 {
		return Distribution{}
	}
	slices.Sort(v)
	rank := func(p int) int { return v[max(0, (p*len(v)+99)/100-1)] }
	return Distribution{N: len(v), Min: v[0], P50: rank(50), P95: rank(95), Max: v[len(v)-1]}
}

// RatePerSecond is the mean arrival rate over the span, 0 when untimed.
func (s *TrafficSummary) RatePerSecond() float64 {
	if !s.Timed || s.SpanMs <= 0 {
		return 0
	}
	return float64(s.Requests) * 1000 / float64(s.SpanMs)
}

// A SummaryLine is one line of the summary as the page shows it.
type SummaryLine struct{ Label, Value string }

// Lines formats the summary for the page.
func (s *TrafficSummary) Lines() []SummaryLine {
	var out []SummaryLine
	add := func(label, value string) { out = append(out, SummaryLine{label, value}) }
	from := s.Source.File
	if s.Source.Format != "" {
		from += " (" + s.Source.Format + ")"
	}
	if from != "" {
		add("From", strings.TrimSpace(from))
	}
	add("Rows", units.Count(s.Rows)+" read, "+units.Requests(s.Requests)+" kept")
	for _, sk := range s.Skipped {
		add("Skipped", rows(sk.Rows)+": "+string(sk.Reason)+" (first on line "+strconv.Itoa(sk.FirstLine)+")")
	}
	if s.Timed {
		span := units.Duration(float64(s.SpanMs))
		if s.Origin != "" {
			span += " from " + s.Origin
		}
		add("Time span", span)
		add("Rate", units.Decimal(s.RatePerSecond())+" requests/s")
		if s.Sorted {
			add("Order", "not in time order in the file: sorted by arrival (ties keep file order)")
		} else {
			add("Order", "in time order")
		}
	} else {
		add("Time span", "no arrival times: the scenario's arrivals time the requests")
	}
	if s.Input.N > 0 {
		add("Input tokens", s.Input.String())
	}
	if s.Output.N > 0 {
		v := s.Output.String()
		if s.Output.N < s.Requests {
			v += " (over the " + units.Requests(s.Output.N) + " with output)"
		}
		add("Output tokens", v)
	}
	switch {
	case s.TextRequests == 0:
		add("Text", "none: token counts only")
	case s.TextRequests < s.Requests:
		add("Text", units.Requests(s.TextRequests)+" carry prompt text")
	default:
		add("Text", "every request carries prompt text")
	}
	if s.Failed > 0 {
		add("Failed", rows(s.Failed)+" marked failed in the log")
	}
	if len(s.Models) > 0 {
		parts := make([]string, 0, min(len(s.Models), 6))
		for i, m := range s.Models {
			if i == 5 {
				parts = append(parts, "and "+strconv.Itoa(len(s.Models)-5)+" more")
				break
			}
			parts = append(parts, m.Model+" "+units.Count(m.Requests))
		}
		add("Models", strings.Join(parts, ", "))
	}
	return out
}

// String is "min 3, p50 120, p95 900, max 4,000".
func (d Distribution) String() string {
	return "min " + units.Count(d.Min) + ", p50 " + units.Count(d.P50) + ", p95 " + units.Count(d.P95) + ", max " + units.Count(d.Max)
}

// rows is "1 row" or "12 rows".
func rows(n int) string {
	if n == 1 {
		return "1 row"
	}
	return units.Count(n) + " rows"
}

// ShapingLines says what the traffic rules did in the last result: rows in,
// dropped by each transform, kept, and how requests without text were
// classified and routed. Nil when the rules did nothing.
func (p *Playground) ShapingLines() []SummaryLine {
	if p.Result == nil || p.Result.Traffic == nil {
		return nil
	}
	r := p.Result.Traffic
	out := []SummaryLine{{"Rows in", units.Count(r.Rows)}}
	for _, d := range []struct {
		label string
		n     int
	}{{"Dropped after the first rows", r.AfterFirstN}, {"Dropped outside the window", r.OutsideWindow},
		{"Dropped as failed", r.Failed}, {"Dropped by sampling", r.NotSampled}} {
		if d.n > 0 {
			out = append(out, SummaryLine{d.label, units.Count(d.n)})
		}
	}
	out = append(out, SummaryLine{"Kept", units.Count(r.Kept)},
		SummaryLine{"Without text", units.Count(r.TokenOnly) + " classified by the rules above"})
	if r.Mapped+r.Unmapped > 0 {
		out = append(out, SummaryLine{"Trace models", units.Count(r.Mapped) + " mapped to the catalog, " + units.Count(r.Unmapped) + " unmapped"})
	}
	for _, n := range r.Notes {
		out = append(out, SummaryLine{"Note", n})
	}
	return out
}

// StartReading says that a file is being read: the page shows Reading
// until LoadFile has parsed it.
func (p *Playground) StartReading(name string, size int) {
	p.Reading = "Reading " + name + "… (" + units.Size(size) + ")"
}

// Parsing says that the file's bytes are in and are being parsed.
func (p *Playground) Parsing(name string, size int) {
	p.Reading = "Parsing " + name + "… (" + units.Size(size) + ")"
}
