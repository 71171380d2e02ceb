package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"
)

// MaxTimeMs is the largest arrival time accepted: 2^53 − 1 ms, the largest
// integer a JavaScript number (and so the browser UI) holds exactly.
const MaxTimeMs = 1<<53 - 1

// DecodeRequests parses a prompts document under the input rules of mode:
// a JSON array whose items are prompt strings or objects
//
//	{request_id?, created_at_ms?, prompt | shortened_query, user_id?,
//	 analysis_json?, token_count? (or input_tokens), selected_model?,
//	 output_tokens?, model?, failed?, shared_prefix_tokens?}
//
// In timer mode (and any mode but seed) every value must have its type: a
// prompt is a string with more than white space, request_id a unique
// string, created_at_ms an integer from 0 to MaxTimeMs, user_id a string
// or a number; analysis_json (an object, or a string holding one),
// token_count and selected_model, when given, are used as is, and missing
// parts of the analysis are computed; any other key is an error, with a
// "did you mean" hint. An error about an item seed mode would read says
// so. In seed mode the document is read as the reference prototype reads
// it (input_seed.go): Python's truthiness, str() and int(), duplicate ids
// kept, NaN and Infinity literals, and every field the reference does not
// read ignored, with a warning. In both modes bytes that are not UTF-8
// are an error giving their offset.
//
// Requests come back in input order; those without created_at_ms have
// CreatedAt 0 until AssignArrivals. cat checks selected_model (nil skips
// the check). Warnings say what the input held that the rules ignored
// (seed mode only), field by field in the order first met.
//
// Errors are *FieldError values joined with errors.Join, at most MaxErrors,
// with paths under root ("$" for a prompts file, "$.prompts" in a scenario).
func DecodeRequests(data []byte, cat *Catalog, root string, mode Mode) (reqs []Request, warnings []string, err error) {
	reqs, warnings, _, err = decodePaused(data, cat, root, mode, copyText, nil)
	return reqs, warnings, err
}

// DecodeRequestsInPlace is DecodeRequests for a document the caller hands
// over: the requests' strings may point into data, which it never writes
// (it may be mapped read-only), so the caller must not change data
// afterwards, and data stays in memory as long as any request does. It
// saves a copy of the prompts without escapes — the time to write it and
// memory their size.
func DecodeRequestsInPlace(data []byte, cat *Catalog, root string, mode Mode) (reqs []Request, warnings []string, err error) {
	reqs, warnings, _, err = decodePaused(data, cat, root, mode, pointText, nil)
	return reqs, warnings, err
}

// decodePaused is DecodeRequests (DecodeRequestsInPlace for pointText;
// for analyseText, see Options.ConsumePrompts) calling pause (nil: never)
// every pauseEvery items: a pause's error stops it and is returned.
// detached says that nothing of the requests points into data: the
// decoder of the common shape analysed their prompts (analyseText).
func decodePaused(data []byte, cat *Catalog, root string, mode Mode, text promptText, pause func() error) (reqs []Request, warnings []string, detached bool, err error) {
	reqs, ok, err := decodeCommonPrompts(data, mode, text, pause)
	if err != nil {
		return nil, nil, false, err
	}
	if ok {
		return reqs, nil, text == analyseText, nil
	}
	reqs, warnings, err = decodeRequests(data, cat, root, mode, pause)
	return reqs, warnings, false, err
}

