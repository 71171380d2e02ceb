//go:build linux

package main

import (
	"io"
	"os"
	"sync"
	"syscall"
)

// hugeInputBytes is the size from which readInputFile maps a file rather
// than reading it.
const hugeInputBytes = 4 << 20

// madviseHugepage is Linux's MADV_HUGEPAGE (the syscall package does not
// name it).
const madviseHugepage = 14

// readInputFile reads the file name whole. A regular file of
// hugeInputBytes or more is mapped into memory rather than read: its pages
// are then the kernel's cache of the file, already in memory, where
// reading it copies it into memory that the kernel first zeroes (on a
// small VM, 0.5–3 ms per MB touched for the first time, even in huge
// pages: 66 MB of prompts took 27–100 ms to read, and take 2 ms to map).
// The mapping is private and writable, so that a write (the core never
// writes what it decodes) changes a copy of the page, never the file.
// release (never nil; it does nothing for data on the heap) unmaps it: call
// it once nothing points into data any more (the requests of a decoding in
// place do). Should the file shrink while it is mapped, reading what it
// lost would kill the process (SIGBUS): batchlab reads a file it is given
// once, at the start.
//
// For such a file it also has the Go heap grow in huge pages (hugeHeap).
func readInputFile(name string) (data []byte, release func(), err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, func() {}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, func() {}, err
	}
	size := st.Size()
	if !st.Mode().IsRegular() || size < hugeInputBytes || int64(int(size)) != size {
		data, err := io.ReadAll(f)
		return data, func() {}, err
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
	if err != nil {
		data, err := io.ReadAll(f)
		return data, func() {}, err
	}
	hugeHeap(int(size))
	return mem, func() { _ = syscall.Munmap(mem) }, nil
}

// hugeHeap has the Go heap grow by n bytes in transparent huge pages: it
// allocates n bytes, which the runtime maps for the heap without touching
// them, and advises huge pages for them (the runtime never maps that
// memory again), then lets go of them, for the next collection to give
// them back to the heap. The requests decoded from a document of n bytes
// and what is made of them take less than n bytes, and come in 2 MB
// faults rather than 4 KB ones (100,000 prompts: 8,000 fewer page faults).
// Once a process: that memory stays advised, and a process that reads
// files again (a benchmark) would only clear n bytes each time.
func hugeHeap(n int) {
	hugeHeapOnce.Do(func() { _ = syscall.Madvise(make([]byte, n), madviseHugepage) })
}

var hugeHeapOnce sync.Once
