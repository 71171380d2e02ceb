package report

import (
	"strconv"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/wasm/units"
)

// A Bin is one column of the queue-wait histogram.
type Bin struct {
	// From and To bound the waits counted, in ms: From ≤ wait < To (the
	// last bin includes To).
	From, To int64
	Count    int
	// Height is Count relative to the tallest bin, in percent.
	Height float64
}

// Label names the bin's range, e.g. "40–60 ms".
func (b *Bin) Label() string {
	return units.Count(int(b.From)) + "–" + units.Count(int(b.To)) + " ms"
}

// CountText is the bin's count as its column shows it.
func (b *Bin) CountText() string { return units.Count(b.Count) }

// FromText is the start of the bin's range as its column's label shows it.
func (b *Bin) FromText() string { return units.Count(int(b.From)) }

// Style sizes the bin's column.
func (b *Bin) Style() string {
	return "height:" + strconv.FormatFloat(b.Height, 'f', 1, 64) + "%"
}

// Title is the bin's hover text.
func (b *Bin) Title() string {
	return units.Plural(b.Count, "request", "requests") + " waited " + b.Label()
}

// Histogram counts the queue waits of the batched requests in about bins
// columns of a round width. It returns nil when nothing was batched.
func Histogram(res *core.Result, bins int) []Bin {
	if res == nil || bins < 1 {
		return nil
	}
	var hi int64 = -1
	for i := range res.Requests {
		if res.Requests[i].Batch != 0 {
			hi = max(hi, res.Requests[i].WaitMs)
		}
	}
	if hi < 0 {
		return nil
	}
	width := int64(units.NiceStep(float64(hi+1) / float64(bins)))
	n := int((hi + width) / width)
	out := make([]Bin, n)
	for i := range out {
		out[i].From, out[i].To = int64(i)*width, int64(i+1)*width
	}
	for i := range res.Requests {
		r := &res.Requests[i]
		if r.Batch == 0 {
			continue
		}
		out[min(int(r.WaitMs/width), n-1)].Count++
	}
	top := 0
	for i := range out {
		top = max(top, out[i].Count)
	}
	for i := range out {
		out[i].Height = 100 * float64(out[i].Count) / float64(top)
	}
	return out
}