// decodeRequests is decodePaused for any document (decodeCommonPrompts
// takes the common shape).
func decodeRequests(data []byte, cat *Catalog, root string, mode Mode, pause func() error) (reqs []Request, warnings []string, err error) {
	if at, bad := invalidUTF8(data); bad {
		fe := fieldErr(root, ErrSyntax, "byte 0x%02x at offset %d is not UTF-8: save the file as UTF-8 (the reference prototype refuses it too)", data[at], at)
		fe.Line, fe.Column = position(data, int64(at))
		return nil, nil, fe
	}
	clean, _, ok := validPythonJSON(data)
	if !ok {
		var v any
		return nil, nil, jsonError(clean, json.Unmarshal(clean, &v), root)
	}
	sc := valueScanner{data: data}
	switch c := sc.peek(); c {
	case '[':
	case 'n':
		return nil, nil, fieldErr(root, ErrType, "want a JSON array of prompts, got null")
	default:
		fe := fieldErr(root, ErrType, "want a JSON array of prompts, got %s", jsonKind(data[sc.pos:]))
		fe.Line, fe.Column = position(data, int64(sc.pos))
		return nil, nil, fe
	}
	d := promptsDecoder{cat: cat, root: root, seed: mode == ModeSeed}
	// Counted first: growing a slice of 100,000 requests by appending
	// cost more than decoding them.
	reqs = make([]Request, 0, sc.count())
	var stopped error // by a pause: the items left are only skipped
	sc.elements(func(i int, raw []byte) {
		if stopped != nil {
			return
		}
		reqs = append(reqs, Request{Index: i})
		d.item(raw, &reqs[i])
		stopped = pauseAfter(pause, i+1)
	})
	if stopped != nil {
		return nil, nil, stopped
	}
	if err := d.errs.err(); err != nil {
		return nil, nil, err
	}
	return reqs, d.ignored.warnings(), nil
}

// invalidUTF8 returns the offset of the first byte of data that is not
// UTF-8, if any.
func invalidUTF8(data []byte) (int, bool) {
	if utf8.Valid(data) {
		return 0, false
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i, true
		}
		i += n
	}
	return 0, false
}

// A promptsDecoder reads the items of one prompts document.
//
// The rules differ by mode (see DecodeRequests): strictItem is timer
// mode's, referenceItem (input_seed.go) seed mode's; both read an
// object's keys with scanItem.
type promptsDecoder struct {
	cat  *Catalog
	root string
	seed bool
	errs errorList
	// ids finds the item that first used a request id (timer mode).
	ids map[string]int
	// ignored counts the fields seed mode ignored.
	ignored ignoredFields
}

// item decodes the array item raw into r under the mode's rules.
func (d *promptsDecoder) item(raw []byte, r *Request) {
	p := itemPath{d.root, r.Index}
	if d.seed {
		d.referenceItem(raw, p, r, &d.errs)
		return
	}
	before := len(d.errs.errs)
	d.strictItem(raw, p, r)
	if len(d.errs.errs) > before {
		d.hintSeedMode(raw, p, d.errs.errs[before:])
	}
}

// seedModeHint ends a timer-mode error about a value the reference
// prototype accepts.
const seedModeHint = " (seed mode accepts the item, as the reference prototype does)"

// hintSeedMode adds seedModeHint to errs, timer mode's errors about item
// raw, when seed mode would read the item.
func (d *promptsDecoder) hintSeedMode(raw []byte, p itemPath, errs []error) {
	var scratch errorList
	var r Request
	r.Index = p.i
	(&promptsDecoder{cat: d.cat, root: d.root, seed: true}).referenceItem(raw, p, &r, &scratch)
	if scratch.len() > 0 {
		return
	}
	for _, e := range errs {
		if fe, ok := e.(*FieldError); ok {
			if dt, ok := fe.Err.(*detail); ok {
				dt.msg += seedModeHint
			}
		}
	}
}

// itemPath is the JSON path of item i of the prompts array, built only when
// an error needs it.
type itemPath struct {
	root string
	i    int
}

func (p itemPath) String() string { return p.root + "[" + strconv.Itoa(p.i) + "]" }

func (p itemPath) field(name string) string { return namePath(p.String(), name) }

// itemFields are the raw values of the keys a prompt object may have; for a
// key given twice the last value counts, as in Python's json.
type itemFields struct {
	prompt, shortened, id, created, user, analysis, tokens, model []byte
	input, output, traceModel, failed, prefix                     []byte
}

