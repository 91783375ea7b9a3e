package yaql

import (
	"strconv"

	"github.com/mistral-go/mistral-go/value"
)

func init() {
	iterable := T(pIterable)
	lam := N(pLambda)
	i := T(pInt)
	where := func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		pred := c.a[1].(*lambda)
		return newIter("filter object", func() (any, bool, error) {
			for {
				x, ok, err := next()
				if err != nil || !ok {
					return nil, false, err
				}
				keep, err := pred.truthy1(c.ec, x)
				if err != nil {
					return nil, false, err
				}
				if keep {
					return x, true, nil
				}
			}
		}), nil
	}
	meth("where").p("collection", iterable).p("predicate", lam).do(where)
	meth("filter").p("collection", iterable).p("predicate", lam).do(where)
	sel := func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		f := c.a[1].(*lambda)
		return newIter("map object", func() (any, bool, error) {
			x, ok, err := next()
			if err != nil || !ok {
				return nil, false, err
			}
			v, err := f.call1(c.ec, x)
			if err != nil {
				return nil, false, err
			}
			return v, true, nil
		}), nil
	}
	meth("select").p("collection", iterable).p("selector", lam).do(sel)
	meth("map").p("collection", iterable).p("selector", lam).do(sel)
	// list.attr maps .attr over the items
	fn("#operator_.").p("collection", iterable).p("attribute", T(pKeywordNode)).do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		attr := c.a[1].(node)
		sc := c.ctx()
		return newIter("map object", func() (any, bool, error) {
			x, ok, err := next()
			if err != nil || !ok {
				return nil, false, err
			}
			v, err := c.ec.invoke(sc.child(), "#operator_.", noValue, []argVal{valArg(x), nodeArg(attr)}, nil)
			if err != nil {
				return nil, false, err
			}
			return v, true, nil
		}), nil
	})
	meth("skip").p("collection", iterable).p("count", i).do(func(c *callCtx) (any, error) {
		return c.ec.islice(c.a[0], asInt(c.a[1]), -1)
	})
	take := func(c *callCtx) (any, error) {
		n := asInt(c.a[1])
		if n < 0 {
			return nil, errValue("Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
		}
		return c.ec.islice(c.a[0], 0, n)
	}
	meth("limit").p("collection", iterable).p("count", i).do(take)
	meth("take").p("collection", iterable).p("count", i).do(take)
	ext("append").p("collection", iterable).va("args", N(pObject)).do(func(c *callCtx) (any, error) {
		it := c.ec.chain([]any{c.a[0], c.rest})
		it.kind = "generator object append"
		return it, nil
	})
	ext("distinct").p("collection", iterable).d("keySelector", lam, nil).gen("generator object distinct").do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		ks, _ := c.a[1].(*lambda)
		return newIter("generator object distinct", func() (any, bool, error) {
			for {
				x, ok, err := next()
				if err != nil || !ok {
					return nil, false, err
				}
				key := x
				if ks != nil {
					if key, err = ks.call1(c.ec, x); err != nil {
						return nil, false, err
					}
				}
				h, err := hashKey(key)
				if err != nil {
					return nil, false, err
				}
				if !seen[h] {
					seen[h] = true
					return x, true, nil
				}
			}
		}), nil
	})
	ext("enumerate").p("collection", iterable).d("start", N(pInt), int64(0)).gen("generator object enumerate_").do(func(c *callCtx) (any, error) {
		if c.a[1] == nil {
			return nil, errType("'NoneType' object cannot be interpreted as an integer")
		}
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		k := asInt(c.a[1])
		return newIter("generator object enumerate_", func() (any, bool, error) {
			x, ok, err := next()
			if err != nil || !ok {
				return nil, false, err
			}
			k++
			return pyList{k - 1, x}, true, nil
		}), nil
	})
	ext("any").p("collection", iterable).d("predicate", lam, nil).do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		pred, _ := c.a[1].(*lambda)
		for {
			x, ok, err := next()
			if err != nil || !ok {
				return false, err
			}
			if pred == nil {
				return true, nil
			}
			t, err := pred.truthy1(c.ec, x)
			if err != nil || t {
				return t, err
			}
		}
	})
	ext("all").p("collection", iterable).d("predicate", lam, nil).do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		pred, _ := c.a[1].(*lambda)
		for {
			x, ok, err := next()
			if err != nil || !ok {
				return true, err
			}
			t := truthy(x)
			if pred != nil {
				if t, err = pred.truthy1(c.ec, x); err != nil {
					return nil, err
				}
			}
			if !t {
				return false, nil
			}
		}
	})
	ext("concat").va("collections", iterable).do(func(c *callCtx) (any, error) { return c.ec.chain(c.rest), nil })
	ext("len").p("collection", T(pIterator)).do(func(c *callCtx) (any, error) { return c.ec.count(c.a[0]) })
	meth("count").p("collection", iterable).do(func(c *callCtx) (any, error) { return c.ec.count(c.a[0]) })
	meth("memorize").p("collection", iterable).do(func(c *callCtx) (any, error) {
		if it, ok := c.a[0].(*iterator); ok {
			return c.ec.memorize(it), nil
		}
		return c.a[0], nil
	})
	aggr := func(name, op string) {
		meth(name).p("collection", iterable).d("initial", N(pObject), noValue).do(func(c *callCtx) (any, error) {
			return c.ec.reduce(c.a[0], c.a[1], func(a, b any) (any, error) { return c.ec.callValues(c.sc, op, a, b) })
		})
	}
	aggr("sum", "#operator_+")
	aggr("max", "max")
	aggr("min", "min")
	meth("first").p("collection", iterable).d("default", N(pObject), noValue).do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		x, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			if c.a[1] == noValue {
				return nil, errStop("")
			}
			return c.a[1], nil
		}
		return x, nil
	})
	meth("single").p("collection", iterable).do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		x, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errStop("")
		}
		_, ok, err = next()
		if err != nil {
			return nil, err
		}
		if ok {
			return nil, errStop("Collection contains more than one item")
		}
		return x, nil
	})
	meth("last").p("collection", iterable).d("default", N(pObject), noValue).do(func(c *callCtx) (any, error) {
		if items, ok := seqItems(c.a[0]); ok {
			if len(items) == 0 {
				if c.a[1] == noValue {
					return nil, errStop("")
				}
				return c.a[1], nil
			}
			return items[len(items)-1], nil
		}
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		last := c.a[1]
		for {
			x, ok, err := next()
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			last = x
		}
		if last == noValue {
			return nil, errStop("")
		}
		return last, nil
	})
	meth("selectMany").p("collection", iterable).p("selector", lam).gen("generator object select_many").do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		f := c.a[1].(*lambda)
		var inner nextFn
		return newIter("generator object select_many", func() (any, bool, error) {
			for {
				if inner != nil {
					x, ok, err := inner()
					if err != nil {
						return nil, false, err
					}
					if ok {
						return x, true, nil
					}
					inner = nil
				}
				item, ok, err := next()
				if err != nil || !ok {
					return nil, false, err
				}
				v, err := f.call1(c.ec, item)
				if err != nil {
					return nil, false, err
				}
				if !isIterable(v) {
					return v, true, nil
				}
				if inner, err = c.ec.iter(v); err != nil {
					return nil, false, err
				}
			}
		}), nil
	})
	fn("range").p("stop", i).do(func(c *callCtx) (any, error) { return pyRange(0, asInt(c.a[0]), 1) })
	fn("range").p("start", i).p("stop", i).d("step", i, int64(1)).do(func(c *callCtx) (any, error) {
		return pyRange(asInt(c.a[0]), asInt(c.a[1]), asInt(c.a[2]))
	})
	fn("sequence").d("start", i, int64(0)).d("step", i, int64(1)).do(func(c *callCtx) (any, error) {
		k, step := asInt(c.a[0]), asInt(c.a[1])
		return newIter("count object", func() (any, bool, error) {
			k += step
			return k - step, true, nil
		}), nil
	})
	order := func(name string, asc bool) {
		meth(name).p("collection", iterable).p("selector", lam).do(func(c *callCtx) (any, error) {
			return &orderedIter{src: c.a[0], fields: []orderField{{c.a[1].(*lambda), asc}}}, nil
		})
	}
	order("orderBy", true)
	order("orderByDescending", false)
	then := func(name string, asc bool) {
		meth(name).p("collection", T(pOrdering)).p("selector", lam).do(func(c *callCtx) (any, error) {
			o := c.a[0].(*orderedIter)
			o.fields = append(o.fields, orderField{c.a[1].(*lambda), asc})
			return o, nil
		})
	}
	then("thenBy", true)
	then("thenByDescending", false)
	meth("groupBy").p("collection", iterable).p("keySelector", lam).d("valueSelector", lam, nil).d("aggregator", lam, nil).do(libGroupBy)
	meth("zip").va("collections", iterable).do(func(c *callCtx) (any, error) {
		return c.ec.zip(c.rest, false, nil)
	})
	meth("zipLongest").va("collections", iterable).vkw("kwargs", N(pObject)).do(func(c *callCtx) (any, error) {
		var fill any
		for _, k := range c.kw {
			if k.name == "default" {
				fill = k.v
			}
		}
		return c.ec.zip(c.rest, true, fill)
	})
	meth("join").p("collection1", iterable).p("collection2", iterable).p("predicate", lam).p("selector", lam).gen("generator object join").do(func(c *callCtx) (any, error) {
		var other []any
		loaded := false
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		pred, selector := c.a[2].(*lambda), c.a[3].(*lambda)
		var cur any
		j := -1
		return newIter("generator object join", func() (any, bool, error) {
			for {
				if j < 0 || j >= len(other) {
					x, ok, err := next()
					if err != nil || !ok {
						return nil, false, err
					}
					cur, j = x, 0
					if !loaded {
						if other, err = c.ec.items(c.a[1]); err != nil {
							return nil, false, err
						}
						loaded = true
					}
					continue
				}
				o := other[j]
				j++
				if err := c.ec.step(); err != nil {
					return nil, false, err
				}
				m, err := pred.call(c.ec, cur, o)
				if err != nil {
					return nil, false, err
				}
				if truthy(m) {
					v, err := selector.call(c.ec, cur, o)
					if err != nil {
						return nil, false, err
					}
					return v, true, nil
				}
			}
		}), nil
	})
	meth("repeat").p("value", N(pObject)).d("times", i, int64(-1)).do(func(c *callCtx) (any, error) {
		n := asInt(c.a[1])
		v := c.a[0]
		return newIter("repeat object", func() (any, bool, error) {
			if n == 0 {
				return nil, false, nil
			}
			if n > 0 {
				n--
			}
			return v, true, nil
		}), nil
	})
	meth("cycle").p("collection", iterable).do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		var saved []any
		k := -1
		return newIter("itertools.cycle object", func() (any, bool, error) {
			if k < 0 {
				x, ok, err := next()
				if err != nil {
					return nil, false, err
				}
				if ok {
					saved = append(saved, x)
					if err := c.ec.checkLen(len(saved)); err != nil {
						return nil, false, err
					}
					return x, true, nil
				}
				if len(saved) == 0 {
					return nil, false, nil
				}
				k = 0
			}
			if err := c.ec.step(); err != nil {
				return nil, false, err
			}
			x := saved[k%len(saved)]
			k++
			return x, true, nil
		}), nil
	})
	meth("takeWhile").p("collection", iterable).p("predicate", lam).do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		pred := c.a[1].(*lambda)
		return newIter("itertools.takewhile object", func() (any, bool, error) {
			x, ok, err := next()
			if err != nil || !ok {
				return nil, false, err
			}
			t, err := pred.truthy1(c.ec, x)
			if err != nil || !t {
				return nil, false, err
			}
			return x, true, nil
		}), nil
	})
	meth("skipWhile").p("collection", iterable).p("predicate", lam).do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		pred := c.a[1].(*lambda)
		dropping := true
		return newIter("itertools.dropwhile object", func() (any, bool, error) {
			for {
				x, ok, err := next()
				if err != nil || !ok {
					return nil, false, err
				}
				if dropping {
					t, err := pred.truthy1(c.ec, x)
					if err != nil {
						return nil, false, err
					}
					if t {
						continue
					}
					dropping = false
				}
				return x, true, nil
			}
		}), nil
	})
	indexOf := func(name string, last bool) {
		meth(name).p("collection", iterable).p("item", N(pObject)).do(func(c *callCtx) (any, error) {
			return c.ec.indexWhere(c.a[0], last, func(x any) (bool, error) { return pyEqual(x, c.a[1]), nil })
		})
	}
	indexOf("indexOf", false)
	indexOf("lastIndexOf", true)
	indexWhere := func(name string, last bool) {
		meth(name).p("collection", iterable).p("predicate", lam).do(func(c *callCtx) (any, error) {
			pred := c.a[1].(*lambda)
			return c.ec.indexWhere(c.a[0], last, func(x any) (bool, error) { return pred.truthy1(c.ec, x) })
		})
	}
	indexWhere("indexWhere", false)
	indexWhere("lastIndexWhere", true)
	meth("slice").p("collection", iterable).p("length", i).gen("generator object slice_").do(func(c *callCtx) (any, error) {
		n := asInt(c.a[1])
		if n < 0 {
			return nil, errValue("Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
		}
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		return newIter("generator object slice_", func() (any, bool, error) {
			var chunk []any
			for int64(len(chunk)) < n {
				x, ok, err := next()
				if err != nil {
					return nil, false, err
				}
				if !ok {
					break
				}
				chunk = append(chunk, x)
			}
			if len(chunk) == 0 {
				return nil, false, nil
			}
			return chunk, true, nil
		}), nil
	})
	meth("splitWhere").p("collection", iterable).p("predicate", lam).gen("generator object split_where").do(func(c *callCtx) (any, error) {
		lst, err := c.ec.tuple(c.a[0])
		if err != nil {
			return nil, err
		}
		pred := c.a[1].(*lambda)
		start, end := 0, 0
		finished := false
		return newIter("generator object split_where", func() (any, bool, error) {
			for end < len(lst) {
				t, err := pred.truthy1(c.ec, lst[end])
				if err != nil {
					return nil, false, err
				}
				end++
				if t {
					part := lst[start : end-1]
					start = end
					return part, true, nil
				}
			}
			if !finished && start != end {
				finished = true
				return lst[start:end], true, nil
			}
			return nil, false, nil
		}), nil
	})
	meth("sliceWhere").p("collection", iterable).p("predicate", lam).gen("generator object slice_where").do(func(c *callCtx) (any, error) {
		lst, err := c.ec.tuple(c.a[0])
		if err != nil {
			return nil, err
		}
		pred := c.a[1].(*lambda)
		start, end := 0, 0
		var p1 any = noValue
		finished := false
		return newIter("generator object slice_where", func() (any, bool, error) {
			for end < len(lst) {
				p2, err := pred.call1(c.ec, lst[end])
				if err != nil {
					return nil, false, err
				}
				prev := p1
				p1 = p2
				end++
				if prev != noValue && !pyEqual(p2, prev) {
					part := lst[start : end-1]
					start = end - 1
					return part, true, nil
				}
			}
			if !finished && start != end {
				finished = true
				return lst[start:end], true, nil
			}
			return nil, false, nil
		}), nil
	})
	meth("splitAt").p("collection", iterable).p("index", i).do(func(c *callCtx) (any, error) {
		lst, err := c.ec.tuple(c.a[0])
		if err != nil {
			return nil, err
		}
		a, b := sliceBounds(asInt(c.a[1]), int64(len(lst)), int64(len(lst)))
		_ = b
		if a > int64(len(lst)) {
			a = int64(len(lst))
		}
		return pyList{lst[:a:a], lst[a:]}, nil
	})
	agg := func(c *callCtx) (any, error) {
		f := c.a[1].(*lambda)
		return c.ec.reduce(c.a[0], c.a[2], func(a, b any) (any, error) { return f.call(c.ec, a, b) })
	}
	meth("aggregate").p("collection", iterable).p("selector", lam).d("seed", N(pObject), noValue).do(agg)
	meth("reduce").p("collection", iterable).p("selector", lam).d("seed", N(pObject), noValue).do(agg)
	meth("accumulate").p("collection", iterable).p("selector", lam).d("seed", N(pObject), noValue).gen("generator object accumulate").do(func(c *callCtx) (any, error) {
		next, err := c.ec.iter(c.a[0])
		if err != nil {
			return nil, err
		}
		f := c.a[1].(*lambda)
		total := c.a[2]
		started := false
		return newIter("generator object accumulate", func() (any, bool, error) {
			if !started {
				started = true
				if total == noValue {
					x, ok, err := next()
					if err != nil {
						return nil, false, err
					}
					if !ok {
						return nil, false, errType("accumulate() of empty sequence with no initial value")
					}
					total = x
				}
				return total, true, nil
			}
			x, ok, err := next()
			if err != nil || !ok {
				return nil, false, err
			}
			if total, err = f.call(c.ec, total, x); err != nil {
				return nil, false, err
			}
			return total, true, nil
		}), nil
	})
	meth("reverse").p("collection", iterable).do(func(c *callCtx) (any, error) {
		lst, err := c.ec.tuple(c.a[0])
		if err != nil {
			return nil, err
		}
		k := len(lst)
		return newIter("reversed object", func() (any, bool, error) {
			if k == 0 {
				return nil, false, nil
			}
			k--
			return lst[k], true, nil
		}), nil
	})
	meth("mergeWith").p("dict", T(pMapping)).p("another", T(pMapping)).d("listMerger", lam, nil).d("itemMerger", lam, nil).d("maxLevels", i, int64(0)).do(libMergeWith)
	fn("isIterable").p("value", N(pObject)).do(func(c *callCtx) (any, error) { return isIterable(c.a[0]), nil })
	fn("generate").p("initial", N(pObject)).p("predicate", lam).p("producer", lam).d("selector", lam, nil).d("decycle", N(pBool), false).do(libGenerate)
	fn("generateMany").p("initial", N(pObject)).p("producer", lam).d("selector", lam, nil).d("decycle", N(pBool), false).d("depthFirst", N(pBool), false).do(libGenerateMany)
	meth("defaultIfEmpty").p("collection", iterable).p("default", iterable).do(func(c *callCtx) (any, error) {
		coll := c.a[0]
		switch t := coll.(type) {
		case []any, pyList, *pySet, *dictView:
			n := 0
			if items, ok := seqItems(t); ok {
				n = len(items)
			} else if s, err := toSet(t); err == nil {
				n = len(s.items)
			}
			if n == 0 {
				return c.a[1], nil
			}
			return coll, nil
		}
		if it, ok := coll.(*iterator); ok {
			coll = c.ec.memorize(it)
		}
		next, err := c.ec.iter(coll)
		if err != nil {
			return nil, err
		}
		_, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return c.a[1], nil
		}
		return coll, nil
	})
}

