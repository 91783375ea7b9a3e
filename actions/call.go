package actions

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// State is how an invocation ended.
type State uint8

// The states of a Result.
const (
	// StateSuccess: Data is the result.
	StateSuccess State = iota + 1
	// StateError: Data is the error value (a payload, or an exception text).
	StateError
	// StateCancelled: the run was cancelled; Data is nil.
	StateCancelled
	// StatePending: an async action started; the result comes later
	// through the API.
	StatePending
)

// String returns the action execution state the result leads to:
// SUCCESS, ERROR, CANCELLED or RUNNING (pending).
func (s State) String() string {
	switch s {
	case StateSuccess:
		return "SUCCESS"
	case StateError:
		return "ERROR"
	case StateCancelled:
		return "CANCELLED"
	case StatePending:
		return "RUNNING"
	}
	return "UNKNOWN"
}

// Result is the outcome of running an action. The action execution's
// output is {"result": Data}.
type Result struct {
	State State
	Data  any
}

// Call is an action bound to its input, ready to run (once or more; runs
// are independent).
type Call struct {
	Action *Action
	run    runFunc
}

// errTimeout is the cancellation cause of a call's own deadline.
var errTimeout = errors.New("action timeout")

// Run runs the call. timeout > 0 bounds the run: when it expires the
// result is the error "The action raised an exception [..., msg='N
// seconds']". When ctx is cancelled (or its own deadline passes) the
// result is StateCancelled. A panic inside the action becomes an
// exception result. ec may be nil; the action may use it only until Run
// returns.
func (c *Call) Run(ctx context.Context, ec *ExecContext, timeout time.Duration) Result {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, timeout, errTimeout)
		defer cancel()
	}
	if ctx.Err() != nil {
		return c.interrupted(ctx, ec, timeout)
	}
	data, err := c.safeRun(ctx, ec)
	if err == nil {
		if c.Action.Async {
			return Result{State: StatePending, Data: data}
		}
		return Result{State: StateSuccess, Data: data}
	}
	if ctx.Err() != nil {
		return c.interrupted(ctx, ec, timeout)
	}
	if er, ok := err.(*errorResult); ok {
		return Result{State: StateError, Data: er.data}
	}
	return Result{State: StateError, Data: raisedText(c.Action.Repr(), ec, err.Error())}
}

func (c *Call) interrupted(ctx context.Context, ec *ExecContext, timeout time.Duration) Result {
	if timeout > 0 && context.Cause(ctx) == errTimeout {
		return Result{State: StateError, Data: raisedText(c.Action.Repr(), ec, TimeoutText(timeout))}
	}
	return Result{State: StateCancelled}
}

func (c *Call) safeRun(ctx context.Context, ec *ExecContext) (data any, err error) {
	defer func() {
		if p := recover(); p != nil {
			data, err = nil, fmt.Errorf("%v", p)
		}
	}()
	return c.run(ctx, ec)
}
