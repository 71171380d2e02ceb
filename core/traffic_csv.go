package core

import (
	"bytes"
	"strconv"
	"strings"
)

// A CSVMapping says which header column holds what in a generic CSV file
// (format TrafficCSV). Names match the header case-insensitively, after
// trimming spaces; "" means the file has no such column.
//
// Rules of the generic CSV format:
//
//   - The first line is a header; columns are found by name, extra columns
//     are ignored, and a row may not have fewer fields than the header
//     needs. Quoting follows RFC 4180 (a quoted field may span lines).
//   - Time (with TimeUnit, required when Time is set): see TimeUnit. An
//     empty time cell is an error. Arrivals count from the earliest row.
//     Without a Time column records carry no arrival.
//   - InputTokens and OutputTokens: whole non-negative numbers ("12", or
//     "12.0" as spreadsheets write them); an empty cell means unknown.
//     A row with neither input tokens (empty or 0) nor text is skipped
//     (SkipNoInput). At least one of InputTokens and Text must be mapped.
//   - Model, User, ID, Text: taken as written, spaces trimmed (Text kept
//     as is). IDs must be unique.
type CSVMapping struct {
	Time         string   `json:"time,omitempty"`
	TimeUnit     TimeUnit `json:"time_unit,omitempty"`
	InputTokens  string   `json:"input_tokens,omitempty"`
	OutputTokens string   `json:"output_tokens,omitempty"`
	Model        string   `json:"model,omitempty"`
	User         string   `json:"user,omitempty"`
	ID           string   `json:"id,omitempty"`
	Text         string   `json:"text,omitempty"`
}

// csvColumns is what a CSV-based format reads: header names of each role
// ("" for none) and the format's rules.
type csvColumns struct {
	mapping CSVMapping
	// failedOnZeroOutput marks rows with 0 output tokens Failed (BurstGPT).
	failedOnZeroOutput bool
}

// columns checks the mapping of a generic CSV file.
func (m CSVMapping) columns() (csvColumns, error) {
	var errs errorList
	if m.InputTokens == "" && m.Text == "" {
		errs.addf("csv", ErrRequired, "map an input tokens column or a text column")
	}
	switch {
	case m.Time == "" && m.TimeUnit != "":
		errs.addf("csv.time", ErrRequired, "a time unit without a time column")
	case m.Time != "" && m.TimeUnit == "":
		errs.addf("csv.time_unit", ErrRequired, "the time column needs a unit: s, ms, us or timestamp")
	case m.Time != "" && m.TimeUnit != TimeWallClock && m.TimeUnit.nanos() == 0:
		errs.addf("csv.time_unit", ErrInvalid, "unknown time unit %q; want s, ms, us or timestamp", m.TimeUnit)
	}
	return csvColumns{mapping: m}, errs.err()
}

// csvRole is one mapped column: its role name in messages and its index.
type csvRole struct {
	name  string // the header's name
	index int    // -1: not in this file
}

// parseCSVTraffic reads a CSV file with a header through cols.
func parseCSVTraffic(data []byte, cols csvColumns, b *trafficBuilder) {
	c, ok := newCSVTraffic(newCSVScanner(bytes.TrimPrefix(data, bom)), cols, b)
	if !ok {
		return
	}
	b.reserve(bytes.Count(data, []byte{'\n'}))
	for c.row() {
	}
}

// A csvTraffic reads the rows of a CSV-based format into a builder, one at
// a time: what ParseTraffic and a streamed run share.
type csvTraffic struct {
	sc   *csvScanner
	b    *trafficBuilder
	cols csvColumns
	// the mapped columns
	timeCol, in, out, model, user, id, text csvRole
	// need is how many fields a row must have.
	need   int
	models modelNames
}

