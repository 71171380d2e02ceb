package core

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEnrichInParallel checks that Enrich, which shares the requests among
// goroutines natively, gives what enrich gives on one.
func TestEnrichInParallel(t *testing.T) {
	reqs := benchRequests(3*enrichChunk + 17)
	want := slices.Clone(reqs)
	cat := DefaultCatalog()
	Enrich(reqs, cat, nil)
	enrich(want, cat, nil)
	require.Equal(t, want, reqs)
}
