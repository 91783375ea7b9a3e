package expr

import (
	"regexp"
	"strings"

	"github.com/mistral-go/mistral-go/dsl/jinja"
	"github.com/mistral-go/mistral-go/dsl/yaql"
	"github.com/mistral-go/mistral-go/value"
)

// How Mistral recognises and evaluates expressions in a string value
// (mistral/expressions): Jinja is tried first, then YAQL. A string that is
// exactly one expression evaluates to its typed value; otherwise each
// expression is replaced by Python's str() of its value (YAQL) or the
// string is rendered as a Jinja template.

var jinjaVarRe = regexp.MustCompile(`{{(.*?)}}`)

// mixedMsg is Mistral's upload error for a string using both languages.
const mixedMsg = "The line already contains an expression of type 'jinja'. Mixing expression types in a single line is not allowed."

// compileString compiles one string value.
func compileString(s string) (node, error) {
	if jinjaRe.MatchString(s) {
		return compileJinja(s)
	}
	if yaqlRe.MatchString(s) {
		return compileYAQL(s)
	}
	return constNode{s}, nil
}

// ---- Jinja ----

func compileJinja(s string) (node, error) {
	// Mistral validates the whole string as a template, then refuses a
	// second language in the same string.
	tmpl, err := jinjaEnv.Parse(s)
	if err != nil {
		return nil, &SyntaxError{Lang: Jinja, Expr: s, Msg: "Syntax error '" + err.Error() + "'."}
	}
	if yaqlRe.MatchString(s) {
		return nil, &SyntaxError{Lang: Jinja, Expr: s, Msg: mixedMsg}
	}
	m := jinjaVarRe.FindStringSubmatchIndex(s)
	switch {
	case m == nil:
		// only {% %} blocks: Mistral 15 fails on these at run time
		return failNode{&EvalError{Lang: Jinja, Expr: s, Cause: "list index out of range"}}, nil
	case m[0] == 0 && m[1] == len(s):
		x, err := jinjaEnv.ParseExpr(s[m[2]:m[3]])
		if err != nil {
			return failNode{&EvalError{Lang: Jinja, Expr: s, Cause: err.Error()}}, nil
		}
		return &jinjaExprNode{x: x, src: s}, nil
	}
	return &jinjaTemplateNode{t: tmpl, src: s}, nil
}

// failNode always fails with the same evaluation error.
type failNode struct{ err *EvalError }

func (f failNode) eval(*Context) (any, error) { return nil, f.err }

// jinjaExprNode is a string that is exactly one {{ expression }}.
type jinjaExprNode struct {
	x   *jinja.Expr
	src string
}

func (n *jinjaExprNode) eval(ctx *Context) (any, error) {
	v, err := n.x.Eval((*jinjaVars)(ctx), ctx)
	if err != nil {
		return nil, &EvalError{Lang: Jinja, Expr: n.src, Cause: err.Error()}
	}
	return v, nil
}

// jinjaTemplateNode is a string rendered as a Jinja template.
type jinjaTemplateNode struct {
	t   *jinja.Template
	src string
}

func (n *jinjaTemplateNode) eval(ctx *Context) (any, error) {
	v, err := n.t.Render((*jinjaVars)(ctx), ctx)
	if err != nil {
		return nil, &EvalError{Lang: Jinja, Expr: n.src, Cause: err.Error()}
	}
	return v, nil
}

// jinjaVars gives templates Mistral's variables: _ is the data context;
// __env, __execution and __task_execution are lifted from it.
type jinjaVars Context

// Var implements jinja.Vars.
func (c *jinjaVars) Var(name string) (any, bool) {
	switch name {
	case "_":
		return c.Root, true
	case "__env", "__execution", "__task_execution":
		m, ok := c.Root.(*value.Map)
		if !ok {
			return nil, false
		}
		if v, ok := m.Get(name); ok {
			return v, true
		}
		if name == "__env" && c.Funcs != nil {
			return c.Funcs.Env(), true
		}
		return nil, true
	}
	return nil, false
}

