package dsl

import "fmt"

// Error is a definition that cannot be accepted. Error() is the
// faultstring Mistral gives (HTTP 400); Line is the 1-based line of the
// offending part of the text when known, 0 otherwise.
type Error struct {
	Msg  string
	Line int
}

func (e *Error) Error() string { return e.Msg }

// errorf builds an *Error without a line.
func errorf(format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}
