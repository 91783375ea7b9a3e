package yaql

import (
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/mistral-go/mistral-go/value"
)

// Expr is a parsed YAQL expression. It is immutable and safe for
// concurrent use: parse once, evaluate many times.
type Expr struct {
	text string
	root node
}

// Func is an extra function (Mistral's env(), task(), json_dump(), …),
// called with evaluated arguments; kwargs holds `name => value` arguments
// by name as written (camelCase) and may be nil. user is the value passed
// to Eval.
type Func func(user any, args []any, kwargs *value.Map) (any, error)

// Functions adds functions to the standard library (plain functions, not
// methods). A name here hides a standard function of the same name when
// called as a function.
type Functions map[string]Func

// Limits bound the cost of one evaluation, so that a hostile expression
// cannot take the server down. Exceeding one is an evaluation error.
type Limits struct {
	// MaxSteps bounds expression nodes evaluated plus items drawn from
	// lazy collections.
	MaxSteps int
	// MaxCollection bounds the length of any collection built.
	MaxCollection int
	// MaxString bounds the length in bytes of any string built.
	MaxString int
	// MaxDepth bounds nested evaluation (function calls within calls,
	// recursion through def()).
	MaxDepth int
}

// DefaultLimits are the limits Eval applies.
var DefaultLimits = Limits{
	MaxSteps:      5_000_000,
	MaxCollection: 1_000_000,
	MaxString:     16 << 20,
	MaxDepth:      1000,
}

// maxParseDepth bounds the nesting of parsed expressions.
const maxParseDepth = 500

// Parse parses the text between <% and %> (already trimmed by the caller).
// Errors are *GrammarError whose Error() is yaql's message.
func Parse(text string) (*Expr, error) {
	root, err := parse(text)
	if err != nil {
		return nil, err
	}
	return &Expr{text: text, root: root}, nil
}

// String returns the source text.
func (e *Expr) String() string { return e.text }

// Eval evaluates with $ bound to root. Errors are *EvalError whose Cause
// is the Python exception text Mistral shows after "error=" (e.g. `'key'`,
// `Unknown function "foo"`, `No function "#operator_+" matches supplied
// arguments`). The result is in the value model: tuples, lists,
// iterators and sets become []any, dicts *value.Map (non-string keys
// rendered as JSON renders them), datetimes strings
// "YYYY-MM-DDTHH:MM:SS.ffffff".
func (e *Expr) Eval(root any, fns Functions, user any) (any, error) {
	return e.EvalLimits(root, fns, user, DefaultLimits)
}

// EvalLimits is Eval with explicit limits.
func (e *Expr) EvalLimits(root any, fns Functions, user any, lim Limits) (out any, err error) {
	ec := ctxPool.Get().(*evalCtx)
	ec.fns, ec.user, ec.lim = fns, user, lim
	ec.argStack = ec.argBuf[:0]
	defer func() {
		*ec = evalCtx{}
		ctxPool.Put(ec)
	}()
	defer func() {
		if r := recover(); r != nil {
			out = nil
			if bp, ok := r.(budgetPanic); ok {
				err = bp.err
				return
			}
			err = pyErr("InternalError", fmt.Sprintf("internal error: %v", r))
			_ = debug.Stack
		}
	}()
	ec.rootScope = scope{name0: "$1", val0: root, root: root, hasRoot: true}
	sc := &ec.rootScope
	v, err := e.root.eval(ec, sc, noValue)
	if err != nil {
		return nil, err
	}
	return ec.output(v)
}

// ctxPool recycles evaluation states: nothing built during an evaluation
// refers to its state once the result has been converted.
var ctxPool = sync.Pool{New: func() any { return new(evalCtx) }}

// evalCtx is the state of one evaluation.
type evalCtx struct {
	fns   Functions
	user  any
	lim   Limits
	steps int
	depth int
	// defs is set once def() has run: functions it defines may hide the
	// standard ones, so the fast paths are off from then on.
	defs bool
	// argStack holds the arguments of the calls in progress.
	argStack  []argVal
	rootScope scope
	argBuf    [16]argVal
}

// step charges one unit of work.
func (ec *evalCtx) step() error {
	ec.steps++
	if ec.steps > ec.lim.MaxSteps {
		return errSteps()
	}
	return nil
}

// enter and leave bound the evaluation depth.
func (ec *evalCtx) enter() error {
	ec.depth++
	if ec.depth > ec.lim.MaxDepth {
		return errDepth()
	}
	return nil
}

func (ec *evalCtx) leave() { ec.depth-- }

// checkLen fails when a collection being built grows past the limit.
func (ec *evalCtx) checkLen(n int) error {
	if n > ec.lim.MaxCollection {
		return errTooLarge(ec.lim.MaxCollection)
	}
	return nil
}

// checkStr fails when a string being built grows past the limit, and
// charges the work of building it (one step per 64 bytes), so that
// repeated copying of long strings is bounded too.
func (ec *evalCtx) checkStr(n int) error {
	if n > ec.lim.MaxString {
		return errMemory()
	}
	return ec.charge(n / 64)
}

// charge adds n steps of work (elements copied, bytes built).
func (ec *evalCtx) charge(n int) error {
	ec.steps += n
	if ec.steps > ec.lim.MaxSteps {
		return errSteps()
	}
	return nil
}
