package yaql

import (
	"github.com/mistral-go/mistral-go/value"
)

func init() {
	str := T(pString)
	re := T(pRegex)
	i := T(pInt)
	fn("regex").p("pattern", str).d("ignoreCase", N(pBool), false).d("multiLine", N(pBool), false).d("dotAll", N(pBool), false).do(func(c *callCtx) (any, error) {
		flags := 0
		if truthy(c.a[1]) {
			flags |= reIgnoreCase
		}
		if truthy(c.a[2]) {
			flags |= reMultiline
		}
		if truthy(c.a[3]) {
			flags |= reDotAll
		}
		return compileRegex(c.a[0].(string), flags)
	})
	meth("matches").p("regexp", re).p("string", str).do(func(c *callCtx) (any, error) {
		return c.a[0].(*regexVal).re.MatchString(c.a[1].(string)), nil
	})
	meth("matches").p("string", str).p("regexp", str).do(func(c *callCtx) (any, error) {
		return matchString(c.a[1].(string), c.a[0].(string))
	})
	fn("#operator_=~").p("string", str).p("regexp", re).do(func(c *callCtx) (any, error) {
		return c.a[1].(*regexVal).re.MatchString(c.a[0].(string)), nil
	})
	fn("#operator_=~").p("string", str).p("pattern", str).do(func(c *callCtx) (any, error) {
		return matchString(c.a[1].(string), c.a[0].(string))
	})
	fn("#operator_!~").p("string", str).p("regexp", re).do(func(c *callCtx) (any, error) {
		return !c.a[1].(*regexVal).re.MatchString(c.a[0].(string)), nil
	})
	fn("#operator_!~").p("string", str).p("pattern", str).do(func(c *callCtx) (any, error) {
		m, err := matchString(c.a[1].(string), c.a[0].(string))
		if err != nil {
			return nil, err
		}
		return !m, nil
	})
	meth("search").p("regexp", re).p("string", str).d("selector", N(pLambdaCtx), nil).do(func(c *callCtx) (any, error) {
		r := c.a[0].(*regexVal)
		m := r.search(c.a[1].(string))
		if m == nil {
			return nil, nil
		}
		sel, _ := c.a[2].(*lambda)
		if sel == nil {
			return m.group(0), nil
		}
		sc := c.ctx().child()
		if err := publishMatch(sc, r, *m); err != nil {
			return nil, err
		}
		return sel.callIn(c.ec, sc)
	})
	meth("searchAll").p("regexp", re).p("string", str).d("selector", N(pLambdaCtx), nil).do(func(c *callCtx) (any, error) {
		r := c.a[0].(*regexVal)
		ms := r.findAll(c.a[1].(string), 0)
		sel, _ := c.a[2].(*lambda)
		k := 0
		return newIter("generator object search_all", func() (any, bool, error) {
			if k >= len(ms) {
				return nil, false, nil
			}
			m := ms[k]
			k++
			if sel == nil {
				return m.group(0), true, nil
			}
			sc := c.ctx().child()
			if err := publishMatch(sc, r, m); err != nil {
				return nil, false, err
			}
			v, err := sel.callIn(c.ec, sc)
			return v, err == nil, err
		}), nil
	})
	meth("split").p("regexp", re).p("string", str).d("maxSplit", i, int64(0)).do(func(c *callCtx) (any, error) {
		return c.a[0].(*regexVal).split(c.a[1].(string), asInt(c.a[2])), nil
	})
	meth("split").p("string", str).p("regexp", re).d("maxSplit", i, int64(0)).do(func(c *callCtx) (any, error) {
		return c.a[1].(*regexVal).split(c.a[0].(string), asInt(c.a[2])), nil
	})
	replace := func(c *callCtx, r *regexVal, s, repl string, count int64) (any, error) {
		if _, err := r.expandTemplate(repl, match{s: "", idx: make([]int, 2*(r.groups+1))}); err != nil {
			return nil, err
		}
		out, err := r.sub(s, count, func(m match) (string, error) { return r.expandTemplate(repl, m) })
		if err != nil {
			return nil, err
		}
		return out, c.ec.checkStr(len(out))
	}
	meth("replace").p("regexp", re).p("string", str).p("repl", str).d("count", i, int64(0)).do(func(c *callCtx) (any, error) {
		return replace(c, c.a[0].(*regexVal), c.a[1].(string), c.a[2].(string), asInt(c.a[3]))
	})
	meth("replace").p("string", str).p("regexp", re).p("repl", str).d("count", i, int64(0)).do(func(c *callCtx) (any, error) {
		return replace(c, c.a[1].(*regexVal), c.a[0].(string), c.a[2].(string), asInt(c.a[3]))
	})
	replaceBy := func(c *callCtx, r *regexVal, s string, repl *lambda, count int64) (any, error) {
		out, err := r.sub(s, count, func(m match) (string, error) {
			sc := c.ctx().child()
			if err := publishMatch(sc, r, m); err != nil {
				return "", err
			}
			v, err := repl.callIn(c.ec, sc)
			if err != nil {
				return "", err
			}
			t, ok := v.(string)
			if !ok {
				return "", errType("expected str instance, " + typeName(v) + " found")
			}
			return t, nil
		})
		if err != nil {
			return nil, err
		}
		return out, c.ec.checkStr(len(out))
	}
	meth("replaceBy").p("regexp", re).p("string", str).p("repl", N(pLambdaCtx)).d("count", i, int64(0)).do(func(c *callCtx) (any, error) {
		return replaceBy(c, c.a[0].(*regexVal), c.a[1].(string), c.a[2].(*lambda), asInt(c.a[3]))
	})
	meth("replaceBy").p("string", str).p("regexp", re).p("repl", N(pLambdaCtx)).d("count", i, int64(0)).do(func(c *callCtx) (any, error) {
		return replaceBy(c, c.a[1].(*regexVal), c.a[0].(string), c.a[2].(*lambda), asInt(c.a[3]))
	})
	fn("escapeRegex").p("string", str).do(func(c *callCtx) (any, error) { return escapeRegex(c.a[0].(string)), nil })
	fn("isRegex").p("value", N(pObject)).do(func(c *callCtx) (any, error) {
		_, ok := c.a[0].(*regexVal)
		return ok, nil
	})
}

