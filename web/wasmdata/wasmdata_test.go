package wasmdata

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seg is a data segment of a test module: data at memory offset off.
type seg struct {
	off  int32
	data string
}

// section returns a section with id and body.
func section(id byte, body []byte) []byte {
	return append(binary.AppendUvarint([]byte{id}, uint64(len(body))), body...)
}

// dataSection returns a data section holding segs, as Go's linker writes
// them (active, memory 0, i32.const offsets).
func dataSection(segs ...seg) []byte {
	b := binary.AppendUvarint(nil, uint64(len(segs)))
	for _, s := range segs {
		b = append(b, 0, 0x41)
		b = appendSleb(b, int64(s.off))
		b = append(b, 0x0b)
		b = binary.AppendUvarint(b, uint64(len(s.data)))
		b = append(b, s.data...)
	}
	return section(sectionData, b)
}

// module returns a version 1 module with sections.
func module(sections ...[]byte) []byte {
	return bytes.Join(append([][]byte{[]byte("\x00asm\x01\x00\x00\x00")}, sections...), nil)
}

// image returns the initial memory a module's data segments make, up to
// the end of the last one, the segments applied in their order, or nil if
// a segment ends past 1 MiB.
func image(t testing.TB, m []byte) []byte {
	t.Helper()
	var mem []byte
	r := reader{b: m, pos: 8, end: len(m)}
	for r.pos < r.end {
		id, err := r.byte()
		require.NoError(t, err)
		size, err := r.uleb()
		require.NoError(t, err)
		body, err := r.bytes(size)
		require.NoError(t, err)
		if id != sectionData {
			continue
		}
		sr := reader{b: body, end: len(body)}
		n, err := sr.uleb()
		require.NoError(t, err)
		for range n {
			_, _ = sr.uleb()
			_, _ = sr.byte()
			off, err := sr.sleb()
			require.NoError(t, err)
			_, _ = sr.byte()
			l, _ := sr.uleb()
			data, err := sr.bytes(l)
			require.NoError(t, err)
			end := int(uint32(off)) + len(data)
			if end > 1<<20 {
				return nil
			}
			if end > len(mem) {
				mem = append(mem, make([]byte, end-len(mem))...)
			}
			copy(mem[uint32(off):], data)
		}
	}
	return mem
}

// custom is a custom section, copied as it is.
var custom = section(0, []byte("\x04name\x01\x02\x03"))

func TestMergeSegments(t *testing.T) {
	zeros := func(n int) string { return string(make([]byte, n)) }
	for _, tc := range []struct {
		name   string
		in     []byte
		maxGap int
		want   []byte
		stats  Stats
	}{
		{
			name:   "gaps up to maxGap filled, a longer one kept",
			in:     module(custom, dataSection(seg{100, "ab"}, seg{110, "cd"}, seg{120, "e"}, seg{200, "f"}), custom),
			maxGap: 8,
			want: module(custom, dataSection(
				seg{100, "ab" + zeros(8) + "cd" + zeros(8) + "e"}, seg{200, "f"}), custom),
			stats: Stats{Segments: 4, Merged: 2, SectionSize: 31, MergedSize: 35},
		},
		{
			name:   "segments out of address order, as Go's linker writes them, come out in order",
			in:     module(dataSection(seg{300, "z"}, seg{100, "a"}, seg{104, "b"})),
			maxGap: 8,
			want:   module(dataSection(seg{100, "a" + zeros(3) + "b"}, seg{300, "z"})),
			stats:  Stats{Segments: 3, Merged: 2, SectionSize: 22, MergedSize: 19},
		},
		{
			name:   "adjacent segments merge with a gap of 0",
			in:     module(dataSection(seg{10, "ab"}, seg{12, "cd"})),
			maxGap: 0,
			want:   module(dataSection(seg{10, "abcd"})),
			stats:  Stats{Segments: 2, Merged: 1, SectionSize: 15, MergedSize: 10},
		},
		{
			name:   "the data count section follows the merge, in its width",
			in:     module(section(sectionDataCount, []byte{0x83, 0x00}), dataSection(seg{0, "a"}, seg{2, "b"}, seg{4, "c"})),
			maxGap: 4,
			want:   module(section(sectionDataCount, []byte{0x81, 0x00}), dataSection(seg{0, "a\x00b\x00c"})),
			stats:  Stats{Segments: 3, Merged: 1, SectionSize: 19, MergedSize: 11},
		},
		{
			name:   "a module without data comes back unchanged",
			in:     module(custom),
			maxGap: 1024,
			want:   module(custom),
		},
		{
			name:   "empty segments and an offset past 2 GiB",
			in:     module(dataSection(seg{-16, "x"}, seg{5, ""}, seg{6, "y"})),
			maxGap: 1,
			want:   module(dataSection(seg{5, "\x00y"}, seg{-16, "x"})),
			stats:  Stats{Segments: 3, Merged: 2, SectionSize: 18, MergedSize: 14},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, st, err := MergeSegments(tc.in, tc.maxGap)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.stats, st)
			assert.Equal(t, image(t, tc.in), image(t, got), "the initial memory")
		})
	}
}

