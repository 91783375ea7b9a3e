package pyyaml

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"
)

// checkTokens rejects what PyYAML's scanner rejects but goccy accepts:
// tabs outside quoted scalars, block scalars and comments; more than one
// document; plain scalars starting with an indicator PyYAML does not
// allow there; plain scalars spanning lines used as keys.
func checkTokens(text string, tokens token.Tokens) *Error {
	if err := checkDocuments(tokens); err != nil {
		return err
	}
	var open []int // the flow collections around: their start tokens
	closed := -1   // the start of the flow collection that ended last
	for i, tk := range tokens {
		flow := len(open)
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			if flow > 0 && tokens[open[flow-1]].Type == token.MappingStartType {
				switch tokens[i-1].Type {
				case token.MappingStartType, token.CollectEntryType, token.MappingKeyType:
					return collectionKey(tokens, i, open)
				}
			}
			open = append(open, i)
		case token.SequenceEndType, token.MappingEndType:
			if flow > 0 {
				closed, open = open[flow-1], open[:flow-1]
			}
		case token.TagType:
			if lastNode(tokens, i) {
				return &Error{Problem: "while scanning a simple key\ncould not find expected ':'",
					Line: tk.Position.Line, Col: tk.Position.Column}
			}
		case token.MappingValueType:
			if i > 0 && closed >= 0 && (tokens[i-1].Type == token.SequenceEndType || tokens[i-1].Type == token.MappingEndType) {
				return collectionKey(tokens, closed, open)
			}
		case token.SequenceEntryType:
			if flow > 0 {
				return &Error{Problem: "while parsing a flow node\nexpected the node content, but found '-'",
					Line: tk.Position.Line, Col: tk.Position.Column}
			}
		case token.StringType:
			if tk.Value == "" || (i > 0 && isBlockScalarHeader(tokens[i-1])) {
				continue
			}
			c := tk.Value[0]
			if c == '%' || c == '`' || c == '@' || (flow == 0 && (c == ',' || c == ']' || c == '}')) {
				return &Error{
					Problem: fmt.Sprintf("while scanning for the next token\nfound character %s that cannot start any token", pyCharRepr(rune(c))),
					Line:    tk.Position.Line, Col: tk.Position.Column,
				}
			}
			if flow == 0 && isMultiLinePlain(tk) {
				// A plain scalar spanning lines cannot be a key, and
				// PyYAML ends it at ": " (goccy reads on).
				if i+1 < len(tokens) && tokens[i+1].Type == token.MappingValueType {
					p := tokens[i+1].Position
					return &Error{Problem: "mapping values are not allowed here", Line: p.Line, Col: p.Column}
				}
				if strings.Contains(tk.Value, ": ") || strings.HasSuffix(tk.Value, ":") {
					return &Error{Problem: "mapping values are not allowed here", Line: tk.Position.Line, Col: tk.Position.Column}
				}
			}
		}
	}
	if strings.ContainsRune(text, '\t') {
		return checkTabs(text, tokens)
	}
	return nil
}

// collectionKey is the error for a key that is a flow collection
// starting at token start, which goccy cannot parse and PyYAML reads and
// rejects: "found unhashable key" at the collection, in the mapping
// around it (open holds the flow collections around the key).
func collectionKey(tokens token.Tokens, start int, open []int) *Error {
	key := tokens[start]
	e := &Error{Context: "while constructing a mapping", Problem: "found unhashable key",
		Line: key.Position.Line, Col: key.Position.Column}
	first := key // where the mapping starts
	if len(open) > 0 {
		// A flow mapping starts at its "{"; a pair in a flow sequence at
		// its key.
		if around := tokens[open[len(open)-1]]; around.Type == token.MappingStartType {
			first = around
		}
	} else {
		// In block context the mapping starts at the first key written at
		// the column of this one, after any line starting further left.
		if start > 0 && tokens[start-1].Type == token.MappingKeyType {
			first = tokens[start-1]
		}
		col := first.Position.Column
		for j := start - 1; j >= 0; j-- {
			tk := tokens[j]
			lineStart := j == 0 || tokens[j-1].Position.Line < tk.Position.Line
			if lineStart && tk.Position.Column == col {
				first = tk
			} else if lineStart && tk.Position.Column < col {
				break
			}
		}
	}
	e.ContextLine, e.ContextCol = first.Position.Line, first.Position.Column
	return e
}