// ObjectType implements jinja.ObjectTyper: the root of a ContextView
// context is named as Mistral's class.
func (c *jinjaVars) ObjectType(obj any) (string, bool) {
	if !c.ContextView {
		return "", false
	}
	m, ok := obj.(*value.Map)
	if r, isMap := c.Root.(*value.Map); ok && isMap && m == r {
		return "mistral.workflow.data_flow.ContextView object", true
	}
	return "", false
}

// ---- YAQL ----

// trimYAQL strips the delimiters as Mistral does: the characters <, %
// and > at both ends.
func trimYAQL(s string) string { return strings.Trim(s, "<%>") }

func compileYAQL(s string) (node, error) {
	locs := yaqlRe.FindAllStringIndex(s, -1)
	if len(locs) == 1 && locs[0][0] == 0 && locs[0][1] == len(s) {
		x, text, err := parseYAQL(s)
		if err != nil {
			return nil, err
		}
		return &yaqlNode{x: x, text: text}, nil
	}
	n := &yaqlInterpNode{}
	seen := map[string]int{}
	last := 0
	for _, l := range locs {
		if l[0] > last {
			n.parts = append(n.parts, interpPart{lit: s[last:l[0]], idx: -1})
		}
		raw := s[l[0]:l[1]]
		idx, ok := seen[raw]
		if !ok {
			x, text, err := parseYAQL(raw)
			if err != nil {
				return nil, err
			}
			idx = len(n.exprs)
			seen[raw] = idx
			n.exprs = append(n.exprs, &yaqlNode{x: x, text: text})
			n.raws = append(n.raws, raw)
		}
		n.parts = append(n.parts, interpPart{idx: idx})
		last = l[1]
	}
	if last < len(s) {
		n.parts = append(n.parts, interpPart{lit: s[last:], idx: -1})
	}
	n.src = s
	return n, nil
}

// parseYAQL validates the text between the delimiters as written (so
// error positions count its blanks) and keeps the stripped text for
// evaluation errors.
func parseYAQL(raw string) (*yaql.Expr, string, error) {
	inner := trimYAQL(raw)
	x, err := yaql.Parse(inner)
	if err != nil {
		return nil, "", &SyntaxError{Lang: YAQL, Expr: inner, Msg: err.Error()}
	}
	return x, strings.TrimFunc(inner, isPySpace), nil
}

// yaqlNode is one YAQL expression.
type yaqlNode struct {
	x    *yaql.Expr
	text string
}

func (n *yaqlNode) eval(ctx *Context) (any, error) {
	v, err := n.x.Eval(ctx.Root, yaqlFuncs, ctx)
	if err != nil {
		cause := err.Error()
		if e, ok := err.(*yaql.EvalError); ok {
			cause = e.Cause
		}
		return nil, &EvalError{Lang: YAQL, Expr: n.text, Cause: cause}
	}
	return v, nil
}

type interpPart struct {
	lit string
	idx int // expression index, -1 for literal text
}

// yaqlInterpNode is text with YAQL expressions interpolated.
type yaqlInterpNode struct {
	src   string
	parts []interpPart
	exprs []*yaqlNode
	raws  []string
}

func (n *yaqlInterpNode) eval(ctx *Context) (any, error) {
	var buf [4]string
	vals := buf[:0]
	size := 0
	for _, x := range n.exprs {
		v, err := x.eval(ctx)
		if err != nil {
			return nil, err
		}
		s := value.Str(v)
		vals = append(vals, s)
		size += len(s)
	}
	for _, v := range vals {
		if strings.Contains(v, "<%") {
			return n.replaceLiterally(vals), nil
		}
	}
	var b strings.Builder
	b.Grow(len(n.src) + size)
	for _, p := range n.parts {
		if p.idx < 0 {
			b.WriteString(p.lit)
		} else {
			b.WriteString(vals[p.idx])
		}
	}
	return b.String(), nil
}

// replaceLiterally is Mistral's own algorithm (str.replace of each
// expression's text in turn), used when a value contains "<%" and the
// two could differ.
func (n *yaqlInterpNode) replaceLiterally(vals []string) string {
	out := n.src
	for i, raw := range n.raws {
		out = strings.ReplaceAll(out, raw, vals[i])
	}
	return out
}

// isPySpace is Python's str.isspace for one character.
func isPySpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}
