package core

// pauseEvery is how many requests (analysed, enriched, batched) or
// dispatch events a run handles between two calls of its Options.Pause.
const pauseEvery = 1 << 10

// A stopper is what a run looks at between units of work: its Options'
// Done channel and Pause hook.
type stopper struct {
	done  <-chan struct{}
	pause func() error
}

// stopperOf returns the stopper of opts.
func stopperOf(opts Options) stopper { return stopper{opts.Done, opts.Pause} }

// check returns ErrCancelled when done is closed, else calls pause (if
// any) and returns its error.
func (s stopper) check() error {
	if cancelled(s.done) {
		return ErrCancelled
	}
	if s.pause != nil {
		return s.pause()
	}
	return nil
}

// pauseAfter calls pause (nil: never) after the n-th unit of work of a
// loop (counting from 1) when n is a multiple of pauseEvery, and returns
// its error.
func pauseAfter(pause func() error, n int) error {
	if pause == nil || n%pauseEvery != 0 {
		return nil
	}
	return pause()
}

// chunks calls work on reqs a pauseEvery requests at a time, checking
// s between two; without a pause hook, on all of them at once.
func (s stopper) chunks(reqs []Request, work func([]Request)) error {
	if s.pause == nil {
		work(reqs)
		return nil
	}
	for lo := 0; lo < len(reqs); lo += pauseEvery {
		work(reqs[lo:min(lo+pauseEvery, len(reqs))])
		if err := s.check(); err != nil {
			return err
		}
	}
	return nil
}