// promptObjectKeys are the keys of a prompt object, in the order of
// itemFields, for "did you mean".
var promptObjectKeys = []string{"prompt", "shortened_query", "request_id", "created_at_ms", "user_id", "analysis_json",
	"token_count", "selected_model", "input_tokens", "output_tokens", "model", "failed", "shared_prefix_tokens"}

// scanItem collects the fields of the prompt object raw; unknown is
// called with each key that is not a field (nil ignores them).
func scanItem(raw []byte, unknown func(key string, v []byte)) itemFields {
	var f itemFields
	sc := valueScanner{data: raw}
	sc.members(func(key string, v []byte) {
		switch key {
		case "prompt":
			f.prompt = v
		case "shortened_query":
			f.shortened = v
		case "request_id":
			f.id = v
		case "created_at_ms":
			f.created = v
		case "user_id":
			f.user = v
		case "analysis_json":
			f.analysis = v
		case "token_count":
			f.tokens = v
		case "selected_model":
			f.model = v
		case "input_tokens":
			f.input = v
		case "output_tokens":
			f.output = v
		case "model":
			f.traceModel = v
		case "failed":
			f.failed = v
		case "shared_prefix_tokens":
			f.prefix = v
		default:
			if unknown != nil {
				unknown(key, v)
			}
		}
	})
	return f
}

// strictItem reads an item under timer mode's rules.
func (d *promptsDecoder) strictItem(raw []byte, p itemPath, r *Request) {
	errs := &d.errs
	switch raw[0] {
	case '"':
		s := jsonString(raw)
		if isBlank(s) {
			errs.addf(p.String(), ErrRequired, "want a non-empty prompt")
		}
		r.Text = s
		r.ID = "r" + strconv.Itoa(r.Index+1)
		d.uniqueID(r, p)
		return
	case '{':
	default:
		errs.addf(p.String(), ErrType, "want a prompt string or an object with a prompt, got %s", jsonKind(raw))
		return
	}
	f := scanItem(raw, func(key string, _ []byte) {
		msg := "unknown field"
		if s, ok := suggestName(key, promptObjectKeys); ok {
			msg += "; did you mean " + s + "?"
		}
		errs.addf(p.field(key), ErrUnknownField, "%s", msg)
	})
	decodeTokens(&f, p, r, errs)

	// The text: prompt, or shortened_query when prompt is absent, null or "".
	text, textErr := optionalString(f.prompt)
	if textErr != nil {
		errs.addf(p.field("prompt"), ErrType, "want a string, got %s", jsonKind(f.prompt))
	}
	if text == "" && textErr == nil {
		var err error
		text, err = optionalString(f.shortened)
		switch {
		case err != nil:
			errs.addf(p.field("shortened_query"), ErrType, "want a string, got %s", jsonKind(f.shortened))
		case text == "" && !r.hasTokens:
			errs.addf(p.field("prompt"), ErrRequired, "want a non-empty prompt (or shortened_query), or input_tokens")
		}
	}
	if text != "" && isBlank(text) {
		errs.addf(p.field("prompt"), ErrRequired, "want a prompt with more than white space")
	}
	r.Text = text

	id, err := optionalString(f.id)
	switch {
	case err != nil:
		errs.addf(p.field("request_id"), ErrType, "want a string, got %s", jsonKind(f.id))
	case id == "":
		r.ID = "r" + strconv.Itoa(r.Index+1)
	default:
		checkIDSurrogates(f.id, p, errs)
		r.ID = id
	}
	d.uniqueID(r, p)

	if v := f.created; v != nil && !isNull(v) {
		t, ok := parseInt(v)
		if !ok || t < 0 || t > MaxTimeMs {
			errs.addf(p.field("created_at_ms"), ErrInvalid, "want a non-negative integer number of milliseconds (at most %d), got %s", int64(MaxTimeMs), clip(v))
		}
		r.CreatedAt, r.hasTime = t, true
	}

	if v := f.user; v != nil && !isNull(v) {
		switch {
		case v[0] == '"':
			r.UserID = jsonString(v)
		case (v[0] == '-' || isDigit(v[0])) && !isNonFinite(v):
			r.UserID = string(v)
		default:
			errs.addf(p.field("user_id"), ErrType, "want a string or a number, got %s", jsonKind(v))
		}
	}

	d.givenFields(&f, p, r, errs)
}

