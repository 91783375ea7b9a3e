package jinja

import (
	"github.com/mistral-go/mistral-go/value"
)

func renderBody(s *state, body []stmt) error {
	for _, st := range body {
		if err := st.render(s); err != nil {
			return err
		}
	}
	return nil
}

func (o *outputStmt) render(s *state) error {
	for _, p := range o.parts {
		if p.x == nil {
			s.out = append(s.out, p.data...)
			if len(s.out) > maxOutput {
				return errTooBig
			}
			continue
		}
		v, err := p.x.eval(s)
		if err != nil {
			return err
		}
		if err := s.write(v); err != nil {
			return err
		}
	}
	return nil
}

func (n *ifStmt) render(s *state) error {
	for i, t := range n.tests {
		v, err := t.eval(s)
		if err != nil {
			return err
		}
		ok, err := truthy(v)
		if err != nil {
			return err
		}
		if ok {
			return renderBody(s, n.bodies[i])
		}
	}
	return renderBody(s, n.els)
}

// assign binds v to the target t in the current scope.
func assign(s *state, t *target, v any) error {
	switch {
	case t.ns:
		ns, ok := s.lookup(t.name).(*Namespace)
		if !ok {
			return errorf("cannot assign attribute on non-namespace object")
		}
		ns.m.Set(t.attr, v)
		return nil
	case t.tuple:
		items, err := iterate(s, v)
		if err != nil {
			if _, ok := v.(*Undefined); ok {
				return err
			}
			return errorf("cannot unpack non-iterable " + typeName(v) + " object")
		}
		if len(items) < len(t.items) {
			return errorf("not enough values to unpack (expected " + itoa(len(t.items)) + ", got " + itoa(len(items)) + ")")
		}
		if len(items) > len(t.items) {
			return errorf("too many values to unpack (expected " + itoa(len(t.items)) + ")")
		}
		for i, sub := range t.items {
			if err := assign(s, sub, items[i]); err != nil {
				return err
			}
		}
		return nil
	}
	s.frame.set(t.name, v)
	return nil
}

func (n *assignStmt) render(s *state) error {
	v, err := n.x.eval(s)
	if err != nil {
		return err
	}
	return assign(s, n.target, v)
}

// capture renders body into a separate buffer and returns its text.
func capture(s *state, body []stmt) (string, error) {
	saved := s.out
	s.out = nil
	err := renderBody(s, body)
	text := string(s.out)
	s.out = saved
	return text, err
}

func (n *assignBlockStmt) render(s *state) error {
	text, err := capture(s, n.body)
	if err != nil {
		return err
	}
	var v any = text
	if n.filter != nil {
		if v, err = applyFilterChain(s, n.filter, text); err != nil {
			return err
		}
	}
	return assign(s, n.target, v)
}

// applyFilterChain applies a filter chain whose innermost input is x.
func applyFilterChain(s *state, f *filterExpr, x any) (any, error) {
	if f.x != nil {
		inner, ok := f.x.(*filterExpr)
		if !ok {
			return f.eval(s)
		}
		var err error
		if x, err = applyFilterChain(s, inner, x); err != nil {
			return nil, err
		}
	}
	return f.apply(s, x)
}

func (n *filterBlockStmt) render(s *state) error {
	text, err := capture(s, n.body)
	if err != nil {
		return err
	}
	v, err := applyFilterChain(s, n.filter, text)
	if err != nil {
		return err
	}
	return s.write(v)
}

func (n *withStmt) render(s *state) error {
	vals := make([]any, len(n.values))
	for i, x := range n.values {
		v, err := x.eval(s)
		if err != nil {
			return err
		}
		vals[i] = v
	}
	f := s.push()
	defer s.pop(f)
	for i, t := range n.targets {
		if err := assign(s, t, vals[i]); err != nil {
			return err
		}
	}
	return renderBody(s, n.body)
}

func (n *scopeStmt) render(s *state) error {
	if n.autoescape != nil {
		v, err := n.autoescape.eval(s)
		if err != nil {
			return err
		}
		on, err := truthy(v)
		if err != nil {
			return err
		}
		saved := s.autoescape
		s.autoescape = on
		defer func() { s.autoescape = saved }()
	}
	f := s.push()
	defer s.pop(f)
	return renderBody(s, n.body)
}

func (n *failStmt) render(s *state) error { return errorf(n.msg) }

func (n *macroStmt) render(s *state) error {
	s.frame.set(n.m.name, &macro{def: n.m, closure: s.frame})
	return nil
}

func (n *callBlockStmt) render(s *state) error {
	fn, err := n.call.fn.eval(s)
	if err != nil {
		return err
	}
	args, kw, err := n.call.callArgs.evalArgs(s, nil)
	if err != nil {
		return err
	}
	if kw == nil {
		kw = value.NewMap(1)
	}
	kw.Set("caller", &macro{def: n.caller, closure: s.frame})
	v, err := call(s, fn, args, kw)
	if err != nil {
		return err
	}
	return s.write(v)
}

func itoa(n int) string {
	if n < 10 && n >= 0 {
		return string(rune('0' + n))
	}
	return value.Str(int64(n))
}
