package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// MaxTimeMs is the largest arrival time accepted: 2^53 − 1 ms, the largest
// integer a JavaScript number (and so the browser UI) holds exactly.
const MaxTimeMs = 1<<53 - 1

// DecodeRequests parses a prompts document: a JSON array whose items are
// prompt strings or objects
//
//	{request_id?, created_at_ms?, prompt | shortened_query, user_id?,
//	 analysis_json?, token_count?, selected_model?}
//
// analysis_json (an object, or a string holding one), token_count and
// selected_model, when given, are used as is; missing parts of the analysis
// are computed. Other keys are ignored, as the reference does. Requests come
// back in input order; those without created_at_ms have CreatedAt 0 until
// AssignArrivals. cat checks selected_model (nil skips the check).
//
// Errors are *FieldError values joined with errors.Join, at most MaxErrors,
// with paths under root ("$" for a prompts file, "$.prompts" in a scenario).
func DecodeRequests(data []byte, cat *Catalog, root string) ([]Request, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, jsonError(data, err, root)
	}
	if items == nil { // the literal null
		return nil, fieldErr(root, ErrType, "want a JSON array of prompts, got null")
	}
	var errs errorList
	reqs := make([]Request, len(items))
	ids := make(map[string]int, len(items))
	for i, raw := range items {
		p := fmt.Sprintf("%s[%d]", root, i)
		r := &reqs[i]
		r.Index = i
		decodeItem(raw, p, cat, r, &errs)
		if r.ID == "" {
			continue
		}
		if j, dup := ids[r.ID]; dup {
			errs.addf(p+".request_id", ErrDuplicate, "request id %q is already used by %s[%d]", r.ID, root, j)
		} else {
			ids[r.ID] = i
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return reqs, nil
}

func decodeItem(raw json.RawMessage, p string, cat *Catalog, r *Request, errs *errorList) {
	switch raw[0] {
	case '"':
		var s string
		_ = json.Unmarshal(raw, &s) // valid: the array decoded
		if isBlank(s) {
			errs.addf(p, ErrRequired, "want a non-empty prompt")
		}
		r.Text = s
		r.ID = "r" + strconv.Itoa(r.Index+1)
		return
	case '{':
	default:
		errs.addf(p, ErrType, "want a prompt string or an object with a prompt, got %s", jsonKind(raw))
		return
	}
	var obj map[string]json.RawMessage
	_ = json.Unmarshal(raw, &obj)

	// The text: prompt, or shortened_query when prompt is absent, null or "".
	text, textErr := optionalString(obj["prompt"])
	if textErr != nil {
		errs.addf(p+".prompt", ErrType, "want a string, got %s", jsonKind(obj["prompt"]))
	}
	if text == "" && textErr == nil {
		var err error
		text, err = optionalString(obj["shortened_query"])
		switch {
		case err != nil:
			errs.addf(p+".shortened_query", ErrType, "want a string, got %s", jsonKind(obj["shortened_query"]))
		case text == "":
			errs.addf(p+".prompt", ErrRequired, "want a non-empty prompt (or shortened_query)")
		}
	}
	if text != "" && isBlank(text) {
		errs.addf(p+".prompt", ErrRequired, "want a prompt with more than white space")
	}
	r.Text = text

	id, err := optionalString(obj["request_id"])
	switch {
	case err != nil:
		errs.addf(p+".request_id", ErrType, "want a string, got %s", jsonKind(obj["request_id"]))
	case id == "":
		r.ID = "r" + strconv.Itoa(r.Index+1)
	default:
		r.ID = id
	}

	if v, ok := obj["created_at_ms"]; ok && !isNull(v) {
		t, ok := parseInt(v)
		if !ok || t < 0 || t > MaxTimeMs {
			errs.addf(p+".created_at_ms", ErrInvalid, "want a non-negative integer number of milliseconds (at most %d), got %s", int64(MaxTimeMs), clip(v))
		}
		r.CreatedAt, r.hasTime = t, true
	}

	if v, ok := obj["user_id"]; ok && !isNull(v) {
		switch v[0] {
		case '"':
			_ = json.Unmarshal(v, &r.UserID)
		case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			r.UserID = string(v)
		default:
			errs.addf(p+".user_id", ErrType, "want a string or a number, got %s", jsonKind(v))
		}
	}

	if v, ok := obj["analysis_json"]; ok && !isNull(v) {
		decodeAnalysis(v, p+".analysis_json", r, errs)
	}
	if v, ok := obj["token_count"]; ok && !isNull(v) {
		n, ok := parseInt(v)
		if !ok || n < 1 || n > 1<<40 {
			errs.addf(p+".token_count", ErrInvalid, "want a positive integer, got %s", clip(v))
		}
		r.TokenCount, r.hasTokens = int(n), true
	}
	if v, ok := obj["selected_model"]; ok && !isNull(v) {
		name, err := optionalString(v)
		switch {
		case err != nil:
			errs.addf(p+".selected_model", ErrType, "want a model name, got %s", jsonKind(v))
		case name == "":
			// empty: choose as usual
		case cat != nil:
			if _, ok := cat.Lookup(name); !ok {
				errs.addf(p+".selected_model", ErrUnknownModel, "model %q is not in the catalog", name)
			}
			fallthrough
		default:
			r.Model, r.hasModel = name, true
		}
	}
}

// decodeAnalysis reads analysis_json: an object, or a string holding one.
// Fields it gives replace the computed ones; the rest are computed.
func decodeAnalysis(v json.RawMessage, p string, r *Request, errs *errorList) {
	if v[0] == '"' {
		var s string
		_ = json.Unmarshal(v, &s)
		v = json.RawMessage(s)
		if !json.Valid(v) {
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
func optionalString(v json.RawMessage) (string, error) {
	if v == nil || isNull(v) {
		return "", nil
	}
	if v[0] != '"' {
		return "", ErrType
	}
	var s string
	err := json.Unmarshal(v, &s)
	return s, err
}

func isNull(v json.RawMessage) bool { return string(v) == "null" }

// parseInt reads a JSON integer: digits with an optional minus, no fraction
// or exponent (1.0 and 1e3 are not integers, as in Python's json).
func parseInt(v json.RawMessage) (int64, bool) {
	if len(v) == 0 || bytes.ContainsAny(v, ".eE") || !(v[0] == '-' || '0' <= v[0] && v[0] <= '9') {
		return 0, false
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	return n, err == nil
}

// jsonKind names the JSON type of a value for error messages.
func jsonKind(v json.RawMessage) string {
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
func clip(v json.RawMessage) string {
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
