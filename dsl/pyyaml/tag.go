package pyyaml

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// tagged applies an explicit tag the safe loader knows.
func (l *loader) tagged(t *ast.TagNode, depth int) (any, *Error) {
	if a, ok := t.Value.(*ast.AnchorNode); ok {
		// In "!!str &a x" the anchor names the tagged node: make the
		// tag part of what the anchor holds (once).
		if inner, ok := a.Value.(*ast.TagNode); !ok || inner.Start != t.Start {
			a.Value = &ast.TagNode{BaseNode: t.BaseNode, Start: t.Start, Value: a.Value}
		}
		return l.anchor(a, depth)
	}
	tag := l.pm.str(t.Start.Value)
	full := tag
	if strings.HasPrefix(tag, "!!") {
		full = "tag:yaml.org,2002:" + tag[2:]
	} else if strings.HasPrefix(tag, "!<") && strings.HasSuffix(tag, ">") {
		full = tag[2 : len(tag)-1]
	}
	text, isScalar := "", t.Value == nil
	switch v := t.Value.(type) {
	case *ast.LiteralNode:
		if v.Value != nil {
			text, isScalar = l.pm.str(v.Value.Value), true
		}
	case ast.ScalarNode:
		if tk := v.GetToken(); tk != nil {
			text, isScalar = l.pm.str(quotedText(tk)), true
			if tk.Type == token.ImplicitNullType {
				text = ""
			}
		}
	}
	var want string // the kind of node the tag needs
	switch full {
	case "!":
		// The non-specific tag resolves even a quoted scalar as plain.
		if isScalar {
			return l.resolve(t, text)
		}
		return l.convert(t.Value, depth)
	case "tag:yaml.org,2002:map":
		switch t.Value.(type) {
		case *ast.MappingNode, *ast.MappingValueNode:
			return l.convert(t.Value, depth)
		}
		want = "mapping"
	case "tag:yaml.org,2002:seq":
		if _, ok := t.Value.(*ast.SequenceNode); ok {
			return l.convert(t.Value, depth)
		}
		want = "sequence"
	case "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool",
		"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp":
		if isScalar {
			return l.scalarTagged(t, full[len("tag:yaml.org,2002:"):], text)
		}
		want = "scalar"
	default:
		return nil, errAt(t, fmt.Sprintf("could not determine a constructor for the tag '%s'", full))
	}
	found := "scalar"
	switch t.Value.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		found = "mapping"
	case *ast.SequenceNode:
		found = "sequence"
	}
	return nil, errAt(t, fmt.Sprintf("expected a %s node, but found %s", want, found))
}

// scalarTagged constructs a scalar with an explicit standard tag.
func (l *loader) scalarTagged(t *ast.TagNode, tag, text string) (any, *Error) {
	var v any
	var err *Error
	switch tag {
	case "str":
		return text, nil
	case "null":
		return nil, nil
	case "bool":
		b, ok := parseBool(text)
		if !ok {
			return nil, valueError("'" + strings.ToLower(text) + "'").at(t) // Python's KeyError
		}
		return b, nil
	case "int":
		if text == "" || !isInt(text) {
			return nil, valueError(fmt.Sprintf("invalid literal for int() with base 10: '%s'", text)).at(t)
		}
		v, err = constructInt(text)
	case "float":
		switch {
		case text == "" || !(isFloat(text) || isInt(text)):
			return nil, valueError(fmt.Sprintf("could not convert string to float: '%s'", text)).at(t)
		case isFloat(text):
			return constructFloat(text), nil
		}
		if v, err = constructInt(text); err == nil {
			if i, ok := v.(int64); ok {
				v = float64(i)
			}
		}
	default: // timestamp
		var ok bool
		if v, ok, err = parseTimestamp(text); err == nil && !ok {
			// (PyYAML's own failure on a text that is no timestamp)
			return nil, valueError("'NoneType' object has no attribute 'groupdict'").at(t)
		}
		l.doc.Timestamps = err == nil || l.doc.Timestamps
	}
	if err != nil {
		return nil, err.at(t)
	}
	return v, nil
}
