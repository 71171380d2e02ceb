//go:build !linux

package main

import "os"

// readInputFile reads the file name whole; release does nothing (see the
// Linux version, which maps memory of its own for a large file).
func readInputFile(name string) (data []byte, release func(), err error) {
	data, err = os.ReadFile(name)
	return data, func() {}, err
}

// hugeHeap does nothing (see the Linux version).
func hugeHeap(int) {}
