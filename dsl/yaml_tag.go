package dsl

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// tagged applies an explicit tag the safe loader knows.
func (d *document) tagged(t *ast.TagNode, depth int) (any, *yamlError) {
	tag := d.pm.str(t.Start.Value)
	full := tag
	if strings.HasPrefix(tag, "!!") {
		full = "tag:yaml.org,2002:" + tag[2:]
	} else if strings.HasPrefix(tag, "!<") && strings.HasSuffix(tag, ">") {
		full = tag[2 : len(tag)-1]
	}
	text, isScalar := "", false
	if sn, ok := t.Value.(ast.ScalarNode); ok {
		if tk := sn.GetToken(); tk != nil {
			text, isScalar = d.pm.str(tk.Value), true
			if tk.Type == token.ImplicitNullType {
				text = ""
			}
		}
	} else if ln, ok := t.Value.(*ast.LiteralNode); ok && ln.Value != nil {
		text, isScalar = d.pm.str(ln.Value.Value), true
	} else if t.Value == nil {
		isScalar = true
	}
	bad := func(kind string) *yamlError {
		return nodeError(t, fmt.Sprintf("expected a %s node, but found %s", kind, pyKindNode(t.Value)))
	}
	switch full {
	case "!":
		// The non-specific tag resolves even a quoted scalar as plain.
		if isScalar {
			v, err := resolvePlain(text)
			return v, asYAMLError(err, t)
		}
		return d.convert(t.Value, depth)
	case "tag:yaml.org,2002:str":
		if !isScalar {
			return nil, bad("scalar")
		}
		return text, nil
	case "tag:yaml.org,2002:null":
		if !isScalar {
			return nil, bad("scalar")
		}
		return nil, nil
	case "tag:yaml.org,2002:bool":
		if !isScalar {
			return nil, bad("scalar")
		}
		b, ok := yamlBool(text)
		if !ok {
			return nil, nodeError(t, fmt.Sprintf("invalid boolean value: %q", text))
		}
		return b, nil
	case "tag:yaml.org,2002:int":
		if !isScalar {
			return nil, bad("scalar")
		}
		if text == "" || !isYAMLInt(text) {
			return nil, nodeError(t, fmt.Sprintf("invalid literal for int() with base 10: '%s'", text))
		}
		v, err := constructInt(text)
		return v, asYAMLError(err, t)
	case "tag:yaml.org,2002:float":
		if !isScalar {
			return nil, bad("scalar")
		}
		if text == "" || !(isYAMLFloat(text) || isYAMLInt(text)) {
			return nil, nodeError(t, fmt.Sprintf("could not convert string to float: '%s'", text))
		}
		if isYAMLInt(text) {
			v, err := constructInt(text)
			if err != nil {
				return nil, asYAMLError(err, t)
			}
			if i, ok := v.(int64); ok {
				return float64(i), nil
			}
			return v, nil
		}
		return constructFloat(text), nil
	case "tag:yaml.org,2002:map":
		if _, ok := t.Value.(*ast.MappingNode); !ok {
			if _, ok := t.Value.(*ast.MappingValueNode); !ok {
				return nil, bad("mapping")
			}
		}
		return d.convert(t.Value, depth)
	case "tag:yaml.org,2002:seq":
		if _, ok := t.Value.(*ast.SequenceNode); !ok {
			return nil, bad("sequence")
		}
		return d.convert(t.Value, depth)
	case "tag:yaml.org,2002:timestamp":
		if !isScalar {
			return nil, bad("scalar")
		}
		ts, ok, err := parseTimestamp(text)
		if err != nil {
			return nil, asYAMLError(err, t)
		}
		if !ok {
			return nil, nodeError(t, fmt.Sprintf("invalid timestamp: '%s'", text))
		}
		d.timestamps = true
		return ts, nil
	}
	return nil, nodeError(t, fmt.Sprintf("could not determine a constructor for the tag '%s'", full))
}

func pyKindNode(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "mapping node"
	case *ast.SequenceNode:
		return "sequence node"
	}
	return "scalar node"
}
