package share_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/batchlab/batchlab/web/share"
)

var (
	t0    = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	hour  = t0.Add(time.Hour)
	week  = t0.Add(7 * 24 * time.Hour)
	never = time.Time{}
	past  = t0.Add(-time.Hour)
)

func TestMerge(t *testing.T) {
	a := []byte(`{"version":1}`)
	b := []byte(`{"version":1,"seed":2}`)
	for _, tc := range []struct {
		name      string
		id        string // the id of put's scenario unless set
		old       share.Share
		found     bool
		put       share.Share
		want      time.Time
		wantWrite bool
		err       error
	}{
		{name: "new share", put: share.Share{Scenario: a, Expires: hour}, want: hour, wantWrite: true},
		{name: "new share that never expires", put: share.Share{Scenario: a}, want: never, wantWrite: true},
		{name: "same expiry again", old: share.Share{Scenario: a, Expires: hour}, found: true, put: share.Share{Scenario: a, Expires: hour}, want: hour},
		{name: "longer expiry wins", old: share.Share{Scenario: a, Expires: hour}, found: true, put: share.Share{Scenario: a, Expires: week}, want: week, wantWrite: true},
		{name: "shorter expiry loses", old: share.Share{Scenario: a, Expires: week}, found: true, put: share.Share{Scenario: a, Expires: hour}, want: week},
		{name: "never beats an expiry", old: share.Share{Scenario: a, Expires: week}, found: true, put: share.Share{Scenario: a}, want: never, wantWrite: true},
		{name: "an expiry does not shorten never", old: share.Share{Scenario: a}, found: true, put: share.Share{Scenario: a, Expires: hour}, want: never},
		{name: "never again", old: share.Share{Scenario: a}, found: true, put: share.Share{Scenario: a}, want: never},
		{name: "an expired share lives again", old: share.Share{Scenario: a, Expires: past}, found: true, put: share.Share{Scenario: a, Expires: hour}, want: hour, wantWrite: true},
		// A collision: the id holds an intact scenario (its hash is the id),
		// and another one is put under it.
		{name: "collision", id: share.ID(a), old: share.Share{Scenario: a, Expires: hour}, found: true, put: share.Share{Scenario: b, Expires: week}, err: share.ErrCollision},
		{name: "collision with an expired share", id: share.ID(a), old: share.Share{Scenario: a, Expires: past}, found: true, put: share.Share{Scenario: b}, err: share.ErrCollision},
		// Damaged copies are repaired by the right scenario.
		{name: "truncated share repaired", old: share.Share{Scenario: a[:5], Expires: hour}, found: true, put: share.Share{Scenario: a, Expires: hour}, want: hour, wantWrite: true},
		{name: "emptied share repaired", old: share.Share{}, found: true, put: share.Share{Scenario: a, Expires: hour}, want: hour, wantWrite: true},
		{name: "repair takes the new expiry", old: share.Share{Scenario: []byte("{"), Expires: week}, found: true, put: share.Share{Scenario: a, Expires: hour}, want: hour, wantWrite: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := tc.id
			if id == "" {
				id = share.ID(tc.put.Scenario)
			}
			got, write, err := share.Merge(id, tc.old, tc.found, tc.put)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				assert.False(t, write, "a collision never overwrites")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantWrite, write)
			assert.True(t, tc.want.Equal(got.Expires), "expires %v, want %v", got.Expires, tc.want)
			assert.Equal(t, string(tc.put.Scenario), string(got.Scenario))
		})
	}
}

func TestVerify(t *testing.T) {
	a := []byte(`{"version":1}`)
	require.NoError(t, share.Verify(share.ID(a), a))
	for _, damaged := range [][]byte{nil, a[:5], append([]byte(`{"version":2`), '}')} {
		assert.ErrorIs(t, share.Verify(share.ID(a), damaged), share.ErrDamaged, "%q", damaged)
	}
}

func TestExpired(t *testing.T) {
	for _, tc := range []struct {
		expires time.Time
		now     time.Time
		want    bool
	}{
		{expires: never, now: t0, want: false},
		{expires: hour, now: t0, want: false},
		{expires: hour, now: hour.Add(-time.Nanosecond), want: false},
		{expires: hour, now: hour, want: true},
		{expires: past, now: t0, want: true},
	} {
		assert.Equal(t, tc.want, share.Share{Expires: tc.expires}.Expired(tc.now), "expires %v at %v", tc.expires, tc.now)
	}
}

// TestMemoryStore: Put merges as Merge says and reports the expiry kept.
func TestMemoryStore(t *testing.T) {
	s := share.NewMemoryStore()
	ctx := t.Context()
	const id = "abcdefghijkl"
	_, err := s.Get(ctx, id)
	require.ErrorIs(t, err, share.ErrNotFound)
	scenario := []byte(`{"version":1}`)
	for _, step := range []struct {
		put, want time.Time
	}{{hour, hour}, {week, week}, {hour, week}, {never, never}, {week, never}} {
		got, err := s.Put(ctx, id, share.Share{Scenario: scenario, Expires: step.put})
		require.NoError(t, err)
		assert.True(t, step.want.Equal(got), "put %v: got %v, want %v", step.put, got, step.want)
		stored, err := s.Get(ctx, id)
		require.NoError(t, err)
		assert.True(t, step.want.Equal(stored.Expires))
	}
	scenario[0] = 'x' // the store kept its own copy
	stored, err := s.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, `{"version":1}`, string(stored.Scenario))
	assert.Equal(t, 1, s.Len())
}
