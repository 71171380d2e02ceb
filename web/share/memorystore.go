package share

import (
	"bytes"
	"context"
	"slices"
	"sync"
)

// A MemoryStore is a Store in memory, for tests and throwaway servers.
type MemoryStore struct {
	mu   sync.RWMutex
	data map[string][]byte
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{data: map[string][]byte{}}
}

// Put stores a copy of scenario under id.
func (s *MemoryStore) Put(_ context.Context, id string, scenario []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.data[id]; ok {
		if !bytes.Equal(old, scenario) {
			return ErrCollision
		}
		return nil
	}
	s.data[id] = slices.Clone(scenario)
	return nil
}

// Get returns a copy of the scenario stored under id, or ErrNotFound.
func (s *MemoryStore) Get(_ context.Context, id string) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	data, ok := s.data[id]
	if !ok {
		return nil, ErrNotFound
	}
	return slices.Clone(data), nil
}

// Len returns how many scenarios the store holds.
func (s *MemoryStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.data)
}
