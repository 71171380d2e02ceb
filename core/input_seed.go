package core

import (
	"strconv"
	"strings"
)

// Seed mode reads a prompts document as the reference prototype's loader
// does (its simulate.py), with Python's json, bool(), str() and int()
// (python.go):
//
//   - A string item is the prompt as it is, even "" or white space only.
//   - An object's text is prompt, or shortened_query when prompt is false
//     in Python's sense (absent, null, "", 0, false, [], {}); when both
//     are, the item is an error. A text that is not a string is rendered
//     with str(): 123 → "123", true → "True", [1] → "[1]".
//   - request_id: a false value gives r<i> (i counted from 1 in the input
//     array); anything else is rendered with str(): 5 → "5". Duplicates
//     are kept. An id holding a lone surrogate (\ud800), which Python
//     keeps and a Go string cannot, is an error saying so.
//   - created_at_ms: absent or null leaves the request untimed; anything
//     else goes through int(): 330.7 → 330, 1e3 → 1000, " 12 " → 12,
//     true → 1, negative values kept. What int() refuses is an error, as
//     it stops the reference; a time beyond ±MaxTimeMs is an error too,
//     as batchlab cannot hold it.
//   - user_id may be any value (str() of it, "" when false).
//   - Every other field is ignored: analysis_json, token_count and
//     selected_model (the enrichment is computed from the text), the
//     token fields of traces, and unknown keys. Each ignored field is
//     named in a warning, with how many items had it and the first.
//   - A request without text but with input_tokens (or token_count) is
//     read as in timer mode, its analysis_json and selected_model
//     included: the reference cannot read it, and the run's output says
//     it is then not comparable with the reference.
//
// The literals NaN, Infinity and -Infinity are read as Python reads them
// (str() gives "nan", "inf", "-inf"; int() refuses them). Bytes that are
// not UTF-8 are refused in both modes, as the reference refuses them.

// referenceItem reads an item under seed mode's rules, reporting problems
// to errs.
func (d *promptsDecoder) referenceItem(raw []byte, p itemPath, r *Request, errs *errorList) {
	switch raw[0] {
	case '"':
		r.Text, r.ID = jsonString(raw), "r"+strconv.Itoa(r.Index+1)
		return
	case '{':
	default:
		errs.addf(p.String(), ErrType, "want a prompt string or an object with a prompt, got %s (the reference prototype refuses it too)", jsonKind(raw))
		return
	}
	f := scanItem(raw, func(key string, v []byte) { d.ignored.add(key, v, p, ignoredUnknown) })
	text := f.prompt
	if !pyTruthy(text) {
		text = f.shortened
	}
	switch {
	case pyTruthy(text):
		r.Text = pyStr(text)
		for _, x := range []struct {
			key  string
			v    []byte
			kind ignoredKind
		}{
			{"analysis_json", f.analysis, ignoredAnalysis}, {"token_count", f.tokens, ignoredTokens},
			{"selected_model", f.model, ignoredModel}, {"input_tokens", f.input, ignoredTokens},
			{"output_tokens", f.output, ignoredTokens}, {"model", f.traceModel, ignoredModel},
			{"failed", f.failed, ignoredTrace}, {"shared_prefix_tokens", f.prefix, ignoredTrace},
		} {
			d.ignored.add(x.key, x.v, p, x.kind)
		}
	case hasValue(f.input) || hasValue(f.tokens):
		// A token-only request, beyond the reference: read as in timer mode.
		decodeTokens(&f, p, r, errs)
		d.givenFields(&f, p, r, errs)
	default:
		errs.addf(p.field("prompt"), ErrRequired, "want a prompt or shortened_query that is not empty, 0, false or null (the reference prototype refuses the item too)")
	}

	if pyTruthy(f.id) {
		checkIDSurrogates(f.id, p, errs)
		r.ID = pyStr(f.id)
	} else {
		r.ID = "r" + strconv.Itoa(r.Index+1)
	}

	if v := f.created; hasValue(v) {
		t, res := pyInt(v)
		switch res {
		case pyIntRefused:
			errs.addf(p.field("created_at_ms"), ErrInvalid, "want a number of milliseconds that Python's int() reads, got %s (the reference prototype refuses it too)", clip(v))
		case pyIntTooLarge:
			errs.addf(p.field("created_at_ms"), ErrInvalid, "got %s: the reference prototype reads it, but batchlab holds arrival times of at most ±%d ms", clip(v), int64(MaxTimeMs))
		}
		r.CreatedAt, r.hasTime = t, true
	}

	if pyTruthy(f.user) {
		r.UserID = pyStr(f.user)
	}
}

