//go:build linux

package main

import (
	"io"
	"os"
	"syscall"
)

// hugeInputBytes is the size from which readInputFile maps memory of its
// own for a file.
const hugeInputBytes = 4 << 20

// madviseHugepage is Linux's MADV_HUGEPAGE (the syscall package does not
// name it).
const madviseHugepage = 14

// readInputFile reads the file name whole. A regular file of
// hugeInputBytes or more is read into memory mapped for it outside the Go
// heap, in transparent huge pages when the kernel gives them (its setting
// "madvise" or "always"): reading 66 MB into the heap touches 16,000 pages
// of 4 KB, a page fault each (about 9 µs each on a small VM), against
// about 33 faults for huge pages. release (never nil; it does nothing for
// data on the heap) unmaps that memory: call it once nothing points into
// data any more (the requests of a decoding in place do).
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
	// One byte more than the file, to see its end.
	mem, err := syscall.Mmap(-1, 0, int(size)+1, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		data, err := io.ReadAll(f)
		return data, func() {}, err
	}
	release = func() { _ = syscall.Munmap(mem) }
	_ = syscall.Madvise(mem, madviseHugepage) // a hint: without it, 4 KB pages
	n, err := io.ReadFull(f, mem)
	switch {
	case err == io.ErrUnexpectedEOF || err == io.EOF: // the file, whole (or shrunk meanwhile)
		return mem[:n:n], release, nil
	case err != nil:
		release()
		return nil, func() {}, err
	}
	// The file grew since Stat: read it again, on the heap.
	release()
	data, err = os.ReadFile(name)
	return data, func() {}, err
}
