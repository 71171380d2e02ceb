package core

import "io"

// A streamed sweep runs each point of a sweep on a trace too large to
// hold (StreamTrace), reading the trace anew for each point: it holds one
// streamed run at a time, a few bytes per request, whatever the number of
// points. One pass feeding every point at once would save reading the
// file again (the parse is a fraction of a point's work) but hold every
// point's waits and latencies together — points × 12 bytes per request:
// 1.6 GB for 5 points of the 27 M-row Azure week, 324 GB for the 1,000 a
// sweep may have — which is what streaming exists to avoid. The points
// are those RunSweep computes on the same trace (the tests compare them).

// StreamSweep runs sweep sw over the valid scenario s on a trace that
// open reads from its start each time it is called — once per point; the
// reader is closed after — with the options of StreamTrace, calling
// progress (if not nil) after each point. It returns the points, the
// Pareto front marked, and what the trace held (TrafficReport). Errors
// are those of sw and of StreamTrace (ErrCancelled when opts.Done is
// closed), or open's.
func (s *Scenario) StreamSweep(sw Sweep, open func() (io.ReadCloser, error), opts StreamOptions, progress func(done, total int)) ([]SweepPoint, *TrafficReport, error) {
	k, values, err := sw.points(s)
	if err != nil {
		return nil, nil, err
	}
	points := make([]SweepPoint, 0, len(values))
	var input *TrafficReport
	for _, v := range values {
		t := *s
		k.Apply(&t, v)
		r, err := open()
		if err != nil {
			return nil, nil, err
		}
		res, err := t.StreamTrace(r, opts)
		r.Close()
		if err != nil {
			return nil, nil, err
		}
		if input == nil {
			input = &res.Input
		}
		points = append(points, SweepPoint{Value: v, Summary: res.Summary()})
		if progress != nil {
			progress(len(points), len(values))
		}
	}
	return markPareto(points), input, nil
}

// Summary returns the run's headline numbers, as Result.Summary does.
func (r *StreamResult) Summary() Summary {
	return (&Result{Metrics: r.Metrics, Dispatch: r.Dispatch}).Summary()
}