// islice is itertools.islice(coll, start, stop); stop < 0 means none.
func (ec *evalCtx) islice(coll any, start, stop int64) (any, error) {
	if start < 0 {
		return nil, errValue("Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
	}
	next, err := ec.iter(coll)
	if err != nil {
		return nil, err
	}
	k := int64(0)
	return newIter("itertools.islice object", func() (any, bool, error) {
		for k < start {
			if stop >= 0 && k >= stop {
				return nil, false, nil
			}
			_, ok, err := next()
			if err != nil || !ok {
				return nil, false, err
			}
			k++
		}
		if stop >= 0 && k >= stop {
			return nil, false, nil
		}
		x, ok, err := next()
		if err != nil || !ok {
			return nil, false, err
		}
		k++
		return x, true, nil
	}), nil
}

func pyRange(start, stop, step int64) (any, error) {
	if step == 0 {
		return nil, errValue("range() arg 3 must not be zero")
	}
	k := start
	return newIter("range_iterator object", func() (any, bool, error) {
		if step > 0 && k >= stop || step < 0 && k <= stop {
			return nil, false, nil
		}
		k += step
		return k - step, true, nil
	}), nil
}

func (ec *evalCtx) count(coll any) (any, error) {
	next, err := ec.iter(coll)
	if err != nil {
		return nil, err
	}
	n := int64(0)
	for {
		_, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return n, nil
		}
		n++
	}
}

