package pyyaml

import (
	"errors"
	"slices"
	"strings"

	goyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/token"
)

// goccyError converts an error of goccy's parser on tokens of text,
// worded and placed as PyYAML words the problems it knows.
func goccyError(err error, text string, tokens token.Tokens) *Error {
	var se *goyaml.SyntaxError
	if !errors.As(err, &se) {
		msg, _, _ := strings.Cut(err.Error(), "\n")
		return &Error{Problem: msg}
	}
	e := &Error{Problem: se.Message}
	if se.Token == nil {
		return e
	}
	e.Line, e.Col = se.Token.Position.Line, se.Token.Position.Column
	atEnd := func(context, problem string) {
		e.Context, e.ContextLine, e.ContextCol = context, e.Line, e.Col
		e.Problem = problem
		e.Line, e.Col = endOf(text)
	}
	switch se.Message {
	case "mapping value is not allowed in this context":
		// "a: b: c": PyYAML stops at the second ':'.
		if next := nextOfType(tokens, se.Token, token.MappingValueType); next != nil {
			e.Problem, e.Line, e.Col = "mapping values are not allowed here", next.Position.Line, next.Position.Column
		}
	case "block sequence entries are not allowed in this context":
		e.Problem = "sequence entries are not allowed here"
	case "could not find end character of single-quoted text", "could not find end character of double-quoted text":
		atEnd("while scanning a quoted scalar", "found unexpected end of stream")
	case "sequence end token ']' not found", "could not find flow mapping end token '}'",
		"could not find flow map content", "could not find map value":
		kind, end := "sequence", "]"
		if strings.Contains(se.Message, "map") {
			kind, end = "mapping", "}"
		}
		atEnd("while parsing a flow "+kind, "expected ',' or '"+end+"', but got '<stream end>'")
		switch last := lastContent(tokens); {
		case last != nil && (last.Type == token.SequenceStartType || last.Type == token.MappingStartType ||
			last.Type == token.CollectEntryType || last.Type == token.MappingValueType):
			// the text ends where a node should be
			e.Context, e.ContextLine, e.ContextCol = "", 0, 0
			e.Problem = "while parsing a flow node\nexpected the node content, but found '<stream end>'"
		case !strings.Contains(se.Message, "end"):
			// goccy's words for other problems than the end of the text
			e.Context, e.ContextLine, e.ContextCol = "", 0, 0
			e.Problem, e.Line, e.Col = se.Message, se.Token.Position.Line, se.Token.Position.Column
		}
	case "non-map value is specified", "value is not allowed in this context",
		"value is not allowed in this context. map key-value is pre-defined":
		if i := slices.Index(tokens, se.Token); i > 0 {
			blockEnd(e, tokens, i)
		}
	}
	return e
}

// blockEnd words the error of a token i that cannot follow the block
// collection before it: PyYAML names the collection, where it starts,
// and what it found instead of the collection's end.
func blockEnd(e *Error, tokens token.Tokens, i int) {
	col := tokens[i].Position.Column
	var start *token.Token // the first entry of the collection
	for j := i - 1; j >= 0; j-- {
		tk := tokens[j]
		if j > 0 && tokens[j-1].Position.Line == tk.Position.Line || tk.Type == token.CommentType {
			continue // not the first token of its line
		}
		c := tk.Position.Column
		if start != nil && c < start.Position.Column {
			break
		}
		if start == nil && c <= col || start != nil && c == start.Position.Column {
			start = tk
		}
	}
	if start == nil {
		return
	}
	e.Context = "while parsing a block mapping"
	if start.Type == token.SequenceEntryType {
		e.Context = "while parsing a block collection"
	}
	e.ContextLine, e.ContextCol = start.Position.Line, start.Position.Column
	found := "'<scalar>'"
	switch tk := tokens[i]; {
	case tk.Type == token.SequenceEntryType:
		found = "'-'"
	case i+1 < len(tokens) && tokens[i+1].Type == token.MappingValueType:
		found = "'?'"
	case tk.Type == token.AnchorType:
		found = "'<anchor>'"
	case tk.Type == token.TagType:
		found = "'<tag>'"
	case tk.Type == token.AliasType:
		found = "'<alias>'"
	}
	e.Problem = "expected <block end>, but found " + found
}

// lastContent is the last token that is not a comment (nil if none).
func lastContent(tokens token.Tokens) *token.Token {
	for i := len(tokens) - 1; i >= 0; i-- {
		if tokens[i].Type != token.CommentType {
			return tokens[i]
		}
	}
	return nil
}

// nextOfType is the first token of type t after tk in tokens (nil if
// none).
func nextOfType(tokens token.Tokens, tk *token.Token, t token.Type) *token.Token {
	if i := slices.Index(tokens, tk); i >= 0 {
		for _, next := range tokens[i+1:] {
			if next.Type == t {
				return next
			}
		}
	}
	return nil
}
