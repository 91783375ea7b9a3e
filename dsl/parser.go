package dsl

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mistral-go/mistral-go/dsl/expr"
	"github.com/mistral-go/mistral-go/dsl/pyyaml"
	"github.com/mistral-go/mistral-go/value"
)

// maxInstanceRepr bounds the part of a schema error showing the value.
const maxInstanceRepr = 300

// parser holds one document being turned into specs.
type parser struct {
	doc *pyyaml.Document
	vd  validator
	// strict runs Mistral's early expression checks (checkExpr); without
	// them the same expressions are still compiled, later.
	strict bool
}

func newParser(doc *pyyaml.Document, strict bool) *parser {
	return &parser{doc: doc, vd: validator{doc: doc}, strict: strict}
}

// validate checks v against s and reports jsonschema's best error as
// Mistral does: the first line of its message, where it failed in the
// schema and on which part of v.
func (p *parser) validate(v any, s *schema) *Error {
	errs := p.vd.errors(v, s)
	if len(errs) == 0 {
		return nil
	}
	best, path := bestMatch(errs)
	sp := best.schemaPath
	if len(sp) > 0 {
		sp = sp[:len(sp)-1]
	}
	inst := pyRepr(best.instance)
	if r := []rune(inst); len(r) > maxInstanceRepr {
		inst = string(r[:maxInstanceRepr]) + "..."
	}
	// Mistral's jsonschema message without its dump of the whole schema.
	msg := fmt.Sprintf("Invalid DSL: %s\n\nFailed validating %s in schema%s\n\nOn instance%s:\n    %s",
		best.msg, value.Repr(best.validator), pathRepr(sp), pathRepr(best.path), inst)
	return &Error{Msg: msg, Line: p.lineAt(v, path)}
}

// lineAt returns the line of the deepest part of v along path.
func (p *parser) lineAt(v any, path []any) int {
	line := 0
	if m, ok := v.(*value.Map); ok {
		line = p.doc.MapLine(m)
	}
	for _, step := range path {
		switch t := v.(type) {
		case *value.Map:
			k, ok := step.(string)
			if !ok {
				return line
			}
			i := keyIndex(t, k)
			if i < 0 {
				return line
			}
			if l := p.doc.KeyLine(t, i); l > 0 {
				line = l
			}
			_, v = t.At(i)
		case []any:
			i, ok := step.(int)
			if !ok || i >= len(t) {
				return line
			}
			if l := p.doc.ItemLine(t, i); l > 0 {
				line = l
			}
			v = t[i]
		default:
			return line
		}
	}
	return line
}

// lineOf returns the line of key k of m (or of m itself).
func (p *parser) lineOf(m *value.Map, k string) int {
	if i := keyIndex(m, k); i >= 0 {
		if l := p.doc.KeyLine(m, i); l > 0 {
			return l
		}
	}
	return p.doc.MapLine(m)
}

// exprError converts an expression compile error.
func exprError(err error, line int) *Error {
	var se *expr.SyntaxError
	if errors.As(err, &se) {
		return &Error{Msg: se.Error(), Line: line}
	}
	return &Error{Msg: err.Error(), Line: line}
}

// checkExpr is Mistral's validate_expr: the strings of v (v itself, the
// items of a list or the values of a mapping, not deeper) must be valid
// expressions.
func (p *parser) checkExpr(v any, line int) *Error {
	if !p.strict {
		return nil
	}
	check := func(s string) *Error {
		if _, err := expr.Compile(s); err != nil {
			return exprError(err, line)
		}
		return nil
	}
	switch t := v.(type) {
	case string:
		return check(t)
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok {
				if err := check(s); err != nil {
					return err
				}
			}
		}
	case *value.Map:
		for i := 0; i < t.Len(); i++ {
			_, x := t.At(i)
			if s, ok := x.(string); ok {
				if err := check(s); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// compile compiles a definition value (timestamps become text first).
func (p *parser) compile(v any, line int) (*expr.Data, *Error) {
	v = p.doc.Plain(v, false)
	d, err := expr.Compile(v)
	if err != nil {
		return nil, exprError(err, line)
	}
	return d, nil
}

// compileOpt compiles v, or returns nil when v is nil.
func (p *parser) compileOpt(v any, line int) (*expr.Data, *Error) {
	if v == nil {
		return nil, nil
	}
	return p.compile(v, line)
}

// stringList reads a list of strings (or one string) of a valid spec.
func stringList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// getMap returns m[k] when it is a mapping.
func getMap(m *value.Map, k string) *value.Map {
	v, _ := m.Get(k)
	mm, _ := v.(*value.Map)
	return mm
}

// getString returns m[k] when it is a string.
func getString(m *value.Map, k string) string {
	v, _ := m.Get(k)
	s, _ := v.(string)
	return s
}

// isUUIDLike is oslo's is_uuid_like: 32 hex digits once "urn:", "uuid:",
// surrounding braces and dashes are removed.
func isUUIDLike(s string) bool {
	s = strings.ReplaceAll(s, "urn:", "")
	s = strings.ReplaceAll(s, "uuid:", "")
	s = strings.Trim(s, "{}")
	s = strings.ReplaceAll(s, "-", "")
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// keyIndex returns the position of key k in m, or -1.
func keyIndex(m *value.Map, k string) int {
	for i := 0; i < m.Len(); i++ {
		if key, _ := m.At(i); key == k {
			return i
		}
	}
	return -1
}
