package vugujs

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScript(t *testing.T) {
	js, err := Script()
	require.NoError(t, err)
	s := string(js)
	assert.Contains(t, s, helperPrefix)
	assert.Contains(t, s, "window.vuguRender=function(){")
	assert.Contains(t, s, "window.eval = function (src)")
	assert.Less(t, strings.Index(s, helperPrefix), strings.Index(s, "window.eval = function"), "the helper comes first")
}

func TestFromSource(t *testing.T) {
	_, err := FromSource([]byte("package domrender\n\nconst other = \"x\"\n"))
	assert.ErrorContains(t, err, "not found")
	_, err = FromSource([]byte("package domrender\n\nconst jsHelperScript = \"alert(1)\"\n"))
	assert.ErrorContains(t, err, "no longer starts as expected")
	js, err := FromSource([]byte("package domrender\n\nconst jsHelperScript = \"(function(){if(window.vuguRender)return;window.vuguRender=1})()\"\n"))
	require.NoError(t, err)
	assert.Contains(t, string(js), "window.vuguRender=1})();\n")
}
