package value

import (
	"fmt"
	"math"
	"reflect"
	"sort"
)

// DeepCopy returns a copy of v that shares no Map or slice with it.
func DeepCopy(v any) any {
	switch t := v.(type) {
	case *Map:
		if t == nil {
			return (*Map)(nil)
		}
		c := &Map{keys: append([]string(nil), t.keys...), vals: make([]any, len(t.vals))}
		for i, x := range t.vals {
			c.vals[i] = DeepCopy(x)
		}
		if t.index != nil {
			c.reindex()
		}
		return c
	case []any:
		c := make([]any, len(t))
		for i, x := range t {
			c[i] = DeepCopy(x)
		}
		return c
	default:
		return v
	}
}

// Merged returns left deep-merged with right, without modifying either:
// keys of right replace keys of left, except that two maps under the same
// key are merged recursively (Mistral's merge_dicts with overwrite). Maps
// of left that are not changed are shared with the result.
func Merged(left, right *Map) *Map {
	if right.Len() == 0 {
		if left == nil {
			return NewMap(0)
		}
		return left
	}
	out := left.Clone()
	right.Range(func(k string, rv any) bool {
		if lv, ok := out.Get(k); ok {
			lm, lok := lv.(*Map)
			rm, rok := rv.(*Map)
			if lok && rok {
				out.Set(k, Merged(lm, rm))
				return true
			}
		}
		out.Set(k, rv)
		return true
	})
	return out
}

// MergedKeep is Merged without overwrite: keys already in left win, maps
// are still merged recursively (merge_dicts with overwrite=False).
func MergedKeep(left, right *Map) *Map {
	out := left.Clone()
	right.Range(func(k string, rv any) bool {
		lv, ok := out.Get(k)
		if !ok {
			out.Set(k, rv)
			return true
		}
		if lm, lok := lv.(*Map); lok {
			if rm, rok := rv.(*Map); rok {
				out.Set(k, MergedKeep(lm, rm))
			}
		}
		return true
	})
	return out
}

// Truthy reports Python truthiness: false for nil, false, 0, 0.0, "" and
// empty lists and maps.
func Truthy(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case bool:
		return t
	case int64:
		return t != 0
	case float64:
		return t != 0
	case string:
		return t != ""
	case []any:
		return len(t) > 0
	case *Map:
		return t.Len() > 0
	case int:
		return t != 0
	default:
		return true
	}
}

// number returns v as a float and whether it is numeric in Python's sense
// (bools are ints there).
func number(v any) (float64, bool, bool) {
	switch t := v.(type) {
	case int64:
		return float64(t), true, true
	case float64:
		return t, false, true
	case bool:
		if t {
			return 1, true, true
		}
		return 0, true, true
	case int:
		return float64(t), true, true
	}
	return 0, false, false
}

// Equal reports Python equality: 1 == 1.0 == True, maps equal regardless
// of key order, lists element-wise.
func Equal(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case *Map:
		y, ok := b.(*Map)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for i, k := range x.keys {
			yv, ok := y.Get(k)
			if !ok || !Equal(x.vals[i], yv) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	if xi, ok := a.(int64); ok {
		if yi, ok := b.(int64); ok {
			return xi == yi
		}
	}
	xf, _, xok := number(a)
	yf, _, yok := number(b)
	if xok && yok {
		return xf == yf
	}
	return reflect.DeepEqual(a, b)
}

// FromGo converts ordinary Go data (map[string]any, []string, int, float32,
// nested structures of those, json.Number-free) into the value model.
// Go maps have no order; their keys are sorted. Values already in the
// model are returned unchanged (recursively converted).
func FromGo(v any) any {
	switch t := v.(type) {
	case nil, bool, int64, float64, string:
		return t
	case *Map:
		return t
	case int:
		return int64(t)
	case int32:
		return int64(t)
	case int16:
		return int64(t)
	case int8:
		return int64(t)
	case uint:
		return int64(t)
	case uint8:
		return int64(t)
	case uint16:
		return int64(t)
	case uint32:
		return int64(t)
	case uint64:
		if t > math.MaxInt64 {
			return float64(t)
		}
		return int64(t)
	case float32:
		return float64(t)
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = FromGo(x)
		}
		return out
	case []string:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = x
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := NewMap(len(keys))
		for _, k := range keys {
			m.Set(k, FromGo(t[k]))
		}
		return m
	case map[string]string:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := NewMap(len(keys))
		for _, k := range keys {
			m.Set(k, t[k])
		}
		return m
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = FromGo(rv.Index(i).Interface())
		}
		return out
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String {
			keys := rv.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
			m := NewMap(len(keys))
			for _, k := range keys {
				m.Set(k.String(), FromGo(rv.MapIndex(k).Interface()))
			}
			return m
		}
	}
	return fmt.Sprint(v)
}

// ToGo converts a value into plain Go data (map[string]any, []any), for
// libraries that want it. Key order is lost.
func ToGo(v any) any {
	switch t := v.(type) {
	case *Map:
		if t == nil {
			return map[string]any(nil)
		}
		out := make(map[string]any, t.Len())
		for i, k := range t.keys {
			out[k] = ToGo(t.vals[i])
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = ToGo(x)
		}
		return out
	default:
		return v
	}
}

// TypeName returns the Python type name of v (dict, list, str, int,
// float, bool, NoneType), for error messages that quote it.
func TypeName(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case int64, int:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case []any:
		return "list"
	case *Map:
		return "dict"
	}
	return fmt.Sprintf("%T", v)
}
