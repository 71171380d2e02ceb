package core

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
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
		case reflect.Int, reflect.Int16, reflect.Int32, reflect.Int64:
			f.SetInt(int64(n + i + 1))
		case reflect.Float64:
			f.SetFloat([]float64{0.046905, 2.5e-7, 1e21}[n%3])
		case reflect.Uint8:
			f.SetUint(uint64((n + i) % 7)) // names beyond the enumerations too
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

// TestDispatchElementsAppendAsEncoded: a dispatch's request outcomes (one
// per request), batch outcomes, attempts and occupancy points (one or
// more per batch) are appended as encoding/json encodes them.
func TestDispatchElementsAppendAsEncoded(t *testing.T) {
	requireAppendsAsEncoded[RequestOutcome](t)
	requireAppendsAsEncoded[BatchOutcome](t)
	requireAppendsAsEncoded[Attempt](t)
	requireAppendsAsEncoded[OccupancyPoint](t)
}

// requireAppendsAsEncoded checks *T's appendJSON against encoding/json for
// the zero T and Ts with every exported field set.
func requireAppendsAsEncoded[T any, P interface {
	*T
	jsonAppender
}](t *testing.T) {
	t.Helper()
	for n := range 4 {
		var v T
		if n > 0 {
			fillExported(reflect.ValueOf(&v), n)
		}
		for _, indent := range []string{"", "  ", "\t", strings.Repeat(" ", 16)} {
			prefix := strings.Repeat(indent, 2) // as WriteJSON gives it
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent(prefix, indent)
			require.NoError(t, enc.Encode(&v))
			require.Equal(t, strings.TrimSuffix(want.String(), "\n"), string(P(&v).appendJSON(nil, newJSONLayout(prefix, indent))))
		}
	}
}

// TestAppendJSONFloat: floats are appended as encoding/json encodes them,
// in decimal and in exponent form.
func TestAppendJSONFloat(t *testing.T) {
	values := []float64{0, 1, -1, 0.046905, 1e-6, 9.99e-7, 1.5e-7, 1e-10, 1.2345e-300, 1e20, 1e21, 123456789e15, -2.5e-8, math.MaxFloat64, math.SmallestNonzeroFloat64}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		values = append(values, math.Float64frombits(rng.Uint64()&^(0x7ff<<52)|uint64(900+rng.IntN(250))<<52))
	}
	for _, v := range values {
		want, err := json.Marshal(v)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendJSONFloat(nil, v)), "%v", v)
	}
}
