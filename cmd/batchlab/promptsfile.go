package main

import (
	"errors"
	"io"
	"os"

	"github.com/batchlab/batchlab/core"
)

// chunkedPromptsBytes is the size from which openPromptsFile leaves a
// prompts file to core to read in chunks.
const chunkedPromptsBytes = 4 << 20

// openPromptsFile opens name for core to read as it decodes it
// (core.Options.PromptsFrom), rather than whole first: when it is a
// regular file of chunkedPromptsBytes or more holding a prompts document
// (format says so, or TrafficUnknown and its start does). Then core reads
// it in chunks of 256 KB, each parsed while it is in the processor's cache
// (see core's decodeCommonPromptsFrom), and the CLI's memory no longer
// holds the file: 100,000 prompts (66 MB), peak RSS 103 → 69 MB. It
// returns a nil file for any other, to be read whole (readInputFile), and
// the file with its size otherwise. It has the Go heap grow in huge pages
// (hugeHeap), as readInputFile does.
func openPromptsFile(name string, format core.TrafficFormat) (f *os.File, size int64, err error) {
	if format != core.TrafficUnknown && format != core.TrafficPrompts {
		return nil, 0, nil
	}
	f, err = os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() < chunkedPromptsBytes {
		f.Close()
		return nil, 0, err
	}
	if format == core.TrafficUnknown {
		head := make([]byte, core.DetectBytes)
		n, err := f.ReadAt(head, 0)
		if err != nil && !errors.Is(err, io.EOF) {
			f.Close()
			return nil, 0, err
		}
		if core.DetectTrafficFormat(head[:n], name) != core.TrafficPrompts {
			f.Close()
			return nil, 0, nil
		}
	}
	hugeHeap(int(st.Size()))
	return f, st.Size(), nil
}
