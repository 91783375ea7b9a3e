// Package jinja is a Jinja2 engine configured as OpenStack Mistral
// configures its own: a sandboxed environment with StrictUndefined,
// trim_blocks and lstrip_blocks on, autoescape off.
//
// It parses templates with Jinja2's grammar and error messages, and
// evaluates them over the value model (package value) with Python's
// semantics: true division, Python str() of values when printing, the
// standard filters and tests, Python string/dict/list methods. Templates
// are compiled once and evaluated many times; each evaluation has a cost
// budget so hostile templates end in an error.
package jinja

import (
	"sync"

	"github.com/mistral-go/mistral-go/value"
)

// Env is a Jinja environment: the filters, tests and globals templates
// see. Configure it (AddGlobal, AddFilter) before compiling; it is then
// safe for concurrent use.
type Env struct {
	filters map[string]filterFn
	globals map[string]any
}

// NewEnv returns an environment with Jinja's standard filters, tests and
// globals.
func NewEnv() *Env {
	return &Env{filters: map[string]filterFn{}, globals: defaultGlobals()}
}

// AddGlobal makes fn callable as name(...).
func (e *Env) AddGlobal(name string, fn Func) {
	e.globals[name] = &Function{Name: name, Fn: fn}
}

// AddFilter makes fn usable as `x | name(...)`; fn receives the piped
// value as its first argument.
func (e *Env) AddFilter(name string, fn Func) {
	e.filters[name] = func(s *state, args []any, kw *value.Map) (any, error) {
		return fn(s.user, args, kw)
	}
}

func (e *Env) filter(name string) filterFn {
	if f, ok := builtinFilters[name]; ok {
		return f
	}
	return e.filters[name]
}

func (e *Env) test(name string) testFn { return builtinTests[name] }

// Template is a compiled template.
type Template struct {
	env  *Env
	body []stmt
	// err is a compile error Jinja2 raises when the template is loaded
	// (unknown filter or test), reported by Render.
	err error
}

// Parse compiles a template. Syntax errors are *SyntaxError with
// Jinja2's message.
func (e *Env) Parse(src string) (*Template, error) {
	p := newParser(src, stRoot)
	var body []stmt
	if err := p.run(func() { body = p.parseTemplate() }); err != nil {
		return nil, err
	}
	t := &Template{env: e, body: body}
	t.err = e.checkFilters(body)
	return t, nil
}

// Expr is a compiled expression (Jinja2's compile_expression).
type Expr struct {
	env *Env
	x   expr
	err error
}

// ParseExpr compiles a single expression, as the text between {{ and }}.
// Trailing input is "chunk after expression".
func (e *Env) ParseExpr(src string) (*Expr, error) {
	p := newParser(src, stVariable)
	var x expr
	err := p.run(func() {
		x = p.parseExpression(true)
		if p.cur.typ != tEOF || len(p.pushed) > 0 {
			p.fail("chunk after expression")
		}
	})
	if err != nil {
		return nil, err
	}
	c := &Expr{env: e, x: x}
	c.err = e.checkFilters([]stmt{&outputStmt{parts: []outPart{{x: x}}}})
	return c, nil
}

// Const reports whether the expression is a literal, and its value.
func (x *Expr) Const() (any, bool) {
	if x.err != nil {
		return nil, false
	}
	switch k := x.x.(type) {
	case *constExpr:
		return k.v, true
	}
	return nil, false
}

var statePool = sync.Pool{New: func() any { return &state{} }}

func newState(env *Env, vars Vars, user any) *state {
	s := statePool.Get().(*state)
	s.env, s.vars, s.user = env, vars, user
	s.root.reset()
	s.frame = &s.root
	s.steps, s.depth, s.autoescape = 0, 0, false
	s.out = s.out[:0]
	return s
}

func freeState(s *state) {
	s.vars, s.user, s.frame = nil, nil, nil
	if cap(s.out) > 64<<10 {
		s.out = nil
	}
	statePool.Put(s)
}

// Eval evaluates the expression and returns its value converted to the
// value model (see Export). Errors are *Error with Python's message.
func (x *Expr) Eval(vars Vars, user any) (any, error) {
	if x.err != nil {
		return nil, x.err
	}
	s := newState(x.env, vars, user)
	defer freeState(s)
	v, err := x.x.eval(s)
	if err != nil {
		return nil, err
	}
	if u, ok := v.(*Undefined); ok {
		// str(result) raises for strict undefined; the lenient one from
		// an inline if cannot be stored either.
		return nil, &Error{Msg: u.Message(), undefined: true}
	}
	return Export(v)
}

// Render renders the template.
func (t *Template) Render(vars Vars, user any) (string, error) {
	if t.err != nil {
		return "", t.err
	}
	s := newState(t.env, vars, user)
	defer freeState(s)
	if err := renderBody(s, t.body); err != nil {
		return "", err
	}
	return string(s.out), nil
}

// Export converts a template value to the value model the way Mistral
// stores results: tuples, generators, ranges and dict views become lists,
// Markup becomes a string, other objects their repr.
func Export(v any) (any, error) {
	switch t := v.(type) {
	case nil, bool, int64, float64, string:
		return v, nil
	case []any:
		var out []any
		for i, x := range t {
			y, err := Export(x)
			if err != nil {
				return nil, err
			}
			if out == nil && !same(x, y) {
				out = make([]any, len(t))
				copy(out, t[:i])
			}
			if out != nil {
				out[i] = y
			}
		}
		if out == nil {
			return t, nil
		}
		return out, nil
	case *value.Map:
		var out *value.Map
		for i := 0; i < t.Len(); i++ {
			k, x := t.At(i)
			y, err := Export(x)
			if err != nil {
				return nil, err
			}
			if out == nil && !same(x, y) {
				out = value.NewMap(t.Len())
				for j := 0; j < i; j++ {
					kj, xj := t.At(j)
					out.Set(kj, xj)
				}
			}
			if out != nil {
				out.Set(k, y)
			}
		}
		if out == nil {
			return t, nil
		}
		return out, nil
	case Tuple:
		return Export([]any(t))
	case *groupTuple:
		return Export([]any(t.tuple()))
	case Markup:
		return string(t), nil
	case *generator:
		return Export(t.take())
	case rangeVal:
		return t.items(), nil
	case dictView:
		return Export(t.items())
	case *Undefined:
		return nil, &Error{Msg: t.Message(), undefined: true}
	case *Namespace:
		return nil, errorf("Circular reference detected")
	}
	return repr(v), nil
}

// same reports whether Export left x unchanged.
func same(x, y any) bool {
	switch a := x.(type) {
	case []any:
		b, ok := y.([]any)
		return ok && len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
	case *value.Map:
		b, ok := y.(*value.Map)
		return ok && a == b
	case nil, bool, int64, float64, string:
		return true
	}
	return false
}
