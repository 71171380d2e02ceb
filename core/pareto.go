package core

import "slices"

// ParetoFront marks the points not dominated by any other when both
// coordinates are to be minimised (say p95 latency and cost): point i is on
// the front unless some j is no worse on both and better on one. Equal
// points are all on the front. It runs in O(n log n).
func ParetoFront(xs, ys []float64) []bool {
	n := min(len(xs), len(ys))
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	// By x, then y: a point is dominated exactly when an earlier point (in
	// this order) has a smaller y, or an equal y with a smaller x.
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case xs[a] < xs[b]:
			return -1
		case xs[a] > xs[b]:
			return 1
		case ys[a] < ys[b]:
			return -1
		case ys[a] > ys[b]:
			return 1
		}
		return 0
	})
	front := make([]bool, n)
	bestY, bestX := 0.0, 0.0
	for k, i := range order {
		switch {
		case k == 0, ys[i] < bestY:
			front[i] = true
			bestY, bestX = ys[i], xs[i]
		case ys[i] == bestY && xs[i] == bestX:
			front[i] = true // a duplicate of a front point
		}
	}
	return front
}
