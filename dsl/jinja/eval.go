package jinja

import (
	"strconv"

	"github.com/mistral-go/mistral-go/value"
)

func (e *constExpr) eval(*state) (any, error) { return e.v, nil }

func (e *nameExpr) eval(s *state) (any, error) { return s.lookup(e.name), nil }

func (e *getattrExpr) eval(s *state) (any, error) {
	x, err := e.x.eval(s)
	if err != nil {
		return nil, err
	}
	return getattr(s, x, e.attr)
}

func (e *getitemExpr) eval(s *state) (any, error) {
	x, err := e.x.eval(s)
	if err != nil {
		return nil, err
	}
	arg, err := e.arg.eval(s)
	if err != nil {
		return nil, err
	}
	return getitem(s, x, arg)
}

func (e *sliceExpr) eval(s *state) (any, error) {
	var sv sliceVal
	var err error
	if e.lo != nil {
		if sv.lo, err = e.lo.eval(s); err != nil {
			return nil, err
		}
	}
	if e.hi != nil {
		if sv.hi, err = e.hi.eval(s); err != nil {
			return nil, err
		}
	}
	if e.step != nil {
		if sv.step, err = e.step.eval(s); err != nil {
			return nil, err
		}
	}
	return sv, nil
}

func (e *notExpr) eval(s *state) (any, error) {
	x, err := e.x.eval(s)
	if err != nil {
		return nil, err
	}
	t, err := truthy(x)
	return !t, err
}

func (e *negExpr) eval(s *state) (any, error) {
	x, err := e.x.eval(s)
	if err != nil {
		return nil, err
	}
	return neg(x)
}

func (e *posExpr) eval(s *state) (any, error) {
	x, err := e.x.eval(s)
	if err != nil {
		return nil, err
	}
	return pos(x)
}

func (e *binExpr) eval(s *state) (any, error) {
	l, err := e.l.eval(s)
	if err != nil {
		return nil, err
	}
	r, err := e.r.eval(s)
	if err != nil {
		return nil, err
	}
	return binop(s, e.op, l, r)
}

func binop(s *state, op tokType, l, r any) (any, error) {
	switch op {
	case tAdd:
		return add(s, l, r)
	case tSub:
		return sub(l, r)
	case tMul:
		return mul(s, l, r)
	case tDiv:
		return truediv(l, r)
	case tFloorDiv:
		return floordiv(l, r)
	case tMod:
		return mod(s, l, r)
	}
	return pow(l, r)
}

func (e *concatExpr) eval(s *state) (any, error) {
	var b []byte
	for _, a := range e.args {
		v, err := a.eval(s)
		if err != nil {
			return nil, err
		}
		if b, err = appendStr(b, v); err != nil {
			return nil, err
		}
		if err := s.chargeBytes(len(b)); err != nil {
			return nil, err
		}
	}
	return string(b), nil
}

func (e *compareExpr) eval(s *state) (any, error) {
	x, err := e.x.eval(s)
	if err != nil {
		return nil, err
	}
	for _, op := range e.ops {
		y, err := op.y.eval(s)
		if err != nil {
			return nil, err
		}
		ok, err := compare(s, op.op, x, y)
		if err != nil {
			return nil, err
		}
		if !ok {
			return false, nil
		}
		x = y
	}
	return true, nil
}

func compare(s *state, op string, x, y any) (bool, error) {
	switch op {
	case "eq":
		return equal(x, y)
	case "ne":
		eq, err := equal(x, y)
		return !eq, err
	case "in":
		return contains(s, y, x)
	case "notin":
		in, err := contains(s, y, x)
		return !in, err
	}
	return less(op, x, y)
}

func (e *andExpr) eval(s *state) (any, error) {
	l, err := e.l.eval(s)
	if err != nil {
		return nil, err
	}
	t, err := truthy(l)
	if err != nil || !t {
		return l, err
	}
	return e.r.eval(s)
}

func (e *orExpr) eval(s *state) (any, error) {
	l, err := e.l.eval(s)
	if err != nil {
		return nil, err
	}
	t, err := truthy(l)
	if err != nil || t {
		return l, err
	}
	return e.r.eval(s)
}

func (e *condExpr) eval(s *state) (any, error) {
	c, err := e.test.eval(s)
	if err != nil {
		return nil, err
	}
	t, err := truthy(c)
	if err != nil {
		return nil, err
	}
	if t {
		return e.then.eval(s)
	}
	if e.els == nil {
		return &Undefined{hint: "the inline if-expression on line " + strconv.Itoa(e.line) + " evaluated to false and no else section was defined."}, nil
	}
	return e.els.eval(s)
}

