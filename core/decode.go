package core

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// decodeValue decodes the JSON value raw into v (addressable), reporting
// problems as field errors at path. Unlike encoding/json it names the exact
// field of every problem (array indices included), rejects unknown object
// keys, matches keys case-sensitively and goes on after an error. JSON null
// leaves v as it was.
func decodeValue(raw json.RawMessage, path string, v reflect.Value, errs *errorList) {
	if isNull(raw) || errs.full() {
		return
	}
	t := v.Type()
	isText := reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]())
	switch {
	case t == reflect.TypeFor[json.RawMessage]():
		v.SetBytes(slices.Clone(raw))
		return
	case t.Kind() == reflect.Struct && !isText:
		decodeObject(raw, path, v, errs)
		return
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		var items []json.RawMessage
		if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
			errs.addf(path, ErrType, "want an array, got %s", jsonKind(raw))
			return
		}
		s := reflect.MakeSlice(t, len(items), len(items))
		for i, item := range items {
			decodeValue(item, path+"["+strconv.Itoa(i)+"]", s.Index(i), errs)
		}
		v.Set(s)
		return
	}
	if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
		if isText {
			msg := err.Error()
			if raw[0] != '"' {
				msg = "want a string, got " + jsonKind(raw)
			}
			errs.addf(path, ErrInvalid, "%s", msg)
			return
		}
		errs.addf(path, ErrType, "want %s, got %s", describeType(t), jsonKind(raw))
	}
}

// decodeObject decodes a JSON object into the struct v field by field, by
// the fields' json tags. raw must be valid JSON.
func decodeObject(raw json.RawMessage, path string, v reflect.Value, errs *errorList) {
	if raw[0] != '{' {
		errs.addf(path, ErrType, "want an object, got %s", jsonKind(raw))
		return
	}
	// raw is valid JSON (checked once, for the whole document): its members
	// are read in place, not copied into a map's values as
	// json.Unmarshal would (a scenario's prompts are most of its bytes).
	// For a key given twice the last value counts, as before.
	obj := map[string]json.RawMessage{}
	sc := valueScanner{data: raw}
	sc.members(func(key string, value []byte) { obj[key] = value })
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	t := v.Type()
	for _, k := range keys {
		f, ok := fieldByTag(t, k)
		if !ok {
			errs.addf(path+"."+k, ErrUnknownField, "unknown field; want one of %s", strings.Join(tagNames(t), ", "))
			continue
		}
		decodeValue(obj[k], path+"."+k, v.FieldByIndex(f.Index), errs)
	}
}

func fieldByTag(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name == key && f.IsExported() {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func tagNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" && f.IsExported() {
			names = append(names, name)
		}
	}
	return names
}

func describeType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Map:
		return "an object of " + describeType(t.Elem()) + " values"
	case reflect.Slice:
		return "an array"
	}
	return "an object"
}
