package main

import (
	"io"
	"runtime"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/batchlab/batchlab/core"
)

// An alignedBlock writes a block of lines with the same number of cells,
// the last of each line not aligned, as a text/tabwriter with padding 2 and
// padchar ' ' writes them: each other cell padded with spaces to the widest
// of its column + 2. writeAligned goes over the lines twice through the
// same function: the first time blocks only measure the cells (the widest
// of each column), the second they write them padded, alignedLines lines
// at a time — without the per-cell work of a tabwriter, or the whole
// output in memory (15 MB for 100,000 requests). A cell holding a byte
// tabwriter gives a meaning to (tab, new line, vertical tab, form feed,
// its escape 0xff) sends the block through a tabwriter instead, so the
// output is the same.
type alignedBlock struct {
	cells   int   // cells per line
	widths  []int // widest cell + 2 of each column but the last
	col     int   // the column of the cell being added
	width   int   // runes in that cell so far
	measure bool  // the first pass
	special bool  // a cell holds a byte tabwriter gives a meaning to
	out     []byte
	w       io.Writer // out's destination when flushed: a tabwriter (nil: none)
	err     error
}

// writeAligned writes lines lines of cells cells to w, line(b, i) adding
// the cells of line i; it is called twice for each line, natively from two
// goroutines at once for many lines (see core.WriteBlocks): line must be
// safe for that.
func writeAligned(w io.Writer, cells, lines int, line func(b *alignedBlock, i int)) error {
	b := measureAligned(cells, lines, line)
	if !b.special {
		return core.WriteBlocks(w, (lines+alignedLines-1)/alignedLines, func(buf []byte, block int) []byte {
			bb := &alignedBlock{cells: cells, widths: b.widths, out: buf}
			for i := block * alignedLines; i < min(lines, (block+1)*alignedLines); i++ {
				line(bb, i)
			}
			return bb.out
		})
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	b.measure, b.w, b.out = false, tw, make([]byte, 0, 64<<10)
	for i := 0; i < lines && b.err == nil; i++ {
		line(b, i)
	}
	b.flush()
	if b.err == nil {
		b.err = tw.Flush()
	}
	return b.err
}

// Lines are formatted alignedLines at a time.
const alignedLines = 2048

// measureAligned measures the lines of writeAligned: the returned block
// holds the widths of the columns and whether a cell is special. Many
// lines are measured in two halves at once (natively), the widest of
// both kept.
func measureAligned(cells, lines int, line func(b *alignedBlock, i int)) *alignedBlock {
	measure := func(from, to int) *alignedBlock {
		b := &alignedBlock{cells: cells, widths: make([]int, cells-1), measure: true}
		for i := from; i < to; i++ {
			line(b, i)
		}
		return b
	}
	if lines < 2*alignedLines || runtime.GOMAXPROCS(0) == 1 {
		return measure(0, lines)
	}
	half := make(chan *alignedBlock)
	go func() { half <- measure(lines/2, lines) }()
	b := measure(0, lines/2)
	other := <-half
	for k, width := range other.widths {
		b.widths[k] = max(b.widths[k], width)
	}
	b.special = b.special || other.special
	return b
}

// flush writes out.
func (b *alignedBlock) flush() {
	if b.err == nil && len(b.out) > 0 {
		_, b.err = b.w.Write(b.out)
	}
	b.out = b.out[:0]
}

// add appends s to the cell being added.
func (b *alignedBlock) add(s string) {
	if !printableASCII(s) {
		b.addOther(s)
		return
	}
	b.width += len(s) // a rune a byte
	if !b.measure {
		b.out = append(b.out, s...)
	}
}

// printableASCII reports whether s holds only ASCII from ' ' up: none of
// the bytes tabwriter gives a meaning to, one rune each.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i]-' ' >= utf8.RuneSelf-' ' {
			return false
		}
	}
	return true
}

// addOther is add for any s.
func (b *alignedBlock) addOther(s string) {
	b.width += utf8.RuneCountInString(s)
	if !b.measure {
		b.out = append(b.out, s...)
		return
	}
	for i := 0; i < len(s) && !b.special; i++ {
		switch s[i] {
		case '\t', '\n', '\v', '\f', tabwriter.Escape:
			b.special = true
		}
	}
}

// end ends the cell being added.
func (b *alignedBlock) end() {
	last := b.col == b.cells-1
	switch {
	case b.measure:
		if !last {
			b.widths[b.col] = max(b.widths[b.col], b.width+2)
		}
	case b.special: // through the tabwriter
		if last {
			b.out = append(b.out, '\n')
		} else {
			b.out = append(b.out, '\t')
		}
	case last:
		b.out = append(b.out, '\n')
	default:
		for pad := b.widths[b.col] - b.width; pad > 0; pad -= len(blanks) {
			b.out = append(b.out, blanks[:min(pad, len(blanks))]...)
		}
	}
	b.col, b.width = b.col+1, 0
	if last {
		b.col = 0 // not a division: a cell's end is this output's most frequent call
		if b.w != nil && len(b.out) > 60<<10 {
			b.flush()
		}
	}
}

// blanks pads cells.
const blanks = "                                "

// cell adds a cell holding s.
func (b *alignedBlock) cell(s string) {
	b.add(s)
	b.end()
}

// int adds a cell holding n.
func (b *alignedBlock) int(n int64) {
	b.digits(n)
	b.end()
}

// ratio adds a cell holding "n/d".
func (b *alignedBlock) ratio(n, d int) {
	b.digits(int64(n))
	b.add("/")
	b.digits(int64(d))
	b.end()
}

// digits appends n in decimal to the cell being added.
func (b *alignedBlock) digits(n int64) {
	if b.measure {
		var buf [20]byte
		b.width += len(core.AppendInt(buf[:0], n))
		return
	}
	k := len(b.out)
	b.out = core.AppendInt(b.out, n)
	b.width += len(b.out) - k
}
