package jinja

import (
	"strings"
	"unicode/utf8"

	"github.com/mistral-go/mistral-go/value"
)

// Attribute and item access with the semantics of Jinja2's sandboxed
// environment: `x.name` tries the Python attribute first, then the item;
// `x[key]` tries the item first, then (for string keys) the attribute.
// Attributes starting with an underscore are refused, and missing ones
// give a strict undefined value.

// dunders are the special attributes templates might probe; reading one
// is refused as unsafe, as Jinja2's sandbox does.
var dunders = map[string]bool{
	"__class__": true, "__doc__": true, "__init__": true, "__new__": true,
	"__repr__": true, "__str__": true, "__hash__": true, "__eq__": true,
	"__ne__": true, "__lt__": true, "__le__": true, "__gt__": true,
	"__ge__": true, "__getattribute__": true, "__setattr__": true,
	"__delattr__": true, "__dir__": true, "__format__": true,
	"__reduce__": true, "__reduce_ex__": true, "__sizeof__": true,
	"__subclasshook__": true, "__init_subclass__": true, "__len__": true,
	"__iter__": true, "__contains__": true, "__getitem__": true,
	"__class_getitem__": true, "__add__": true, "__mul__": true,
	"__rmul__": true, "__mod__": true, "__globals__": true, "__code__": true,
	"__subclasses__": true, "__bases__": true, "__mro__": true,
	"__builtins__": true, "__import__": true, "__module__": true,
}

func unsafeUndefined(obj any, name string) *Undefined {
	return &Undefined{
		hint:   "access to attribute " + value.Repr(name) + " of " + value.Repr(typeName(obj)) + " object is unsafe.",
		obj:    obj,
		hasObj: true,
		name:   name,
		strict: true,
	}
}

// pyAttr returns the Python attribute name of obj, if it exists.
func pyAttr(s *state, obj any, name string) (any, bool) {
	if len(name) > 4 && name[0] == '_' && name[1] == '_' && dunders[name] {
		return unsafeUndefined(obj, name), true
	}
	switch o := obj.(type) {
	case *Namespace:
		v, ok := o.m.Get(name)
		return v, ok
	case *loopObj:
		return o.attr(name)
	case *cycler:
		return o.attr(name)
	case *groupTuple:
		switch name {
		case "grouper":
			return o.grouper, true
		case "list":
			return o.list, true
		}
	case rangeVal:
		switch name {
		case "start":
			return o.start, true
		case "stop":
			return o.stop, true
		case "step":
			return o.step, true
		}
	case int64, bool:
		switch name {
		case "real", "numerator":
			_, i, _, _ := numberOf(o)
			return i, true
		case "imag":
			return int64(0), true
		case "denominator":
			return int64(1), true
		}
	case float64:
		switch name {
		case "real":
			return o, true
		case "imag":
			return 0.0, true
		}
	}
	if m := lookupMethod(obj, name); m != nil {
		return &boundMethod{recv: obj, name: name, fn: m}, true
	}
	return nil, false
}

// getattr is the sandbox's getattr(obj, name) for `obj.name`.
func getattr(s *state, obj any, name string) (any, error) {
	if u, ok := obj.(*Undefined); ok {
		return nil, u.err()
	}
	if v, ok := pyAttr(s, obj, name); ok {
		return v, nil
	}
	if m, ok := obj.(*value.Map); ok {
		if v, ok := m.Get(name); ok {
			return v, nil
		}
	}
	return s.undefinedAttr(obj, name), nil
}

// getitem is the sandbox's getitem(obj, arg) for `obj[arg]`.
func getitem(s *state, obj any, arg any) (any, error) {
	if u, ok := obj.(*Undefined); ok {
		return nil, u.err()
	}
	if u, ok := arg.(*Undefined); ok {
		if _, isMap := obj.(*value.Map); isMap {
			return nil, u.err()
		}
	}
	v, found, err := item(s, obj, arg)
	if err != nil || found {
		return v, err
	}
	if name, ok := isStr(arg); ok {
		if v, ok := pyAttr(s, obj, name); ok {
			return v, nil
		}
	}
	return s.undefinedAttr(obj, arg), nil
}

