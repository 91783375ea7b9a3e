package jinja

// Filters over sequences and mappings.

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

var dictsortSig = &sig{name: "do_dictsort", params: []string{"value", "case_sensitive", "by", "reverse"}, required: 1}

func filterDictsort(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(dictsortSig, args, kw)
	if err != nil {
		return nil, err
	}
	pos := 0
	switch arg(a[2], "key") {
	case "key":
	case "value":
		pos = 1
	default:
		return nil, errorf(`You can only sort by either "key" or "value"`)
	}
	cs, err := truthy(arg(a[1], false))
	if err != nil {
		return nil, err
	}
	rev, err := truthy(arg(a[3], false))
	if err != nil {
		return nil, err
	}
	m, ok := a[0].(*value.Map)
	if !ok {
		return nil, errorf("'" + typeName(a[0]) + "' object has no attribute 'items'")
	}
	pairs := dictView{m: m, kind: 'i'}.items()
	keys := make([]any, len(pairs))
	for i, p := range pairs {
		k := p.(Tuple)[pos]
		if !cs {
			k = ignoreCase(k)
		}
		keys[i] = k
	}
	return pySorted(pairs, keys, rev)
}

func ignoreCase(v any) any {
	if s, ok := isStr(v); ok {
		return pyLower(s)
	}
	return v
}

var seqSig = &sig{name: "sync_do_first", params: []string{"environment", "seq"}, required: 2}

