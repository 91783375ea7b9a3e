package yaql

import (
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// Fast paths for the hottest operators. Each one handles only argument
// types for which yaql's overload resolution has a single possible
// winner, and computes exactly what that overload computes; anything
// else falls back to the general resolution with the arguments already
// evaluated (so nothing is evaluated twice).

// fastFn evaluates an operator; ok=false means "use the general path".
type fastFn func(ec *evalCtx, sc *scope, args []argVal) (v any, ok bool, err error)

// fastFor picks the fast path of an operator node.
func fastFor(n *opNode) fastFn {
	switch n.name {
	case "#operator_.":
		if c, ok := n.args[1].(*constNode); ok && c.keyword {
			return fastMember
		}
		if _, ok := n.args[1].(*callNode); ok {
			return fastMethod
		}
	case "*equal":
		return fastBoth(func(a, b any) (any, bool, error) { return pyEqual(a, b), true, nil })
	case "*not_equal":
		return fastBoth(func(a, b any) (any, bool, error) { return !pyEqual(a, b), true, nil })
	case "#operator_and":
		return fastAndOr(false)
	case "#operator_or":
		return fastAndOr(true)
	case "#unary_operator_not":
		return func(ec *evalCtx, sc *scope, args []argVal) (any, bool, error) {
			if err := ec.evalArg(sc, &args[0]); err != nil {
				return nil, false, err
			}
			return !truthy(args[0].v), true, nil
		}
	case "#operator_<", "#operator_<=", "#operator_>", "#operator_>=":
		op := n.name[len("#operator_"):]
		return fastBoth(func(a, b any) (any, bool, error) { return fastCompare(op, a, b) })
	case "#operator_+":
		return fastBoth(fastPlus)
	case "#operator_-", "#operator_*", "#operator_/", "#operator_mod":
		op := n.name[len("#operator_"):]
		return fastBoth(func(a, b any) (any, bool, error) { return fastArith(op, a, b) })
	case "#indexer":
		if len(n.args) == 2 && plainArgs(n.args) {
			return fastBoth(fastIndex)
		}
	case "#list":
		if plainArgs(n.args) {
			return fastList
		}
	case "#map":
		for _, a := range n.args {
			if _, ok := a.(*ruleNode); !ok {
				return nil
			}
		}
		return fastMap
	}
	return nil
}

// plainArgs reports arguments that are neither omitted nor key => value.
func plainArgs(args []node) bool {
	for _, a := range args {
		switch a.(type) {
		case emptyNode, *ruleNode:
			return false
		}
	}
	return true
}

// fastBoth evaluates two arguments, then applies f.
func fastBoth(f func(a, b any) (any, bool, error)) fastFn {
	return func(ec *evalCtx, sc *scope, args []argVal) (any, bool, error) {
		if err := ec.evalArg(sc, &args[0]); err != nil {
			return nil, false, err
		}
		if err := ec.evalArg(sc, &args[1]); err != nil {
			return nil, false, err
		}
		return f(args[0].v, args[1].v)
	}
}

// fastMember is dict.key on a dict.
func fastMember(ec *evalCtx, sc *scope, args []argVal) (any, bool, error) {
	if err := ec.evalArg(sc, &args[0]); err != nil {
		return nil, false, err
	}
	m, ok := args[0].v.(*value.Map)
	if !ok {
		return nil, false, nil
	}
	key := args[1].v.(string)
	v, found := m.Get(key)
	if !found {
		return nil, true, errKey(key)
	}
	return v, true, nil
}

// fastMethod is x.f(…): the call on the right applied to x.
func fastMethod(ec *evalCtx, sc *scope, args []argVal) (any, bool, error) {
	if err := ec.evalArg(sc, &args[0]); err != nil {
		return nil, false, err
	}
	v, err := args[1].n.(*callNode).eval(ec, sc, args[0].v)
	return v, true, err
}

func fastAndOr(isOr bool) fastFn {
	return func(ec *evalCtx, sc *scope, args []argVal) (any, bool, error) {
		if err := ec.evalArg(sc, &args[0]); err != nil {
			return nil, false, err
		}
		l := args[0].v
		if truthy(l) == isOr {
			return l, true, nil
		}
		v, err := args[1].n.eval(ec, sc, noValue)
		return v, true, err
	}
}

// isNum is an int or float (not a bool).
func isNum(v any) bool {
	switch v.(type) {
	case int64, float64:
		return true
	}
	return false
}

func fastCompare(op string, a, b any) (any, bool, error) {
	var r int
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		if !ok {
			return nil, false, nil
		}
		r = strings.Compare(x, y)
	case int64, float64:
		if !isNum(b) {
			return nil, false, nil
		}
		var ok bool
		if r, ok = numCmp(a, b); !ok {
			return false, true, nil
		}
	default:
		return nil, false, nil
	}
	switch op {
	case "<":
		return r < 0, true, nil
	case "<=":
		return r <= 0, true, nil
	case ">":
		return r > 0, true, nil
	}
	return r >= 0, true, nil
}

func fastPlus(a, b any) (any, bool, error) {
	if isNum(a) && isNum(b) {
		return numAdd(a, b), true, nil
	}
	return nil, false, nil
}

func fastArith(op string, a, b any) (any, bool, error) {
	if !isNum(a) || !isNum(b) {
		return nil, false, nil
	}
	switch op {
	case "-":
		return numSub(a, b), true, nil
	case "*":
		return numMul(a, b), true, nil
	case "/":
		v, err := numDiv(a, b)
		return v, true, err
	}
	v, err := numMod(a, b)
	return v, true, err
}

func fastIndex(a, b any) (any, bool, error) {
	switch t := a.(type) {
	case []any:
		k, ok := b.(int64)
		if !ok {
			return nil, false, nil
		}
		if k < 0 {
			k += int64(len(t))
		}
		if k < 0 || k >= int64(len(t)) {
			return nil, true, errIndex("tuple index out of range")
		}
		return t[k], true, nil
	case *value.Map:
		v, err := dictItem(t, b)
		return v, true, err
	}
	return nil, false, nil
}

func fastList(ec *evalCtx, sc *scope, args []argVal) (any, bool, error) {
	out := make([]any, len(args))
	for i := range args {
		if err := ec.evalArg(sc, &args[i]); err != nil {
			return nil, false, err
		}
		out[i] = args[i].v
	}
	return out, true, nil
}

func fastMap(ec *evalCtx, sc *scope, args []argVal) (any, bool, error) {
	b := newDictBuilder(len(args))
	for i := range args {
		r := args[i].n.(*ruleNode)
		k, err := r.key.eval(ec, sc, noValue)
		if err != nil {
			return nil, false, err
		}
		v, err := r.x.eval(ec, sc, noValue)
		if err != nil {
			return nil, false, err
		}
		if err := b.set(k, v); err != nil {
			return nil, true, err
		}
	}
	return b.result(), true, nil
}