// item is obj[arg]; found is false on Python's KeyError, IndexError or
// TypeError.
func item(s *state, obj, arg any) (any, bool, error) {
	switch o := obj.(type) {
	case *value.Map:
		if k, ok := isStr(arg); ok {
			v, ok := o.Get(k)
			return v, ok, nil
		}
		return nil, false, nil
	case []any:
		return seqItem(s, o, arg, func(l []any) any { return l })
	case Tuple:
		return seqItem(s, o, arg, func(l []any) any { return Tuple(l) })
	case *groupTuple:
		return seqItem(s, o.tuple(), arg, func(l []any) any { return Tuple(l) })
	case string:
		return strItem(s, o, arg, false)
	case Markup:
		return strItem(s, string(o), arg, true)
	case rangeVal:
		if sl, ok := arg.(sliceVal); ok {
			lo, _, step, n, err := sl.indices(o.len())
			if err != nil {
				return nil, false, err
			}
			start := o.start + lo*o.step
			st := step * o.step
			return rangeVal{start: start, stop: start + n*st, step: st}, true, nil
		}
		_, i, isInt, ok := numberOf(arg)
		if !ok || !isInt {
			return nil, false, nil
		}
		n := o.len()
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return nil, false, nil
		}
		return o.start + i*o.step, true, nil
	}
	return nil, false, nil
}

func seqItem(s *state, l []any, arg any, wrap func([]any) any) (any, bool, error) {
	if sl, ok := arg.(sliceVal); ok {
		lo, _, step, n, err := sl.indices(int64(len(l)))
		if err != nil {
			return nil, false, err
		}
		if err := s.charge(n/16 + 1); err != nil {
			return nil, false, err
		}
		if step == 1 {
			out := make([]any, n)
			copy(out, l[lo:lo+n])
			return wrap(out), true, nil
		}
		out := make([]any, n)
		for k := int64(0); k < n; k++ {
			out[k] = l[lo+k*step]
		}
		return wrap(out), true, nil
	}
	_, i, isInt, ok := numberOf(arg)
	if !ok || !isInt {
		return nil, false, nil
	}
	if i < 0 {
		i += int64(len(l))
	}
	if i < 0 || i >= int64(len(l)) {
		return nil, false, nil
	}
	return l[i], true, nil
}