// givenFields reads what a prompt object may give instead of having it
// computed: analysis_json and selected_model.
func (d *promptsDecoder) givenFields(f *itemFields, p itemPath, r *Request, errs *errorList) {
	if v := f.analysis; v != nil && !isNull(v) {
		decodeAnalysis(v, p.field("analysis_json"), r, errs)
	}
	if v := f.model; v != nil && !isNull(v) {
		name, err := optionalString(v)
		switch {
		case err != nil:
			errs.addf(p.field("selected_model"), ErrType, "want a model name, got %s", jsonKind(v))
		case name == "":
			// empty: choose as usual
		case d.cat != nil:
			if _, ok := d.cat.Lookup(name); !ok {
				errs.addf(p.field("selected_model"), ErrUnknownModel, "model %q is not in the catalog", name)
			}
			fallthrough
		default:
			r.Model, r.hasModel = name, true
		}
	}
}

// uniqueID refuses r's id when an earlier item has it (timer mode).
func (d *promptsDecoder) uniqueID(r *Request, p itemPath) {
	if r.ID == "" {
		return
	}
	if d.ids == nil {
		d.ids = make(map[string]int)
	}
	if j, dup := d.ids[r.ID]; dup {
		d.errs.addf(p.field("request_id"), ErrDuplicate, "request id %q is already used by %s", r.ID, itemPath{d.root, j})
		return
	}
	d.ids[r.ID] = r.Index
}

// maxRequestTokens bounds a request's token counts.
const maxRequestTokens = 1 << 40

// decodeTokens reads the token fields of a prompt object: input_tokens
// (or token_count, its older name), output_tokens, the trace's model, the
// failed mark and the shared prefix.
func decodeTokens(f *itemFields, p itemPath, r *Request, errs *errorList) {
	count := func(v []byte, name string, least int64) (int, bool) {
		if v == nil || isNull(v) {
			return 0, false
		}
		n, ok := parseInt(v)
		if !ok || n < least || n > maxRequestTokens {
			errs.addf(p.field(name), ErrInvalid, "want an integer number of tokens from %d to %d, got %s", least, int64(maxRequestTokens), clip(v))
		}
		return int(n), true
	}
	if f.input != nil && f.tokens != nil && !isNull(f.input) && !isNull(f.tokens) {
		errs.addf(p.field("token_count"), ErrDuplicate, "give input_tokens or token_count (its older name), not both")
	}
	if n, ok := count(f.tokens, "token_count", 1); ok {
		r.TokenCount, r.hasTokens = n, true
	}
	if n, ok := count(f.input, "input_tokens", 1); ok {
		r.TokenCount, r.hasTokens = n, true
	}
	if n, ok := count(f.output, "output_tokens", 0); ok {
		r.OutputTokens, r.hasOutput = n, true
	}
	if n, ok := count(f.prefix, "shared_prefix_tokens", 0); ok {
		r.SharedPrefixTokens = n
	}
	if name, err := optionalString(f.traceModel); err != nil {
		errs.addf(p.field("model"), ErrType, "want the trace's model name, got %s", jsonKind(f.traceModel))
	} else {
		r.TraceModel = name
	}
	switch string(f.failed) {
	case "", "null", "false":
	case "true":
		r.Failed = true
	default:
		errs.addf(p.field("failed"), ErrType, "want true or false, got %s", jsonKind(f.failed))
	}
}

