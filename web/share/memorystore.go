package share

import (
	"context"
	"slices"
	"sync"
	"time"
)

// A MemoryStore is a Store in memory, for tests and throwaway servers.
type MemoryStore struct {
	mu   sync.RWMutex
	data map[string]Share
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{data: map[string]Share{}}
}

// Put stores a copy of s under id, merged with what id holds (see Merge).
func (m *MemoryStore) Put(_ context.Context, id string, s Share) (time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, found := m.data[id]
	merged, write, err := Merge(id, old, found, s)
	if err != nil {
		return time.Time{}, err
	}
	if write {
		merged.Scenario = slices.Clone(merged.Scenario)
		m.data[id] = merged
	}
	return merged.Expires, nil
}

// Get returns a copy of the share stored under id, or ErrNotFound.
func (m *MemoryStore) Get(_ context.Context, id string) (Share, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s, ok := m.data[id]
	if !ok {
		return Share{}, ErrNotFound
	}
	s.Scenario = slices.Clone(s.Scenario)
	return s, nil
}

// Len returns how many scenarios the store holds.
func (m *MemoryStore) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.data)
}
