package yaql

import (
	"strconv"
	"strings"
)

func init() {
	str := T(pString)
	strN := N(pString)
	i := T(pInt)
	strCmp := func(op string, f func(a, b string) bool) {
		fn("#operator_"+op).p("left", str).p("right", str).do(func(c *callCtx) (any, error) {
			return f(c.a[0].(string), c.a[1].(string)), nil
		})
	}
	strCmp(">", func(a, b string) bool { return a > b })
	strCmp("<", func(a, b string) bool { return a < b })
	strCmp(">=", func(a, b string) bool { return a >= b })
	strCmp("<=", func(a, b string) bool { return a <= b })
	ext("len").p("string", str).do(func(c *callCtx) (any, error) { return int64(runeLen(c.a[0].(string))), nil })
	meth("toLower").p("string", str).do(func(c *callCtx) (any, error) { return pyLower(c.a[0].(string)), nil })
	meth("toUpper").p("string", str).do(func(c *callCtx) (any, error) { return pyUpper(c.a[0].(string)), nil })
	split := func(name string, f func(string, *string, int64) ([]string, error)) {
		meth(name).p("string", str).d("separator", strN, nil).d("maxSplits", i, int64(-1)).do(func(c *callCtx) (any, error) {
			var sep *string
			if s, ok := c.a[1].(string); ok {
				sep = &s
			}
			parts, err := f(c.a[0].(string), sep, asInt(c.a[2]))
			if err != nil {
				return nil, err
			}
			out := make(pyList, len(parts))
			for i, p := range parts {
				out[i] = p
			}
			return out, nil
		})
	}
	split("split", pySplit)
	split("rightSplit", pyRSplit)
	meth("join").p("sequence", T(pIterable)).p("separator", str).do(func(c *callCtx) (any, error) {
		return c.ec.join(c.a[1].(string), c.a[0])
	})
	meth("join").p("separator", str).p("sequence", T(pIterable)).do(func(c *callCtx) (any, error) {
		return c.ec.join(c.a[0].(string), c.a[1])
	})
	fn("str").p("value", N(pObject)).do(func(c *callCtx) (any, error) { return yaqlStr(c.a[0]), nil })
	concat := func(c *callCtx) (any, error) {
		n := 0
		for _, a := range c.rest {
			n += len(a.(string))
		}
		if err := c.ec.checkStr(n); err != nil {
			return nil, err
		}
		var b strings.Builder
		b.Grow(n)
		for _, a := range c.rest {
			b.WriteString(a.(string))
		}
		return b.String(), nil
	}
	fn("concat").va("args", str).do(concat)
	fn("#operator_+").va("args", str).do(concat)
	trim := func(name string, left, right bool) {
		meth(name).p("string", str).d("chars", strN, nil).do(func(c *callCtx) (any, error) {
			return pyStrip(c.a[0].(string), optStr(c.a[1]), left, right), nil
		})
	}
	trim("trim", true, true)
	trim("trimLeft", true, false)
	trim("trimRight", false, true)
	meth("replace").p("string", str).p("old", str).p("new", str).d("count", i, int64(-1)).do(func(c *callCtx) (any, error) {
		s := pyReplace(c.a[0].(string), c.a[1].(string), c.a[2].(string), asInt(c.a[3]))
		return s, c.ec.checkStr(len(s))
	})
	meth("replace").p("string", str).p("replacements", T(pMapping)).d("count", i, int64(-1)).do(func(c *callCtx) (any, error) {
		s := c.a[0].(string)
		var err error
		mapRange(c.a[1], func(k, v any) bool {
			s = pyReplace(s, yaqlStr(k), yaqlStr(v), asInt(c.a[2]))
			err = c.ec.checkStr(len(s))
			return err == nil
		})
		return s, err
	})
	ext("format").p("formatString", str).va("args", N(pObject)).vkw("kwargs", N(pObject)).do(func(c *callCtx) (any, error) {
		s, err := pyFormat(c.a[0].(string), c.rest, c.kw)
		if err != nil {
			return nil, err
		}
		return s, c.ec.checkStr(len(s))
	})
	ext("isEmpty").p("string", strN).d("trim", N(pBool), true).d("chars", strN, nil).do(func(c *callCtx) (any, error) {
		s, ok := c.a[0].(string)
		if !ok {
			return true, nil
		}
		if truthy(c.a[1]) {
			s = pyStrip(s, optStr(c.a[2]), true, true)
		}
		return s == "", nil
	})
	repeat := func(c *callCtx, s string, n int64) (any, error) {
		if n <= 0 || s == "" {
			return "", nil
		}
		if n > int64(c.ec.lim.MaxString) || int64(len(s))*n > int64(c.ec.lim.MaxString) {
			return nil, errMemory()
		}
		if err := c.ec.checkStr(len(s) * int(n)); err != nil {
			return nil, err
		}
		return strings.Repeat(s, int(n)), nil
	}
	fn("#operator_*").p("left", str).p("right", i).do(func(c *callCtx) (any, error) {
		return repeat(c, c.a[0].(string), asInt(c.a[1]))
	})
	fn("#operator_*").p("left", i).p("right", str).do(func(c *callCtx) (any, error) {
		return repeat(c, c.a[1].(string), asInt(c.a[0]))
	})
	fn("#operator_in").p("left", str).p("right", str).do(func(c *callCtx) (any, error) {
		return strings.Contains(c.a[1].(string), c.a[0].(string)), nil
	})
	meth("substring").p("string", str).p("start", i).d("length", i, int64(-1)).do(func(c *callCtx) (any, error) {
		rs := []rune(c.a[0].(string))
		n := int64(len(rs))
		start, length := asInt(c.a[1]), asInt(c.a[2])
		if length < 0 {
			length = n
		}
		if start < 0 {
			start += n
		}
		end := start + length
		start, end = sliceBounds(start, end, n)
		if start >= end {
			return "", nil
		}
		return string(rs[start:end]), nil
	})
	find := func(name string, last bool) {
		meth(name).p("string", str).p("sub", str).d("start", i, int64(0)).do(func(c *callCtx) (any, error) {
			return pyFind(c.a[0].(string), c.a[1].(string), asInt(c.a[2]), 0, false, last), nil
		})
		meth(name).p("string", str).p("sub", str).p("start", i).p("length", i).do(func(c *callCtx) (any, error) {
			s := c.a[0].(string)
			n := int64(runeLen(s))
			start, length := asInt(c.a[2]), asInt(c.a[3])
			if start < 0 {
				start += n
			}
			if length < 0 {
				length = n - start
			}
			return pyFind(s, c.a[1].(string), start, start+length, true, last), nil
		})
	}
	find("indexOf", false)
	find("lastIndexOf", true)
	meth("toCharArray").p("string", str).do(func(c *callCtx) (any, error) {
		rs := []rune(c.a[0].(string))
		out := make([]any, len(rs))
		for i, r := range rs {
			out[i] = string(r)
		}
		return out, nil
	})
	charSets := []struct{ name, chars string }{
		{"digits", "0123456789"},
		{"hexdigits", "0123456789abcdefABCDEF"},
		{"asciiLowercase", "abcdefghijklmnopqrstuvwxyz"},
		{"asciiUppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
		{"asciiLetters", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"},
		{"letters", ""},
		{"octdigits", "01234567"},
		{"punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"},
		{"printable", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c"},
		{"lowercase", ""},
		{"uppercase", ""},
		{"whitespace", " \t\n\r\x0b\x0c"},
	}
	cb := fn("characters")
	for _, cs := range charSets {
		cb.d(cs.name, N(pBool), false)
	}
	cb.do(func(c *callCtx) (any, error) {
		var b strings.Builder
		for i, cs := range charSets {
			if !truthy(c.a[i]) {
				continue
			}
			if cs.chars == "" {
				return nil, pyErr("AttributeError", "module 'string' has no attribute '"+strings.ToLower(cs.name)+"'")
			}
			b.WriteString(cs.chars)
		}
		seen := map[rune]bool{}
		out := []any{}
		for _, r := range b.String() {
			if !seen[r] {
				seen[r] = true
				out = append(out, string(r))
			}
		}
		return out, nil
	})
	fn("isString").p("arg", N(pObject)).do(func(c *callCtx) (any, error) {
		_, ok := c.a[0].(string)
		return ok, nil
	})
	fix := func(name string, f func(s, p string) bool) {
		meth(name).p("string", str).va("args", str).do(func(c *callCtx) (any, error) {
			s := c.a[0].(string)
			for _, p := range c.rest {
				if f(s, p.(string)) {
					return true, nil
				}
			}
			return false, nil
		})
	}
	fix("startsWith", strings.HasPrefix)
	fix("endsWith", strings.HasSuffix)
	fn("hex").p("num", N(pNumber)).do(func(c *callCtx) (any, error) {
		x, ok := c.a[0].(int64)
		if !ok {
			return nil, errType("'" + typeName(c.a[0]) + "' object cannot be interpreted as an integer")
		}
		if x < 0 {
			return "-0x" + strconv.FormatUint(uint64(-x), 16), nil
		}
		return "0x" + strconv.FormatInt(x, 16), nil
	})
	ext("norm").p("string", strN).d("chars", strN, nil).do(func(c *callCtx) (any, error) {
		s, ok := c.a[0].(string)
		if !ok {
			return nil, nil
		}
		s = pyStrip(s, optStr(c.a[1]), true, true)
		if s == "" {
			return nil, nil
		}
		return s, nil
	})
}

func optStr(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}

// yaqlStr is yaql's str(): null, true and false spelled as in yaql.
func yaqlStr(v any) string {
	switch v {
	case nil:
		return "null"
	case true:
		return "true"
	case false:
		return "false"
	}
	return pyStr(v)
}

// join is separator.join(str(x) for x in items).
func (ec *evalCtx) join(sep string, seq any) (any, error) {
	next, err := ec.iter(seq)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	first := true
	for {
		x, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return b.String(), nil
		}
		if !first {
			b.WriteString(sep)
		}
		first = false
		b.WriteString(yaqlStr(x))
		if err := ec.checkStr(b.Len()); err != nil {
			return nil, err
		}
	}
}
