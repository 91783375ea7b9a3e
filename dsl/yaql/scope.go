package yaql

import "github.com/mistral-go/mistral-go/value"

// scope is a yaql context: variables ($1, $x, …) and functions defined
// with def(), chained to its parent. Most scopes are a lambda's, holding
// one variable inline; anything more lives in ext.
type scope struct {
	parent *scope
	name0  string
	val0   any
	ext    *scopeExt
	// root is set on the root scope: Mistral lifts __env, __execution and
	// __task_execution from the data context into variables.
	root    any
	hasRoot bool
	// captured is set once something may keep a reference to the scope
	// (a child scope, a call context); until then a lambda may reuse it.
	captured bool
}

type scopeExt struct {
	names []string
	vals  []any
	funcs map[string][]*overload
}

func (s *scope) child() *scope {
	s.captured = true
	return &scope{parent: s}
}

// normVar normalises a variable name as yaql does: "x" is "$x", "$" is "$1".
func normVar(name string) string {
	if len(name) == 0 || name[0] != '$' {
		name = "$" + name
	}
	if name == "$" {
		return "$1"
	}
	return name
}

// set stores a variable (name already normalised) in this scope.
func (s *scope) set(name string, v any) {
	if s.name0 == "" || s.name0 == name {
		s.name0, s.val0 = name, v
		return
	}
	if s.ext == nil {
		s.ext = &scopeExt{}
	}
	for i, n := range s.ext.names {
		if n == name {
			s.ext.vals[i] = v
			return
		}
	}
	s.ext.names = append(s.ext.names, name)
	s.ext.vals = append(s.ext.vals, v)
}

// get looks a variable up through the chain; unknown variables are null.
func (s *scope) get(name string) any {
	for p := s; p != nil; p = p.parent {
		if p.name0 == name {
			return p.val0
		}
		if p.ext != nil {
			for i, n := range p.ext.names {
				if n == name {
					return p.ext.vals[i]
				}
			}
		}
		if p.hasRoot {
			switch name {
			case "$__env", "$__execution", "$__task_execution":
				if m, ok := p.root.(*value.Map); ok {
					v, _ := m.Get(name[1:])
					return v
				}
			}
		}
	}
	return nil
}

// define registers a function made by def() in this scope.
func (s *scope) define(o *overload) {
	if s.ext == nil {
		s.ext = &scopeExt{}
	}
	if s.ext.funcs == nil {
		s.ext.funcs = map[string][]*overload{}
	}
	s.ext.funcs[o.name] = append(s.ext.funcs[o.name], o)
}

// funcs returns the functions def() registered here.
func (s *scope) funcs() map[string][]*overload {
	if s.ext == nil {
		return nil
	}
	return s.ext.funcs
}