// matchString is re.search(pattern, s) is not None.
func matchString(pattern, s string) (bool, error) {
	r, err := compileRegex(pattern, 0)
	if err != nil {
		return false, err
	}
	return r.re.MatchString(s), nil
}

// publishMatch binds $1 to the whole match and $2… to the groups, each as
// {value, start, end}; named groups behave as yaql's code makes them.
func publishMatch(sc *scope, r *regexVal, m match) error {
	rec := func(g int) *value.Map {
		mp := value.NewMap(3)
		mp.Set("value", m.group(g))
		mp.Set("start", m.pos(m.idx[2*g]))
		mp.Set("end", m.pos(m.idx[2*g+1]))
		return mp
	}
	sc.set("$1", rec(0))
	for g := 1; g <= r.groups; g++ {
		sc.set(argName(g), rec(g))
	}
	for g, name := range r.names {
		if name == "" {
			continue
		}
		v := m.group(g)
		s, ok := v.(string)
		if !ok {
			return errType("cannot unpack non-iterable NoneType object")
		}
		rs := []rune(s)
		switch {
		case len(rs) > 2:
			return errValue("too many values to unpack (expected 2)")
		case len(rs) < 2:
			return errValue("not enough values to unpack (expected 2, got " + itoa(len(rs)) + ")")
		}
		key, ref := string(rs[0]), string(rs[1])
		gi := -1
		for k, n := range r.names {
			if n == ref {
				gi = k
			}
		}
		if gi < 0 {
			return errIndex("no such group")
		}
		mp := value.NewMap(3)
		mp.Set("value", ref)
		mp.Set("start", m.pos(m.idx[2*gi]))
		mp.Set("end", m.pos(m.idx[2*gi+1]))
		sc.set(normVar(key), mp)
	}
	return nil
}
