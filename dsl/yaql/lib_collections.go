package yaql

import (
	"github.com/mistral-go/mistral-go/value"
)

func init() {
	iterable := T(pIterable)
	mapping := T(pMapping)
	i := T(pInt)
	fn("list").va("args", N(pObject)).do(func(c *callCtx) (any, error) {
		out := []any{}
		var rec func(items []any) error
		rec = func(items []any) error {
			for _, x := range items {
				if it, ok := x.(*iterator); ok {
					s, err := c.ec.items(it)
					if err != nil {
						return err
					}
					if err := rec(s); err != nil {
						return err
					}
					continue
				}
				out = append(out, x)
				if err := c.ec.checkLen(len(out)); err != nil {
					return err
				}
			}
			return nil
		}
		return out, rec(c.rest)
	})
	meth("flatten").p("collection", iterable).gen("generator object flatten").do(func(c *callCtx) (any, error) {
		return c.ec.flatten(c.a[0])
	})
	meth("toList").p("collection", iterable).do(func(c *callCtx) (any, error) { return c.ec.tuple(c.a[0]) })
	fn("#list").va("args", N(pObject)).do(func(c *callCtx) (any, error) {
		if c.rest == nil {
			return []any{}, nil
		}
		return c.rest, nil
	})
	dictOf := func(c *callCtx) (any, error) {
		b := newDictBuilder(len(c.rest))
		for _, a := range c.rest {
			r := a.(mappingRule)
			if err := b.set(r.key, r.val); err != nil {
				return nil, err
			}
		}
		return b.result(), nil
	}
	fn("dict").va("args", T(pMappingRule)).noKw().do(dictOf)
	fn("#map").va("args", T(pMappingRule)).noKw().do(dictOf)
	fn("dict").p("items", iterable).noKw().do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		b := newDictBuilder(0)
		for {
			t, ok, err := next()
			if err != nil {
				return nil, err
			}
			if !ok {
				return b.result(), nil
			}
			inner, err := c.ec.iter(t)
			if err != nil {
				return nil, err
			}
			k, ok, err := inner()
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, errStop("")
			}
			v, ok, err := inner()
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, errStop("")
			}
			if err := b.set(k, v); err != nil {
				return nil, err
			}
		}
	})
	meth("toDict").p("collection", iterable).p("keySelector", N(pLambda)).d("valueSelector", N(pLambda), nil).do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		b := newDictBuilder(0)
		for {
			t, ok, err := next()
			if err != nil {
				return nil, err
			}
			if !ok {
				return b.result(), nil
			}
			k, err := c.a[1].(*lambda).call1(c.ec, t)
			if err != nil {
				return nil, err
			}
			v := t
			if vs, ok := c.a[2].(*lambda); ok {
				if v, err = vs.call1(c.ec, t); err != nil {
					return nil, err
				}
			}
			if err := b.set(k, v); err != nil {
				return nil, err
			}
			if err := c.ec.checkLen(b.len()); err != nil {
				return nil, err
			}
		}
	})
	fn("#operator_.").p("dict", mapping).p("key", T(pKeyword)).do(func(c *callCtx) (any, error) {
		return dictItem(c.a[0], c.a[1])
	})
	fn("#indexer").p("dict", mapping).p("key", N(pObject)).do(func(c *callCtx) (any, error) {
		return dictItem(c.a[0], c.a[1])
	})
	fn("#indexer").p("dict", mapping).p("key", N(pObject)).p("default", N(pObject)).do(func(c *callCtx) (any, error) {
		v, ok, err := mapGetErr(c.a[0], c.a[1])
		if err != nil || !ok {
			return c.a[2], err
		}
		return v, nil
	})
	meth("get").p("dict", mapping).p("key", N(pObject)).d("default", N(pObject), nil).do(func(c *callCtx) (any, error) {
		v, ok, err := mapGetErr(c.a[0], c.a[1])
		if err != nil || !ok {
			return c.a[2], err
		}
		return v, nil
	})
	meth("set").p("dict", mapping).p("key", N(pObject)).p("value", N(pObject)).noKw().do(func(c *callCtx) (any, error) {
		c.ec.charge(mapLen(c.a[0]))
		b := copyDict(c.a[0])
		if err := b.set(c.a[1], c.a[2]); err != nil {
			return nil, err
		}
		return b.result(), nil
	})
	meth("set").p("dict", mapping).p("replacements", mapping).noKw().do(func(c *callCtx) (any, error) {
		c.ec.charge(mapLen(c.a[0]))
		b := copyDict(c.a[0])
		var err error
		mapRange(c.a[1], func(k, v any) bool {
			err = b.set(k, v)
			return err == nil
		})
		return b.result(), err
	})
	meth("set").p("dict", mapping).va("args", T(pMappingRule)).noKw().do(func(c *callCtx) (any, error) {
		c.ec.charge(mapLen(c.a[0]))
		b := copyDict(c.a[0])
		for _, a := range c.rest {
			r := a.(mappingRule)
			if err := b.set(r.key, r.val); err != nil {
				return nil, err
			}
		}
		return b.result(), nil
	})
	view := func(name string, k viewKind) {
		meth(name).p("dict", mapping).do(func(c *callCtx) (any, error) { return &dictView{kind: k, d: c.a[0]}, nil })
	}
	view("keys", viewKeys)
	view("values", viewValues)
	view("items", viewItems)
	fn("#indexer").p("list", T(pSequence)).p("index", i).do(func(c *callCtx) (any, error) {
		items, _ := seqItems(c.a[0])
		k := asInt(c.a[1])
		if k < 0 {
			k += int64(len(items))
		}
		if k < 0 || k >= int64(len(items)) {
			return nil, errIndex(typeName(c.a[0]) + " index out of range")
		}
		return items[k], nil
	})
	fn("#operator_in").p("value", N(pObject)).p("collection", iterable).do(func(c *callCtx) (any, error) {
		return c.ec.contains(c.a[1], c.a[0])
	})
	meth("contains").p("collection", iterable).p("value", N(pObject)).do(func(c *callCtx) (any, error) {
		return c.ec.contains(c.a[0], c.a[1])
	})
	meth("containsKey").p("dict", mapping).p("key", N(pObject)).do(func(c *callCtx) (any, error) {
		_, ok, err := mapGetErr(c.a[0], c.a[1])
		return ok, err
	})
	meth("containsValue").p("dict", mapping).p("value", N(pObject)).do(func(c *callCtx) (any, error) {
		found := false
		mapRange(c.a[0], func(_, v any) bool {
			found = pyEqual(c.a[1], v)
			return !found
		})
		return found, nil
	})
	fn("#operator_+").p("left", iterable).p("right", iterable).do(func(c *callCtx) (any, error) {
		l, r := c.a[0], c.a[1]
		if lt, ok := l.([]any); ok {
			if rt, ok := r.([]any); ok {
				if err := c.ec.checkLen(len(lt) + len(rt)); err != nil {
					return nil, err
				}
				if err := c.ec.charge(len(lt) + len(rt)); err != nil {
					return nil, err
				}
				out := make([]any, 0, len(lt)+len(rt))
				return append(append(out, lt...), rt...), nil
			}
		}
		if ls, ok := l.(*pySet); ok {
			if rs, ok := r.(*pySet); ok {
				return setUnion(ls, rs)
			}
		}
		return c.ec.chain([]any{l, r}), nil
	})
	repeatSeq := func(c *callCtx, seq any, n int64) (any, error) {
		items, _ := seqItems(seq)
		if n <= 0 || len(items) == 0 {
			if _, ok := seq.(pyList); ok {
				return pyList{}, nil
			}
			return []any{}, nil
		}
		if err := c.ec.checkLen(int(min(n, int64(c.ec.lim.MaxCollection)+1)) * len(items)); err != nil {
			return nil, err
		}
		if err := c.ec.charge(int(n) * len(items)); err != nil {
			return nil, err
		}
		out := make([]any, 0, int(n)*len(items))
		for k := int64(0); k < n; k++ {
			out = append(out, items...)
		}
		if _, ok := seq.(pyList); ok {
			return pyList(out), nil
		}
		return out, nil
	}
	fn("#operator_*").p("left", T(pSequence)).p("right", i).do(func(c *callCtx) (any, error) {
		return repeatSeq(c, c.a[0], asInt(c.a[1]))
	})
	fn("#operator_*").p("left", i).p("right", T(pSequence)).do(func(c *callCtx) (any, error) {
		return repeatSeq(c, c.a[1], asInt(c.a[0]))
	})
	fn("#operator_+").p("left", mapping).p("right", mapping).do(func(c *callCtx) (any, error) {
		c.ec.charge(mapLen(c.a[0]))
		b := copyDict(c.a[0])
		var err error
		mapRange(c.a[1], func(k, v any) bool {
			err = b.set(k, v)
			return err == nil
		})
		return b.result(), err
	})
	fn("isList").p("arg", N(pObject)).do(func(c *callCtx) (any, error) { return isSequence(c.a[0]), nil })
	fn("isDict").p("arg", N(pObject)).do(func(c *callCtx) (any, error) { return isMapping(c.a[0]), nil })
	fn("isSet").p("arg", N(pObject)).do(func(c *callCtx) (any, error) { return isSetLike(c.a[0]), nil })
	ext("len").p("dict", mapping).do(func(c *callCtx) (any, error) { return int64(mapLen(c.a[0])), nil })
	ext("len").p("sequence", T(pSequence)).do(func(c *callCtx) (any, error) {
		items, _ := seqItems(c.a[0])
		return int64(len(items)), nil
	})
	meth("delete").p("collection", iterable).p("position", i).d("count", i, int64(1)).gen("generator object delete").do(func(c *callCtx) (any, error) {
		pos, count := asInt(c.a[1]), asInt(c.a[2])
		return c.ec.mapIndexed("generator object delete", c.a[0], func(k int64, t any, emit func(any)) {
			if count >= 0 && !(pos <= k && k < pos+count) || count < 0 && !(k >= pos) {
				emit(t)
			}
		})
	})
	meth("replace").p("collection", iterable).p("position", i).p("value", N(pObject)).d("count", i, int64(1)).gen("generator object replace").do(func(c *callCtx) (any, error) {
		pos, count := asInt(c.a[1]), asInt(c.a[3])
		yielded := false
		return c.ec.mapIndexed("generator object replace", c.a[0], func(k int64, t any, emit func(any)) {
			if count >= 0 && pos <= k && k < pos+count || count < 0 && k >= pos {
				if !yielded {
					yielded = true
					emit(c.a[2])
				}
				return
			}
			emit(t)
		})
	})
	meth("replaceMany").p("collection", iterable).p("position", i).p("values", iterable).d("count", i, int64(1)).gen("generator object replace_many").do(func(c *callCtx) (any, error) {
		pos, count := asInt(c.a[1]), asInt(c.a[3])
		yielded := false
		var ierr error
		it, err := c.ec.mapIndexed("generator object replace_many", c.a[0], func(k int64, t any, emit func(any)) {
			if count >= 0 && pos <= k && k < pos+count || count < 0 && k >= pos {
				if !yielded {
					yielded = true
					vals, err := c.ec.items(c.a[2])
					if err != nil {
						ierr = err
						return
					}
					for _, v := range vals {
						emit(v)
					}
				}
				return
			}
			emit(t)
		})
		if err != nil {
			return nil, err
		}
		return wrapErr(it, &ierr), nil
	})
	meth("delete").p("dict", mapping).va("keys", N(pObject)).do(func(c *callCtx) (any, error) {
		c.ec.charge(mapLen(c.a[0]))
		return deleteKeys(c.a[0], c.rest)
	})
	meth("deleteAll").p("dict", mapping).p("keys", iterable).do(func(c *callCtx) (any, error) {
		keys, err := c.ec.items(c.a[1])
		if err != nil {
			return nil, err
		}
		return deleteKeys(c.a[0], keys)
	})
	meth("insert").p("collection", T(pIterNoSet)).p("position", i).p("value", N(pObject)).gen("generator object iter_insert").do(func(c *callCtx) (any, error) {
		pos := asInt(c.a[1])
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		k := int64(-1)
		var pending []any
		done := false
		return newIter("generator object iter_insert", func() (any, bool, error) {
			for {
				if len(pending) > 0 {
					x := pending[0]
					pending = pending[1:]
					return x, true, nil
				}
				if done {
					return nil, false, nil
				}
				t, ok, err := next()
				if err != nil {
					return nil, false, err
				}
				if !ok {
					done = true
					if pos > k {
						return c.a[2], true, nil
					}
					return nil, false, nil
				}
				k++
				if k == pos {
					pending = append(pending, t)
					return c.a[2], true, nil
				}
				return t, true, nil
			}
		}), nil
	})
	meth("insert").p("collection", T(pSequence)).p("position", i).p("value", N(pObject)).do(func(c *callCtx) (any, error) {
		items, _ := seqItems(c.a[0])
		n := int64(len(items))
		pos := asInt(c.a[1])
		if pos < 0 {
			pos += n
			if pos < 0 {
				pos = 0
			}
		}
		if pos > n {
			pos = n
		}
		out := make(pyList, 0, n+1)
		out = append(out, items[:pos]...)
		out = append(out, c.a[2])
		return append(out, items[pos:]...), nil
	})
	meth("insertMany").p("collection", iterable).p("position", i).p("values", iterable).gen("generator object insert_many").do(func(c *callCtx) (any, error) {
		pos := asInt(c.a[1])
		src, err := c.ec.items(c.a[0])
		if err != nil {
			return nil, err
		}
		vals, err := c.ec.items(c.a[2])
		if err != nil {
			return nil, err
		}
		var out []any
		if pos < 0 {
			out = append(out, vals...)
		}
		for k, t := range src {
			if int64(k) == pos {
				out = append(out, vals...)
			}
			out = append(out, t)
		}
		if pos > int64(len(src))-1 {
			out = append(out, vals...)
		}
		return sliceIter("generator object insert_many", out), nil
	})
	ext("len").p("set", T(pSet)).do(func(c *callCtx) (any, error) {
		s, err := toSet(c.a[0])
		if err != nil {
			return nil, err
		}
		return int64(len(s.items)), nil
	})
	fn("set").va("args", N(pObject)).do(func(c *callCtx) (any, error) {
		var flat []any
		for _, x := range c.rest {
			if it, ok := x.(*iterator); ok {
				s, err := c.ec.flattenIters(it)
				if err != nil {
					return nil, err
				}
				flat = append(flat, s...)
				continue
			}
			flat = append(flat, x)
		}
		return newSet(flat)
	})
	meth("toSet").p("collection", iterable).do(func(c *callCtx) (any, error) {
		items, err := c.ec.items(c.a[0])
		if err != nil {
			return nil, err
		}
		return newSet(items)
	})
	set := T(pSet)
	setOp := func(name string, f func(a, b *pySet) (any, error)) {
		meth(name).p("left", set).p("right", set).do(func(c *callCtx) (any, error) {
			if err := viewLacks(c.a[0], pyMethodName[name]); err != nil {
				return nil, err
			}
			a, err := toSet(c.a[0])
			if err != nil {
				return nil, err
			}
			b, err := toSet(c.a[1])
			if err != nil {
				return nil, err
			}
			return f(a, b)
		})
	}
	setOp("union", func(a, b *pySet) (any, error) { return setUnion(a, b) })
	setOp("intersect", func(a, b *pySet) (any, error) { return setFilter(a, b, true) })
	setOp("difference", func(a, b *pySet) (any, error) { return setFilter(a, b, false) })
	setOp("symmetricDifference", func(a, b *pySet) (any, error) {
		l, _ := setFilter(a, b, false)
		r, _ := setFilter(b, a, false)
		return setUnion(l, r)
	})
	fn("#operator_-").p("left", set).p("right", set).do(func(c *callCtx) (any, error) {
		if err := viewLacks(c.a[0], "difference"); err != nil {
			return nil, err
		}
		a, err := toSet(c.a[0])
		if err != nil {
			return nil, err
		}
		b, err := toSet(c.a[1])
		if err != nil {
			return nil, err
		}
		return setFilter(a, b, false)
	})
	setCmp := func(op string, f func(a, b *pySet) bool) {
		fn("#operator_"+op).p("left", set).p("right", set).do(func(c *callCtx) (any, error) {
			a, err := toSet(c.a[0])
			if err != nil {
				return nil, err
			}
			b, err := toSet(c.a[1])
			if err != nil {
				return nil, err
			}
			return f(a, b), nil
		})
	}
	setCmp("<", func(a, b *pySet) bool { return len(a.items) < len(b.items) && subset(a, b) })
	setCmp("<=", func(a, b *pySet) bool { return subset(a, b) })
	setCmp(">=", func(a, b *pySet) bool { return subset(b, a) })
	setCmp(">", func(a, b *pySet) bool { return len(a.items) > len(b.items) && subset(b, a) })
	meth("add").p("set", set).va("values", N(pObject)).do(func(c *callCtx) (any, error) {
		if err := viewLacks(c.a[0], "union"); err != nil {
			return nil, err
		}
		a, err := toSet(c.a[0])
		if err != nil {
			return nil, err
		}
		b, err := newSet(c.rest)
		if err != nil {
			return nil, err
		}
		return setUnion(a, b)
	})
	meth("remove").p("set", set).va("values", N(pObject)).do(func(c *callCtx) (any, error) {
		if err := viewLacks(c.a[0], "difference"); err != nil {
			return nil, err
		}
		a, err := toSet(c.a[0])
		if err != nil {
			return nil, err
		}
		b, err := newSet(c.rest)
		if err != nil {
			return nil, err
		}
		return setFilter(a, b, false)
	})
}

