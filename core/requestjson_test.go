package core

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fillExported sets every exported field of the struct v points to (the
// embedded ones too) to a value that is not zero, so that a field added
// later is covered without changing the test.
func fillExported(v reflect.Value, n int) {
	v = v.Elem()
	for i := range v.NumField() {
		f, sf := v.Field(i), v.Type().Field(i)
		if !sf.IsExported() {
			continue
		}
		switch f.Kind() {
		case reflect.Struct:
			fillExported(f.Addr(), n)
		case reflect.String:
			f.SetString(sf.Name + " <&> é " + string(rune('a'+n)))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int, reflect.Int32, reflect.Int64:
			f.SetInt(int64(n + i + 1))
		case reflect.Uint8:
			f.SetUint(uint64((n + i) % 3))
		}
	}
}

func TestWriteJSONAppendersMatchEncoder(t *testing.T) {
	res := &Result{Mode: ModeTimer, Requests: make([]Request, 3), Batches: make([]Batch, 3), Rejected: []Rejection{}}
	for i := range 2 { // the last of each stays zero
		fillExported(reflect.ValueOf(&res.Requests[i]), i)
		fillExported(reflect.ValueOf(&res.Batches[i]), i)
	}
	res.Requests[1].ID = "plain"
	res.Batches[0].Members = []int32{0, 1}
	res.Batches[1].Members = []int32{2}
	requireStreamsAsEncoded(t, res)
}

// TestRequestOutcomeAppendsAsEncoded: a dispatch's request outcomes (one
// per request) are appended as encoding/json encodes them.
func TestRequestOutcomeAppendsAsEncoded(t *testing.T) {
	for n := range 3 {
		var o RequestOutcome
		if n > 0 {
			fillExported(reflect.ValueOf(&o), n)
		}
		for _, indent := range []string{"", "  ", "\t"} {
			prefix := strings.Repeat(indent, 2) // as WriteJSON gives it
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent(prefix, indent)
			require.NoError(t, enc.Encode(&o))
			require.Equal(t, strings.TrimSuffix(want.String(), "\n"), string(o.appendJSON(nil, prefix, indent)))
		}
	}
}
