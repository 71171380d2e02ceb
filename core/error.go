package core

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every input problem the core reports is a *FieldError whose
// Err wraps one of these, so callers can branch with errors.Is while users
// read the detailed message.
var (
	// ErrSyntax: the document is not well-formed JSON.
	ErrSyntax = errors.New("malformed JSON")
	// ErrType: a value has the wrong JSON type.
	ErrType = errors.New("wrong type")
	// ErrInvalid: a value has the right type but is out of range or not allowed.
	ErrInvalid = errors.New("invalid value")
	// ErrRequired: a required value is missing or empty.
	ErrRequired = errors.New("missing value")
	// ErrDuplicate: a value that must be unique appears twice.
	ErrDuplicate = errors.New("duplicate value")
	// ErrUnknownField: an object holds a key the format does not define.
	ErrUnknownField = errors.New("unknown field")
	// ErrUnknownModel: a request or override names a model that is not in the catalog.
	ErrUnknownModel = errors.New("unknown model")
	// ErrVersion: a scenario was written by a newer batchlab.
	ErrVersion = errors.New("unsupported version")
	// ErrTooLarge: the input exceeds a documented size limit.
	ErrTooLarge = errors.New("too large")
)

// MaxErrors is how many field errors one decode reports before it stops
// collecting; the last error then says how many more were found.
const MaxErrors = 20

// A FieldError is a problem with one value of an input document. Path names
// the value as a JSON path ("$[3].created_at_ms"); Line and Column (1-based,
// in bytes) locate it in the source when known, and are 0 otherwise.
type FieldError struct {
	Path   string
	Line   int
	Column int
	Err    error
}

// Error returns "path: message", with the position for syntax errors.
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, " (line %d, column %d)", e.Line, e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error, which wraps a sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// detail is an error whose message is msg and which unwraps to a sentinel.
type detail struct {
	kind error
	msg  string
}

func (d *detail) Error() string { return d.msg }
func (d *detail) Unwrap() error { return d.kind }

// fieldErr builds a *FieldError at path of the given kind with a formatted message.
func fieldErr(path string, kind error, format string, args ...any) *FieldError {
	return &FieldError{Path: path, Err: &detail{kind: kind, msg: fmt.Sprintf(format, args...)}}
}

// errorList collects field errors up to MaxErrors and counts the rest.
type errorList struct {
	errs    []error
	dropped int
}

// add records e, unless its field already has an error: one message per
// field is enough, and a value that failed to decode would otherwise be
// reported again by validation.
func (l *errorList) add(e *FieldError) {
	for _, x := range l.errs {
		if fe, ok := x.(*FieldError); ok && fe.Path == e.Path {
			return
		}
	}
	if len(l.errs) >= MaxErrors {
		l.dropped++
		return
	}
	l.errs = append(l.errs, e)
}

func (l *errorList) addf(path string, kind error, format string, args ...any) {
	l.add(fieldErr(path, kind, format, args...))
}

func (l *errorList) full() bool { return len(l.errs) >= MaxErrors }

func (l *errorList) len() int { return len(l.errs) + l.dropped }

// err joins the collected errors, or returns nil when there are none.
func (l *errorList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	errs := l.errs
	if l.dropped > 0 {
		errs = append(errs[:len(errs):len(errs)], fmt.Errorf("… and %d more errors", l.dropped))
	}
	return errors.Join(errs...)
}

// FieldErrors returns every *FieldError inside err (which may be a join of
// several), in order. It returns nil if err holds none.
func FieldErrors(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if fe, ok := e.(*FieldError); ok {
			out = append(out, fe)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		walk(errors.Unwrap(e))
	}
	walk(err)
	return out
}

// Error codes, after WTF Dial: a short, stable word per kind of failure that
// transports map to their own status codes.
const (
	EINVALID  = "invalid"   // the input is wrong; the message says where
	ETOOLARGE = "too_large" // the input exceeds a limit
	EINTERNAL = "internal"  // a bug; details are not shown to users
)

// ErrorCode returns the code of err: EINVALID for field errors, ETOOLARGE for
// size limits, EINTERNAL for anything else, "" for nil.
func ErrorCode(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrTooLarge):
		return ETOOLARGE
	case len(FieldErrors(err)) > 0:
		return EINVALID
	}
	return EINTERNAL
}

// position converts a byte offset in data into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	line, col = 1, 1
	for _, c := range data[:offset] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
