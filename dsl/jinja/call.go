package jinja

import (
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// Func is a function templates can call (a global) or pipe into (a
// filter, whose first argument is the piped value). user is the value
// given to Eval/Render.
type Func func(user any, args []any, kwargs *value.Map) (any, error)

// Function is a named Func exposed to templates.
type Function struct {
	Name string
	Fn   Func
}

// PyRepr implements Python's repr.
func (f *Function) PyRepr() string { return "<function " + f.Name + " at 0x7f0000000000>" }

// methodFn implements a Python method of a built-in type.
type methodFn func(s *state, recv any, args []any, kw *value.Map) (any, error)

// boundMethod is a method bound to its receiver (`'abc'.upper`).
type boundMethod struct {
	recv any
	name string
	fn   methodFn
}

func (m *boundMethod) PyRepr() string {
	return "<built-in method " + m.name + " of " + typeName(m.recv) + " object at 0x7f0000000000>"
}

// builtin is one of Jinja's global functions (range, dict, …).
type builtin struct {
	name string
	fn   func(s *state, args []any, kw *value.Map) (any, error)
}

func (b *builtin) PyRepr() string { return "<built-in function " + b.name + ">" }

// call calls fn as Python would, after the sandbox's safety checks.
func call(s *state, fn any, args []any, kw *value.Map) (any, error) {
	if err := s.charge(1); err != nil {
		return nil, err
	}
	switch f := fn.(type) {
	case *Function:
		return f.Fn(s.user, args, kw)
	case *builtin:
		return f.fn(s, args, kw)
	case *boundMethod:
		return f.fn(s, f.recv, args, kw)
	case *macro:
		return f.call(s, args, kw)
	case *loopObj:
		return f.call(s, args, kw)
	case *joiner:
		return f.call(args)
	case *Undefined:
		return nil, f.err()
	}
	return nil, errorf("'" + typeName(fn) + "' object is not callable")
}

// noArg marks a parameter that was not passed.
type noArgT struct{}

var noArg = noArgT{}

// sig is a Python function signature, used to bind arguments and to
// report binding errors with CPython's wording.
type sig struct {
	name     string
	params   []string
	required int  // leading params without defaults
	varargs  bool // *args
	varkw    bool // **kwargs
}

// bind binds args and kw to the parameters; missing optional ones are
// noArg. Extra positional arguments (varargs) and keyword arguments
// (varkw) are returned.
func (g *sig) bind(args []any, kw *value.Map) ([]any, []any, *value.Map, error) {
	out := make([]any, len(g.params))
	for i := range out {
		out[i] = noArg
	}
	n := len(args)
	var extra []any
	if n > len(g.params) {
		if !g.varargs {
			return nil, nil, nil, g.tooMany(n, kw)
		}
		extra = args[len(g.params):]
		n = len(g.params)
	}
	copy(out, args[:n])
	var extraKw *value.Map
	if kw != nil {
		for i := 0; i < kw.Len(); i++ {
			k, v := kw.At(i)
			idx := -1
			for j, p := range g.params {
				if p == k {
					idx = j
					break
				}
			}
			if idx < 0 {
				if !g.varkw {
					return nil, nil, nil, errorf(g.name + "() got an unexpected keyword argument '" + k + "'")
				}
				if extraKw == nil {
					extraKw = value.NewMap(1)
				}
				extraKw.Set(k, v)
				continue
			}
			if idx < n {
				return nil, nil, nil, errorf(g.name + "() got multiple values for argument '" + k + "'")
			}
			out[idx] = v
		}
	}
	var missing []string
	for i := 0; i < g.required; i++ {
		if out[i] == noArg {
			missing = append(missing, "'"+g.params[i]+"'")
		}
	}
	if len(missing) > 0 {
		return nil, nil, nil, errorf(g.name + "() missing " + strconv.Itoa(len(missing)) + " required positional argument" + plural(len(missing)) + ": " + joinNames(missing))
	}
	return out, extra, extraKw, nil
}

func (g *sig) tooMany(given int, kw *value.Map) error {
	var takes string
	switch {
	case g.required == len(g.params):
		takes = strconv.Itoa(len(g.params)) + " positional argument" + plural(len(g.params))
	default:
		takes = "from " + strconv.Itoa(g.required) + " to " + strconv.Itoa(len(g.params)) + " positional arguments"
	}
	was := "were"
	if given == 1 {
		was = "was"
	}
	kwPart := ""
	if kw != nil && kw.Len() > 0 {
		nkw := 0
		for i := 0; i < kw.Len(); i++ {
			k, _ := kw.At(i)
			for _, p := range g.params {
				if p == k {
					nkw++
				}
			}
		}
		if nkw > 0 {
			kwPart = " positional argument" + plural(given) + " (and " + strconv.Itoa(nkw) + " keyword-only argument" + plural(nkw) + ")"
			return errorf(g.name + "() takes " + takes + " but " + strconv.Itoa(given) + kwPart + " " + was + " given")
		}
	}
	return errorf(g.name + "() takes " + takes + " but " + strconv.Itoa(given) + " " + was + " given")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// joinNames formats names as CPython does in "missing" messages.
func joinNames(names []string) string {
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + ", and " + names[len(names)-1]
}

// arg returns a bound argument or def when it was not passed.
func arg(v any, def any) any {
	if v == noArg {
		return def
	}
	return v
}

// noKwargs reports CPython's error for builtins that take no keyword
// arguments.
func noKwargs(name string, kw *value.Map) error {
	if kw != nil && kw.Len() > 0 {
		return errorf(name + "() takes no keyword arguments")
	}
	return nil
}

// arity checks a positional-only builtin method's argument count with
// the "expected at most N arguments, got M" wording.
func arity(name string, args []any, kw *value.Map, min, max int) error {
	if err := noKwargs(name, kw); err != nil {
		return err
	}
	if len(args) < min {
		return errorf(name + " expected at least " + strconv.Itoa(min) + " argument" + plural(min) + ", got " + strconv.Itoa(len(args)))
	}
	if len(args) > max {
		return errorf(name + " expected at most " + strconv.Itoa(max) + " argument" + plural(max) + ", got " + strconv.Itoa(len(args)))
	}
	return nil
}

// noArgs checks a method that takes no arguments ("str.upper() takes no
// arguments (1 given)").
func noArgs(qual string, args []any, kw *value.Map) error {
	if kw != nil && kw.Len() > 0 {
		return errorf(qual + "() takes no keyword arguments")
	}
	if len(args) > 0 {
		return errorf(qual + "() takes no arguments (" + strconv.Itoa(len(args)) + " given)")
	}
	return nil
}

// toInt converts an integer-like argument (int or bool).
func toInt(v any, what string) (int64, error) {
	_, i, isInt, ok := numberOf(v)
	if !ok || !isInt {
		if u, ok := v.(*Undefined); ok {
			return 0, u.err()
		}
		return 0, errorf("'" + typeName(v) + "' object cannot be interpreted as an integer")
	}
	return i, nil
}
