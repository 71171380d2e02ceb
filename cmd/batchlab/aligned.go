package main

import (
	"io"
	"strconv"
	"text/tabwriter"
	"unicode/utf8"
)

// An alignedBlock is a block of lines with the same number of cells, the
// last of each line not aligned, written as a text/tabwriter with padding
// 2 and padchar ' ' writes them: each other cell padded with spaces to the
// widest of its column + 2. It keeps the cells in one buffer, without the
// per-cell work of a tabwriter; a cell holding a byte tabwriter gives a
// meaning to (tab, new line, vertical tab, form feed, its escape 0xff)
// sends the block through a tabwriter instead, so the output is the same.
type alignedBlock struct {
	text []byte
	ends []int32 // end of each cell in text
	// cells is the number of cells per line.
	cells   int
	special bool
}

// newAlignedBlock returns a block of lines of cells cells, with room for
// about lines lines.
func newAlignedBlock(cells, lines int) *alignedBlock {
	return &alignedBlock{cells: cells, text: make([]byte, 0, 8*cells*lines), ends: make([]int32, 0, cells*lines)}
}

func (b *alignedBlock) end() {
	b.ends = append(b.ends, int32(len(b.text)))
}

// add appends s to the cell being written.
func (b *alignedBlock) add(s string) {
	for i := 0; i < len(s) && !b.special; i++ {
		switch s[i] {
		case '\t', '\n', '\v', '\f', tabwriter.Escape:
			b.special = true
		}
	}
	b.text = append(b.text, s...)
}

// cell adds a cell holding s.
func (b *alignedBlock) cell(s string) {
	b.add(s)
	b.end()
}

// list adds a cell holding items separated by commas.
func (b *alignedBlock) list(items []string) {
	for i, s := range items {
		if i > 0 {
			b.text = append(b.text, ',')
		}
		b.add(s)
	}
	b.end()
}

// int adds a cell holding n.
func (b *alignedBlock) int(n int64) {
	b.text = strconv.AppendInt(b.text, n, 10)
	b.end()
}

// ratio adds a cell holding "n/d".
func (b *alignedBlock) ratio(n, d int) {
	b.text = strconv.AppendInt(b.text, int64(n), 10)
	b.text = append(b.text, '/')
	b.text = strconv.AppendInt(b.text, int64(d), 10)
	b.end()
}

// write writes the lines.
func (b *alignedBlock) write(w io.Writer) error {
	if b.special {
		return b.writeTabbed(w)
	}
	widths := make([]int, b.cells-1)
	for i, start := 0, int32(0); i < len(b.ends); i++ {
		if col := i % b.cells; col < b.cells-1 {
			widths[col] = max(widths[col], utf8.RuneCount(b.text[start:b.ends[i]])+2)
		}
		start = b.ends[i]
	}
	out := make([]byte, 0, 64<<10)
	for i, start := 0, int32(0); i < len(b.ends); i++ {
		cell := b.text[start:b.ends[i]]
		start = b.ends[i]
		out = append(out, cell...)
		if col := i % b.cells; col < b.cells-1 {
			for range widths[col] - utf8.RuneCount(cell) {
				out = append(out, ' ')
			}
		} else {
			out = append(out, '\n')
		}
		if len(out) > 60<<10 || i == len(b.ends)-1 {
			if _, err := w.Write(out); err != nil {
				return err
			}
			out = out[:0]
		}
	}
	return nil
}

// writeTabbed writes the lines through a tabwriter.
func (b *alignedBlock) writeTabbed(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, start := 0, int32(0); i < len(b.ends); i++ {
		sep := "\t"
		if i%b.cells == b.cells-1 {
			sep = "\n"
		}
		if _, err := tw.Write(append(b.text[start:b.ends[i]:b.ends[i]], sep...)); err != nil {
			return err
		}
		start = b.ends[i]
	}
	return tw.Flush()
}
