package yaql

import "strconv"

// lambda is an argument yaql passes unevaluated (yaqltypes.Lambda): an
// expression evaluated per call with $1, $2, … bound to the call's
// arguments, in a child of the context the function was called in.
type lambda struct {
	n       node // nil when the argument was a plain value
	v       any
	sc      *scope
	recv    any    // receiver of the call the lambda was passed to
	method  bool   // applied to a receiver (the right side of '.')
	withCtx bool   // evaluated in a context given by the caller
	spare   *scope // a scope of a previous call nothing kept, for reuse
}

var argNames = [...]string{"$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8"}

func argName(i int) string {
	if i < len(argNames) {
		return argNames[i]
	}
	return "$" + strconv.Itoa(i+1)
}

// call1 calls the lambda with one argument ($ and $1).
func (l *lambda) call1(ec *evalCtx, x any) (any, error) {
	if l.n == nil {
		return l.v, nil
	}
	sc := l.spare
	l.spare = nil
	if sc == nil || sc.captured {
		sc = &scope{parent: l.sc}
	} else {
		*sc = scope{parent: l.sc}
	}
	sc.name0, sc.val0 = "$1", x
	v, err := l.n.eval(ec, sc, noValue)
	sc.val0 = nil
	l.spare = sc
	return v, err
}

// call calls the lambda with positional arguments $1, $2, … .
func (l *lambda) call(ec *evalCtx, args ...any) (any, error) {
	return l.callKw(ec, args, nil)
}

// callKw calls the lambda with positional and named arguments.
func (l *lambda) callKw(ec *evalCtx, args []any, kw []kwVal) (any, error) {
	if l.n == nil {
		return l.v, nil
	}
	sc := l.sc.child()
	for i, a := range args {
		sc.set(argName(i), a)
	}
	for _, k := range kw {
		sc.set(normVar(k.name), k.v)
	}
	return l.n.eval(ec, sc, noValue)
}

// callMethod applies a method lambda to a receiver.
func (l *lambda) callMethod(ec *evalCtx, recv any) (any, error) {
	if l.n == nil {
		return l.v, nil
	}
	return l.n.eval(ec, l.sc.child(), recv)
}

// callIn evaluates a with-context lambda in sc, publishing args there.
func (l *lambda) callIn(ec *evalCtx, sc *scope, args ...any) (any, error) {
	for i, a := range args {
		sc.set(argName(i), a)
	}
	if l.n == nil {
		return l.v, nil
	}
	return l.n.eval(ec, sc, noValue)
}

// truthy1 calls a one-argument predicate.
func (l *lambda) truthy1(ec *evalCtx, x any) (bool, error) {
	v, err := l.call1(ec, x)
	if err != nil {
		return false, err
	}
	return truthy(v), nil
}