// memorize caches an iterator so it can be iterated again.
func (ec *evalCtx) memorize(it *iterator) *iterator {
	var cache []any
	src := it
	if it.replay != nil {
		src = it.replay()
	}
	m := &iterator{kind: "RememberingIterator object"}
	m.next = func() (any, bool, error) {
		x, ok, err := src.Next()
		if ok {
			cache = append(cache, x)
		}
		return x, ok, err
	}
	m.replay = func() *iterator {
		k := 0
		return newIter("RememberingIterator object", func() (any, bool, error) {
			if k < len(cache) {
				k++
				return cache[k-1], true, nil
			}
			x, ok, err := src.Next()
			if ok {
				cache = append(cache, x)
				k++
			}
			return x, ok, err
		})
	}
	return m
}

// reduce is functools.reduce(f, coll[, initial]).
func (ec *evalCtx) reduce(coll, initial any, f func(a, b any) (any, error)) (any, error) {
	next, err := ec.iter(coll)
	if err != nil {
		return nil, err
	}
	acc := initial
	if acc == noValue {
		x, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errType("reduce() of empty iterable with no initial value")
		}
		acc = x
	}
	for {
		x, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return acc, nil
		}
		if acc, err = f(acc, x); err != nil {
			return nil, err
		}
	}
}

