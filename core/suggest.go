package core

import "strings"

// suggestName returns the name among names closest to name by edit
// distance (case-insensitive), if it is close enough to be a likely typo:
// at most 2 edits, or 3 added at the end (a unit left off: created_at for
// created_at_ms), and fewer than half of name's length. Ties go to the
// first.
func suggestName(name string, names []string) (string, bool) {
	a := strings.ToLower(name)
	if len(a) > 64 {
		return "", false
	}
	best, bestD := "", 3
	for _, n := range names {
		c := strings.ToLower(strings.TrimSpace(n))
		if len(c) > 64 {
			continue
		}
		d := editDistance(a, c)
		if d == 3 && strings.HasPrefix(c, a) {
			d = 2 // ranks with two edits
		}
		if d < bestD && 2*d < len(a) {
			best, bestD = strings.TrimSpace(n), d
		}
	}
	return best, best != ""
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