// checkIDSurrogates refuses a request id (raw) that escapes a lone
// surrogate: Python keeps it, a Go string cannot, and an id must come out
// as it went in.
func checkIDSurrogates(id []byte, p itemPath, errs *errorList) {
	if id[0] == '"' && hasLoneSurrogate(id) {
		errs.addf(p.field("request_id"), ErrInvalid, "the id holds a lone surrogate (a \\ud800–\\udfff escape without its pair): the reference prototype keeps it, but batchlab cannot represent it")
	}
}

// hasValue reports whether a field was given a value other than null.
func hasValue(v []byte) bool { return v != nil && !isNull(v) }

// ignoredKind is why seed mode ignored a field.
type ignoredKind uint8

const (
	ignoredUnknown  ignoredKind = iota // not a field of prompt objects
	ignoredAnalysis                    // analysis_json
	ignoredTokens                      // token counts
	ignoredModel                       // a chosen or traced model
	ignoredTrace                       // other trace fields
)

var ignoredBecause = [...]string{
	ignoredUnknown:  "the reference prototype reads only prompt, shortened_query, request_id, created_at_ms and user_id",
	ignoredAnalysis: "seed mode computes the analysis from the text, as the reference prototype does",
	ignoredTokens:   "seed mode counts tokens from the text, as the reference prototype does",
	ignoredModel:    "seed mode selects the model from the text, as the reference prototype does",
	ignoredTrace:    "the reference prototype does not read it",
}

// maxIgnoredFields bounds how many different ignored keys are named.
const maxIgnoredFields = 20

// ignoredFields counts, per key, the items whose field seed mode ignored.
type ignoredFields struct {
	fields []ignoredField
	more   int // values of keys beyond maxIgnoredFields
}

type ignoredField struct {
	key         string
	kind        ignoredKind
	first, last itemPath
	items       int
}

// add records that item p had field key with value v (ignored when
// absent or null).
func (g *ignoredFields) add(key string, v []byte, p itemPath, kind ignoredKind) {
	if !hasValue(v) {
		return
	}
	for i := range g.fields {
		if f := &g.fields[i]; f.key == key {
			if f.last != p {
				f.items, f.last = f.items+1, p
			}
			return
		}
	}
	if len(g.fields) == maxIgnoredFields {
		g.more++
		return
	}
	g.fields = append(g.fields, ignoredField{key: key, kind: kind, first: p, last: p, items: 1})
}

// warnings says, field by field in the order first met, what was ignored.
func (g *ignoredFields) warnings() []string {
	var out []string
	for _, f := range g.fields {
		var b strings.Builder
		b.WriteString(strconv.Quote(f.key) + " ignored in " + FormatCount(f.items) + " request")
		if f.items > 1 {
			b.WriteString("s")
		}
		b.WriteString(" (first " + f.first.String() + "): " + ignoredBecause[f.kind])
		if f.kind == ignoredUnknown {
			if s, ok := suggestName(f.key, promptObjectKeys); ok {
				b.WriteString("; did you mean " + s + "?")
			}
		}
		out = append(out, b.String())
	}
	if g.more > 0 {
		out = append(out, FormatCount(g.more)+" more values of other fields ignored, as the reference prototype does")
	}
	return out
}