// pyMethodName maps yaql's set methods to the Python set methods they
// call.
var pyMethodName = map[string]string{"union": "union", "intersect": "intersection",
	"difference": "difference", "symmetricDifference": "symmetric_difference"}

// viewLacks is the AttributeError a keys()/items() view gives for set
// methods only frozensets have.
func viewLacks(v any, method string) error {
	if _, ok := v.(*dictView); ok {
		return pyErr("AttributeError", "'"+typeNameView(v)+"' object has no attribute '"+method+"'")
	}
	return nil
}

func typeNameView(v any) string {
	t := v.(*dictView)
	if _, ok := t.d.(*pyDict); ok {
		return [...]string{"dict_keys", "dict_values", "dict_items"}[t.kind]
	}
	return typeName(v)
}

// dictItem is d[key]: a missing key is a KeyError.
func dictItem(d, key any) (any, error) {
	v, ok, err := mapGetErr(d, key)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errKey(key)
	}
	return v, nil
}

func deleteKeys(d any, keys []any) (any, error) {
	b := copyDict(d)
	for _, k := range keys {
		if err := b.del(k); err != nil {
			return nil, err
		}
	}
	return b.result(), nil
}

func setUnion(a, b *pySet) (any, error) {
	return newSet(append(append([]any(nil), a.items...), b.items...))
}

