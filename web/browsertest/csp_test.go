//go:build browser

package browsertest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPageRunsWithoutEval checks that the playground renders under a policy
// that allows WASM and nothing that evaluates JavaScript strings: the page
// is served with it, the app renders, and eval from the page is refused.
func TestPageRunsWithoutEval(t *testing.T) {
	resp, err := http.Get(server.URL + "/")
	require.NoError(t, err)
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	assert.Contains(t, csp, "script-src 'self' 'wasm-unsafe-eval';")
	assert.NotContains(t, csp, "'unsafe-eval'")

	tb := open(t, "/") // waits for the first rendered timeline
	assert.Positive(t, tb.batches())
	// DevTools' own evaluation is exempt from the policy, so the page is
	// made to evaluate strings itself, from a timer and from an inserted
	// inline script; each must be refused with a violation report.
	attempt := func(js string) string {
		return eval[string](tb, `new Promise(done => {
			document.addEventListener('securitypolicyviolation', e => done('refused: ' + e.effectiveDirective), {once: true});
			`+js+`;
			setTimeout(() => done(window.__evaluated ? 'evaluated' : 'nothing happened'), 500);
		})`)
	}
	assert.Equal(t, "refused: script-src", attempt(`setTimeout("window.__evaluated = true", 0)`))
	assert.Equal(t, "refused: script-src-elem", attempt(`const s = document.createElement('script'); s.textContent = 'window.__evaluated = true'; document.body.appendChild(s)`))
}
