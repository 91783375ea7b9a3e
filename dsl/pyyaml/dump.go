package pyyaml

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// DumpOptions are the emitter options the callers of Dump need.
type DumpOptions struct {
	// SortKeys writes the keys of each mapping sorted (safe_dump's
	// default) rather than in their order (sort_keys=False).
	SortKeys bool
	// Source, when v was loaded with LoadOptions.Lines, writes the keys
	// it read as non-strings (1, true, null) back with their type.
	Source *Document
}

// Dump renders v as PyYAML's safe_dump(v, default_flow_style=False)
// does: block style, two-space indentation, lines folded at 80 columns,
// non-ASCII characters escaped in double quotes, and the choice of plain,
// single- or double-quoted scalars PyYAML's emitter makes.
func Dump(v any, opts DumpOptions) string {
	e := &emitter{DumpOptions: opts, whitespace: true, indention: true, indent: -1}
	e.node(v, nodeCtx{root: true})
	e.writeIndent()
	if e.openEnded {
		e.writeIndicator("...", true, false, false)
		e.writeIndent()
	}
	return e.b.String()
}

const bestWidth = 80

// emitter holds the state of PyYAML's Emitter that block-style output
// depends on.
type emitter struct {
	DumpOptions
	b          strings.Builder
	column     int
	whitespace bool
	indention  bool
	openEnded  bool
	indent     int // -1 is None
	indents    []int
	flowLevel  int
}

type nodeCtx struct {
	root, mapping, simpleKey bool
}

func (e *emitter) increaseIndent(flow, indentless bool) {
	e.indents = append(e.indents, e.indent)
	switch {
	case e.indent < 0 && flow:
		e.indent = 2
	case e.indent < 0:
		e.indent = 0
	case !indentless:
		e.indent += 2
	}
}

func (e *emitter) popIndent() {
	e.indent = e.indents[len(e.indents)-1]
	e.indents = e.indents[:len(e.indents)-1]
}

// node is expect_node for block collections and scalars.
func (e *emitter) node(v any, ctx nodeCtx) {
	switch t := v.(type) {
	case *value.Map:
		if e.flowLevel > 0 || t.Len() == 0 {
			e.writeIndicator("{", true, true, false)
			e.writeIndicator("}", false, false, false)
			return
		}
		e.increaseIndent(false, false)
		var order []int
		if e.SortKeys {
			order = make([]int, t.Len())
			for i := range order {
				order[i] = i
			}
			slices.SortFunc(order, func(i, j int) int {
				a, _ := t.At(i)
				b, _ := t.At(j)
				return strings.Compare(a, b)
			})
		}
		for j := 0; j < t.Len(); j++ {
			i := j
			if order != nil {
				i = order[j]
			}
			k, x := t.At(i)
			var key any = k
			if nk, ok := e.Source.NonStringKey(t, i); ok {
				key = nk
			}
			e.writeIndent()
			if e.simpleKey(key) {
				e.node(key, nodeCtx{mapping: true, simpleKey: true})
				e.writeIndicator(":", false, false, false)
			} else {
				e.writeIndicator("?", true, false, true)
				e.node(key, nodeCtx{mapping: true})
				e.writeIndent()
				e.writeIndicator(":", true, false, true)
			}
			e.node(x, nodeCtx{mapping: true})
		}
		e.popIndent()
	case []any:
		if e.flowLevel > 0 || len(t) == 0 {
			e.writeIndicator("[", true, true, false)
			e.writeIndicator("]", false, false, false)
			return
		}
		e.increaseIndent(false, ctx.mapping && !e.indention)
		for _, x := range t {
			e.writeIndent()
			e.writeIndicator("-", true, false, true)
			e.node(x, nodeCtx{})
		}
		e.popIndent()
	default:
		text, implicit := represent(v)
		e.increaseIndent(true, false)
		e.scalar(text, implicit, ctx)
		e.popIndent()
	}
}

// simpleKey is check_simple_key for scalar keys.
func (e *emitter) simpleKey(k any) bool {
	text, _ := represent(k)
	a := analyzeScalar([]rune(text))
	return len([]rune(text)) < 128 && !a.empty && !a.multiline
}

// represent is SafeRepresenter for scalars: the text and whether it
// reads back as the same value when written plain (implicit[0]).
func represent(v any) (string, bool) {
	switch t := v.(type) {
	case nil:
		return "null", true
	case bool:
		return strconv.FormatBool(t), true
	case int64:
		return strconv.FormatInt(t, 10), true
	case float64:
		switch {
		case math.IsNaN(t):
			return ".nan", true
		case math.IsInf(t, 1):
			return ".inf", true
		case math.IsInf(t, -1):
			return "-.inf", true
		}
		s := strings.ToLower(value.Repr(t))
		if !strings.Contains(s, ".") && strings.Contains(s, "e") {
			s = strings.Replace(s, "e", ".0e", 1)
		}
		return s, true
	case Timestamp:
		return t.Str, true
	case string:
		return t, isPlainString(t)
	}
	return value.Str(v), false
}
