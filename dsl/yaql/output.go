package yaql

import (
	"strconv"

	"github.com/mistral-go/mistral-go/value"
)

// output converts an evaluation result to the value model, as yaql's
// output conversion and Mistral's storage do: tuples, lists, iterators and
// sets become lists, dicts with non-string keys get the keys JSON gives
// them, datetimes become "YYYY-MM-DDTHH:MM:SS.ffffff".
func (ec *evalCtx) output(v any) (any, error) {
	switch v.(type) {
	case nil, bool, int64, float64, string:
		return v, nil
	}
	if err := ec.step(); err != nil {
		return nil, err
	}
	switch t := v.(type) {
	case *value.Map:
		return ec.outputMap(t)
	case *pyDict:
		m := value.NewMap(len(t.keys))
		for i, k := range t.keys {
			ks, err := ec.outputKey(k)
			if err != nil {
				return nil, err
			}
			x, err := ec.output(t.vals[i])
			if err != nil {
				return nil, err
			}
			m.Set(ks, x)
		}
		return m, nil
	case []any:
		return ec.outputSlice(t, false)
	case pyList:
		return ec.outputSlice(t, true)
	case *pySet:
		return ec.outputSet(t.items)
	case *dictView:
		if t.kind == viewValues {
			return ec.outputSlice(viewItemsOf(t), true)
		}
		return ec.outputSet(viewItemsOf(t))
	case *iterator, *orderedIter:
		next, err := ec.iter(v)
		if err != nil {
			return nil, err
		}
		out := []any{}
		for {
			x, ok, err := next()
			if err != nil {
				return nil, err
			}
			if !ok {
				return out, nil
			}
			y, err := ec.output(x)
			if err != nil {
				return nil, err
			}
			out = append(out, y)
			if err := ec.checkLen(len(out)); err != nil {
				return nil, err
			}
		}
	case dateTime:
		return t.storageString(), nil
	case timeSpan:
		return t.String(), nil
	case noValueT:
		return nil, nil
	case int:
		return int64(t), nil
	}
	return pyRepr(v), nil
}

func (ec *evalCtx) outputMap(m *value.Map) (any, error) {
	var out *value.Map
	if err := ec.charge(m.Len()); err != nil {
		return nil, err
	}
	for i := 0; i < m.Len(); i++ {
		k, x := m.At(i)
		y, err := ec.output(x)
		if err != nil {
			return nil, err
		}
		if out == nil && !sameValue(x, y) {
			out = value.NewMap(m.Len())
			for j := 0; j < i; j++ {
				kj, xj := m.At(j)
				out.Set(kj, xj)
			}
		}
		if out != nil {
			out.Set(k, y)
		}
	}
	if out == nil {
		return m, nil
	}
	return out, nil
}

// sameValue reports that conversion left x unchanged (so the container
// can be shared).
func sameValue(x, y any) bool {
	switch xt := x.(type) {
	case nil, bool, int64, float64, string:
		return true
	case *value.Map:
		yt, ok := y.(*value.Map)
		return ok && xt == yt
	case []any:
		yt, ok := y.([]any)
		return ok && len(xt) == len(yt) && (len(xt) == 0 || &xt[0] == &yt[0])
	}
	return false
}

func (ec *evalCtx) outputSlice(s []any, fresh bool) (any, error) {
	if err := ec.charge(len(s)); err != nil {
		return nil, err
	}
	var out []any
	if fresh {
		out = make([]any, len(s))
	}
	for i, x := range s {
		y, err := ec.output(x)
		if err != nil {
			return nil, err
		}
		if out == nil && !sameValue(x, y) {
			out = make([]any, len(s))
			copy(out, s[:i])
		}
		if out != nil {
			out[i] = y
		}
	}
	if out == nil {
		if s == nil {
			return []any{}, nil
		}
		return s, nil
	}
	return out, nil
}

// outputSet converts set members; members that become lists or dicts are
// unhashable, as in Python.
func (ec *evalCtx) outputSet(items []any) (any, error) {
	out := make([]any, 0, len(items))
	for _, x := range items {
		y, err := ec.output(x)
		if err != nil {
			return nil, err
		}
		switch y.(type) {
		case []any:
			return nil, unhashable(pyList(nil))
		case *value.Map:
			return nil, unhashable(&pyDict{})
		}
		out = append(out, y)
	}
	return out, nil
}

// outputKey is the JSON object key a dict key becomes.
func (ec *evalCtx) outputKey(k any) (string, error) {
	switch t := k.(type) {
	case string:
		return t, nil
	case nil:
		return "null", nil
	case bool:
		if t {
			return "true", nil
		}
		return "false", nil
	case int64:
		return strconv.FormatInt(t, 10), nil
	case float64:
		return pyRepr(t), nil
	case []any:
		return "", unhashable(pyList(nil))
	case *value.Map, *pyDict:
		return "", unhashable(&pyDict{})
	case *pySet:
		return "", errType("unhashable type: 'set'")
	case dateTime:
		return t.storageString(), nil
	}
	return pyStr(k), nil
}

// pyDictForRepr keeps unused-import checkers calm for value.
var _ = value.Map{}
