package pyyaml

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"
)

// checkTokens rejects what PyYAML rejects but goccy accepts or words
// otherwise: tabs outside quoted scalars, block scalars and comments;
// more than one document; plain scalars starting with an indicator PyYAML
// does not allow there; plain scalars spanning lines used as keys; flow
// collections used as keys.
func checkTokens(text string, tokens token.Tokens) *Error {
	second, docErr := checkDocuments(tokens)
	var anchors map[string]bool // the anchors met so far
	var open []int              // the flow collections around: their start tokens
	closed := -1                // the start of the flow collection that ended last
	for i, tk := range tokens {
		if i == second {
			return docErr
		}
		flow := len(open)
		switch tk.Type {
		case token.AnchorType, token.AliasType:
			if i+1 == len(tokens) {
				break
			}
			name := anchorName(tokens[i+1])
			if tk.Type == token.AnchorType {
				if anchors == nil {
					anchors = map[string]bool{}
				}
				anchors[name] = true
			} else if !anchors[name] {
				return &Error{Problem: "found undefined alias '" + name + "'", Line: tk.Position.Line, Col: tk.Position.Column}
			}
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
			if i > 0 && lastNode(tokens, i) && tokens[i-1].Type != token.MappingValueType && tokens[i-1].Type != token.SequenceEntryType {
				// a tag where a key of the mapping before it would be
				line, col := endOf(text)
				return &Error{Context: "while scanning a simple key", ContextLine: tk.Position.Line, ContextCol: tk.Position.Column,
					Problem: "could not find expected ':'", Line: line, Col: col}
			}
			if want, found := tagKinds(tokens, i); want != found && want != "" {
				return &Error{Problem: "expected a " + want + " node, but found " + found,
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
		case token.InvalidType, token.DirectiveType:
			// '@' and '`' (invalid to goccy too), '%' but for a directive
			v := strings.TrimLeft(tk.Value, " \t")
			if v == "@" || v == "`" || tk.Type == token.DirectiveType && tk.Position.Column > 1 {
				return &Error{
					Problem: "while scanning for the next token\nfound character " + pyCharRepr(rune(strings.TrimLeft(tk.Origin, " \t")[0])) + " that cannot start any token",
					Line:    tk.Position.Line, Col: tk.Position.Column,
				}
			}
		case token.StringType:
			if tk.Value == "" || (i > 0 && isBlockScalarHeader(tokens[i-1])) {
				continue
			}
			c := tk.Value[0]
			if flow == 0 && (c == ',' || c == ']' || c == '}') {
				// PyYAML reads these as flow indicators, out of place here.
				return &Error{
					Problem: "while parsing a block node\nexpected the node content, but found " + pyCharRepr(rune(c)),
					Line:    tk.Position.Line, Col: tk.Position.Column,
				}
			}
			if c == '%' || c == '`' || c == '@' {
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
				if line, col, ok := valueIndicator(tk); ok {
					return &Error{Problem: "mapping values are not allowed here", Line: line, Col: col}
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

// valueIndicator finds the first ':' followed by a blank in the plain
// scalar tk spanning lines, where PyYAML ends it.
func valueIndicator(tk *token.Token) (line, col int, ok bool) {
	raw := strings.TrimLeft(tk.Origin, " \t\r\n")
	for i := 0; i < len(raw); i++ {
		if raw[i] != ':' || i+1 < len(raw) && !strings.ContainsRune(" \t\r\n", rune(raw[i+1])) {
			continue
		}
		before := raw[:i]
		nl := strings.LastIndexByte(before, '\n')
		line, col = tk.Position.Line+strings.Count(before, "\n"), tk.Position.Column+utf8.RuneCountInString(before)
		if nl >= 0 {
			col = 1 + utf8.RuneCountInString(before[nl+1:])
		}
		return line, col, true
	}
	return 0, 0, false
}

// tagKinds gives the kind of node the standard tag at token i needs ("" for
// other tags) and the kind of node that follows it (goccy rejects some
// mismatches in its own words).
func tagKinds(tokens token.Tokens, i int) (want, found string) {
	switch tokens[i].Value {
	case "!!map":
		want = "mapping"
	case "!!seq":
		want = "sequence"
	case "!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp":
		want = "scalar"
	}
	j := i + 1
	if j+1 < len(tokens) && tokens[j].Type == token.AnchorType {
		j += 2
	}
	found = "scalar"
	if !emptyNode(tokens, i, j) {
		switch tokens[j].Type {
		case token.SequenceStartType, token.SequenceEntryType:
			found = "sequence"
		case token.MappingStartType, token.MappingKeyType:
			found = "mapping"
		default:
			if j+1 < len(tokens) && tokens[j+1].Type == token.MappingValueType && tokens[j].Position.Line != tokens[i].Position.Line {
				found = "mapping"
			}
		}
	}
	return want, found
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
// starts one, and so does content outside any document. It returns the
// error for a second document and the token that starts it (-1 if none).
func checkDocuments(tokens token.Tokens) (int, *Error) {
	docs, in := 0, false
	var root *token.Token // where the first document's content starts
	for i, tk := range tokens {
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
			if !in && docs > 0 {
				// after "...", only "---" starts a document
				return i, &Error{Problem: "expected '<document start>', but found " + tokenID(tokens, i),
					Line: tk.Position.Line, Col: tk.Position.Column}
			}
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
			return i, e
		}
	}
	return -1, nil
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

// tokenID is how PyYAML's parser names the token that starts the node at
// token i.
func tokenID(tokens token.Tokens, i int) string {
	for j := i + 1; j < len(tokens) && j <= i+3 && tokens[j].Position.Line == tokens[i].Position.Line; j++ {
		if tokens[j].Type == token.MappingValueType {
			return "'<block mapping start>'"
		}
	}
	switch tokens[i].Type {
	case token.SequenceEntryType:
		return "'<block sequence start>'"
	case token.MappingKeyType:
		return "'<block mapping start>'"
	case token.SequenceStartType:
		return "'['"
	case token.MappingStartType:
		return "'{'"
	case token.AnchorType:
		return "'<anchor>'"
	case token.TagType:
		return "'<tag>'"
	case token.AliasType:
		return "'<alias>'"
	}
	return "'<scalar>'"
}