func strItem(s *state, str string, arg any, markup bool) (any, bool, error) {
	wrap := func(x string) any {
		if markup {
			return Markup(x)
		}
		return x
	}
	if sl, ok := arg.(sliceVal); ok {
		rs := []rune(str)
		lo, _, step, n, err := sl.indices(int64(len(rs)))
		if err != nil {
			return nil, false, err
		}
		if err := s.chargeBytes(int(n)); err != nil {
			return nil, false, err
		}
		out := make([]rune, n)
		for k := int64(0); k < n; k++ {
			out[k] = rs[lo+k*step]
		}
		return wrap(string(out)), true, nil
	}
	_, i, isInt, ok := numberOf(arg)
	if !ok || !isInt {
		return nil, false, nil
	}
	if isASCII(str) {
		if i < 0 {
			i += int64(len(str))
		}
		if i < 0 || i >= int64(len(str)) {
			return nil, false, nil
		}
		return wrap(str[i : i+1]), true, nil
	}
	rs := []rune(str)
	if i < 0 {
		i += int64(len(rs))
	}
	if i < 0 || i >= int64(len(rs)) {
		return nil, false, nil
	}
	return wrap(string(rs[i])), true, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// sliceIndex converts a slice bound to an integer.
func sliceIndex(v any) (int64, bool, error) {
	if v == nil {
		return 0, false, nil
	}
	_, i, isInt, ok := numberOf(v)
	if !ok || !isInt {
		return 0, false, errorf("slice indices must be integers or None or have an __index__ method")
	}
	return i, true, nil
}

// indices is Python's slice.indices(n): start, stop, step and the number
// of items selected.
func (sl sliceVal) indices(n int64) (start, stop, step, count int64, err error) {
	step = 1
	if st, ok, err := sliceIndex(sl.step); err != nil {
		return 0, 0, 0, 0, err
	} else if ok {
		if st == 0 {
			return 0, 0, 0, 0, errorf("slice step cannot be zero")
		}
		step = st
	}
	lo, hasLo, err := sliceIndex(sl.lo)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	hi, hasHi, err := sliceIndex(sl.hi)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	clamp := func(i int64, has bool, def int64) int64 {
		if !has {
			return def
		}
		if i < 0 {
			i += n
			if i < 0 {
				if step < 0 {
					return -1
				}
				return 0
			}
		}
		if i >= n {
			if step < 0 {
				return n - 1
			}
			return n
		}
		return i
	}
	if step > 0 {
		start = clamp(lo, hasLo, 0)
		stop = clamp(hi, hasHi, n)
		if stop > start {
			count = (stop - start + step - 1) / step
		}
	} else {
		start = clamp(lo, hasLo, n-1)
		stop = clamp(hi, hasHi, -1)
		if start > stop {
			count = (start - stop - step - 1) / -step
		}
	}
	return start, stop, step, count, nil
}

// iterate returns the items Python's iter(v) yields. The result may be
// shared with v: callers must not modify it.
func iterate(s *state, v any) ([]any, error) {
	switch t := v.(type) {
	case []any:
		return t, nil
	case Tuple:
		return t, nil
	case *groupTuple:
		return t.tuple(), nil
	case *value.Map:
		if err := s.charge(int64(t.Len())/16 + 1); err != nil {
			return nil, err
		}
		out := make([]any, t.Len())
		for i := range out {
			out[i], _ = t.At(i)
		}
		return out, nil
	case string, Markup:
		str, _ := isStr(t)
		if err := s.charge(int64(len(str))/16 + 1); err != nil {
			return nil, err
		}
		out := make([]any, 0, len(str))
		for _, r := range str {
			out = append(out, string(r))
		}
		return out, nil
	case rangeVal:
		if err := s.charge(t.len()/16 + 1); err != nil {
			return nil, err
		}
		return t.items(), nil
	case dictView:
		if err := s.charge(int64(t.m.Len())/16 + 1); err != nil {
			return nil, err
		}
		return t.items(), nil
	case *generator:
		return t.take(), nil
	case *Undefined:
		if t.strict {
			return nil, t.err()
		}
		return nil, nil
	case *loopObj, *Namespace:
	}
	return nil, errorf("'" + typeName(v) + "' object is not iterable")
}

// length is Python's len(v).
func length(v any) (int64, error) {
	switch t := v.(type) {
	case []any:
		return int64(len(t)), nil
	case Tuple:
		return int64(len(t)), nil
	case *groupTuple:
		return 2, nil
	case *value.Map:
		return int64(t.Len()), nil
	case string:
		return int64(utf8.RuneCountInString(t)), nil
	case Markup:
		return int64(utf8.RuneCountInString(string(t))), nil
	case rangeVal:
		return t.len(), nil
	case dictView:
		return int64(t.m.Len()), nil
	case *Undefined:
		if t.strict {
			return 0, t.err()
		}
		return 0, nil
	}
	return 0, errorf("object of type '" + typeName(v) + "' has no len()")
}

// runeLen is len() of a Python string.
func runeLen(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return utf8.RuneCountInString(s)
}

// hasPrefixAny is str.startswith with a str or tuple argument.
func hasAffix(s string, arg any, suffix bool, name string) (bool, error) {
	check := func(p string) bool {
		if suffix {
			return strings.HasSuffix(s, p)
		}
		return strings.HasPrefix(s, p)
	}
	if p, ok := isStr(arg); ok {
		return check(p), nil
	}
	if t, ok := arg.(Tuple); ok {
		for _, x := range t {
			p, ok := isStr(x)
			if !ok {
				return false, errorf("tuple for " + name + " must only contain str, not " + typeName(x))
			}
			if check(p) {
				return true, nil
			}
		}
		return false, nil
	}
	return false, errorf(name + " first arg must be str or a tuple of str, not " + typeName(arg))
}
