package ui

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestByteOffset(t *testing.T) {
	const s = "a日🎉b" // UTF-16 units: a 1, 日 1, 🎉 2 (inside it: after it), b 1
	for units, want := range []int{0, 1, 4, 8, 8, 9, 9} {
		assert.Equal(t, want, byteOffset(s, units), "after %d units", units)
	}
}