func (e *listExpr) eval(s *state) (any, error) {
	out := make([]any, len(e.items))
	for i, it := range e.items {
		v, err := it.eval(s)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (e *tupleExpr) eval(s *state) (any, error) {
	out := make(Tuple, len(e.items))
	for i, it := range e.items {
		v, err := it.eval(s)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (e *dictExpr) eval(s *state) (any, error) {
	m := value.NewMap(len(e.keys))
	for i := range e.keys {
		k, err := e.keys[i].eval(s)
		if err != nil {
			return nil, err
		}
		v, err := e.vals[i].eval(s)
		if err != nil {
			return nil, err
		}
		ks, err := dictKey(k)
		if err != nil {
			return nil, err
		}
		m.Set(ks, v)
	}
	return m, nil
}

// dictKey converts a dict key to the string keys of the value model.
// Non-string keys become their str() (JSON does the same when Mistral
// stores the dict).
func dictKey(k any) (string, error) {
	if ks, ok := isStr(k); ok {
		return ks, nil
	}
	if u, ok := k.(*Undefined); ok {
		return "", u.err()
	}
	if err := unhashable(k); err != nil {
		return "", err
	}
	switch t := k.(type) {
	case nil:
		return "null", nil
	case bool:
		if t {
			return "true", nil
		}
		return "false", nil
	}
	return str(k)
}

func (e *callExpr) eval(s *state) (any, error) {
	fn, err := e.fn.eval(s)
	if err != nil {
		return nil, err
	}
	args, kw, err := e.callArgs.evalArgs(s, nil)
	if err != nil {
		return nil, err
	}
	return call(s, fn, args, kw)
}

// evalArgs evaluates call arguments; first, when not nil, is prepended
// (the piped value of a filter or test).
func (a *callArgs) evalArgs(s *state, first []any) ([]any, *value.Map, error) {
	args := first
	if n := len(a.args) + len(first); n > 0 && a.dynArgs == nil {
		args = make([]any, len(first), n)
		copy(args, first)
	}
	for _, x := range a.args {
		v, err := x.eval(s)
		if err != nil {
			return nil, nil, err
		}
		args = append(args, v)
	}
	var kw *value.Map
	if len(a.kwargs) > 0 {
		kw = value.NewMap(len(a.kwargs))
		for _, k := range a.kwargs {
			v, err := k.x.eval(s)
			if err != nil {
				return nil, nil, err
			}
			kw.Set(k.name, v)
		}
	}
	if a.dynArgs != nil {
		v, err := a.dynArgs.eval(s)
		if err != nil {
			return nil, nil, err
		}
		items, err := iterate(s, v)
		if err != nil {
			return nil, nil, err
		}
		args = append(args, items...)
	}
	if a.dynKwargs != nil {
		v, err := a.dynKwargs.eval(s)
		if err != nil {
			return nil, nil, err
		}
		m, ok := v.(*value.Map)
		if !ok {
			if u, ok := v.(*Undefined); ok {
				return nil, nil, u.err()
			}
			return nil, nil, errorf("argument after ** must be a mapping, not " + typeName(v))
		}
		if kw == nil {
			kw = value.NewMap(m.Len())
		}
		for i := 0; i < m.Len(); i++ {
			k, x := m.At(i)
			kw.Set(k, x)
		}
	}
	return args, kw, nil
}

func (e *filterExpr) eval(s *state) (any, error) {
	var x any
	if e.x != nil {
		v, err := e.x.eval(s)
		if err != nil {
			return nil, err
		}
		x = v
	}
	return e.apply(s, x)
}

// apply runs the filter on the piped value x.
func (e *filterExpr) apply(s *state, x any) (any, error) {
	f := s.env.filter(e.name)
	if f == nil {
		return nil, errorf("No filter named '" + e.name + "' found.")
	}
	if err := s.charge(1); err != nil {
		return nil, err
	}
	var one [1]any
	one[0] = x
	args, kw, err := e.callArgs.evalArgs(s, one[:])
	if err != nil {
		return nil, err
	}
	return f(s, args, kw)
}

func (e *testExpr) eval(s *state) (any, error) {
	x, err := e.x.eval(s)
	if err != nil {
		return nil, err
	}
	t := s.env.test(e.name)
	if t == nil {
		return nil, errorf("No test named '" + e.name + "' found.")
	}
	var one [1]any
	one[0] = x
	args, kw, err := e.callArgs.evalArgs(s, one[:])
	if err != nil {
		return nil, err
	}
	return t(s, args, kw)
}