func (ec *evalCtx) indexWhere(coll any, last bool, f func(any) (bool, error)) (any, error) {
	next, err := ec.iter(coll)
	if err != nil {
		return nil, err
	}
	found := int64(-1)
	for k := int64(0); ; k++ {
		x, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return found, nil
		}
		m, err := f(x)
		if err != nil {
			return nil, err
		}
		if m {
			found = k
			if !last {
				return found, nil
			}
		}
	}
}

// zip is zip(*colls) or itertools.zip_longest(*colls, fillvalue=fill).
func (ec *evalCtx) zip(colls []any, longest bool, fill any) (any, error) {
	nexts := make([]nextFn, len(colls))
	for k, c := range colls {
		n, err := ec.iter(c)
		if err != nil {
			return nil, err
		}
		nexts[k] = n
	}
	done := make([]bool, len(colls))
	kind := "zip object"
	if longest {
		kind = "itertools.zip_longest object"
	}
	return newIter(kind, func() (any, bool, error) {
		if len(nexts) == 0 {
			return nil, false, nil
		}
		row := make([]any, len(nexts))
		active := 0
		for k, n := range nexts {
			if done[k] {
				row[k] = fill
				continue
			}
			x, ok, err := n()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				if !longest {
					return nil, false, nil
				}
				done[k] = true
				row[k] = fill
				continue
			}
			active++
			row[k] = x
		}
		if active == 0 {
			return nil, false, nil
		}
		return row, true, nil
	}), nil
}

