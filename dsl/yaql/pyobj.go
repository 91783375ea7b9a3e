package yaql

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// typeName is Python's type(v).__name__, for error messages.
func typeName(v any) string {
	switch t := v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case []any:
		return "tuple"
	case pyList:
		return "list"
	case *value.Map:
		return "FrozenDict"
	case *pyDict:
		return "dict"
	case *pySet:
		return "frozenset"
	case *dictView:
		return [...]string{"KeysView", "ValuesView", "ItemsView"}[t.kind]
	case *iterator:
		k := t.kind
		if i := strings.IndexByte(k, ' '); i >= 0 {
			k = k[:i]
		}
		return k
	case *orderedIter:
		return "OrderingIterable"
	case dateTime:
		return "datetime.datetime"
	case timeSpan:
		return "datetime.timedelta"
	case *regexVal:
		return "re.Pattern"
	case *scope:
		return "Context"
	case noValueT:
		return "MarkerClass"
	case mappingRule:
		return "MappingRule"
	}
	return fmt.Sprintf("%T", v)
}

// truthy is Python's bool(v).
func truthy(v any) bool {
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
	case pyList:
		return len(t) > 0
	case *value.Map:
		return t.Len() > 0
	case *pyDict:
		return len(t.keys) > 0
	case *pySet:
		return len(t.items) > 0
	case *dictView:
		return mapLen(t.d) > 0
	case timeSpan:
		return t != 0
	}
	return true
}

// numeric returns v as int or float, bools counting as ints (Python).
func numeric(v any) (i int64, f float64, isFloat, ok bool) {
	switch t := v.(type) {
	case int64:
		return t, 0, false, true
	case float64:
		return 0, t, true, true
	case bool:
		if t {
			return 1, 0, false, true
		}
		return 0, 0, false, true
	}
	return 0, 0, false, false
}

// budgetPanic aborts an evaluation whose value comparisons or renderings
// run away (values can share structure, so their size can be exponential
// in the work that built them); EvalLimits turns it into its error.
type budgetPanic struct{ err error }

// maxRender bounds reprs and hash keys; maxCompare bounds the items one
// equality test visits.
const (
	maxRender  = 16 << 20
	maxCompare = 20_000_000
)

// pyEqual is Python's a == b.
func pyEqual(a, b any) bool {
	n := 0
	return eqBudget(a, b, &n)
}

func eqBudget(a, b any, n *int) bool {
	*n++
	if *n > maxCompare {
		panic(budgetPanic{errSteps()})
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case int64, float64, bool:
		return numEqual(a, b)
	case []any:
		y, ok := b.([]any)
		return ok && seqEqualB(x, y, n)
	case pyList:
		y, ok := b.(pyList)
		return ok && seqEqualB(x, y, n)
	case *value.Map, *pyDict:
		if !isMapping(b) || mapLen(a) != mapLen(b) {
			return false
		}
		eq := true
		mapRange(a, func(k, v any) bool {
			w, ok := mapGet(b, k)
			if !ok || !eqBudget(v, w, n) {
				eq = false
			}
			return eq
		})
		return eq
	case *pySet:
		return setEqual(a, b)
	case *dictView:
		if x.kind == viewValues {
			return a == b
		}
		return setEqual(a, b)
	case dateTime:
		y, ok := b.(dateTime)
		return ok && x.t.Equal(y.t)
	case timeSpan:
		y, ok := b.(timeSpan)
		return ok && x == y
	case *regexVal:
		y, ok := b.(*regexVal)
		return ok && x.pattern == y.pattern && x.flags == y.flags
	case noValueT:
		_, ok := b.(noValueT)
		return ok
	}
	return a == b
}

func numEqual(a, b any) bool {
	ai, af, aflt, aok := numeric(a)
	bi, bf, bflt, bok := numeric(b)
	if !aok || !bok {
		return false
	}
	switch {
	case !aflt && !bflt:
		return ai == bi
	case aflt && bflt:
		return af == bf
	case aflt:
		return floatIntEqual(af, bi)
	default:
		return floatIntEqual(bf, ai)
	}
}

