//go:build linux

package main

import (
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
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
// data any more (the requests of a decoding in place do); calls after the
// first do nothing.
//
// For such a file it also has the Go heap grow in huge pages (hugeHeap),
// and reads the file's two halves on two goroutines (readHalves).
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
	release = sync.OnceFunc(func() { _ = syscall.Munmap(mem) })
	_ = syscall.Madvise(mem, madviseHugepage) // a hint: without it, 4 KB pages
	hugeHeap(int(size))
	n, err := readHalves(f, mem)
	switch {
	case err != nil:
		release()
		return nil, func() {}, err
	case n <= int(size): // the file, whole (or shrunk meanwhile)
		return mem[:n:n], release, nil
	}
	// The file grew since Stat: read it again, on the heap.
	release()
	data, err = os.ReadFile(name)
	return data, func() {}, err
}

// hugeHeap has the Go heap grow by n bytes in transparent huge pages: it
// allocates n bytes, which the runtime maps for the heap without touching
// them, and advises huge pages for them (the runtime never maps that
// memory again), then gives them back to the heap with a collection. The
// requests decoded from a document of n bytes and what is made of them
// take less than n bytes, and come in 2 MB faults rather than 4 KB ones
// (100,000 prompts: 8,000 fewer page faults). The collector is off while
// it allocates them: else the allocation starts a collection, which the
// one that frees them waits for (Go runtime traces of the CLI, 100,000
// prompts, from the madvise to the second decoding goroutine: 6.6–10.7 ms,
// median 8.8, against 6.5–9.0 ms, median 7.6). Once a
// process: that memory stays advised, and a process that reads files
// again (a benchmark) would only clear n bytes each time.
func hugeHeap(n int) {
	hugeHeapOnce.Do(func() {
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
		_ = syscall.Madvise(make([]byte, n), madviseHugepage)
		runtime.GC()
	})
}

var hugeHeapOnce sync.Once

// hugePageBytes is the size of a transparent huge page on x86-64 and
// arm64 (with 4 KB pages).
const hugePageBytes = 2 << 20

// readHalves reads the start of f into buf, as much as fits, and returns
// the bytes read: the first half and the second (from a huge page's
// boundary) on two goroutines, as the kernel's work (zeroing each huge
// page as it is first touched, then copying the file into it) takes as
// long as the rest of the CLI's decoding.
func readHalves(f *os.File, buf []byte) (int, error) {
	mid := min(len(buf), (len(buf)/2+hugePageBytes-1)/hugePageBytes*hugePageBytes)
	var n2 int
	var err2 error
	done := make(chan struct{})
	go func() {
		defer close(done)
		n2, err2 = f.ReadAt(buf[mid:], int64(mid))
	}()
	n1, err1 := f.ReadAt(buf[:mid], 0)
	<-done
	for _, err := range []error{err1, err2} {
		if err != nil && err != io.EOF {
			return 0, err
		}
	}
	if n1 < mid { // shrunk meanwhile
		return n1, nil
	}
	return mid + n2, nil
}