// decodeAnalysis reads analysis_json: an object, or a string holding one.
// Fields it gives replace the computed ones; the rest are computed.
func decodeAnalysis(v []byte, p string, r *Request, errs *errorList) {
	if v[0] == '"' {
		var s string
		_ = json.Unmarshal(v, &s)
		v = json.RawMessage(s)
		if !validJSON(v) {
			errs.addf(p, ErrSyntax, "want JSON text of an object, got %s", clip(v))
			return
		}
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(v, &obj); err != nil || obj == nil {
		errs.addf(p, ErrType, "want an object with intent_type, complexity_level, expected_output_length, latency_tolerance, compliance_needed, got %s", jsonKind(v))
		return
	}
	var an Analyzer
	r.Analysis, _ = an.Analyze(r.Text)
	fields := []struct {
		key string
		dst any
	}{
		{"intent_type", &r.Intent},
		{"complexity_level", &r.Complexity},
		{"expected_output_length", &r.OutputLength},
		{"latency_tolerance", &r.LatencyTolerance},
		{"compliance_needed", &r.ComplianceNeeded},
	}
	for _, f := range fields {
		raw, ok := obj[f.key]
		if !ok || isNull(raw) {
			continue
		}
		if err := json.Unmarshal(raw, f.dst); err != nil {
			msg := err.Error()
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				msg = "want a " + te.Type.String() + ", got " + jsonKind(raw)
				if f.key != "compliance_needed" {
					msg = "want a string, got " + jsonKind(raw)
				}
			}
			errs.addf(p+"."+f.key, ErrInvalid, "%s", msg)
		}
	}
	r.hasAnalysis = true
}

// optionalString returns the string in v; absent, null and "" give "".
func optionalString(v []byte) (string, error) {
	if v == nil || isNull(v) {
		return "", nil
	}
	if v[0] != '"' {
		return "", ErrType
	}
	return jsonString(v), nil
}

func isNull(v []byte) bool { return string(v) == "null" }

// parseInt reads a JSON integer: digits with an optional minus, no fraction
// or exponent (1.0 and 1e3 are not integers, as in Python's json).
func parseInt(v []byte) (int64, bool) {
	if len(v) == 0 || bytes.ContainsAny(v, ".eE") || !(v[0] == '-' || '0' <= v[0] && v[0] <= '9') {
		return 0, false
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	return n, err == nil
}

// jsonKind names the JSON type of a value for error messages.
func jsonKind(v []byte) string {
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "the number " + clip(v)
}

// clip shortens a JSON value for an error message.
func clip(v []byte) string {
	const n = 40
	if len(v) > n {
		return string(v[:n]) + "…"
	}
	return string(v)
}

// jsonError turns an encoding/json error about data into a *FieldError at
// root, with line and column for syntax errors.
func jsonError(data []byte, err error, root string) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		at := se.Offset - 1 // the offending byte; at the end, the end itself
		if at < 0 || se.Offset >= int64(len(data)) {
			at = se.Offset
		}
		line, col := position(data, at)
		fe := fieldErr(root, ErrSyntax, "%s", se.Error())
		fe.Line, fe.Column = line, col
		return fe
	case errors.As(err, &te):
		path := root
		if te.Field != "" {
			path += "." + te.Field
		}
		want := "a JSON array of prompts"
		if te.Field != "" || te.Type.Kind().String() != "slice" {
			want = "a " + te.Type.String()
		}
		fe := fieldErr(path, ErrType, "want %s, got %s", want, te.Value)
		if te.Field == "" { // the top-level value: point at its start
			at := len(data) - len(bytes.TrimLeft(data, " \t\r\n"))
			fe.Line, fe.Column = position(data, int64(at))
		}
		return fe
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fieldErr(root, ErrSyntax, "empty document: want JSON")
	}
	return fieldErr(root, ErrSyntax, "%s", err.Error())
}