// setFilter keeps the items of a that are (keep) or are not in b.
func setFilter(a, b *pySet, keep bool) (*pySet, error) {
	var items []any
	for _, x := range a.items {
		in, err := b.has(x)
		if err != nil {
			return nil, err
		}
		if in == keep {
			items = append(items, x)
		}
	}
	return newSet(items)
}

func subset(a, b *pySet) bool {
	for _, x := range a.items {
		if in, _ := b.has(x); !in {
			return false
		}
	}
	return true
}

// contains is Python's `value in collection`.
func (ec *evalCtx) contains(coll, v any) (bool, error) {
	switch t := coll.(type) {
	case *pySet:
		return t.has(v)
	case *dictView:
		switch t.kind {
		case viewKeys:
			_, ok, err := mapGetErr(t.d, v)
			return ok, err
		case viewItems:
			pair, ok := seqItems(v)
			if !ok || len(pair) != 2 {
				return false, nil
			}
			x, ok, err := mapGetErr(t.d, pair[0])
			return ok && pyEqual(x, pair[1]), err
		}
	}
	next, err := ec.iter(coll)
	if err != nil {
		return false, err
	}
	for {
		x, ok, err := next()
		if err != nil || !ok {
			return false, err
		}
		if pyEqual(x, v) {
			return true, nil
		}
	}
}

