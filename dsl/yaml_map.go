package dsl

import (
	"math"
	"strconv"

	"github.com/goccy/go-yaml/ast"

	"github.com/mistral-go/mistral-go/value"
)

// mapping converts a mapping, applying merge keys ("<<") as PyYAML's
// safe constructor does.
func (d *document) mapping(n ast.Node, pairs []*ast.MappingValueNode, depth int) (any, *yamlError) {
	m := value.NewMap(len(pairs))
	pos := &mapPos{line: nodeLine(n), keys: make([]int, 0, len(pairs))}
	var merged []*value.Map
	var mergedPos []*mapPos
	for _, p := range pairs {
		if p == nil {
			continue
		}
		if _, ok := p.Key.(*ast.MergeKeyNode); ok {
			v, err := d.convert(p.Value, depth+1)
			if err != nil {
				return nil, err
			}
			switch mv := v.(type) {
			case *value.Map:
				merged = append(merged, mv)
				mergedPos = append(mergedPos, d.maps[mv])
			case []any:
				// Later maps of the list lose against earlier ones.
				for i := len(mv) - 1; i >= 0; i-- {
					sub, ok := mv[i].(*value.Map)
					if !ok {
						return nil, nodeError(p.Value, "while constructing a mapping\nexpected a mapping for merging, but found "+pyKind(mv[i]))
					}
					merged = append(merged, sub)
					mergedPos = append(mergedPos, d.maps[sub])
				}
			default:
				return nil, nodeError(p.Value, "while constructing a mapping\nexpected a mapping or list of mappings for merging, but found scalar")
			}
			continue
		}
		k, err := d.convert(p.Key, depth+1)
		if err != nil {
			return nil, err
		}
		key, nonStr, kerr := mapKey(k)
		if kerr != "" {
			return nil, nodeError(p.Key, "while constructing a mapping\n"+kerr)
		}
		v, err := d.convert(p.Value, depth+1)
		if err != nil {
			return nil, err
		}
		if vm, ok := v.(*value.Map); ok {
			// A mapping value is reported at the line of its key.
			if vp := d.maps[vm]; vp != nil {
				vp.line = nodeLine(p.Key)
			}
		}
		if nonStr {
			// Python's dict sees 1, 1.0 and True as one key.
			if same := samePyKey(pos, m, k); same != "" {
				key = same
			}
		}
		if m.Has(key) {
			m.Set(key, v)
			continue
		}
		m.Set(key, v)
		pos.keys = append(pos.keys, nodeLine(p.Key))
		if nonStr {
			if pos.nonStrs == nil {
				pos.nonStrs = map[int]any{}
			}
			pos.nonStrs[m.Len()-1] = k
		}
	}
	if len(merged) > 0 {
		// Merged keys come first, in PyYAML's order (the maps of a
		// merge list last to first, so earlier ones win); the mapping's
		// own keys win over all of them.
		out := value.NewMap(m.Len())
		opos := &mapPos{line: pos.line}
		for i, sub := range merged {
			for j := 0; j < sub.Len(); j++ {
				k, v := sub.At(j)
				if !out.Has(k) {
					line := pos.line
					if sp := mergedPos[i]; sp != nil && j < len(sp.keys) {
						line = sp.keys[j]
					}
					opos.keys = append(opos.keys, line)
				}
				out.Set(k, v)
			}
		}
		for j := 0; j < m.Len(); j++ {
			k, v := m.At(j)
			if !out.Has(k) {
				opos.keys = append(opos.keys, pos.keys[j])
			}
			out.Set(k, v)
		}
		m, pos = out, opos
	}
	d.maps[m] = pos
	return m, nil
}

// samePyKey returns the key of m that Python would take as equal to the
// non-string key k ("" if none).
func samePyKey(pos *mapPos, m *value.Map, k any) string {
	ck := pyKeyClass(k)
	for i, orig := range pos.nonStrs {
		if pyKeyClass(orig) == ck {
			key, _ := m.At(i)
			return key
		}
	}
	return ""
}

// pyKeyClass maps a key to a class of keys Python's hash equality
// merges: True is 1, 1.0 is 1.
func pyKeyClass(k any) any {
	switch t := k.(type) {
	case bool:
		if t {
			return int64(1)
		}
		return int64(0)
	case float64:
		if t == math.Trunc(t) && math.Abs(t) < 1<<62 {
			return int64(t)
		}
	case timestamp:
		return t.repr
	}
	return k
}

func pyKind(v any) string {
	switch v.(type) {
	case *value.Map:
		return "mapping"
	case []any:
		return "sequence"
	}
	return "scalar"
}

// mapKey turns a resolved key into a string key as Mistral's JSON
// storage would (True → "true", 1 → "1"), reporting whether it was not a
// string. Collections cannot be keys.
func mapKey(k any) (string, bool, string) {
	switch t := k.(type) {
	case string:
		return t, false, ""
	case nil:
		return "null", true, ""
	case bool:
		if t {
			return "true", true, ""
		}
		return "false", true, ""
	case int64:
		return strconv.FormatInt(t, 10), true, ""
	case float64:
		switch {
		case math.IsNaN(t):
			return "NaN", true, ""
		case math.IsInf(t, 1):
			return "Infinity", true, ""
		case math.IsInf(t, -1):
			return "-Infinity", true, ""
		}
		return value.Repr(t), true, ""
	case timestamp:
		return t.str, true, ""
	}
	return "", false, "found unhashable key"
}