// newCSVTraffic reads the header from sc and finds the columns of cols;
// false when it cannot (the builder has the errors).
func newCSVTraffic(sc *csvScanner, cols csvColumns, b *trafficBuilder) (*csvTraffic, bool) {
	ok, serr := sc.next()
	switch {
	case !ok:
		b.errAt("header", 1, 1, ErrRequired, "empty file: want a CSV header line")
		return nil, false
	case serr != nil:
		b.errAt("header", serr.line, serr.col, ErrSyntax, "%s", serr.msg)
		return nil, false
	}
	header := make([]string, len(sc.fields))
	for i, f := range sc.fields {
		header[i] = string(bytes.TrimSpace(f))
	}
	m := cols.mapping
	find := func(name string) csvRole {
		if name == "" {
			return csvRole{index: -1}
		}
		for i, h := range header {
			if strings.EqualFold(h, name) {
				return csvRole{name: h, index: i}
			}
		}
		msg := "no column " + strconv.Quote(name) + " in the header"
		if s, ok := suggestName(name, header); ok {
			msg += "; did you mean " + strconv.Quote(s) + "?"
		} else {
			msg += "; its columns are " + quoteList(header)
		}
		b.errAt(namePath("header", name), 1, 1, ErrRequired, "%s", msg)
		return csvRole{index: -1}
	}
	c := &csvTraffic{sc: sc, b: b, cols: cols}
	c.timeCol, c.in, c.out = find(m.Time), find(m.InputTokens), find(m.OutputTokens)
	c.model, c.user, c.id, c.text = find(m.Model), find(m.User), find(m.ID), find(m.Text)
	if b.errs.len() > 0 {
		return nil, false
	}
	c.need = max(c.timeCol.index, c.in.index, c.out.index, c.model.index, c.user.index, c.id.index, c.text.index) + 1
	b.rebase = c.timeCol.index >= 0
	return c, true
}

// offset is how far into the input the rows have been read.
func (c *csvTraffic) offset() int64 { return c.sc.offset() }

// row reads the next row: kept, skipped or wrong (the builder has the
// errors). It returns false at the end of the input or past the row limit.
func (c *csvTraffic) row() bool {
	sc, b, m := c.sc, c.b, c.cols.mapping
	more, serr := sc.next()
	if !more {
		return false
	}
	line := sc.lines[0]
	if serr != nil {
		line = serr.line
	}
	i, ok := b.row(line)
	if !ok {
		return false
	}
	if serr != nil {
		b.errAt(b.itemPath(i), serr.line, serr.col, ErrSyntax, "%s", serr.msg)
		return true
	}
	fields := sc.fields
	if len(fields) < c.need {
		b.errAt(b.itemPath(i), line, 1, ErrRequired, "want at least %d fields, got %d", c.need, len(fields))
		return true
	}
	errsBefore := b.errs.len()
	rec := b.slot()
	rec.Line = line
	var rawTime []byte
	if c.timeCol.index >= 0 {
		rawTime = bytes.TrimSpace(fields[c.timeCol.index])
		ns, ok := parseTime(rawTime, m.TimeUnit)
		switch {
		case !ok && m.TimeUnit == TimeWallClock:
			b.csvErr(sc, i, c.timeCol, ErrInvalid, "want a date and time like 2023-11-16 18:15:46.6805900, got %q", clip(rawTime))
		case !ok:
			b.csvErr(sc, i, c.timeCol, ErrInvalid, "want a non-negative decimal number of %s (like 12.5), got %q", unitName(m.TimeUnit), clip(rawTime))
		}
		rec.ArrivalMs, rec.HasArrival = ns, true
	}
	if c.text.index >= 0 && !isBlank(string(fields[c.text.index])) {
		rec.Text = string(fields[c.text.index])
	}
	if c.in.index >= 0 {
		n, given, ok := parseTokens(fields[c.in.index])
		switch {
		case !ok:
			b.csvErr(sc, i, c.in, ErrInvalid, "want a whole number of tokens, got %q", clip(fields[c.in.index]))
		case !given && c.text.index < 0:
			b.csvErr(sc, i, c.in, ErrRequired, "want a whole number of tokens, got an empty cell")
		}
		rec.InputTokens = n
	}
	if c.out.index >= 0 {
		n, given, ok := parseTokens(fields[c.out.index])
		if !ok {
			b.csvErr(sc, i, c.out, ErrInvalid, "want a whole number of tokens, got %q", clip(fields[c.out.index]))
		}
		rec.OutputTokens, rec.HasOutputTokens = n, given
		rec.Failed = c.cols.failedOnZeroOutput && given && n == 0
	}
	if c.model.index >= 0 {
		rec.Model = c.models.intern(bytes.TrimSpace(fields[c.model.index]))
	}
	if c.user.index >= 0 {
		rec.UserID = string(bytes.TrimSpace(fields[c.user.index]))
	}
	if c.id.index >= 0 {
		rec.ID = string(bytes.TrimSpace(fields[c.id.index]))
		b.uniqueID(rec.ID, i, namePath(b.itemPath(i), c.id.name), line, sc.cols[c.id.index])
	}
	switch {
	case b.errs.len() > errsBefore:
	case rec.InputTokens == 0 && rec.Text == "":
		b.skip(SkipNoInput, line)
	default:
		b.keep(rawTime)
	}
	return true
}