// flatten yields the items of nested iterables depth-first, lazily.
func (ec *evalCtx) flatten(coll any) (any, error) {
	next, err := ec.iter(coll)
	if err != nil {
		return nil, err
	}
	stack := []nextFn{next}
	return newIter("generator object flatten", func() (any, bool, error) {
		for len(stack) > 0 {
			x, ok, err := stack[len(stack)-1]()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				stack = stack[:len(stack)-1]
				continue
			}
			if isIterable(x) {
				inner, err := ec.iter(x)
				if err != nil {
					return nil, false, err
				}
				if len(stack) > ec.lim.MaxDepth {
					return nil, false, errDepth()
				}
				stack = append(stack, inner)
				continue
			}
			return x, true, nil
		}
		return nil, false, nil
	}), nil
}

// flattenIters expands iterators nested in an iterator (list()/set()).
func (ec *evalCtx) flattenIters(it *iterator) ([]any, error) {
	items, err := ec.items(it)
	if err != nil {
		return nil, err
	}
	var out []any
	for _, x := range items {
		if inner, ok := x.(*iterator); ok {
			s, err := ec.flattenIters(inner)
			if err != nil {
				return nil, err
			}
			out = append(out, s...)
			continue
		}
		out = append(out, x)
	}
	return out, nil
}

