package core

import "fmt"

// A Comparison sets two results on the same trace side by side: policy A
// against policy B, or the seed close mode against the timer mode.
type Comparison struct {
	A Summary `json:"a"`
	B Summary `json:"b"`
	// Delta is B − A for every number.
	Delta Summary `json:"delta"`
	// Requests says, for every request in A's order, where it landed in
	// each run and how its wait changed.
	Requests []RequestChange `json:"requests"`
	// Moved counts requests whose batch had other members in B than in A;
	// Slower and Faster count those whose queue wait grew or shrank.
	Moved  int `json:"moved"`
	Slower int `json:"slower"`
	Faster int `json:"faster"`
}

// A RequestChange is one request in both runs of a comparison.
type RequestChange struct {
	RequestID   string `json:"request_id"`
	BatchA      int    `json:"batch_a"` // 0 when rejected
	BatchB      int    `json:"batch_b"`
	SizeA       int    `json:"size_a"` // of its batch
	SizeB       int    `json:"size_b"`
	WaitA       int64  `json:"wait_a_ms"`
	WaitB       int64  `json:"wait_b_ms"`
	WaitDeltaMs int64  `json:"wait_delta_ms"` // B − A
}

// Compare compares two results of the same trace. It is an error when they
// hold different request ids.
func Compare(a, b *Result) (*Comparison, error) {
	if len(a.Requests) != len(b.Requests) {
		return nil, fmt.Errorf("compare: the runs hold %d and %d requests: not the same trace", len(a.Requests), len(b.Requests))
	}
	// Requests are matched by their place in the input, not by id: ids
	// need not be unique (seed mode keeps duplicates, as the reference).
	inB := make([]int, len(b.Requests))
	for i := range inB {
		inB[i] = -1
	}
	for i := range b.Requests {
		if k := b.Requests[i].Index; 0 <= k && k < len(inB) {
			inB[k] = i
		}
	}
	c := &Comparison{A: a.Summary(), B: b.Summary(), Requests: make([]RequestChange, len(a.Requests))}
	c.Delta = c.B.sub(c.A)
	for i := range a.Requests {
		ra := &a.Requests[i]
		j := -1
		if k := ra.Index; 0 <= k && k < len(inB) {
			j = inB[k]
		}
		if j < 0 || b.Requests[j].ID != ra.ID {
			return nil, fmt.Errorf("compare: request %q (input item %d) is only in the first run: not the same trace", ra.ID, ra.Index)
		}
		rb := &b.Requests[j]
		ch := RequestChange{RequestID: ra.ID, BatchA: ra.Batch, BatchB: rb.Batch, WaitA: ra.WaitMs, WaitB: rb.WaitMs, WaitDeltaMs: rb.WaitMs - ra.WaitMs}
		if ra.Batch > 0 {
			ch.SizeA = a.Batches[ra.Batch-1].Size
		}
		if rb.Batch > 0 {
			ch.SizeB = b.Batches[rb.Batch-1].Size
		}
		if !sameCompany(a, ra.Batch, b, rb.Batch) {
			c.Moved++
		}
		switch {
		case ch.WaitDeltaMs > 0:
			c.Slower++
		case ch.WaitDeltaMs < 0:
			c.Faster++
		}
		c.Requests[i] = ch
	}
	return c, nil
}

// sameCompany reports whether batch x of a and batch y of b hold the same
// request ids.
func sameCompany(a *Result, x int, b *Result, y int) bool {
	if x == 0 || y == 0 {
		return x == y
	}
	bx, by := &a.Batches[x-1], &b.Batches[y-1]
	if len(bx.Members) != len(by.Members) {
		return false
	}
	for k := range bx.Members {
		if a.Requests[bx.Members[k]].Index != b.Requests[by.Members[k]].Index {
			return false
		}
	}
	return true
}

// CompareScenarios runs a and b, which must hold the same prompts and
// arrivals, and compares the results.
func CompareScenarios(a, b *Scenario, opts Options) (*Comparison, *Result, *Result, error) {
	ra, err := Simulate(a, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	rb, err := Simulate(b, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := Compare(ra, rb)
	return c, ra, rb, err
}
