package actions

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/mistral-go/mistral-go/value"
)

// AdHocClass is the class path Mistral prints in "Invalid input [...]" for
// ad-hoc actions.
const AdHocClass = "mistral.actions.adhoc.AdHocAction"

// ExecContext is what an action knows about where it runs. Empty strings
// stand for Python's None (an action run without a workflow has no
// workflow, task or — when not stored — action execution).
type ExecContext struct {
	WorkflowName        string
	WorkflowNamespace   string
	WorkflowExecutionID string
	TaskExecutionID     string
	ActionExecutionID   string
	// CallbackURL is where the result of an async action is reported;
	// empty means the default /v2/action_executions/<id>.
	CallbackURL string
}

// Callback returns the callback URL: CallbackURL, or
// /v2/action_executions/<ActionExecutionID>, or "" without an id.
func (ec *ExecContext) Callback() string {
	if ec == nil {
		return ""
	}
	if ec.CallbackURL != "" {
		return ec.CallbackURL
	}
	if ec.ActionExecutionID == "" {
		return ""
	}
	return "/v2/action_executions/" + ec.ActionExecutionID
}

// Args is the input of one invocation as an action sees it: the given
// values, with the signature's defaults behind them.
type Args struct {
	sig *Signature
	in  *value.Map
}

// Get returns the value given for name, else its default, else nil.
func (a Args) Get(name string) any {
	if v, ok := a.in.Get(name); ok {
		return v
	}
	if p, ok := a.sig.Param(name); ok {
		return p.Default
	}
	return nil
}

// Has reports whether name was given explicitly.
func (a Args) Has(name string) bool { return a.in.Has(name) }

// Input returns the input as given (without defaults); do not modify it.
func (a Args) Input() *value.Map { return a.in }

// Func implements an action. It returns the result data, an error made by
// ErrorResult (an error result with a payload), or any other error (the
// action raised: its text becomes the exception message). It must honour
// ctx: when ctx is done it should return promptly.
type Func func(ctx context.Context, args Args, ec *ExecContext) (any, error)

// runFunc is a bound invocation.
type runFunc func(ctx context.Context, ec *ExecContext) (any, error)

// binder checks and binds input beyond the signature (Python's __init__):
// an error is an input error.
type binder func(args Args) (runFunc, error)

// Action is one runnable action. Its fields are read-only once the action
// is registered.
type Action struct {
	// Name is the action name, e.g. "std.echo".
	Name string
	// Class is the Python class path Mistral reports for it, e.g.
	// "mistral.actions.std_actions.EchoAction".
	Class string
	// Description is the text GET /v2/actions shows.
	Description string
	// Signature is the parameter spec.
	Signature *Signature
	// Async actions do not complete inside Run: a good start leaves them
	// Pending until the result is delivered through the API.
	Async bool

	bind binder
	// repr, when set, is the fixed Python repr ("Fail action"); otherwise
	// the default object repr with the class path is printed.
	repr string
	// shared, when set, is the one Call of an action that binds no input
	// (std.noop), so binding it allocates nothing.
	shared *Call
}

// Define makes an action from a Func, for actions that are not part of the
// std catalogue (tests, embedders). spec is the parameter spec string.
func Define(name, class, description, spec string, async bool, fn Func) (*Action, error) {
	sig, err := ParseSignature(spec)
	if err != nil {
		return nil, err
	}
	if fn == nil {
		return nil, fmt.Errorf("define action %q: nil Func", name)
	}
	a := &Action{Name: name, Class: class, Description: description, Signature: sig, Async: async}
	a.bind = func(args Args) (runFunc, error) {
		return func(ctx context.Context, ec *ExecContext) (any, error) { return fn(ctx, args, ec) }, nil
	}
	return a, nil
}

// Check checks input against the signature (see Signature.Check).
func (a *Action) Check(input *value.Map) error {
	return a.Signature.Check(a.Name, a.Class, input)
}

// Bind checks input and binds it, ready to run. The error is an
// *InputError. input is not modified and must not be modified while the
// call may run.
func (a *Action) Bind(input *value.Map) (*Call, error) {
	if err := a.Check(input); err != nil {
		return nil, err
	}
	if a.shared != nil {
		return a.shared, nil
	}
	run, err := a.bind(Args{sig: a.Signature, in: input})
	if err != nil {
		return nil, err
	}
	return &Call{Action: a, run: run}, nil
}

// Repr returns the Python repr of an instance of the action, which Mistral
// prints in exception texts: "Fail action" for std.fail, otherwise
// "<mistral.actions.std_actions.XAction object at 0x7f…>" (the address is
// made up, as an instance's address is in Python).
func (a *Action) Repr() string {
	if a.repr != "" {
		return a.repr
	}
	b := make([]byte, 0, len(a.Class)+32)
	b = append(b, '<')
	b = append(b, a.Class...)
	b = append(b, " object at 0x7f"...)
	b = strconv.AppendUint(b, rand.Uint64()&0xfffffffff0|0x8000000000, 16)
	b = append(b, '>')
	return string(b)
}