func TestMergeSegmentsRefuses(t *testing.T) {
	data := func(body string) []byte { return section(sectionData, []byte(body)) }
	for _, tc := range []struct {
		name string
		in   []byte
		want error
		msg  string
	}{
		{"not WebAssembly", []byte("\x7fELF\x01\x00\x00\x00"), ErrMalformed, "byte 0: not a version 1 WebAssembly binary"},
		{"version 2", []byte("\x00asm\x02\x00\x00\x00"), ErrMalformed, "byte 0"},
		{"a section past the end", append(module(), 11, 9, 1), ErrMalformed, "byte 8: section 11 runs past the end"},
		{"a truncated section size", append(module(), 11, 0x80), ErrMalformed, "byte 10: unexpected end"},
		{"a section size over 32 bits", append(module(), 1, 0xff, 0xff, 0xff, 0xff, 0x7f), ErrMalformed, "byte 9: a LEB128 number over 32 bits"},
		{"a passive segment", module(data("\x01\x01\x01a")), ErrUnsupported, "segment 0 (byte 11): flags 1"},
		{"an offset from a global", module(data("\x01\x00\x23\x00\x0b\x01a")), ErrUnsupported, "segment 0 (byte 11): not placed by an i32.const"},
		{"an offset expression without its end", module(data("\x01\x00\x41\x00\x01\x01a")), ErrUnsupported, "not placed by an i32.const"},
		{"overlapping segments", module(dataSection(seg{10, "abc"}, seg{12, "d"})), ErrUnsupported, "segment 1 (byte 19) overlaps segment 0 (byte 11) at memory offset 12"},
		{"more segments than fit", module(data("\x10\x00\x41\x00\x0b\x00")), ErrMalformed, "byte 10: 16 data segments cannot fit"},
		{"a segment past its section", module(data("\x01\x00\x41\x00\x0b\x05ab")), ErrMalformed, "byte 11: segment 0 runs past the end of the data section"},
		{"bytes after the last segment", module(data("\x01\x00\x41\x00\x0b\x01ab")), ErrMalformed, "byte 17: 1 bytes after the last data segment"},
		{"an offset over 32 bits", module(data("\x01\x00\x41\xff\xff\xff\xff\x0f\x0b\x00")), ErrMalformed, "byte 13: a LEB128 number over 32 bits"},
		{"two data sections", module(dataSection(seg{0, "a"}), dataSection(seg{4, "b"})), ErrMalformed, "byte 17: a second section 11"},
		{"a data count of two numbers", module(section(sectionDataCount, []byte{1, 1}), dataSection(seg{0, "a"})), ErrMalformed, "byte 8: the data count section is not one number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := MergeSegments(tc.in, 64)
			require.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

// FuzzMergeSegments: no input makes MergeSegments panic; what it accepts
// it returns with the same initial memory, and merging again changes
// nothing.
func FuzzMergeSegments(f *testing.F) {
	f.Add(module(custom, dataSection(seg{100, "ab"}, seg{110, "cd"}, seg{200, "f"})), uint16(8))
	f.Add(module(section(sectionDataCount, []byte{3}), dataSection(seg{300, "z"}, seg{100, "a"}, seg{104, "b"})), uint16(64))
	f.Add(module(dataSection(seg{10, "abc"}, seg{12, "d"})), uint16(0))
	f.Add(module(custom), uint16(1024))
	f.Fuzz(func(t *testing.T, in []byte, maxGap uint16) {
		out, st, err := MergeSegments(in, int(maxGap))
		if err != nil {
			return
		}
		require.LessOrEqual(t, st.Merged, st.Segments)
		require.Equal(t, image(t, in), image(t, out), "the initial memory")
		again, st2, err := MergeSegments(out, int(maxGap))
		require.NoError(t, err)
		require.Equal(t, out, again)
		require.Equal(t, st.Merged, st2.Segments)
	})
}
