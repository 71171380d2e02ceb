package timeline

// A LegendEntry is one mark the timeline draws: Class is the swatch's CSS
// class list (the mark's own), Label what it means.
type LegendEntry struct {
	Class, Label string
}

// barLegend lists every mark of a batch bar: one per close reason, the
// oversize cross-hatch and the aggregate's stripes.
var barLegend = []LegendEntry{
	{"swatch r-time", "time: the wait ran out"},
	{"swatch r-size", "size: full (vertical stripes)"},
	{"swatch r-tokens", "tokens: token limit (diagonal hatch)"},
	{"swatch r-flush", "flush: end of input (dots)"},
	{"swatch r-time oversize", "oversize: one request over the limit (cross-hatch)"},
	{"swatch agg", "several batches (or dispatch steps): click to zoom in"},
}

// callLegend lists every mark of the dispatch row, one per segment kind
// buildCalls draws.
var callLegend = []LegendEntry{
	{"swatch s-queued", "waiting for a slot"},
	{"swatch s-ok", "call ok"},
	{"swatch s-retry", "call failed, retried"},
	{"swatch s-failed", "call failed for good (hatched)"},
	{"swatch s-backoff", "backoff (dotted)"},
	{"swatch s-cancelled", "cancelled (black tick)"},
	{"swatch s-retry seg scripted", "failure from the dispatch script (blue frame, S)"},
}

// overviewLegend lists the overview's areas.
var overviewLegend = []LegendEntry{
	{"swatch ov-rate", "overview: batches per second"},
	{"swatch ov-load", "overview: calls in flight"},
	{"swatch ov-queue", "overview: batches queued"},
}

// Legend lists every mark the timeline may draw: the bars', the
// overview's, and the dispatch row's when the result has a dispatch.
func Legend(withCalls bool) []LegendEntry {
	out := append([]LegendEntry{}, barLegend...)
	out = append(out, overviewLegend[0])
	if withCalls {
		out = append(out, overviewLegend[1:]...)
		out = append(out, callLegend...)
	}
	out = append(out, LegendEntry{"swatch cursor", "keyboard focus (dashed frame)"})
	return out
}
