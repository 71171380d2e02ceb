package core

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzJSONString checks the string re-encoding against encoding/json:
// decoding a string and encoding it again (HTML escaping off).
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{`plain`, `say \"hi\"\n`, `\u00e9\ud83d\ude00\ud800x\udc00`, "\xff\xfe", "\u2028 \u2029", `a\/b\b\f\r\t\u0001`, "\x7f"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		quoted := append(append([]byte{'"'}, body...), '"')
		var s string
		if json.Unmarshal(quoted, &s) != nil {
			return // not a string body
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(s))
		unquoted := AppendUnquotedJSON(nil, body)
		require.Equal(t, s, string(unquoted), "decoded")
		require.Equal(t, strings.TrimSuffix(want.String(), "\n"), string(AppendQuotedJSON(nil, unquoted)), "encoded")
	})
}
