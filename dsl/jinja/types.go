package jinja

import (
	"strconv"

	"github.com/mistral-go/mistral-go/value"
)

// Values seen by templates are those of the value model plus the Python
// types Jinja2 expressions can create. Results leaving the package are
// converted back to the value model (see Export).

// Tuple is a Python tuple.
type Tuple []any

// PyRepr implements Python's repr.
func (t Tuple) PyRepr() string {
	b := []byte{'('}
	for i, x := range t {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendRepr(b, x)
	}
	if len(t) == 1 {
		b = append(b, ',')
	}
	return string(append(b, ')'))
}

// Markup is a string marked safe by markupsafe (tojson, safe, escape).
type Markup string

// PyRepr implements Python's repr.
func (m Markup) PyRepr() string { return "Markup(" + value.Repr(string(m)) + ")" }

// Undefined is Jinja2's undefined value. Strict ones (every missing name,
// attribute or item, as Mistral configures StrictUndefined) fail on any
// use but the defined/undefined tests and the default filter; the
// lenient one comes from an inline if without else.
type Undefined struct {
	hint   string
	obj    any
	hasObj bool
	name   any
	strict bool
	// objType, when set, replaces objectTypeRepr(obj) in messages.
	objType string
}

// Message is the UndefinedError text.
func (u *Undefined) Message() string {
	if u.hint != "" {
		return u.hint
	}
	if !u.hasObj {
		return value.Repr(u.name) + " is undefined"
	}
	t := u.objType
	if t == "" {
		t = objectTypeRepr(u.obj)
	}
	if _, ok := u.name.(string); !ok {
		return t + " has no element " + repr(u.name)
	}
	return value.Repr(t) + " has no attribute " + repr(u.name)
}

func (u *Undefined) err() error { return &Error{Msg: u.Message(), undefined: true} }

// PyRepr implements Python's repr.
func (u *Undefined) PyRepr() string { return "Undefined" }

// objectTypeRepr is Jinja2's object_type_repr.
func objectTypeRepr(v any) string {
	if v == nil {
		return "None"
	}
	switch v.(type) {
	case Markup:
		return "markupsafe.Markup object"
	case *Undefined:
		return "jinja2.runtime.StrictUndefined object"
	case *Namespace:
		return "jinja2.utils.Namespace object"
	case *loopObj:
		return "jinja2.runtime.LoopContext object"
	case *macro:
		return "jinja2.runtime.Macro object"
	}
	return typeName(v) + " object"
}

func undefinedName(name string) *Undefined { return &Undefined{name: name, strict: true} }

// undefinedAttr is the strict undefined for a missing attribute or item
// name of obj.
func (s *state) undefinedAttr(obj, name any) *Undefined {
	u := &Undefined{obj: obj, hasObj: true, name: name, strict: true}
	if t, ok := s.vars.(ObjectTyper); ok {
		u.objType, _ = t.ObjectType(obj)
	}
	return u
}

// generator is the lazy sequence Jinja2 filters such as map and select
// return; it is materialised here but keeps Python's visible behaviour:
// no len(), single use.
type generator struct {
	items    []any
	consumed bool
	fn       string
}

func (g *generator) PyRepr() string { return "<generator object " + g.fn + " at 0x7f0000000000>" }

// take returns the remaining items and exhausts g.
func (g *generator) take() []any {
	if g.consumed {
		return nil
	}
	g.consumed = true
	return g.items
}

// rangeVal is a Python range object.
type rangeVal struct{ start, stop, step int64 }

func (r rangeVal) PyRepr() string {
	s := "range(" + strconv.FormatInt(r.start, 10) + ", " + strconv.FormatInt(r.stop, 10)
	if r.step != 1 {
		s += ", " + strconv.FormatInt(r.step, 10)
	}
	return s + ")"
}

func (r rangeVal) len() int64 {
	if r.step > 0 && r.start < r.stop {
		return (r.stop - r.start + r.step - 1) / r.step
	}
	if r.step < 0 && r.start > r.stop {
		return (r.start - r.stop - r.step - 1) / -r.step
	}
	return 0
}

func (r rangeVal) items() []any {
	n := r.len()
	out := make([]any, n)
	for i := int64(0); i < n; i++ {
		out[i] = r.start + i*r.step
	}
	return out
}

// dictView is dict.keys(), dict.values() or dict.items().
type dictView struct {
	m    *value.Map
	kind byte // 'k', 'v', 'i'
}

func (d dictView) typeName() string {
	switch d.kind {
	case 'k':
		return "dict_keys"
	case 'v':
		return "dict_values"
	}
	return "dict_items"
}

func (d dictView) items() []any {
	out := make([]any, d.m.Len())
	for i := range out {
		k, v := d.m.At(i)
		switch d.kind {
		case 'k':
			out[i] = k
		case 'v':
			out[i] = v
		default:
			out[i] = Tuple{k, v}
		}
	}
	return out
}

func (d dictView) PyRepr() string {
	return d.typeName() + "(" + repr(d.items()) + ")"
}

// Namespace is the object namespace() returns; {% set ns.x = … %}
// assigns to it.
type Namespace struct{ m *value.Map }

func (n *Namespace) PyRepr() string { return "<Namespace " + repr(n.m) + ">" }

// sliceVal is a Python slice object used in subscripts.
type sliceVal struct{ lo, hi, step any }

func (s sliceVal) PyRepr() string {
	return "slice(" + repr(s.lo) + ", " + repr(s.hi) + ", " + repr(s.step) + ")"
}

// typeName returns the Python type name of v.
func typeName(v any) string {
	switch t := v.(type) {
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
	case *value.Map:
		return "dict"
	case Tuple:
		return "tuple"
	case Markup:
		return "Markup"
	case *Undefined:
		if t.strict {
			return "StrictUndefined"
		}
		return "Undefined"
	case *generator:
		return "generator"
	case rangeVal:
		return "range"
	case dictView:
		return t.typeName()
	case *Namespace:
		return "Namespace"
	case sliceVal:
		return "slice"
	case *boundMethod:
		return "builtin_function_or_method"
	case *Function:
		return "function"
	case *macro:
		return "Macro"
	case *loopObj:
		return "LoopContext"
	case *cycler:
		return "Cycler"
	case *joiner:
		return "Joiner"
	case *groupTuple:
		return "_GroupTuple"
	}
	return value.TypeName(v)
}

// repr returns Python's repr(v).
func repr(v any) string { return string(appendRepr(nil, v)) }

func appendRepr(b []byte, v any) []byte {
	switch t := v.(type) {
	case []any:
		b = append(b, '[')
		for i, x := range t {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendRepr(b, x)
		}
		return append(b, ']')
	case *value.Map:
		b = append(b, '{')
		for i := 0; i < t.Len(); i++ {
			if i > 0 {
				b = append(b, ", "...)
			}
			k, x := t.At(i)
			b = value.AppendRepr(b, k)
			b = append(b, ": "...)
			b = appendRepr(b, x)
		}
		return append(b, '}')
	case interface{ PyRepr() string }:
		return append(b, t.PyRepr()...)
	}
	return value.AppendRepr(b, v)
}

// groupTuple is the (grouper, list) pair the groupby filter yields: a
// tuple with two named fields.
type groupTuple struct {
	grouper any
	list    []any
}

func (g *groupTuple) tuple() Tuple { return Tuple{g.grouper, g.list} }

func (g *groupTuple) PyRepr() string { return g.tuple().PyRepr() }