// csvErr records an error in column c of row i, the scanner's record.
func (b *trafficBuilder) csvErr(sc *csvScanner, i int, c csvRole, kind error, format string, args ...any) {
	b.errAt(namePath(b.itemPath(i), c.name), sc.lines[c.index], sc.cols[c.index], kind, format, args...)
}

// parseTokens reads a token count cell: digits, optionally followed by a
// zero fraction ("12.0"). given is false for an empty cell.
func parseTokens(s []byte) (n int, given, ok bool) {
	s = bytes.TrimSpace(s)
	if len(s) == 0 {
		return 0, false, true
	}
	if dot := bytes.IndexByte(s, '.'); dot > 0 && len(bytes.Trim(s[dot+1:], "0")) == 0 {
		s = s[:dot]
	}
	v, ok := digits(s)
	if !ok || len(s) == 0 || len(s) > 10 || v > maxTrafficTokens {
		return 0, true, false
	}
	return int(v), true, true
}

func unitName(u TimeUnit) string {
	switch u {
	case TimeSeconds:
		return "seconds"
	case TimeMillis:
		return "milliseconds"
	}
	return "microseconds"
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// modelNames interns model names, which repeat on every row of a trace,
// so that a million records share a few strings.
type modelNames map[string]string

func (m *modelNames) intern(b []byte) string {
	if v, ok := (*m)[string(b)]; ok {
		return v
	}
	if *m == nil {
		*m = make(modelNames)
	}
	s := string(b)
	if len(*m) < 1024 {
		(*m)[s] = s
	}
	return s
}

// ParseCSVMapping reads a column mapping written as comma-separated
// key=column pairs, the keys being CSVMapping's JSON names:
// "time=ts,time_unit=s,input_tokens=prompt_len,output_tokens=completion_len".
func ParseCSVMapping(text string) (CSVMapping, error) {
	var m CSVMapping
	fields := map[string]*string{
		"time": &m.Time, "input_tokens": &m.InputTokens, "output_tokens": &m.OutputTokens,
		"model": &m.Model, "user": &m.User, "id": &m.ID, "text": &m.Text,
	}
	var errs errorList
	for _, pair := range strings.Split(text, ",") {
		key, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch {
		case !ok || value == "":
			errs.addf("csv", ErrInvalid, "want key=column, got %q", pair)
		case key == "time_unit":
			m.TimeUnit = TimeUnit(value)
		case fields[key] != nil:
			*fields[key] = value
		default:
			errs.addf("csv."+key, ErrUnknownField, "want one of time, time_unit, input_tokens, output_tokens, model, user, id, text")
		}
	}
	return m, errs.err()
}
