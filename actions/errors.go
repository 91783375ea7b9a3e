package actions

import (
	"errors"
	"strconv"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// InputError reports input that does not fit an action: a signature
// mismatch ("Invalid input [...]") or a value the action cannot take
// ("Only one of the parameters 'json' and 'body' can be passed"). The API
// answers it with 400; in a workflow it fails the task.
type InputError struct {
	Msg string
}

// Error returns the message as Mistral words it.
func (e *InputError) Error() string { return e.Msg }

// NotFoundError reports an unknown action name, worded as the API words
// it: "Failed to find action [action_name=X]".
type NotFoundError struct {
	Name string
}

// Error returns "Failed to find action [action_name=<name>]".
func (e *NotFoundError) Error() string {
	return "Failed to find action [action_name=" + e.Name + "]"
}

// ErrStopped is returned by Executor.Submit once Stop has begun.
var ErrStopped = errors.New("action executor is stopped")

// errorResult is how an action returns an error result with a payload
// (std.fail error_data, std.http non-2xx) rather than raising.
type errorResult struct {
	data any
}

func (e *errorResult) Error() string { return value.Str(e.data) }

// ErrorResult makes an action Func end with an error result whose data is
// data itself (Mistral's Result(error=data)), not an exception text.
func ErrorResult(data any) error { return &errorResult{data: data} }

// raisedText words an exception the way Mistral's executor does.
func raisedText(repr string, ec *ExecContext, msg string) string {
	b := make([]byte, 0, 64+len(repr)+len(msg))
	b = append(b, "The action raised an exception [action="...)
	b = append(b, repr...)
	b = append(b, ", action_ex_id="...)
	if ec == nil || ec.ActionExecutionID == "" {
		b = append(b, "None"...)
	} else {
		b = append(b, ec.ActionExecutionID...)
	}
	b = append(b, ", msg='"...)
	b = append(b, msg...)
	b = append(b, "']"...)
	return string(b)
}

// TimeoutText is the exception text of an action that ran out of time,
// as Mistral 15 prints it (eventlet's Timeout): "1 second", "2 seconds",
// "0.5 seconds".
func TimeoutText(d time.Duration) string {
	secs := d.Seconds()
	var b []byte
	if d%time.Second == 0 {
		b = strconv.AppendInt(b, int64(d/time.Second), 10)
	} else {
		b = value.AppendFloat(b, secs)
	}
	if d == time.Second {
		return string(append(b, " second"...))
	}
	return string(append(b, " seconds"...))
}
