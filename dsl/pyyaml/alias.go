package pyyaml

import (
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// anchor records an anchored node and converts it.
func (l *loader) anchor(t *ast.AnchorNode, depth int) (any, *Error) {
	name := anchorName(t.Name.GetToken())
	if first, ok := l.anchors[name]; ok && first != t {
		e := errAt(t, "second occurrence")
		e.Context = "found duplicate anchor '" + name + "'; first occurrence"
		e.ContextLine, e.ContextCol = nodePos(first)
		return nil, e
	}
	if l.anchors == nil {
		l.anchors = map[string]*ast.AnchorNode{}
	}
	l.anchors[name] = t
	return l.convert(t.Value, depth)
}

// alias converts the node an alias names again: the value model has no
// shared values.
func (l *loader) alias(t *ast.AliasNode, depth int) (any, *Error) {
	name := anchorName(t.Value.GetToken())
	target := l.anchors[name]
	if target == nil {
		return nil, errAt(t, "found undefined alias '"+name+"'")
	}
	l.aliasing++
	v, err := l.convert(target.Value, depth)
	l.aliasing--
	return v, err
}

// emptyNodes gives an anchor or a tag on an empty node, which goccy
// cannot parse, an explicit null.
func emptyNodes(tokens token.Tokens) token.Tokens {
	var empty []int // the tokens to put a null after
	for i := 0; i < len(tokens); i++ {
		switch tokens[i].Type {
		case token.AnchorType:
			if i+1 < len(tokens) && emptyNode(tokens, i, i+2) {
				empty = append(empty, i+1)
			}
		case token.TagType:
			if emptyNode(tokens, i, i+1) {
				empty = append(empty, i)
			}
		}
	}
	if len(empty) == 0 {
		return tokens
	}
	out := make(token.Tokens, 0, len(tokens)+len(empty))
	for i, tk := range tokens {
		out.Add(tk)
		if len(empty) > 0 && empty[0] == i {
			pos := *tk.Position
			pos.Column += len([]rune(tk.Value))
			null := token.New("null", "", &pos)
			null.Type = token.ImplicitNullType
			out.Add(null)
			empty = empty[1:]
		}
	}
	return out
}

// emptyNode reports whether the anchor or tag at token i is on an empty
// node, next being the token after it: nothing or an indicator that ends
// the node follows, or a line indented no deeper than the key or entry
// the node belongs to.
func emptyNode(tokens token.Tokens, i, next int) bool {
	for next < len(tokens) && tokens[next].Type == token.CommentType {
		next++
	}
	if next >= len(tokens) {
		return true
	}
	switch tokens[next].Type {
	case token.MappingValueType, token.CollectEntryType, token.SequenceEndType, token.MappingEndType:
		return true
	}
	if tokens[next].Position.Line == tokens[i].Position.Line || i == 0 {
		return false
	}
	owner := tokens[i-1]
	if owner.Type == token.MappingValueType && i >= 2 {
		owner = tokens[i-2]
	} else if owner.Type != token.SequenceEntryType {
		return false
	}
	return tokens[next].Position.Column <= owner.Position.Column
}

// anchorName is the name PyYAML reads in the token after '&' or '*':
// goccy (YAML 1.2) also takes in characters that end it in YAML 1.1.
func anchorName(name *token.Token) string {
	s := name.Value
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return s[:i]
		}
	}
	return s
}
