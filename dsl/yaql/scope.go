package yaql

import "github.com/mistral-go/mistral-go/value"

// scope is a yaql context: variables ($1, $x, …) and functions defined
// with def(), chained to its parent.
type scope struct {
	parent *scope
	// one variable inline: most scopes are a lambda's $1
	name0 string
	val0  any
	names []string
	vals  []any
	funcs map[string][]*overload
	// root is set on the root scope: Mistral lifts __env, __execution and
	// __task_execution from the data context into variables.
	root    any
	hasRoot bool
}

func newRootScope(root any) *scope {
	return &scope{name0: "$1", val0: root, root: root, hasRoot: true}
}

func (s *scope) child() *scope { return &scope{parent: s} }

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
	for i, n := range s.names {
		if n == name {
			s.vals[i] = v
			return
		}
	}
	s.names = append(s.names, name)
	s.vals = append(s.vals, v)
}

// get looks a variable up through the chain; unknown variables are null.
func (s *scope) get(name string) any {
	for p := s; p != nil; p = p.parent {
		if p.name0 == name {
			return p.val0
		}
		for i, n := range p.names {
			if n == name {
				return p.vals[i]
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
	if s.funcs == nil {
		s.funcs = map[string][]*overload{}
	}
	s.funcs[o.name] = append(s.funcs[o.name], o)
}
