package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"strings"

	"github.com/batchlab/batchlab/core"
	"github.com/batchlab/batchlab/web/share"
)

// Error codes of the API, after WTF Dial: a short, stable word per kind of
// failure, sent in the JSON error body next to the HTTP status. The first
// three are the core's own codes.
const (
	CodeInvalid          = core.EINVALID  // 400: the input is wrong; path says where
	CodeTooLarge         = core.ETOOLARGE // 413: the body is over MaxBodyBytes
	CodeInternal         = core.EINTERNAL // 500: a bug or a store failure; details only in the log
	CodeNotFound         = "not_found"    // 404: unknown route or share id
	CodeExpired          = "expired"      // 404: a share past its expiry (once deleted, not_found: so 404, not 410, for both)
	CodeMethodNotAllowed = "method_not_allowed"
	CodeUnsupportedMedia = "unsupported_media_type" // 415: not JSON, or an encoding other than gzip
	CodeOverLimit        = "over_limit"             // 422: valid, but over a documented limit
	CodeConflict         = "conflict"               // 409: share id collision
	CodeBusy             = "busy"                   // 503: too many simulations waiting
)

// An Error is a failure the API reports to its client. Its message is meant
// for users; Path names the offending value (a JSON path into the body, or a
// URL parameter such as "id") when there is one.
type Error struct {
	Status  int
	Code    string
	Message string
	Path    string
}

// Error returns the message, prefixed by the path when there is one.
func (e *Error) Error() string {
	if e.Path != "" {
		return e.Path + ": " + e.Message
	}
	return e.Message
}

// errorBody is the JSON of an error response.
type errorBody struct {
	Error errorJSON `json:"error"`
}

// errorJSON is one error: the first problem, and every field problem of the
// body when the core found several.
type errorJSON struct {
	Code    string        `json:"code"`
	Message string        `json:"message"`
	Path    string        `json:"path,omitempty"`
	Line    int           `json:"line,omitempty"`
	Column  int           `json:"column,omitempty"`
	Details []fieldDetail `json:"details,omitempty"`
}

// fieldDetail is one field problem in the details list.
type fieldDetail struct {
	Path    string `json:"path"`
	Message string `json:"message"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
}

// statusOf maps the core's and the API's codes to HTTP statuses.
var statusOf = map[string]int{
	CodeInvalid:          http.StatusBadRequest,
	CodeTooLarge:         http.StatusRequestEntityTooLarge,
	CodeNotFound:         http.StatusNotFound,
	CodeExpired:          http.StatusNotFound,
	CodeMethodNotAllowed: http.StatusMethodNotAllowed,
	CodeUnsupportedMedia: http.StatusUnsupportedMediaType,
	CodeOverLimit:        http.StatusUnprocessableEntity,
	CodeConflict:         http.StatusConflict,
	CodeBusy:             http.StatusServiceUnavailable,
	CodeInternal:         http.StatusInternalServerError,
}

// writeError sends err as a JSON error. An *Error goes out as it is; the
// core's field errors become 400 with the path of the first problem and all
// of them in details; anything else is a 500 whose details stay in the log.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	status, body := classify(r, log, err)
	writeJSON(w, status, errorBody{Error: body})
}

// writeErrorPage answers a route a person opens in the browser (GET
// /s/{id}) with a page instead of the API's JSON: the same status and
// message, and a way on to the playground.
func writeErrorPage(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	status, body := classify(r, log, err)
	title := "This link cannot be opened"
	switch body.Code {
	case CodeNotFound:
		title = "No scenario is stored under this link"
	case CodeExpired:
		title = "This link has expired"
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"+
		"<title>batchlab: %s</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n"+
		"<main class=\"app error-page\" data-code=\"%s\" data-path=\"%s\"><h1>%s</h1>\n<p id=\"error-message\">%s</p>\n<p><a href=\"/\">Open the playground</a></p></main>\n",
		html.EscapeString(title), html.EscapeString(body.Code), html.EscapeString(body.Path), html.EscapeString(title), html.EscapeString(body.Message))
}

// classify maps an error to its status and API error body, logging
// internal errors (whose details never reach the client).
func classify(r *http.Request, log *slog.Logger, err error) (int, errorJSON) {
	var body errorJSON
	var apiErr *Error
	switch {
	case errors.As(err, &apiErr):
		body = errorJSON{Code: apiErr.Code, Message: apiErr.Message, Path: apiErr.Path}
	case errors.Is(err, share.ErrCollision):
		body = errorJSON{Code: CodeConflict, Message: share.ErrCollision.Error()}
	case core.ErrorCode(err) == core.EINVALID || core.ErrorCode(err) == core.ETOOLARGE:
		fes := core.FieldErrors(err)
		if len(fes) == 0 {
			body = errorJSON{Code: core.ErrorCode(err), Message: err.Error()}
			break
		}
		first := fes[0]
		body = errorJSON{Code: core.ErrorCode(err), Message: first.Err.Error(), Path: first.Path, Line: first.Line, Column: first.Column}
		if len(fes) > 1 {
			for _, fe := range fes {
				body.Details = append(body.Details, fieldDetail{Path: fe.Path, Message: fe.Err.Error(), Line: fe.Line, Column: fe.Column})
			}
		}
	default:
		log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		body = errorJSON{Code: CodeInternal, Message: "internal error"}
	}
	status, ok := statusOf[body.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if apiErr != nil && apiErr.Status != 0 {
		status = apiErr.Status
	}
	return status, body
}

// writeJSON sends v as a JSON response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"error":{"code":"internal","message":"internal error"}}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}

// truncate shortens s to n bytes for an error message, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
