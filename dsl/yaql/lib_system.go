package yaql

import (
	"regexp"
	"strconv"
)

// The system, common, boolean and branching parts of the standard library.

func init() {
	fn("#get_context_data").p("name", T(pStringConst)).do(func(c *callCtx) (any, error) {
		return c.sc.get(normVar(c.a[0].(string))), nil
	})
	// x.f(…): apply the call on the right to the receiver on the left.
	fn("#operator_.").p("receiver", N(pObject)).p("expr", N(pLambdaMethod)).do(func(c *callCtx) (any, error) {
		return c.a[1].(*lambda).callMethod(c.ec, c.a[0])
	})
	// x?.y: null when x is null.
	fn("#operator_?.").p("receiver", N(pObject)).p("expr", T(pExpr)).do(func(c *callCtx) (any, error) {
		if c.a[0] == nil {
			return nil, nil
		}
		return c.ec.invoke(c.ctx().child(), "#operator_.", noValue, []argVal{valArg(c.a[0]), nodeArg(c.a[1].(node))}, nil)
	})
	// x.name on anything else: the property function #property#name.
	fn("#operator_.").p("obj", N(pObject)).p("name", T(pKeyword)).inFallback().do(func(c *callCtx) (any, error) {
		return c.ec.invoke(c.ctx().child(), "#property#"+c.a[1].(string), noValue, []argVal{valArg(c.a[0])}, nil)
	})
	meth("unpack").p("sequence", T(pIterable)).va("args", T(pString)).do(libUnpack)
	fn("with").va("args", N(pObject)).do(func(c *callCtx) (any, error) {
		sc := c.ctx()
		for i, a := range c.rest {
			sc.set(argName(i), a)
		}
		return sc, nil
	})
	fn("let").va("args", N(pObject)).vkw("kwargs", N(pObject)).do(func(c *callCtx) (any, error) {
		sc := c.ctx()
		for i, a := range c.rest {
			sc.set(argName(i), a)
		}
		for _, k := range c.kw {
			sc.set(normVar(k.name), k.v)
		}
		return sc, nil
	})
	fn("def").p("name", T(pString)).p("func", N(pLambda)).do(libDef)
	fn("#operator_->").p("left", T(pContext)).p("right", N(pLambdaCtx)).do(func(c *callCtx) (any, error) {
		return c.a[1].(*lambda).callIn(c.ec, c.a[0].(*scope))
	})
	meth("assert").p("obj", N(pObject)).p("condition", N(pLambda)).d("message", T(pString), "Assertion failed").do(func(c *callCtx) (any, error) {
		obj := c.a[0]
		if it, ok := obj.(*iterator); ok {
			obj = c.ec.memorize(it)
		}
		ok, err := c.a[1].(*lambda).truthy1(c.ec, obj)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, pyErr("AssertionError", c.a[2].(string))
		}
		return obj, nil
	})
	fn("call").p("name", T(pString)).p("args", T(pSequence)).p("kwargs", T(pMapping)).d("receiver", N(pObject), noValue).do(libCall)

	// common: equality and comparisons with null
	fn("*equal").p("left", N(pObject)).p("right", N(pObject)).do(func(c *callCtx) (any, error) {
		return pyEqual(c.a[0], c.a[1]), nil
	})
	fn("*not_equal").p("left", N(pObject)).p("right", N(pObject)).do(func(c *callCtx) (any, error) {
		return !pyEqual(c.a[0], c.a[1]), nil
	})
	nullCmp := func(op string, leftNull, rightNull, result bool) {
		b := fn("#operator_" + op)
		if leftNull {
			b.p("left", N(pNone))
		} else {
			b.p("left", T(pObject))
		}
		if rightNull {
			b.p("right", N(pNone))
		} else {
			b.p("right", T(pObject))
		}
		b.do(func(c *callCtx) (any, error) { return result, nil })
	}
	nullCmp("<", false, true, false)
	nullCmp("<=", false, true, false)
	nullCmp(">", false, true, true)
	nullCmp(">=", false, true, true)
	nullCmp("<", true, false, true)
	nullCmp("<=", true, false, true)
	nullCmp(">", true, false, false)
	nullCmp(">=", true, false, false)
	nullCmp("<", true, true, false)
	nullCmp("<=", true, true, true)
	nullCmp(">", true, true, false)
	nullCmp(">=", true, true, true)

	// boolean
	fn("#operator_and").p("left", N(pLambda)).p("right", N(pLambda)).do(func(c *callCtx) (any, error) {
		l, err := c.a[0].(*lambda).call(c.ec)
		if err != nil || !truthy(l) {
			return l, err
		}
		return c.a[1].(*lambda).call(c.ec)
	})
	fn("#operator_or").p("left", N(pLambda)).p("right", N(pLambda)).do(func(c *callCtx) (any, error) {
		l, err := c.a[0].(*lambda).call(c.ec)
		if err != nil || truthy(l) {
			return l, err
		}
		return c.a[1].(*lambda).call(c.ec)
	})
	fn("#unary_operator_not").p("arg", N(pObject)).do(func(c *callCtx) (any, error) {
		return !truthy(c.a[0]), nil
	})
	fn("bool").p("value", N(pObject)).do(func(c *callCtx) (any, error) { return truthy(c.a[0]), nil })
	fn("isBoolean").p("value", N(pObject)).do(func(c *callCtx) (any, error) {
		_, ok := c.a[0].(bool)
		return ok, nil
	})

	// branching
	fn("switch").va("args", T(pLazyRule)).noKw().do(func(c *callCtx) (any, error) {
		for _, a := range c.rest {
			r := a.(*lazyRule)
			k, err := r.key.eval(c.ec, r.sc, r.recv)
			if err != nil {
				return nil, err
			}
			if truthy(k) {
				return r.val.eval(c.ec, r.sc, r.recv)
			}
		}
		return nil, nil
	})
	fn("selectCase").va("args", N(pLambda)).do(func(c *callCtx) (any, error) {
		for i, a := range c.rest {
			v, err := a.(*lambda).call(c.ec)
			if err != nil {
				return nil, err
			}
			if truthy(v) {
				return int64(i), nil
			}
		}
		return int64(len(c.rest)), nil
	})
	fn("selectAllCases").va("args", N(pLambda)).do(func(c *callCtx) (any, error) {
		i := 0
		return newIter("generator object select_all_cases", func() (any, bool, error) {
			for i < len(c.rest) {
				i++
				v, err := c.rest[i-1].(*lambda).call(c.ec)
				if err != nil {
					return nil, false, err
				}
				if truthy(v) {
					return int64(i - 1), true, nil
				}
			}
			return nil, false, nil
		}), nil
	})
	fn("examine").va("args", N(pLambda)).do(func(c *callCtx) (any, error) {
		i := 0
		return newIter("generator object examine", func() (any, bool, error) {
			if i >= len(c.rest) {
				return nil, false, nil
			}
			i++
			v, err := c.rest[i-1].(*lambda).call(c.ec)
			if err != nil {
				return nil, false, err
			}
			return truthy(v), true, nil
		}), nil
	})
	meth("switchCase").p("case", T(pInt)).va("args", N(pLambda)).do(func(c *callCtx) (any, error) {
		k := asInt(c.a[0])
		n := int64(len(c.rest))
		if k >= 0 && k < n {
			return c.rest[k].(*lambda).call(c.ec)
		}
		if n == 0 {
			return nil, nil
		}
		return c.rest[n-1].(*lambda).call(c.ec)
	})
	fn("coalesce").va("args", N(pLambda)).do(func(c *callCtx) (any, error) {
		for _, a := range c.rest {
			v, err := a.(*lambda).call(c.ec)
			if err != nil {
				return nil, err
			}
			if v != nil {
				return v, nil
			}
		}
		return nil, nil
	})
}

