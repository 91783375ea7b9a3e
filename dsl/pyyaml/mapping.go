package pyyaml

import (
	"math"
	"strconv"

	"github.com/goccy/go-yaml/ast"

	"github.com/mistral-go/mistral-go/value"
)

// mapPos records the lines of a mapping and of each of its keys (with
// LoadOptions.Lines), and the original keys that were not strings.
type mapPos struct {
	line    int
	keys    []int
	nonStrs map[int]any
}

// mapping converts a mapping, applying merge keys ("<<") as PyYAML's
// safe constructor does.
func (l *loader) mapping(n ast.Node, pairs []*ast.MappingValueNode, depth int) (any, *Error) {
	m := value.NewMap(len(pairs))
	pos := mapPos{line: nodeLine(n)}
	var merged []*value.Map
	for _, p := range pairs {
		if p == nil {
			continue
		}
		if _, ok := p.Key.(*ast.MergeKeyNode); ok {
			subs, err := l.merge(n, p.Value, depth)
			if err != nil {
				return nil, err
			}
			merged = append(merged, subs...)
			continue
		}
		k, err := l.convert(p.Key, depth+1)
		if err != nil {
			return nil, err
		}
		key, nonStr, ok := mapKey(k)
		if !ok {
			kn := ast.Node(p.Key)
			if mk, isKey := kn.(*ast.MappingKeyNode); isKey {
				kn = mk.Value
			}
			return nil, constructErr(mapStart(n), kn, "found unhashable key")
		}
		v, err := l.convert(p.Value, depth+1)
		if err != nil {
			return nil, err
		}
		if vm, ok := v.(*value.Map); ok && l.Lines {
			// A mapping value is reported at the line of its key.
			if vp := l.doc.maps[vm]; vp != nil {
				vp.line = nodeLine(p.Key)
			}
		}
		if nonStr {
			// Python's dict takes 1, 1.0 and True for one key.
			if same := pos.samePyKey(m, k); same != "" {
				key = same
			}
		}
		if m.Has(key) {
			m.Set(key, v)
			continue
		}
		m.Set(key, v)
		if l.Lines {
			pos.keys = append(pos.keys, nodeLine(p.Key))
		}
		if nonStr {
			if pos.nonStrs == nil {
				pos.nonStrs = map[int]any{}
			}
			pos.nonStrs[m.Len()-1] = k
		}
	}
	if len(merged) > 0 {
		m, pos = l.withMerges(m, pos, merged)
	}
	if l.Lines {
		p := pos
		l.doc.maps[m] = &p
	}
	return m, nil
}

// merge converts the value of a merge key of mapping n: the mappings to
// merge, in PyYAML's order (those of a list last to first, so that
// earlier ones win).
func (l *loader) merge(n, vn ast.Node, depth int) ([]*value.Map, *Error) {
	v, err := l.convert(vn, depth+1)
	if err != nil {
		return nil, err
	}
	switch t := v.(type) {
	case *value.Map:
		return []*value.Map{t}, nil
	case []any:
		out := make([]*value.Map, len(t))
		for i, x := range t {
			sub, ok := x.(*value.Map)
			if !ok {
				return nil, constructErr(mapStart(n), l.item(vn, i), "expected a mapping for merging, but found "+kind(x))
			}
			out[len(t)-1-i] = sub
		}
		return out, nil
	}
	return nil, constructErr(mapStart(n), vn, "expected a mapping or list of mappings for merging, but found "+kind(v))
}

// withMerges puts the merged mappings' keys first, the mapping's own
// keys winning over all of them.
func (l *loader) withMerges(m *value.Map, pos mapPos, merged []*value.Map) (*value.Map, mapPos) {
	out := value.NewMap(m.Len())
	opos := mapPos{line: pos.line}
	add := func(k string, v any, line int) {
		if !out.Has(k) && l.Lines {
			opos.keys = append(opos.keys, line)
		}
		out.Set(k, v)
	}
	for _, sub := range merged {
		sp := l.doc.maps[sub]
		for j := 0; j < sub.Len(); j++ {
			k, v := sub.At(j)
			line := pos.line
			if sp != nil && j < len(sp.keys) {
				line = sp.keys[j]
			}
			add(k, v, line)
		}
	}
	for j := 0; j < m.Len(); j++ {
		k, v := m.At(j)
		line := 0
		if l.Lines {
			line = pos.keys[j]
		}
		add(k, v, line)
	}
	return out, opos
}

// item is the node of element i of the sequence vn (vn if unknown).
func (l *loader) item(vn ast.Node, i int) ast.Node {
	n := vn
	for {
		switch t := n.(type) {
		case *ast.AnchorNode:
			n = t.Value
			continue
		case *ast.AliasNode:
			if a := l.anchors[anchorName(t.Value.GetToken())]; a != nil {
				n = a.Value
				continue
			}
		case *ast.SequenceNode:
			if i < len(t.Values) {
				return t.Values[i]
			}
		}
		return vn
	}
}

// mapStart is the node where mapping n starts, as PyYAML marks it.
func mapStart(n ast.Node) ast.Node {
	switch t := n.(type) {
	case *ast.MappingNode:
		if !t.IsFlowStyle && len(t.Values) > 0 && t.Values[0] != nil {
			return t.Values[0].Key
		}
	case *ast.MappingValueNode:
		return t.Key
	}
	return n
}

func nodeLine(n ast.Node) int {
	line, _ := nodePos(n)
	return line
}

// samePyKey returns the key of m that Python would take as equal to the
// non-string key k ("" if none).
func (pos *mapPos) samePyKey(m *value.Map, k any) string {
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
	case Timestamp:
		return t.Repr
	}
	return k
}

// kind is the kind of node PyYAML names in its messages.
func kind(v any) string {
	switch v.(type) {
	case *value.Map:
		return "mapping"
	case []any:
		return "sequence"
	}
	return "scalar"
}

// mapKey turns a resolved key into a string key as Python's json.dumps
// would (True → "true", 1 → "1"), reporting whether it was not a string.
// Collections cannot be keys (ok false).
func mapKey(k any) (key string, nonStr, ok bool) {
	switch t := k.(type) {
	case string:
		return t, false, true
	case nil:
		return "null", true, true
	case bool:
		return strconv.FormatBool(t), true, true
	case int64:
		return strconv.FormatInt(t, 10), true, true
	case float64:
		switch {
		case math.IsNaN(t):
			return "NaN", true, true
		case math.IsInf(t, 1):
			return "Infinity", true, true
		case math.IsInf(t, -1):
			return "-Infinity", true, true
		}
		return value.Repr(t), true, true
	case Timestamp:
		return t.Str, true, true
	}
	return "", false, false
}
