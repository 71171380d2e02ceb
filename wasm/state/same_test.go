package state

import (
	"reflect"
	"testing"

	"github.com/batchlab/batchlab/core"
	"github.com/stretchr/testify/assert"
)

// eachFieldChanged calls f with a copy of base in which one field (each
// field of a nested struct alone) differs, for every field, named by its
// path; the copy shares no map or slice with base.
func eachFieldChanged[T any](t *testing.T, base T, f func(path string, changed T)) {
	t.Helper()
	var walk func(path string, v reflect.Value, set func(path string, nv reflect.Value))
	walk = func(path string, v reflect.Value, set func(path string, nv reflect.Value)) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				walk(path+"."+v.Type().Field(i).Name, v.Field(i), func(path string, nv reflect.Value) {
					c := reflect.New(v.Type()).Elem()
					c.Set(v)
					c.Field(i).Set(nv)
					set(path, c)
				})
			}
		case reflect.String:
			set(path, reflect.ValueOf(v.String()+"x").Convert(v.Type()))
		case reflect.Int, reflect.Int64:
			set(path, reflect.ValueOf(v.Int()+1).Convert(v.Type()))
		case reflect.Float64:
			set(path, reflect.ValueOf(v.Float()+0.5).Convert(v.Type()))
		case reflect.Bool:
			set(path, reflect.ValueOf(!v.Bool()))
		case reflect.Map:
			m := reflect.MakeMap(v.Type())
			for it := v.MapRange(); it.Next(); {
				m.SetMapIndex(it.Key(), it.Value())
			}
			m.SetMapIndex(reflect.ValueOf("added").Convert(v.Type().Key()), reflect.Zero(v.Type().Elem()))
			set(path, m)
		case reflect.Slice:
			s := reflect.AppendSlice(reflect.MakeSlice(v.Type(), 0, v.Len()+1), v)
			set(path, reflect.Append(s, reflect.Zero(v.Type().Elem())))
		default:
			t.Fatalf("%s: no change made for a %s", path, v.Kind())
		}
	}
	walk(reflect.TypeFor[T]().Name(), reflect.ValueOf(base), func(path string, nv reflect.Value) {
		f(path, nv.Interface().(T))
	})
}

// sameModels compares every field of a model: a field added to core.Model
// and left out fails here.
func TestSameModelsComparesEveryField(t *testing.T) {
	base := core.DefaultModels()[0]
	base.Tokenizer = "o200k_base"
	fields := 0
	eachFieldChanged(t, base, func(path string, changed core.Model) {
		fields++
		assert.False(t, sameModel(&base, &changed), path)
		assert.False(t, sameModel(&changed, &base), path)
		assert.False(t, sameModels([]core.Model{base}, []core.Model{changed}), path)
	})
	assert.Equal(t, reflect.TypeFor[core.Model]().NumField(), fields)
	same := base
	same.Strengths = map[string]float64{}
	for k, v := range base.Strengths {
		same.Strengths[k] = v
	}
	assert.True(t, sameModel(&base, &same))
	noStrengths, empty := base, base
	noStrengths.Strengths, empty.Strengths = nil, map[string]float64{}
	assert.True(t, sameModel(&noStrengths, &empty), "nil and empty strengths mean the same")
	assert.True(t, sameModels(core.DefaultModels(), core.DefaultModels()))
	assert.False(t, sameModels(core.DefaultModels(), core.DefaultModels()[1:]))
}

// core.TrafficRules.Equal, which keeps the request cache (and IsZero),
// compares every field of the rules: a field added to core.TrafficRules
// and left out fails here.
func TestTrafficRulesEqualComparesEveryField(t *testing.T) {
	base := core.DefaultTrafficRules()
	assert.True(t, base.IsZero())
	eachFieldChanged(t, base, func(path string, changed core.TrafficRules) {
		assert.False(t, base.Equal(&changed), path)
		assert.False(t, changed.Equal(&base), path)
		assert.False(t, changed.IsZero(), path)
	})
	same := base
	same.ModelMap = append([]core.ModelMapping(nil), base.ModelMap...)
	assert.True(t, base.Equal(&same))
	noMap, empty := base, base
	noMap.ModelMap, empty.ModelMap = nil, []core.ModelMapping{}
	assert.True(t, noMap.Equal(&empty), "nil and empty model maps mean the same")
}