func floatIntEqual(f float64, i int64) bool {
	if f != math.Trunc(f) || math.IsInf(f, 0) {
		return false
	}
	if f >= -9.2e18 && f <= 9.2e18 {
		return int64(f) == i
	}
	return false
}

func seqEqualB(x, y []any, n *int) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if !eqBudget(x[i], y[i], n) {
			return false
		}
	}
	return true
}

// isSetLike reports a collections.abc.Set: frozenset, keys/items views.
func isSetLike(v any) bool {
	switch t := v.(type) {
	case *pySet:
		return true
	case *dictView:
		return t.kind != viewValues
	}
	return false
}

func setEqual(a, b any) bool {
	if !isSetLike(b) {
		return false
	}
	as, err1 := toSet(a)
	bs, err2 := toSet(b)
	if err1 != nil || err2 != nil || len(as.items) != len(bs.items) {
		return false
	}
	for _, x := range as.items {
		if ok, _ := bs.has(x); !ok {
			return false
		}
	}
	return true
}

// unhashable is Python's TypeError for a value that cannot be a set
// member or dict key.
func unhashable(v any) error {
	return pyErr("TypeError", "unhashable type: '"+typeName(v)+"'")
}

// hashKey encodes v so that Python-equal hashable values get the same
// key. Unhashable values (lists, dicts made by toDict, views) are errors.
func hashKey(v any) (string, error) {
	b, err := appendHashKey(nil, v)
	return string(b), err
}

func appendHashKey(b []byte, v any) ([]byte, error) {
	if len(b) > maxRender {
		panic(budgetPanic{errMemory()})
	}
	switch t := v.(type) {
	case nil:
		return append(b, 'N'), nil
	case bool:
		if t {
			return append(b, 'i', '1'), nil
		}
		return append(b, 'i', '0'), nil
	case int64:
		return strconv.AppendInt(append(b, 'i'), t, 10), nil
	case float64:
		if t == math.Trunc(t) && t >= -9.2e18 && t <= 9.2e18 {
			return strconv.AppendInt(append(b, 'i'), int64(t), 10), nil
		}
		return strconv.AppendUint(append(b, 'f'), math.Float64bits(t), 16), nil
	case string:
		b = append(b, 's')
		b = strconv.AppendInt(b, int64(len(t)), 10)
		b = append(b, ':')
		return append(b, t...), nil
	case []any:
		b = append(b, 't', '(')
		for _, x := range t {
			var err error
			if b, err = appendHashKey(b, x); err != nil {
				return b, err
			}
			b = append(b, ',')
		}
		return append(b, ')'), nil
	case *pySet:
		keys := make([]string, 0, len(t.items))
		for _, x := range t.items {
			k, err := hashKey(x)
			if err != nil {
				return b, err
			}
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, 'S', '(')
		for _, k := range keys {
			b = strconv.AppendInt(b, int64(len(k)), 10)
			b = append(b, ':')
			b = append(b, k...)
		}
		return append(b, ')'), nil
	case *value.Map:
		keys := make([]string, 0, t.Len())
		var err error
		t.Range(func(k string, x any) bool {
			var kb []byte
			kb, err = appendHashKey(append(append([]byte("s"), strconv.Itoa(len(k))...), ':'), x)
			kb = append([]byte(k), kb...)
			keys = append(keys, string(kb))
			return err == nil
		})
		if err != nil {
			return b, err
		}
		sort.Strings(keys)
		b = append(b, 'M', '(')
		for _, k := range keys {
			b = strconv.AppendInt(b, int64(len(k)), 10)
			b = append(b, ':')
			b = append(b, k...)
		}
		return append(b, ')'), nil
	case dateTime:
		return strconv.AppendInt(append(b, 'D'), t.t.UnixMicro(), 10), nil
	case timeSpan:
		return strconv.AppendInt(append(b, 'T'), int64(t), 10), nil
	case *regexVal:
		b = strconv.AppendInt(append(b, 'R'), int64(t.flags), 10)
		return append(append(b, ':'), t.pattern...), nil
	case noValueT:
		return append(b, 'V'), nil
	case pyList, *pyDict, *dictView:
		return b, unhashable(v)
	}
	return append(b, fmt.Sprintf("@%p", v)...), nil
}