func libGroupBy(c *callCtx) (any, error) {
	next, err := c.ec.iter(c.a[0])
	if err != nil {
		return nil, err
	}
	keySel := c.a[1].(*lambda)
	valSel, _ := c.a[2].(*lambda)
	aggr, _ := c.a[3].(*lambda)
	var keys []any
	groups := map[string]int{}
	var vals []pyList
	for {
		t, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		v := t
		if valSel != nil {
			if v, err = valSel.call1(c.ec, t); err != nil {
				return nil, err
			}
		}
		k, err := keySel.call1(c.ec, t)
		if err != nil {
			return nil, err
		}
		h, err := hashKey(k)
		if err != nil {
			return nil, err
		}
		g, ok := groups[h]
		if !ok {
			g = len(keys)
			groups[h] = g
			keys = append(keys, k)
			vals = append(vals, nil)
		}
		vals[g] = append(vals[g], v)
		if err := c.ec.checkLen(len(vals[g])); err != nil {
			return nil, err
		}
	}
	g := 0
	allowFallback := true
	var failure error
	return newIter("map object", func() (any, bool, error) {
		if g >= len(keys) {
			return nil, false, nil
		}
		key, list := keys[g], vals[g]
		g++
		item := []any{key, list}
		if aggr == nil {
			return item, true, nil
		}
		if failure == nil {
			res, err := aggr.call1(c.ec, list)
			if err != nil {
				if ee, ok := err.(*EvalError); ok && (ee.Kind == "NoMatchingMethodException" || ee.Kind == "NoMatchingFunctionException" || ee.Kind == "IndexError") {
					failure = err
				} else {
					return nil, false, err
				}
			} else {
				rs, isSeq := seqItems(res)
				if !(len(list) == 2 && isSeq && len(rs) == 2 && pyEqual(rs[0], list[0])) {
					allowFallback = false
				}
				return []any{key, res}, true, nil
			}
		}
		if allowFallback {
			res, err := aggr.call1(c.ec, item)
			if err == nil {
				if n, ok := pyLen(res); ok && n == 2 {
					return res, true, nil
				}
			}
		}
		return nil, false, failure
	}), nil
}

