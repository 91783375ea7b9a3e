package httpd

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// shape is the error body format of a route, as Mistral's two handler
// kinds produce them.
type shape uint8

const (
	// shapeWSME: {"faultcode": "Client"|"Server", "faultstring": ..., "debuginfo": null}
	shapeWSME shape = iota
	// shapeText: {"faultstring": ...} (definition endpoints taking YAML)
	shapeText
)

// tooLargeError reports a request body over the configured limit.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("Request body is too large: the limit is %d bytes.", e.limit)
}

// statusOf decides the HTTP status of an error: the one place where
// error kinds meet status codes.
func statusOf(err error) int {
	var (
		nf  *storage.NotFoundError
		cf  *storage.ConflictError
		inv *storage.InvalidError
		fb  *storage.ForbiddenError
		ua  *storage.UnavailableError
		de  *dsl.Error
		tl  *tooLargeError
	)
	switch {
	case errors.As(err, &nf):
		return http.StatusNotFound
	case errors.As(err, &cf):
		return http.StatusConflict
	case errors.As(err, &inv), errors.As(err, &de):
		return http.StatusBadRequest
	case errors.As(err, &fb):
		return http.StatusForbidden
	case errors.As(err, &ua):
		return http.StatusServiceUnavailable
	case errors.As(err, &tl):
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// faultString is the message clients see for err.
func faultString(err error, status int) string {
	var de *dsl.Error
	if errors.As(err, &de) {
		return de.Msg
	}
	if status == http.StatusInternalServerError {
		// Internal details stay in the log.
		return "Internal server error."
	}
	return err.Error()
}

// writeError sends err in the route's error shape.
func writeError(w http.ResponseWriter, r *http.Request, sh shape, err error) {
	status := statusOf(err)
	msg := faultString(err, status)
	if status == http.StatusInternalServerError {
		slog.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	b := make([]byte, 0, 64+len(msg))
	if sh == shapeText {
		b = append(b, `{"faultstring": `...)
		b = value.AppendJSONString(b, msg, true)
		b = append(b, '}')
	} else {
		code := "Client"
		if status >= 500 {
			code = "Server"
		}
		b = append(b, `{"faultcode": "`...)
		b = append(b, code...)
		b = append(b, `", "faultstring": `...)
		b = value.AppendJSONString(b, msg, true)
		b = append(b, `, "debuginfo": null}`...)
	}
	writeJSON(w, status, b)
}

// writeJSON sends a JSON body with Mistral's headers.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeNoContent sends 204 with "Content-Length: 0" and no Content-Type.
func writeNoContent(w http.ResponseWriter) {
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusNoContent)
}

// invalid builds a 400 error with a formatted message.
func invalid(format string, args ...any) error {
	return &storage.InvalidError{Msg: fmt.Sprintf(format, args...)}
}

// notFound builds a 404 error with a formatted message.
func notFound(format string, args ...any) error {
	return &storage.NotFoundError{Msg: fmt.Sprintf(format, args...)}
}

// forbidden is Mistral's policy denial.
var errForbidden = &storage.ForbiddenError{Msg: "Operation forbidden (insufficient permissions)"}