// pyStr is Python's str(v).
func pyStr(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case dateTime:
		return t.isoformat(' ')
	case timeSpan:
		return t.String()
	}
	return string(appendRepr(nil, v))
}

// pyRepr is Python's repr(v).
func pyRepr(v any) string { return string(appendRepr(nil, v)) }

func appendRepr(b []byte, v any) []byte {
	if len(b) > maxRender {
		panic(budgetPanic{errMemory()})
	}
	switch t := v.(type) {
	case nil:
		return append(b, "None"...)
	case bool:
		if t {
			return append(b, "True"...)
		}
		return append(b, "False"...)
	case int64:
		return strconv.AppendInt(b, t, 10)
	case float64:
		return value.AppendFloat(b, t)
	case string:
		return value.AppendRepr(b, t)
	case []any:
		b = append(b, '(')
		for i, x := range t {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendRepr(b, x)
		}
		if len(t) == 1 {
			b = append(b, ',')
		}
		return append(b, ')')
	case pyList:
		b = append(b, '[')
		for i, x := range t {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendRepr(b, x)
		}
		return append(b, ']')
	case *value.Map, *pyDict:
		b = append(b, '{')
		i := 0
		mapRange(t, func(k, x any) bool {
			if i > 0 {
				b = append(b, ", "...)
			}
			i++
			b = appendRepr(b, k)
			b = append(b, ": "...)
			b = appendRepr(b, x)
			return true
		})
		return append(b, '}')
	case *pySet:
		if len(t.items) == 0 {
			return append(b, "frozenset()"...)
		}
		b = append(b, "frozenset({"...)
		for i, x := range t.items {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendRepr(b, x)
		}
		return append(b, "})"...)
	case *dictView:
		if _, ok := t.d.(*pyDict); ok {
			b = append(b, [...]string{"dict_keys", "dict_values", "dict_items"}[t.kind]...)
			b = append(b, "(["...)
			i := 0
			mapRange(t.d, func(k, x any) bool {
				if i > 0 {
					b = append(b, ", "...)
				}
				i++
				switch t.kind {
				case viewKeys:
					b = appendRepr(b, k)
				case viewValues:
					b = appendRepr(b, x)
				default:
					b = appendRepr(b, []any{k, x})
				}
				return true
			})
			return append(b, "])"...)
		}
		b = append(b, typeName(t)...)
		b = append(b, '(')
		b = appendRepr(b, t.d)
		return append(b, ')')
	case *iterator:
		return fmt.Appendf(b, "<%s at 0x%x>", t.kind, addr(t))
	case *orderedIter:
		return fmt.Appendf(b, "<yaql.standard_library.queries.OrderingIterable object at 0x%x>", addr(t))
	case *scope:
		return fmt.Appendf(b, "<yaql.language.contexts.Context object at 0x%x>", addr(t))
	case dateTime:
		return t.appendRepr(b)
	case timeSpan:
		return t.appendRepr(b)
	case *regexVal:
		return t.appendRepr(b)
	case noValueT:
		return append(b, "<NoValue>"...)
	case mappingRule:
		return fmt.Appendf(b, "<yaql.language.utils.MappingRule object at 0x%x>", addr(&t))
	}
	return fmt.Appendf(b, "%v", v)
}

// addr is a stable fake address for object reprs.
func addr(p any) uintptr {
	var u uintptr
	fmt.Sscanf(fmt.Sprintf("%p", p), "0x%x", &u)
	return u
}