// pyLen is len(v) for sized values.
func pyLen(v any) (int, bool) {
	switch t := v.(type) {
	case string:
		return runeLen(t), true
	case []any:
		return len(t), true
	case pyList:
		return len(t), true
	case *pySet:
		return len(t.items), true
	case *dictView:
		return mapLen(t.d), true
	}
	if isMapping(v) {
		return mapLen(v), true
	}
	return 0, false
}

func libMergeWith(c *callCtx) (any, error) {
	listMerger, _ := c.a[2].(*lambda)
	itemMerger, _ := c.a[3].(*lambda)
	ec := c.ec
	lm := func(a, b any) (any, error) {
		if listMerger != nil {
			return listMerger.call(ec, a, b)
		}
		ai, _ := seqItems(a)
		bi, _ := seqItems(b)
		all := append(append([]any{}, ai...), bi...)
		if _, ok := a.(pyList); ok {
			if _, ok := b.([]any); ok {
				return nil, errType(`can only concatenate list (not "tuple") to list`)
			}
		} else if _, ok := b.(pyList); ok {
			return nil, errType(`can only concatenate tuple (not "list") to tuple`)
		}
		seen := map[string]bool{}
		out := []any{}
		for _, x := range all {
			h, err := hashKey(x)
			if err != nil {
				return nil, err
			}
			if !seen[h] {
				seen[h] = true
				out = append(out, x)
			}
		}
		return out, nil
	}
	im := func(a, b any) (any, error) {
		if itemMerger != nil {
			return itemMerger.call(ec, a, b)
		}
		return b, nil
	}
	return mergeDicts(ec, c.a[0], c.a[1], lm, im, asInt(c.a[4]))
}

