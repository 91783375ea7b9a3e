package expr

import (
	"regexp"

	"github.com/mistral-go/mistral-go/value"
)

// Data is a compiled piece of definition data: a value in which every
// string holding an expression was compiled. It is immutable and safe for
// concurrent use.
type Data struct {
	raw  any
	node node
}

// node is one compiled value.
type node interface {
	eval(ctx *Context) (any, error)
}

type constNode struct{ v any }

func (c constNode) eval(*Context) (any, error) { return c.v, nil }

// Compile compiles v (a value of the value model) and reports the first
// syntax error as a *SyntaxError.
func Compile(v any) (*Data, error) {
	n, err := compileNode(v)
	if err != nil {
		return nil, err
	}
	return &Data{raw: v, node: n}, nil
}

// MustCompile is Compile for values known to be valid; it panics on error.
func MustCompile(v any) *Data {
	d, err := Compile(v)
	if err != nil {
		panic(err)
	}
	return d
}

// Const returns Data that evaluates to v.
func Const(v any) *Data { return &Data{raw: v, node: constNode{v}} }

// Value returns the uncompiled value, as written in the definition.
func (d *Data) Value() any {
	if d == nil {
		return nil
	}
	return d.raw
}

// IsConst reports whether d holds no expression.
func (d *Data) IsConst() bool {
	if d == nil {
		return true
	}
	_, ok := d.node.(constNode)
	return ok
}

// Eval evaluates d. Constant parts are returned as they are, shared with
// the definition: callers must not modify the result in place.
func (d *Data) Eval(ctx *Context) (any, error) {
	if d == nil {
		return nil, nil
	}
	if ctx == nil {
		ctx = &Context{}
	}
	return d.node.eval(ctx)
}

// EvalData is Mistral's evaluate_recursively: like Eval, except that an
// empty data context (ctx.Root falsy in Python's sense: nil, {}, [], "",
// 0, false) leaves the value unevaluated, expressions included. Mistral
// uses it everywhere but for transition guards and retry
// break-on/continue-on, which use Eval.
func (d *Data) EvalData(ctx *Context) (any, error) {
	if d == nil {
		return nil, nil
	}
	if ctx == nil || !value.Truthy(ctx.Root) {
		return d.raw, nil
	}
	return d.node.eval(ctx)
}

type mapNode struct {
	keys  []string
	nodes []node
}

func (m *mapNode) eval(ctx *Context) (any, error) {
	out := value.NewMap(len(m.keys))
	for i, k := range m.keys {
		v, err := m.nodes[i].eval(ctx)
		if err != nil {
			return nil, err
		}
		out.Set(k, v)
	}
	return out, nil
}

type listNode struct{ nodes []node }

func (l *listNode) eval(ctx *Context) (any, error) {
	out := make([]any, len(l.nodes))
	for i, n := range l.nodes {
		v, err := n.eval(ctx)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func compileNode(v any) (node, error) {
	switch t := v.(type) {
	case string:
		return compileString(t)
	case *value.Map:
		m := &mapNode{keys: t.Keys(), nodes: make([]node, t.Len())}
		allConst := true
		for i := 0; i < t.Len(); i++ {
			_, x := t.At(i)
			n, err := compileNode(x)
			if err != nil {
				return nil, err
			}
			if _, ok := n.(constNode); !ok {
				allConst = false
			}
			m.nodes[i] = n
		}
		if allConst {
			return constNode{t}, nil
		}
		return m, nil
	case []any:
		l := &listNode{nodes: make([]node, len(t))}
		allConst := true
		for i, x := range t {
			n, err := compileNode(x)
			if err != nil {
				return nil, err
			}
			if _, ok := n.(constNode); !ok {
				allConst = false
			}
			l.nodes[i] = n
		}
		if allConst {
			return constNode{t}, nil
		}
		return l, nil
	}
	return constNode{v}, nil
}

var (
	jinjaRe = regexp.MustCompile(`{{(.*?)}}|{%(.*?)%}`)
	yaqlRe  = regexp.MustCompile(`<%.*?%>`)
)

// Detect reports which language a string is written in (Jinja is checked
// first, as Mistral does), or None for plain text.
func Detect(s string) Lang {
	switch {
	case jinjaRe.MatchString(s):
		return Jinja
	case yaqlRe.MatchString(s):
		return YAQL
	}
	return None
}
