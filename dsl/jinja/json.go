package jinja

import (
	"math"
	"sort"
	"strconv"

	"github.com/mistral-go/mistral-go/value"
)

// maxJSONDepth bounds the nesting json.dumps will follow.
const maxJSONDepth = 1000

// dumpJSON appends Python's json.dumps(v, indent=indent,
// sort_keys=sortKeys, ensure_ascii=ascii); pretty false means indent None.
func dumpJSON(b []byte, v any, indent string, pretty, sortKeys, ascii bool, depth int) ([]byte, error) {
	if depth > maxJSONDepth {
		return nil, errorf("maximum recursion depth exceeded while encoding a JSON object")
	}
	newline := func(b []byte, d int) []byte {
		b = append(b, '\n')
		for i := 0; i < d; i++ {
			b = append(b, indent...)
		}
		return b
	}
	sep := func(b []byte, d int) []byte {
		if pretty {
			return newline(append(b, ','), d)
		}
		return append(b, ", "...)
	}
	switch t := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case bool:
		if t {
			return append(b, "true"...), nil
		}
		return append(b, "false"...), nil
	case int64:
		return strconv.AppendInt(b, t, 10), nil
	case float64:
		switch {
		case math.IsNaN(t):
			return append(b, "NaN"...), nil
		case math.IsInf(t, 1):
			return append(b, "Infinity"...), nil
		case math.IsInf(t, -1):
			return append(b, "-Infinity"...), nil
		}
		return value.AppendFloat(b, t), nil
	case string:
		return value.AppendJSONString(b, t, ascii), nil
	case Markup:
		return value.AppendJSONString(b, string(t), ascii), nil
	case []any, Tuple, *groupTuple:
		var l []any
		switch x := t.(type) {
		case []any:
			l = x
		case Tuple:
			l = x
		case *groupTuple:
			l = x.tuple()
		}
		if len(l) == 0 {
			return append(b, "[]"...), nil
		}
		b = append(b, '[')
		if pretty {
			b = newline(b, depth+1)
		}
		var err error
		for i, x := range l {
			if i > 0 {
				b = sep(b, depth+1)
			}
			if b, err = dumpJSON(b, x, indent, pretty, sortKeys, ascii, depth+1); err != nil {
				return nil, err
			}
		}
		if pretty {
			b = newline(b, depth)
		}
		return append(b, ']'), nil
	case *value.Map:
		if t.Len() == 0 {
			return append(b, "{}"...), nil
		}
		keys := t.Keys()
		if sortKeys {
			keys = append([]string(nil), keys...)
			sort.Strings(keys)
		}
		b = append(b, '{')
		if pretty {
			b = newline(b, depth+1)
		}
		var err error
		for i, k := range keys {
			if i > 0 {
				b = sep(b, depth+1)
			}
			b = value.AppendJSONString(b, k, ascii)
			b = append(b, ": "...)
			x, _ := t.Get(k)
			if b, err = dumpJSON(b, x, indent, pretty, sortKeys, ascii, depth+1); err != nil {
				return nil, err
			}
		}
		if pretty {
			b = newline(b, depth)
		}
		return append(b, '}'), nil
	}
	return nil, errorf("Object of type " + typeName(v) + " is not JSON serializable")
}