func filterFirst(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(seqSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	if g, ok := a[1].(*generator); ok {
		if g.consumed || len(g.items) == 0 {
			g.consumed = true
			return &Undefined{hint: "No first item, sequence was empty.", strict: true}, nil
		}
		first := g.items[0]
		g.items = g.items[1:]
		return first, nil
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return &Undefined{hint: "No first item, sequence was empty.", strict: true}, nil
	}
	return items[0], nil
}

var lastSig = &sig{name: "do_last", params: []string{"environment", "seq"}, required: 2}

func filterLast(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(lastSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	switch a[1].(type) {
	case *generator:
		return nil, errorf("'generator' object is not reversible")
	case *value.Map, []any, Tuple, string, Markup, rangeVal, dictView:
	default:
		if _, err := iterate(s, a[1]); err != nil {
			return nil, err
		}
		return nil, errorf("'" + typeName(a[1]) + "' object is not reversible")
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return &Undefined{hint: "No last item, sequence was empty.", strict: true}, nil
	}
	return items[len(items)-1], nil
}

var joinSig = &sig{name: "sync_do_join", params: []string{"eval_ctx", "value", "d", "attribute"}, required: 2}

func filterJoin(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(joinSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	if at := arg(a[3], nil); at != nil {
		get := attrGetter(s, at, nil)
		mapped := make([]any, len(items))
		for i, it := range items {
			if mapped[i], err = get(it); err != nil {
				return nil, err
			}
		}
		items = mapped
	}
	sep, err := str(arg(a[2], ""))
	if err != nil {
		return nil, err
	}
	var b []byte
	for i, it := range items {
		if i > 0 {
			b = append(b, sep...)
		}
		if b, err = appendStr(b, it); err != nil {
			return nil, err
		}
		if len(b) > maxOutput {
			return nil, errTooBig
		}
	}
	return string(b), s.chargeBytes(len(b))
}

var listSig = &sig{name: "sync_do_list", params: []string{"value"}, required: 1}

func filterList(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(listSig, args, kw)
	if err != nil {
		return nil, err
	}
	items, err := iterate(s, a[0])
	if err != nil {
		return nil, err
	}
	if l, ok := a[0].([]any); ok {
		return append([]any(nil), l...), nil
	}
	if items == nil {
		items = []any{}
	}
	return items, nil
}

var itemsSig = &sig{name: "do_items", params: []string{"value"}, required: 1}

func filterItems(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(itemsSig, args, kw)
	if err != nil {
		return nil, err
	}
	switch v := a[0].(type) {
	case *Undefined:
		return &generator{fn: "do_items", items: []any{}}, nil
	case *value.Map:
		return &generator{fn: "do_items", items: dictView{m: v, kind: 'i'}.items()}, nil
	}
	return nil, errorf("Can only get item pairs from a mapping.")
}

// attrGetter is Jinja's make_attrgetter: a dotted path of getitem steps.
func attrGetter(s *state, attribute any, def any) func(any) (any, error) {
	var parts []any
	switch at := attribute.(type) {
	case nil:
	case string:
		for _, p := range strings.Split(at, ".") {
			if isAllDigits(p) {
				n, _ := strconv.ParseInt(p, 10, 64)
				parts = append(parts, n)
			} else {
				parts = append(parts, p)
			}
		}
	default:
		parts = []any{attribute}
	}
	return func(item any) (any, error) {
		var err error
		for _, p := range parts {
			if item, err = getitem(s, item, p); err != nil {
				return nil, err
			}
			if def != nil {
				if _, ok := item.(*Undefined); ok {
					item = def
				}
			}
		}
		return item, nil
	}
}

func filterMap(s *state, args []any, kw *value.Map) (any, error) {
	if len(args) < 1 {
		return nil, errorf("sync_do_map() missing 1 required positional argument: 'value'")
	}
	v := args[0]
	ok, err := truthy(v)
	if err != nil {
		return nil, err
	}
	g := &generator{fn: "sync_do_map", items: []any{}}
	if !ok {
		return g, nil
	}
	items, err := iterate(s, v)
	if err != nil {
		return nil, err
	}
	var fn func(any) (any, error)
	rest := args[1:]
	if len(rest) == 0 && kw != nil && kw.Has("attribute") {
		at, _ := kw.Get("attribute")
		def, _ := kw.Get("default")
		for i := 0; i < kw.Len(); i++ {
			k, _ := kw.At(i)
			if k != "attribute" && k != "default" {
				return nil, errorf("Unexpected keyword argument '" + k + "'")
			}
		}
		fn = attrGetter(s, at, def)
	} else {
		if len(rest) == 0 {
			return nil, errorf("map requires a filter argument")
		}
		name, ok := rest[0].(string)
		f := s.env.filter(name)
		if !ok || f == nil {
			return nil, errorf("No filter named " + repr(rest[0]) + ".")
		}
		extra := rest[1:]
		fn = func(x any) (any, error) {
			fa := make([]any, 0, len(extra)+1)
			fa = append(append(fa, x), extra...)
			return f(s, fa, kw)
		}
	}
	out := make([]any, len(items))
	for i, it := range items {
		if err := s.charge(1); err != nil {
			return nil, err
		}
		if out[i], err = fn(it); err != nil {
			return nil, err
		}
	}
	g.items = out
	return g, nil
}

// selectOrReject implements select, reject, selectattr and rejectattr.
func selectOrReject(name string, byAttr, reject bool) filterFn {
	return func(s *state, args []any, kw *value.Map) (any, error) {
		if len(args) < 1 {
			return nil, errorf(name + "() missing 1 required positional argument: 'value'")
		}
		v := args[0]
		fnName := "select_or_reject"
		g := &generator{fn: fnName, items: []any{}}
		ok, err := truthy(v)
		if err != nil {
			return nil, err
		}
		if !ok {
			return g, nil
		}
		rest := args[1:]
		trans := func(x any) (any, error) { return x, nil }
		if byAttr {
			if len(rest) == 0 {
				return nil, errorf("Missing parameter for attribute name")
			}
			trans = attrGetter(s, rest[0], nil)
			rest = rest[1:]
		}
		test := func(x any) (bool, error) { return truthy(x) }
		if len(rest) > 0 {
			tname, _ := rest[0].(string)
			t := s.env.test(tname)
			if t == nil {
				return nil, errorf("No test named " + repr(rest[0]) + ".")
			}
			extra := rest[1:]
			test = func(x any) (bool, error) {
				ta := make([]any, 0, len(extra)+1)
				r, err := t(s, append(append(ta, x), extra...), kw)
				if err != nil {
					return false, err
				}
				return truthy(r)
			}
		}
		items, err := iterate(s, v)
		if err != nil {
			return nil, err
		}
		g.items = make([]any, 0, len(items))
		for _, it := range items {
			if err := s.charge(1); err != nil {
				return nil, err
			}
			x, err := trans(it)
			if err != nil {
				return nil, err
			}
			ok, err := test(x)
			if err != nil {
				return nil, err
			}
			if ok != reject {
				g.items = append(g.items, it)
			}
		}
		return g, nil
	}
}

func minMax(name, op string) filterFn {
	g := &sig{name: name, params: []string{"environment", "value", "case_sensitive", "attribute"}, required: 2}
	return func(s *state, args []any, kw *value.Map) (any, error) {
		a, err := bindF(g, append([]any{nil}, args...), kw)
		if err != nil {
			return nil, err
		}
		items, err := iterate(s, a[1])
		if err != nil {
			return nil, err
		}
		if len(items) == 0 {
			return &Undefined{hint: "No aggregated item, sequence was empty.", strict: true}, nil
		}
		cs, err := truthy(arg(a[2], false))
		if err != nil {
			return nil, err
		}
		get := attrGetter(s, arg(a[3], nil), nil)
		key := func(x any) (any, error) {
			k, err := get(x)
			if err != nil || cs {
				return k, err
			}
			return ignoreCase(k), nil
		}
		best := items[0]
		bk, err := key(best)
		if err != nil {
			return nil, err
		}
		for _, it := range items[1:] {
			k, err := key(it)
			if err != nil {
				return nil, err
			}
			better, err := less(map[string]string{"<": "lt", ">": "gt"}[op], k, bk)
			if err != nil {
				return nil, err
			}
			if better {
				best, bk = it, k
			}
		}
		return best, nil
	}
}

func filterReverse(s *state, args []any, kw *value.Map) (any, error) {
	g := &sig{name: "do_reverse", params: []string{"value"}, required: 1}
	a, err := bindF(g, args, kw)
	if err != nil {
		return nil, err
	}
	if str, ok := isStr(a[0]); ok {
		rs := []rune(str)
		for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
			rs[i], rs[j] = rs[j], rs[i]
		}
		return string(rs), nil
	}
	items, err := iterate(s, a[0])
	if err != nil {
		return nil, errorf("argument must be iterable")
	}
	out := make([]any, len(items))
	for i, x := range items {
		out[len(items)-1-i] = x
	}
	switch a[0].(type) {
	case *generator:
		return out, nil
	}
	return &generator{fn: "reversed", items: out}, nil
}

var sliceSig = &sig{name: "sync_do_slice", params: []string{"value", "slices", "fill_with"}, required: 2}

func filterSlice(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(sliceSig, args, kw)
	if err != nil {
		return nil, err
	}
	seq, err := iterate(s, a[0])
	if err != nil {
		return nil, err
	}
	n, err := toInt(a[1], "slices")
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errorf("integer division or modulo by zero")
	}
	if n < 0 || n > maxRange {
		return &generator{fn: "sync_do_slice", items: []any{}}, nil
	}
	fill := arg(a[2], nil)
	length := int64(len(seq))
	per := length / n
	extra := length % n
	offset := int64(0)
	var out []any
	for i := int64(0); i < n; i++ {
		start := offset + i*per
		if i < extra {
			offset++
		}
		end := offset + (i+1)*per
		tmp := append([]any{}, seq[start:end]...)
		if fill != nil && i >= extra {
			tmp = append(tmp, fill)
		}
		out = append(out, tmp)
	}
	return &generator{fn: "sync_do_slice", items: out}, nil
}

var batchSig = &sig{name: "do_batch", params: []string{"value", "linecount", "fill_with"}, required: 2}

func filterBatch(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(batchSig, args, kw)
	if err != nil {
		return nil, err
	}
	seq, err := iterate(s, a[0])
	if err != nil {
		return nil, err
	}
	n, err := toInt(a[1], "linecount")
	if err != nil {
		return nil, err
	}
	fill := arg(a[2], nil)
	var out []any
	var tmp []any
	for _, x := range seq {
		if int64(len(tmp)) == n {
			out = append(out, tmp)
			tmp = nil
		}
		tmp = append(tmp, x)
	}
	if len(tmp) > 0 {
		if fill != nil && int64(len(tmp)) < n {
			if n > maxRange {
				return nil, errTooBig
			}
			for int64(len(tmp)) < n {
				tmp = append(tmp, fill)
			}
		}
		out = append(out, tmp)
	}
	if out == nil {
		out = []any{}
	}
	return &generator{fn: "do_batch", items: out}, nil
}

var sortSig = &sig{name: "do_sort", params: []string{"environment", "value", "reverse", "case_sensitive", "attribute"}, required: 2}

func filterSort(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(sortSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	rev, err := truthy(arg(a[2], false))
	if err != nil {
		return nil, err
	}
	cs, err := truthy(arg(a[3], false))
	if err != nil {
		return nil, err
	}
	keys, err := multiKeys(s, items, arg(a[4], nil), !cs)
	if err != nil {
		return nil, err
	}
	return pySorted(items, keys, rev)
}

// multiKeys computes make_multi_attrgetter keys: a list per item.
func multiKeys(s *state, items []any, attribute any, lower bool) ([]any, error) {
	var getters []func(any) (any, error)
	if at, ok := attribute.(string); ok {
		for _, p := range strings.Split(at, ",") {
			getters = append(getters, attrGetter(s, p, nil))
		}
	} else {
		getters = append(getters, attrGetter(s, attribute, nil))
	}
	keys := make([]any, len(items))
	for i, it := range items {
		k := make([]any, len(getters))
		for j, g := range getters {
			v, err := g(it)
			if err != nil {
				return nil, err
			}
			if lower {
				v = ignoreCase(v)
			}
			k[j] = v
		}
		keys[i] = k
	}
	return keys, s.charge(int64(len(items)))
}

var sumSig = &sig{name: "sync_do_sum", params: []string{"environment", "iterable", "attribute", "start"}, required: 2}

func filterSum(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(sumSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	total := arg(a[3], int64(0))
	if _, ok := isStr(total); ok {
		return nil, errorf("sum() can't sum strings [use ''.join(seq) instead]")
	}
	var get func(any) (any, error)
	if at := arg(a[2], nil); at != nil {
		get = attrGetter(s, at, nil)
	}
	for _, it := range items {
		if get != nil {
			if it, err = get(it); err != nil {
				return nil, err
			}
		}
		if total, err = add(s, total, it); err != nil {
			return nil, err
		}
	}
	return total, nil
}

var uniqueSig = &sig{name: "do_unique", params: []string{"environment", "value", "case_sensitive", "attribute"}, required: 2}

func filterUnique(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(uniqueSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	cs, err := truthy(arg(a[2], false))
	if err != nil {
		return nil, err
	}
	get := attrGetter(s, arg(a[3], nil), nil)
	var seen []any
	out := []any{}
	for _, it := range items {
		k, err := get(it)
		if err != nil {
			return nil, err
		}
		if !cs {
			k = ignoreCase(k)
		}
		if err := unhashable(k); err != nil {
			return nil, err
		}
		dup, err := seqContains(seen, k)
		if err != nil {
			return nil, err
		}
		if !dup {
			seen = append(seen, k)
			out = append(out, it)
		}
		if err := s.charge(int64(len(seen))/16 + 1); err != nil {
			return nil, err
		}
	}
	return &generator{fn: "do_unique", items: out}, nil
}

var groupbySig = &sig{name: "sync_do_groupby", params: []string{"environment", "value", "attribute", "default", "case_sensitive"}, required: 3}

// groupTuple is Jinja's _GroupTuple (grouper, list); it prints as a tuple.
func filterGroupby(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(groupbySig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	cs, err := truthy(arg(a[4], false))
	if err != nil {
		return nil, err
	}
	get := attrGetter(s, a[2], arg(a[3], nil))
	keys := make([]any, len(items))
	for i, it := range items {
		k, err := get(it)
		if err != nil {
			return nil, err
		}
		if !cs {
			k = ignoreCase(k)
		}
		keys[i] = k
	}
	sorted, err := pySorted(items, keys, false)
	if err != nil {
		return nil, err
	}
	var out []any
	var curKey any
	var cur []any
	for _, it := range sorted {
		k, err := get(it)
		if err != nil {
			return nil, err
		}
		if !cs {
			k = ignoreCase(k)
		}
		if cur != nil {
			eq, err := equal(k, curKey)
			if err != nil {
				return nil, err
			}
			if eq {
				cur = append(cur, it)
				continue
			}
			out = append(out, &groupTuple{curKey, cur})
		}
		curKey, cur = k, []any{it}
	}
	if cur != nil {
		out = append(out, &groupTuple{curKey, cur})
	}
	if !cs {
		for _, g := range out {
			t := g.(*groupTuple)
			k, err := get(t.list[0])
			if err != nil {
				return nil, err
			}
			t.grouper = k
		}
	}
	if out == nil {
		out = []any{}
	}
	return out, nil
}

var randomSig = &sig{name: "do_random", params: []string{"context", "seq"}, required: 2}

func filterRandom(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(randomSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	switch a[1].(type) {
	case *value.Map, *generator, dictView:
		return nil, errorf("'" + typeName(a[1]) + "' object is not subscriptable")
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return &Undefined{hint: "No random item, sequence was empty.", strict: true}, nil
	}
	return items[rand.IntN(len(items))], nil
}
