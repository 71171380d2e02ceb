package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The expected values are what Python 3 gives for json.loads of the input,
// then bool(), str() or int() (checked by hand with python3).

func TestPyTruthy(t *testing.T) {
	for in, want := range map[string]bool{
		`null`: false, `false`: false, `true`: true, `0`: false, `-0`: false, `0.0`: false, `-0.0`: false, `0e5`: false,
		`1e-400`: false, `1e400`: true, `0.1`: true, `""`: false, `" "`: true, `"0"`: true, `[]`: false, `[ ]`: false,
		`[0]`: true, `{}`: false, `{ }`: false, `{"a":0}`: true, `NaN`: true, `Infinity`: true, `-Infinity`: true,
	} {
		assert.Equal(t, want, pyTruthy([]byte(in)), "bool(%s)", in)
	}
}

func TestPyStr(t *testing.T) {
	for in, want := range map[string]string{
		`"as is"`: "as is", `123`: "123", `-0`: "0", `true`: "True", `false`: "False", `null`: "None",
		`1.5`: "1.5", `1e3`: "1000.0", `1E3`: "1000.0", `-0.0`: "-0.0", `1e16`: "1e+16", `1e15`: "1000000000000000.0",
		`0.0001`: "0.0001", `0.00001`: "1e-05", `2.5e-7`: "2.5e-07", `1.7976931348623157e308`: "1.7976931348623157e+308",
		`1e400`: "inf", `-1e400`: "-inf", `NaN`: "nan", `Infinity`: "inf", `-Infinity`: "-inf",
		`123456789012345678901234567890`: "123456789012345678901234567890", `0.1`: "0.1", `100.0`: "100.0",
		`[]`: "[]", `{}`: "{}", `[1, "a", null, true]`: "[1, 'a', None, True]", `[[]]`: "[[]]",
		`{"a":1,"b":2,"a":3}`: "{'a': 3, 'b': 2}", `["it's"]`: `["it's"]`, `["it's \"x\""]`: `['it\'s "x"']`,
		`["\\"]`: `['\\']`, `["\t\n\r\u0007\u007f"]`: `['\t\n\r\x07\x7f']`, `["\u00a0\u00ad\u00e9"]`: `['\xa0\xadé']`,
		`["\u200b\u2028\ue000"]`: `['\u200b\u2028\ue000']`, `["\ud83d\ude00"]`: "['😀']", `["\ud800", "\udc00x"]`: `['\ud800', '\udc00x']`,
		`["\udb40\udc01"]`: `['\U000e0001']`, `[NaN, -Infinity]`: "[nan, -inf]", `{"k": [1.0]}`: "{'k': [1.0]}",
	} {
		assert.Equal(t, want, pyStr([]byte(in)), "str(%s)", in)
	}
}

func TestPyInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		res  pyIntResult
	}{
		{`330.7`, 330, pyIntOK}, {`-330.7`, -330, pyIntOK}, {`-0.5`, 0, pyIntOK}, {`1e3`, 1000, pyIntOK}, {`true`, 1, pyIntOK},
		{`false`, 0, pyIntOK}, {`-40`, -40, pyIntOK}, {`" 12 "`, 12, pyIntOK}, {`"\t+7\n"`, 7, pyIntOK}, {`"-007"`, -7, pyIntOK},
		{`"1_000"`, 1000, pyIntOK}, {`"\u0663\u0664"`, 34, pyIntOK}, {`"\uff11"`, 1, pyIntOK}, {`"\u00855\u3000"`, 5, pyIntOK},
		{`"\u001f5"`, 0, pyIntRefused},
		{`"1__0"`, 0, pyIntRefused}, {`"_1"`, 0, pyIntRefused}, {`"1_"`, 0, pyIntRefused}, {`""`, 0, pyIntRefused},
		{`" "`, 0, pyIntRefused}, {`"+"`, 0, pyIntRefused}, {`"1.0"`, 0, pyIntRefused}, {`"0x10"`, 0, pyIntRefused},
		{`"abc"`, 0, pyIntRefused}, {`"1 2"`, 0, pyIntRefused}, {`[1]`, 0, pyIntRefused}, {`{}`, 0, pyIntRefused},
		{`NaN`, 0, pyIntRefused}, {`Infinity`, 0, pyIntRefused}, {`-Infinity`, 0, pyIntRefused}, {`1e400`, 0, pyIntRefused},
		{`9007199254740991`, MaxTimeMs, pyIntOK}, {`-9007199254740991`, -MaxTimeMs, pyIntOK},
		{`9007199254740992`, 0, pyIntTooLarge}, {`99999999999999999999`, 0, pyIntTooLarge}, {`1e300`, 0, pyIntTooLarge},
		{`"99999999999999999999"`, 0, pyIntTooLarge},
	}
	for _, tt := range tests {
		got, res := pyInt([]byte(tt.in))
		assert.Equal(t, tt.res, res, "int(%s)", tt.in)
		assert.Equal(t, tt.want, got, "int(%s)", tt.in)
	}
}

func TestValidPythonJSON(t *testing.T) {
	for in, want := range map[string]bool{
		`[NaN]`: true, `[-Infinity, Infinity]`: true, `{"a": NaN}`: true, `["NaN", NaN]`: true, `["\"NaN", NaN]`: true,
		`[-NaN]`: false, `[1NaN]`: false, `[1 NaN]`: false, `[NaNa]`: false, `[- Infinity]`: false, `[nan]`: false,
		`{NaN: 1}`: false, `[Infinity1]`: false, `NaN`: true, `[1, 2`: false,
	} {
		_, _, ok := validPythonJSON([]byte(in))
		assert.Equal(t, want, ok, "%s", in)
	}
}

func TestSuggestNameUnitLeftOff(t *testing.T) {
	got, ok := suggestName("created_at", promptObjectKeys)
	assert.True(t, ok)
	assert.Equal(t, "created_at_ms", got)
	got, ok = suggestName("promt", promptObjectKeys)
	assert.True(t, ok)
	assert.Equal(t, "prompt", got)
	_, ok = suggestName("colour", promptObjectKeys)
	assert.False(t, ok)
}