func mergeDicts(ec *evalCtx, d1, d2 any, lm, im func(a, b any) (any, error), maxLevels int64) (any, error) {
	if err := ec.enter(); err != nil {
		return nil, err
	}
	defer ec.leave()
	b := newDictBuilder(mapLen(d1))
	err := ec.charge(mapLen(d1) + mapLen(d2))
	if err != nil {
		return nil, err
	}
	mapRange(d1, func(k, v1 any) bool {
		if err = b.set(k, v1); err != nil {
			return false
		}
		v2, ok, e := mapGetErr(d2, k)
		if e != nil || !ok {
			err = e
			return err == nil
		}
		var r any
		switch {
		case maxLevels != 1 && isMapping(v2):
			if !isMapping(v1) {
				err = errType("Cannot merge " + pyClassRepr(v1) + " with " + pyClassRepr(v2))
				return false
			}
			nl := int64(0)
			if maxLevels != 0 {
				nl = maxLevels - 1
			}
			r, err = mergeDicts(ec, v1, v2, lm, im, nl)
		case maxLevels != 1 && isSequence(v2):
			if !isSequence(v1) {
				err = errType("Cannot merge " + pyClassRepr(v1) + " with " + pyClassRepr(v2))
				return false
			}
			r, err = lm(v1, v2)
		default:
			r, err = im(v1, v2)
		}
		if err != nil {
			return false
		}
		err = b.set(k, r)
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	mapRange(d2, func(k, v2 any) bool {
		if _, ok, _ := mapGetErr(b.result(), k); !ok {
			err = b.set(k, v2)
		}
		return err == nil
	})
	return b.result(), err
}

// pyClassRepr is repr(type(v)).
func pyClassRepr(v any) string {
	switch v.(type) {
	case *dictView, *pySet, *iterator:
		return "<class '" + typeName(v) + "'>"
	case *pyDict:
		return "<class 'dict'>"
	case *value.Map:
		return "<class 'yaql.language.utils.FrozenDict'>"
	}
	return "<class '" + typeName(v) + "'>"
}

func libGenerate(c *callCtx) (any, error) {
	cur := c.a[0]
	pred, producer := c.a[1].(*lambda), c.a[2].(*lambda)
	selector, _ := c.a[3].(*lambda)
	var seen map[string]bool
	if truthy(c.a[4]) {
		seen = map[string]bool{}
	}
	started := false
	return newIter("generator object generate", func() (any, bool, error) {
		if started {
			var err error
			if cur, err = producer.call1(c.ec, cur); err != nil {
				return nil, false, err
			}
		}
		started = true
		ok, err := pred.truthy1(c.ec, cur)
		if err != nil || !ok {
			return nil, false, err
		}
		if seen != nil {
			h, err := hashKey(cur)
			if err != nil {
				return nil, false, err
			}
			if seen[h] {
				return nil, false, nil
			}
			seen[h] = true
		}
		if selector != nil {
			v, err := selector.call1(c.ec, cur)
			return v, err == nil, err
		}
		return cur, true, nil
	}), nil
}

func libGenerateMany(c *callCtx) (any, error) {
	queue := []any{c.a[0]}
	producer := c.a[1].(*lambda)
	selector, _ := c.a[2].(*lambda)
	var seen map[string]bool
	if truthy(c.a[3]) {
		seen = map[string]bool{}
	}
	depthFirst := truthy(c.a[4])
	var pending any
	hasPending := false
	return newIter("generator object generate_many", func() (any, bool, error) {
		if hasPending {
			hasPending = false
			produced, err := producer.call1(c.ec, pending)
			if err != nil {
				return nil, false, err
			}
			more, err := c.ec.items(produced)
			if err != nil {
				return nil, false, err
			}
			if depthFirst {
				queue = append(append([]any(nil), more...), queue...)
			} else {
				queue = append(queue, more...)
			}
			if err := c.ec.checkLen(len(queue)); err != nil {
				return nil, false, err
			}
		}
		for len(queue) > 0 {
			item := queue[0]
			queue = queue[1:]
			if seen != nil {
				h, err := hashKey(item)
				if err != nil {
					return nil, false, err
				}
				if seen[h] {
					continue
				}
				seen[h] = true
			}
			out := item
			if selector != nil {
				var err error
				if out, err = selector.call1(c.ec, item); err != nil {
					return nil, false, err
				}
			}
			pending, hasPending = item, true
			return out, true, nil
		}
		return nil, false, nil
	}), nil
}

var _ = strconv.Itoa