// asInt reads an int parameter (bools count as ints).
func asInt(v any) int64 {
	switch t := v.(type) {
	case int64:
		return t
	case bool:
		if t {
			return 1
		}
	}
	return 0
}

func libUnpack(c *callCtx) (any, error) {
	sc := c.ctx()
	names := c.rest
	if len(names) == 0 {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		for i := 0; ; i++ {
			x, ok, err := next()
			if err != nil {
				return nil, err
			}
			if !ok {
				return sc, nil
			}
			sc.set(argName(i), x)
		}
	}
	next, err := c.ec.iter(c.a[0])
	if err != nil {
		return nil, err
	}
	var got []any
	for len(got) < len(names)+1 {
		x, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		got = append(got, x)
	}
	if len(got) != len(names) {
		return nil, errValue("Cannot unpack " + strconv.Itoa(len(got)) + " elements into " + strconv.Itoa(len(names)))
	}
	for i, x := range got {
		sc.set(normVar(names[i].(string)), x)
	}
	return sc, nil
}

func libDef(c *callCtx) (any, error) {
	body := c.a[1].(*lambda)
	sc := c.ctx()
	c.ec.defs = true
	o := &overload{name: c.a[0].(string), fn: true,
		varargs: &param{name: "args", t: N(pObject), def: noDefault},
		varkw:   &param{name: "kwargs", t: N(pObject), def: noDefault}}
	o.call = func(cc *callCtx) (any, error) {
		if err := cc.ec.enter(); err != nil {
			return nil, err
		}
		defer cc.ec.leave()
		return body.callKw(cc.ec, cc.rest, cc.kw)
	}
	sc.define(o)
	return sc, nil
}

// keywordName is yaql's is_keyword: the text starts like a bare word.
var keywordName = regexp.MustCompile(`^\pL|^_[^_]|^_$`)

func libCall(c *callCtx) (any, error) {
	args := c.a[1]
	items, _ := seqItems(args)
	av := make([]argVal, 0, len(items))
	for _, x := range items {
		av = append(av, valArg(x))
	}
	var kw []kwArg
	var err error
	mapRange(c.a[2], func(k, v any) bool {
		s, ok := k.(string)
		if !ok {
			err = errType("keywords must be strings")
			return false
		}
		if keywordName.MatchString(s) {
			kw = append(kw, kwArg{name: s, a: valArg(v)})
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return c.ec.invoke(c.ctx(), c.a[0].(string), c.a[3], av, kw)
}
