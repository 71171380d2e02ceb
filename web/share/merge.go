package share

import (
	"bytes"
	"time"
)

// Merge returns what id must hold after s is put under it, and whether the
// store has to write that. old is what id holds; found is false when it
// holds nothing.
//
// The same scenario shared twice keeps the longer of the two lifetimes
// (never expiring being the longest): a share never ends sooner than an
// earlier sharer was told, and whoever knows a scenario cannot shorten
// another person's link to it. An expired share shared again lives again.
// A damaged share (its content no longer has the hash its id names: a
// truncated or emptied file) is replaced by s, expiry included: nothing of a
// damaged copy is trusted (an emptied file would read as "never"). A different,
// intact scenario under id is ErrCollision.
func Merge(id string, old Share, found bool, s Share) (Share, bool, error) {
	if !found {
		return s, true, nil
	}
	if !bytes.Equal(old.Scenario, s.Scenario) {
		if Verify(id, old.Scenario) != nil {
			return s, true, nil
		}
		return old, false, ErrCollision
	}
	expires := LongerExpiry(old.Expires, s.Expires)
	if expires.Equal(old.Expires) {
		return old, false, nil
	}
	return Share{Scenario: old.Scenario, Expires: expires}, true, nil
}

// LongerExpiry returns the later of two expiries, where the zero time
// (never) is later than any other.
func LongerExpiry(a, b time.Time) time.Time {
	if a.IsZero() || b.IsZero() {
		return time.Time{}
	}
	if a.After(b) {
		return a
	}
	return b
}
