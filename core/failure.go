package core

import "fmt"

// FailureClass says why an attempt failed.
type FailureClass uint8

// The failure classes. Retriable: rate limits (HTTP 429, whether injected or
// from the model's rpm/tpm buckets), server errors (500, 502, 503, 504),
// time-outs and replies that do not parse. Not retriable: client errors
// (400, 401, 403) and calls larger than the model's context window (400).
const (
	ClassNone      FailureClass = iota // the attempt succeeded
	ClassRateLimit                     // injected HTTP 429
	ClassRPM                           // HTTP 429: the model's requests-per-minute bucket was empty
	ClassTPM                           // HTTP 429: the model's tokens-per-minute bucket was short
	ClassServer                        // injected HTTP 500, 502, 503 or 504
	ClassTimeout                       // the call outlasted the request timeout
	ClassParse                         // the reply did not parse or validate
	ClassClient                        // injected HTTP 400, 401 or 403
	ClassContext                       // HTTP 400: input + output exceed the context window
)

var classNames = [...]string{"", "rate_limit", "rpm_limit", "tpm_limit", "server_error", "timeout", "parse", "client_error", "context_window"}

// String returns the class's name, "" for none.
func (c FailureClass) String() string { return enumName(classNames[:], int(c)) }

// MarshalText encodes the class by name ("" for none).
func (c FailureClass) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText decodes a class name.
func (c *FailureClass) UnmarshalText(b []byte) error {
	v, ok := enumParse(classNames[:], string(b))
	if !ok {
		return fmt.Errorf("unknown failure class %q", b)
	}
	*c = FailureClass(v)
	return nil
}

// Retriable reports whether a failure of class c is tried again.
func (c FailureClass) Retriable() bool {
	switch c {
	case ClassRateLimit, ClassRPM, ClassTPM, ClassServer, ClassTimeout, ClassParse:
		return true
	}
	return false
}

// Outcome is how an attempt, a batch or a request ended.
type Outcome uint8

// The outcomes. Attempts end ok, retry (failed, tried again) or failed (for
// good); batches ok, failed or cancelled (never started because of
// stop_on_exhaustion); requests like their batch, or rejected when no batch
// carried them.
const (
	OutcomeOK Outcome = iota
	OutcomeRetry
	OutcomeFailed
	OutcomeCancelled
	OutcomeRejected
)

var outcomeNames = [...]string{"ok", "retry", "failed", "cancelled", "rejected"}

// String returns the outcome's name.
func (o Outcome) String() string { return enumName(outcomeNames[:], int(o)) }

// MarshalText encodes the outcome by name.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText decodes an outcome name.
func (o *Outcome) UnmarshalText(b []byte) error {
	v, ok := enumParse(outcomeNames[:], string(b))
	if !ok {
		return fmt.Errorf("unknown outcome %q", b)
	}
	*o = Outcome(v)
	return nil
}

var (
	serverStatuses = [...]int16{500, 502, 503, 504}
	clientStatuses = [...]int16{400, 401, 403}
)

// inject maps the attempt's uniform draw u in [0, 1) to an injected failure:
// the classes share [0, 1) in the order rate limit, server, timeout,
// client, and the position inside a class's share picks its status.
func (f *Failures) inject(u float64) (FailureClass, int16) {
	pick := func(u, p float64, n int) int {
		return max(0, min(n-1, int(u/p*float64(n))))
	}
	lo, hi := 0.0, f.RateLimit
	if u < hi {
		return ClassRateLimit, 429
	}
	lo, hi = hi, hi+f.Server
	if u < hi {
		return ClassServer, serverStatuses[pick(u-lo, f.Server, len(serverStatuses))]
	}
	lo, hi = hi, hi+f.Timeout
	if u < hi {
		return ClassTimeout, 0
	}
	lo, hi = hi, hi+f.Client
	if u < hi {
		return ClassClient, clientStatuses[pick(u-lo, f.Client, len(clientStatuses))]
	}
	return ClassNone, 200
}

// parseFailure returns the chance that a completed reply of rows requests
// fails to parse: min(1, parse_base + parse_per_row × rows).
func (f *Failures) parseFailure(rows int) float64 {
	p := f.ParseBase + float64(f.ParsePerRow*float64(rows))
	if p > 1 { // min(1, p), a call under WebAssembly
		return 1
	}
	return p
}

// backoffMs is the wait after a failed attempt (counted from 0) before the
// next: min(base·2^attempt + U(0, 0.1·base·2^attempt), cap), in whole ms
// (the jitter rounded down), with u the uniform draw in [0, 1).
func backoffMs(base, capMs int64, attempt int, u float64) int64 {
	if attempt > maxRetries {
		return capMs
	}
	step := base << attempt // base ≤ 1 day, attempt ≤ 20: no overflow
	jitter := int64(float64(u * float64(float64(step)*0.1)))
	return min(step+jitter, capMs)
}
