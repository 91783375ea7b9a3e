package jinja

import (
	"github.com/mistral-go/mistral-go/value"
)

// testFn implements a Jinja test; args[0] is the tested value.
type testFn func(s *state, args []any, kw *value.Map) (any, error)

var builtinTests map[string]testFn

// unary builds a one-argument test named name.
func unary(name string, f func(s *state, v any) (any, error)) testFn {
	g := &sig{name: name, params: []string{"value"}, required: 1}
	return func(s *state, args []any, kw *value.Map) (any, error) {
		a, err := bindF(g, args, kw)
		if err != nil {
			return nil, err
		}
		return f(s, a[0])
	}
}

// binary builds a two-argument test.
func binary(name, p2 string, f func(s *state, v, w any) (any, error)) testFn {
	g := &sig{name: name, params: []string{"value", p2}, required: 2}
	return func(s *state, args []any, kw *value.Map) (any, error) {
		a, err := bindF(g, args, kw)
		if err != nil {
			return nil, err
		}
		return f(s, a[0], a[1])
	}
}

// operatorTest builds the comparison tests (operator.eq and friends).
func operatorTest(name, op string) testFn {
	return func(s *state, args []any, kw *value.Map) (any, error) {
		if err := noKwargs(name, kw); err != nil {
			return nil, err
		}
		if len(args) != 2 {
			return nil, errorf(name + " expected 2 arguments, got " + itoa(len(args)))
		}
		return compare(s, op, args[0], args[1])
	}
}

func isCallable(v any) bool {
	switch v.(type) {
	case *Function, *builtin, *boundMethod, *macro, *loopObj, *Undefined, *joiner:
		return true
	}
	return false
}

func init() {
	builtinTests = map[string]testFn{
		"odd": unary("test_odd", func(s *state, v any) (any, error) {
			m, err := mod(s, v, int64(2))
			if err != nil {
				return nil, err
			}
			return equal(m, int64(1))
		}),
		"even": unary("test_even", func(s *state, v any) (any, error) {
			m, err := mod(s, v, int64(2))
			if err != nil {
				return nil, err
			}
			return equal(m, int64(0))
		}),
		"divisibleby": binary("test_divisibleby", "num", func(s *state, v, w any) (any, error) {
			m, err := mod(s, v, w)
			if err != nil {
				return nil, err
			}
			return equal(m, int64(0))
		}),
		"defined": unary("test_defined", func(s *state, v any) (any, error) {
			_, u := v.(*Undefined)
			return !u, nil
		}),
		"undefined": unary("test_undefined", func(s *state, v any) (any, error) {
			_, u := v.(*Undefined)
			return u, nil
		}),
		"filter": unary("test_filter", func(s *state, v any) (any, error) {
			n, ok := v.(string)
			return ok && s.env.filter(n) != nil, nil
		}),
		"test": unary("test_test", func(s *state, v any) (any, error) {
			n, ok := v.(string)
			return ok && s.env.test(n) != nil, nil
		}),
		"none": unary("test_none", func(s *state, v any) (any, error) { return v == nil, nil }),
		"boolean": unary("test_boolean", func(s *state, v any) (any, error) {
			_, ok := v.(bool)
			return ok, nil
		}),
		"false": unary("test_false", func(s *state, v any) (any, error) { return v == false, nil }),
		"true":  unary("test_true", func(s *state, v any) (any, error) { return v == true, nil }),
		"integer": unary("test_integer", func(s *state, v any) (any, error) {
			_, ok := v.(int64)
			return ok, nil
		}),
		"float": unary("test_float", func(s *state, v any) (any, error) {
			_, ok := v.(float64)
			return ok, nil
		}),
		"lower": unary("test_lower", func(s *state, v any) (any, error) {
			str, err := str(v)
			if err != nil {
				return nil, err
			}
			return strMethods["islower"](s, str, nil, nil)
		}),
		"upper": unary("test_upper", func(s *state, v any) (any, error) {
			str, err := str(v)
			if err != nil {
				return nil, err
			}
			return strMethods["isupper"](s, str, nil, nil)
		}),
		"string": unary("test_string", func(s *state, v any) (any, error) {
			_, ok := isStr(v)
			return ok, nil
		}),
		"mapping": unary("test_mapping", func(s *state, v any) (any, error) {
			_, ok := v.(*value.Map)
			return ok, nil
		}),
		"number": unary("test_number", func(s *state, v any) (any, error) {
			_, _, _, ok := numberOf(v)
			return ok, nil
		}),
		"sequence": unary("test_sequence", func(s *state, v any) (any, error) {
			switch v.(type) {
			case string, Markup, []any, Tuple, *value.Map, rangeVal:
				return true, nil
			}
			return false, nil
		}),
		"iterable": unary("test_iterable", func(s *state, v any) (any, error) {
			switch t := v.(type) {
			case string, Markup, []any, Tuple, *value.Map, rangeVal, dictView, *generator:
				return true, nil
			case *Undefined:
				if t.strict {
					return nil, t.err()
				}
				return true, nil
			}
			return false, nil
		}),
		"callable": func(s *state, args []any, kw *value.Map) (any, error) {
			if err := oneArg("callable", args, kw); err != nil {
				return nil, err
			}
			return isCallable(args[0]), nil
		},
		"sameas": binary("test_sameas", "other", func(s *state, v, w any) (any, error) {
			return sameAs(v, w), nil
		}),
		"escaped": unary("test_escaped", func(s *state, v any) (any, error) {
			_, ok := v.(Markup)
			return ok, nil
		}),
		"in": binary("test_in", "seq", func(s *state, v, w any) (any, error) {
			return contains(s, w, v)
		}),
		"==":          operatorTest("eq", "eq"),
		"eq":          operatorTest("eq", "eq"),
		"equalto":     operatorTest("eq", "eq"),
		"!=":          operatorTest("ne", "ne"),
		"ne":          operatorTest("ne", "ne"),
		">":           operatorTest("gt", "gt"),
		"gt":          operatorTest("gt", "gt"),
		"greaterthan": operatorTest("gt", "gt"),
		">=":          operatorTest("ge", "gteq"),
		"ge":          operatorTest("ge", "gteq"),
		"<":           operatorTest("lt", "lt"),
		"lt":          operatorTest("lt", "lt"),
		"lessthan":    operatorTest("lt", "lt"),
		"<=":          operatorTest("le", "lteq"),
		"le":          operatorTest("le", "lteq"),
	}
}

// sameAs approximates Python's `is`: singletons and small integers are
// identical, containers by identity.
func sameAs(v, w any) bool {
	switch x := v.(type) {
	case nil:
		return w == nil
	case bool:
		y, ok := w.(bool)
		return ok && x == y
	case int64:
		y, ok := w.(int64)
		return ok && x == y && x >= -5 && x <= 256
	case string:
		y, ok := w.(string)
		return ok && x == y
	case *value.Map, []any:
		return sameObject(v, w)
	}
	eq, _ := equal(v, w)
	return eq
}
