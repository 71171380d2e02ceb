package state

import (
	"strconv"
	"strings"
)

// formatNumber writes v without trailing zeros.
func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// parseNumber reads what a number input holds; integers fields truncate.
func parseNumber(text string, integer bool) (float64, bool) {
	text = strings.TrimSpace(text)
	if integer {
		n, err := strconv.ParseInt(text, 10, 64)
		if err == nil {
			return float64(n), true
		}
		v, err := strconv.ParseFloat(text, 64)
		if err != nil || v != float64(int64(v)) {
			return 0, false
		}
		return v, true
	}
	v, err := strconv.ParseFloat(text, 64)
	return v, err == nil
}
