package yaql

import (
	"sort"

	"github.com/mistral-go/mistral-go/value"
)

// nextFn draws the next item of an iteration; ok is false at the end.
type nextFn func() (any, bool, error)

// newIter makes a lazy iterator. kind is its Python repr prefix, e.g.
// "map object" or "generator object enumerate_".
func newIter(kind string, next nextFn) *iterator {
	return &iterator{kind: kind, next: next}
}

// Next draws the next item; an exhausted or failed iterator stays empty.
func (it *iterator) Next() (any, bool, error) {
	if it.done {
		return nil, false, nil
	}
	v, ok, err := it.next()
	if !ok || err != nil {
		it.done = true
		it.next = nil
	}
	return v, ok, err
}

// isIterable is yaql's utils.is_iterable: iterable, but not a string or
// a dict.
func isIterable(v any) bool {
	switch v.(type) {
	case []any, pyList, *pySet, *dictView, *iterator, *orderedIter:
		return true
	}
	return false
}

// isSequence is a tuple or list.
func isSequence(v any) bool {
	switch v.(type) {
	case []any, pyList:
		return true
	}
	return false
}

func isMapping(v any) bool {
	switch v.(type) {
	case *value.Map, *pyDict:
		return true
	}
	return false
}

// seqItems returns the items of a tuple or list.
func seqItems(v any) ([]any, bool) {
	switch t := v.(type) {
	case []any:
		return t, true
	case pyList:
		return t, true
	}
	return nil, false
}

// pyIter is Python's iter(v), charging one step per item.
func (ec *evalCtx) iter(v any) (nextFn, error) {
	var items []any
	switch t := v.(type) {
	case []any:
		items = t
	case pyList:
		items = t
	case *pySet:
		items = t.items
	case *iterator:
		if t.replay != nil {
			t = t.replay()
		}
		return func() (any, bool, error) {
			if err := ec.step(); err != nil {
				return nil, false, err
			}
			return t.Next()
		}, nil
	case *orderedIter:
		s, err := ec.sortOrdered(t)
		if err != nil {
			return nil, err
		}
		items = s
	case *dictView:
		items = viewItemsOf(t)
	case *value.Map, *pyDict:
		items = mapKeys(t)
	case string:
		rs := []rune(t)
		items = make([]any, len(rs))
		for i, r := range rs {
			items[i] = string(r)
		}
	default:
		return nil, errType("'" + typeName(v) + "' object is not iterable")
	}
	i := 0
	return func() (any, bool, error) {
		if i >= len(items) {
			return nil, false, nil
		}
		if err := ec.step(); err != nil {
			return nil, false, err
		}
		i++
		return items[i-1], true, nil
	}, nil
}

// viewItemsOf lists what iterating a dict view yields.
func viewItemsOf(t *dictView) []any {
	n := mapLen(t.d)
	out := make([]any, 0, n)
	mapRange(t.d, func(k, x any) bool {
		switch t.kind {
		case viewKeys:
			out = append(out, k)
		case viewValues:
			out = append(out, x)
		default:
			out = append(out, []any{k, x})
		}
		return true
	})
	return out
}

// items materialises an iterable into a slice. Tuples and lists are
// returned as they are (callers must not modify the result).
func (ec *evalCtx) items(v any) ([]any, error) {
	switch t := v.(type) {
	case []any:
		return t, nil
	case pyList:
		return t, nil
	case *pySet:
		return t.items, nil
	}
	next, err := ec.iter(v)
	if err != nil {
		return nil, err
	}
	var out []any
	for {
		x, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		out = append(out, x)
		if err := ec.checkLen(len(out)); err != nil {
			return nil, err
		}
	}
}

// tuple is Python's tuple(v).
func (ec *evalCtx) tuple(v any) ([]any, error) {
	if t, ok := v.([]any); ok {
		return t, nil
	}
	s, err := ec.items(v)
	if err != nil {
		return nil, err
	}
	if _, ok := v.(pyList); ok || isSetLike(v) {
		s = append([]any(nil), s...)
	}
	if s == nil {
		s = []any{}
	}
	return s, nil
}

// sliceIter iterates over a fixed slice.
func sliceIter(kind string, items []any) *iterator {
	i := 0
	return newIter(kind, func() (any, bool, error) {
		if i >= len(items) {
			return nil, false, nil
		}
		i++
		return items[i-1], true, nil
	})
}

// sortOrdered sorts an orderBy result once (stable, like Python's sorted)
// using yaql's < and > operators on the selected keys.
func (ec *evalCtx) sortOrdered(o *orderedIter) ([]any, error) {
	if o.sorted != nil {
		return o.sorted, nil
	}
	src, err := ec.items(o.src)
	if err != nil {
		return nil, err
	}
	n := len(src)
	keys := make([][]any, len(o.fields))
	for f, fld := range o.fields {
		keys[f] = make([]any, n)
		for i, x := range src {
			k, err := fld.sel.call1(ec, x)
			if err != nil {
				return nil, err
			}
			keys[f][i] = k
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	var sortErr error
	less := func(a, b int) bool {
		if sortErr != nil {
			return false
		}
		if sortErr = ec.step(); sortErr != nil {
			return false
		}
		for f, fld := range o.fields {
			ka, kb := keys[f][a], keys[f][b]
			lt, err := ec.compare("#operator_<", ka, kb)
			if err != nil {
				sortErr = err
				return false
			}
			r := 0
			if lt {
				r = -1
			} else {
				gt, err := ec.compare("#operator_>", ka, kb)
				if err != nil {
					sortErr = err
					return false
				}
				if gt {
					r = 1
				}
			}
			if r == 0 {
				continue
			}
			if !fld.asc {
				r = -r
			}
			return r < 0
		}
		return false
	}
	sort.SliceStable(idx, func(i, j int) bool { return less(idx[i], idx[j]) })
	if sortErr != nil {
		return nil, sortErr
	}
	out := make([]any, n)
	for i, k := range idx {
		out[i] = src[k]
	}
	o.sorted = out
	return out, nil
}

// compare calls a yaql comparison operator on two values.
func (ec *evalCtx) compare(op string, a, b any) (bool, error) {
	v, err := ec.callValues(nil, op, a, b)
	if err != nil {
		return false, err
	}
	return truthy(v), nil
}

// callValues calls a yaql function by name with plain values, as yaql's
// delegates do.
func (ec *evalCtx) callValues(sc *scope, name string, args ...any) (any, error) {
	if len(args) == 2 && !ec.defs {
		var v any
		ok := false
		var err error
		switch name {
		case "#operator_+":
			v, ok, err = fastPlus(args[0], args[1])
		case "#operator_<", "#operator_>":
			v, ok, err = fastCompare(name[len(name)-1:], args[0], args[1])
		case "max", "min":
			var gt any
			if gt, ok, err = fastCompare(">", args[1], args[0]); ok && err == nil {
				if gt.(bool) == (name == "max") {
					v = args[1]
				} else {
					v = args[0]
				}
			}
		}
		if ok || err != nil {
			return v, err
		}
	}
	if sc == nil {
		sc = rootlessScope
	}
	var buf [4]argVal
	av := buf[:0]
	for _, a := range args {
		av = append(av, valArg(a))
	}
	return ec.invoke(sc, name, noValue, av, nil)
}

// rootlessScope is the context of library-internal calls that need none.
var rootlessScope = &scope{}
