package lesson

import "strings"

// fragmentKey separates a lesson id from a share link's fragment:
// "#v1.…&lesson=fill-the-burst". The share codec never writes "&".
const fragmentKey = "&lesson="

// WithLesson appends the lesson id to a share fragment (no-op for "").
func WithLesson(fragment, id string) string {
	if id == "" {
		return fragment
	}
	return fragment + fragmentKey + id
}

// SplitFragment separates a URL fragment into the share link's own part and
// the lesson id it carries ("" when none or unknown).
func SplitFragment(fragment string) (share, id string) {
	share, id, found := strings.Cut(fragment, fragmentKey)
	if !found || Lookup(id) == nil {
		return share, ""
	}
	return share, id
}