// chain is itertools.chain over iterables.
func (ec *evalCtx) chain(colls []any) *iterator {
	k := 0
	var cur nextFn
	return newIter("itertools.chain object", func() (any, bool, error) {
		for {
			if cur == nil {
				if k >= len(colls) {
					return nil, false, nil
				}
				n, err := ec.iter(colls[k])
				if err != nil {
					return nil, false, err
				}
				k++
				cur = n
			}
			x, ok, err := cur()
			if err != nil {
				return nil, false, err
			}
			if ok {
				return x, true, nil
			}
			cur = nil
		}
	})
}

// mapIndexed makes a generator that passes each (index, item) to f,
// which emits zero or more items.
func (ec *evalCtx) mapIndexed(kind string, coll any, f func(k int64, t any, emit func(any))) (*iterator, error) {
	next, err := ec.iter(coll)
	if err != nil {
		return nil, err
	}
	var pending []any
	emit := func(x any) { pending = append(pending, x) }
	k := int64(-1)
	return newIter(kind, func() (any, bool, error) {
		for len(pending) == 0 {
			t, ok, err := next()
			if err != nil || !ok {
				return nil, false, err
			}
			k++
			f(k, t, emit)
		}
		x := pending[0]
		pending = pending[1:]
		return x, true, nil
	}), nil
}

// wrapErr reports an error stored by a generator body.
func wrapErr(it *iterator, errp *error) *iterator {
	inner := it.next
	it.next = func() (any, bool, error) {
		x, ok, err := inner()
		if *errp != nil {
			return nil, false, *errp
		}
		return x, ok, err
	}
	return it
}

var _ = value.Map{}
