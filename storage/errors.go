package storage

import "errors"

// The error kinds below are shared by every layer (storage, engine, API);
// httpd maps them to HTTP statuses in one place. Msg is shown to clients
// verbatim as the faultstring.

// NotFoundError reports a missing (or invisible) object: HTTP 404.
type NotFoundError struct{ Msg string }

func (e *NotFoundError) Error() string { return e.Msg }

// ConflictError reports a unique-constraint violation: HTTP 409.
type ConflictError struct{ Msg string }

func (e *ConflictError) Error() string { return e.Msg }

// InvalidError reports bad input (query, body, state request): HTTP 400.
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return e.Msg }

// ForbiddenError reports an operation the caller may not do: HTTP 403.
type ForbiddenError struct{ Msg string }

func (e *ForbiddenError) Error() string { return e.Msg }

// UnavailableError reports a service that cannot take the request now
// (the node is shutting down): HTTP 503.
type UnavailableError struct{ Msg string }

func (e *UnavailableError) Error() string { return e.Msg }

// ErrNotFound is returned by lookups that find nothing; callers wrap it
// into a NotFoundError carrying the resource's own message.
var ErrNotFound = errors.New("storage: not found")

// errCorrupt is returned when a stored record cannot be decoded.
var errCorrupt = errors.New("storage: corrupt record")