// lastNode reports whether nothing but comments and document markers
// follows token i.
func lastNode(tokens token.Tokens, i int) bool {
	for _, tk := range tokens[i+1:] {
		switch tk.Type {
		case token.CommentType, token.DocumentEndType:
		default:
			return false
		}
	}
	return true
}

func isBlockScalarHeader(tk *token.Token) bool {
	return tk.Type == token.LiteralType || tk.Type == token.FoldedType
}

func pyCharRepr(r rune) string {
	if r == '\t' {
		return `'\t'`
	}
	return "'" + string(r) + "'"
}

// checkDocuments counts documents as PyYAML does: an explicit "---"
// starts one, and so does content outside any document.
func checkDocuments(tokens token.Tokens) *Error {
	docs, in := 0, false
	var root *token.Token // where the first document's content starts
	for _, tk := range tokens {
		switch tk.Type {
		case token.CommentType, token.DirectiveType:
			continue
		case token.DocumentHeaderType:
			docs++
			in = true
		case token.DocumentEndType:
			in = false
			continue
		default:
			if !in {
				docs++
				in = true
			}
			if root == nil {
				root = tk
			}
		}
		if docs > 1 {
			e := &Error{Context: "expected a single document in the stream", Problem: "but found another document",
				Line: tk.Position.Line, Col: tk.Position.Column}
			e.ContextLine, e.ContextCol = e.Line, e.Col
			if root != nil {
				e.ContextLine, e.ContextCol = root.Position.Line, root.Position.Column
			}
			return e
		}
	}
	return nil
}

// fixTokens repairs what goccy's lexer gets wrong: a plain scalar ending
// in "<<" ("a<<") is a string, not a merge key.
func fixTokens(tokens token.Tokens) {
	for _, tk := range tokens {
		if raw := strings.TrimSpace(tk.Origin); tk.Type == token.MergeKeyType && raw != "<<" {
			tk.Type, tk.Value, tk.Indicator = token.StringType, raw, token.NotIndicator
			tk.Position.Column -= utf8.RuneCountInString(raw) - 2
		}
	}
}

func (l *loader) tooDeep(line, col int) *Error {
	return &Error{Problem: fmt.Sprintf("collections are nested deeper than %d levels", l.MaxDepth), Line: line, Col: col}
}

// checkDepth bounds the nesting of collections before goccy's parser,
// recursive and slow on deep block nesting, sees them: flow collections
// by their brackets, block ones by the columns of their entries and keys.
func (l *loader) checkDepth(tokens token.Tokens) *Error {
	flow := 0
	var cols []int // the columns of the block collections around
	for i, tk := range tokens {
		entry := tk
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			if flow++; flow > l.MaxDepth {
				return l.tooDeep(tk.Position.Line, tk.Position.Column)
			}
			continue
		case token.SequenceEndType, token.MappingEndType:
			flow--
			continue
		case token.SequenceEntryType, token.MappingKeyType:
		case token.MappingValueType:
			if i == 0 || tokens[i-1].Position.Line != tk.Position.Line {
				continue
			}
			entry = tokens[i-1]
		default:
			continue
		}
		if flow > 0 {
			continue
		}
		c := entry.Position.Column
		for len(cols) > 0 && cols[len(cols)-1] > c {
			cols = cols[:len(cols)-1]
		}
		if len(cols) == 0 || cols[len(cols)-1] < c {
			if cols = append(cols, c); len(cols) > l.MaxDepth {
				return l.tooDeep(entry.Position.Line, c)
			}
		}
	}
	return nil
}
