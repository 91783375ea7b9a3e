package pyyaml

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"
)

// Mistral's loader reads anchors ("&a"), aliases ("*a") and scalars
// starting with "@" as plain text. Those three characters have no other
// meaning to it, so before goccy sees the text each of them is replaced
// by a private-use character goccy takes as an ordinary one, and every
// string read is turned back afterwards.

// plainMarkers holds the stand-ins for '&', '*' and '@' in one text.
type plainMarkers struct {
	from, to [3]rune
	restore  *strings.Replacer
}

var plainChars = [3]rune{'&', '*', '@'}

// hidePlainIndicators replaces '&', '*' and '@' with private-use
// characters the text does not use. It returns the text unchanged and
// nil when there is nothing to replace.
func hidePlainIndicators(text string) (string, *plainMarkers) {
	if !strings.ContainsAny(text, "&*@") {
		return text, nil
	}
	pm := &plainMarkers{from: plainChars}
	next := rune(0xe000)
	for i := range pm.to {
		for strings.ContainsRune(text, next) && next < 0xf8ff {
			next++
		}
		pm.to[i] = next
		next++
	}
	args := make([]string, 0, 12)
	for i := range pm.from {
		args = append(args, string(pm.from[i]), string(pm.to[i]))
	}
	hidden := strings.NewReplacer(args...).Replace(text)
	back := make([]string, 0, 6)
	for i := range pm.from {
		back = append(back, string(pm.to[i]), string(pm.from[i]))
	}
	pm.restore = strings.NewReplacer(back...)
	return hidden, pm
}

// str restores the characters hidden in s.
func (pm *plainMarkers) str(s string) string {
	if pm == nil {
		return s
	}
	return pm.restore.Replace(s)
}

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

// isMultiLinePlain reports whether tk is a plain scalar written over
// several lines.
func isMultiLinePlain(tk *token.Token) bool {
	return tk.Type == token.StringType &&
		strings.Contains(strings.TrimRight(strings.TrimLeft(tk.Origin, " \t\r\n"), " \t\r\n"), "\n")
}

// plainComment handles a comment goccy left inside a plain scalar written
// over several lines: PyYAML ends the scalar there. It returns the value
// up to the comment, or ok false when more of the scalar follows the
// comment's line (PyYAML then fails).
func plainComment(tk *token.Token, text string) (string, bool) {
	raw := strings.TrimLeft(tk.Origin, " \t\r\n")
	at := -1
	for i := 1; i < len(raw); i++ {
		if raw[i] == '#' && (raw[i-1] == ' ' || raw[i-1] == '\t' || raw[i-1] == '\n') {
			at = i
			break
		}
	}
	if at < 0 {
		return text, true
	}
	if nl := strings.IndexByte(raw[at:], '\n'); nl >= 0 && strings.TrimSpace(raw[at+nl:]) != "" {
		return "", false
	}
	if i := strings.Index(text, " #"); i >= 0 {
		text = text[:i]
	}
	return strings.TrimRight(text, " "), true
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

// checkTabs finds a tab outside quoted scalars, block scalar content and
// comments: PyYAML never takes a tab as separation.
func checkTabs(text string, tokens token.Tokens) *Error {
	type span struct{ start, end int }
	var allowed []span
	var blockLines [][2]int // lines of block scalar content
	for i, tk := range tokens {
		if i > 0 && isBlockScalarHeader(tokens[i-1]) {
			from := tokens[i-1].Position.Line + 1
			blockLines = append(blockLines, [2]int{from, from + strings.Count(strings.TrimRight(tk.Origin, "\n"), "\n")})
			continue
		}
		if tk.Type != token.SingleQuoteType && tk.Type != token.DoubleQuoteType && tk.Type != token.CommentType {
			continue
		}
		raw := strings.TrimLeft(tk.Origin, " \t\r\n")
		start := tk.Position.Offset - 1
		allowed = append(allowed, span{start, start + len([]rune(raw))})
	}
	inBlock := func(line int) bool {
		for _, b := range blockLines {
			if line >= b[0] && line <= b[1] {
				return true
			}
		}
		return false
	}
	line, col, off := 1, 1, 0
	j := 0
	for _, r := range text {
		if r == '\t' {
			for j < len(allowed) && allowed[j].end <= off {
				j++
			}
			inside := false
			for k := j; k < len(allowed) && allowed[k].start <= off; k++ {
				if off < allowed[k].end {
					inside = true
					break
				}
			}
			if !inside && !inBlock(line) {
				return &Error{Problem: "while scanning for the next token\nfound character '\\t' that cannot start any token", Line: line, Col: col}
			}
		}
		off++
		col++
		if r == '\n' {
			line++
			col = 1
		}
	}
	return nil
}

// checkAnchors rejects an alias that names no earlier anchor, as PyYAML's
// composer does, and gives an anchor on an empty node, which goccy cannot
// parse, an explicit null.
func checkAnchors(tokens token.Tokens) (token.Tokens, *Error) {
	var defined map[string]bool
	var empty []int // anchor names followed by no node
	for i := 0; i+1 < len(tokens); i++ {
		switch tk, name := tokens[i], tokens[i+1]; tk.Type {
		case token.AnchorType:
			if defined == nil {
				defined = map[string]bool{}
			}
			defined[anchorName(name)] = true
			if anchorsNothing(tokens, i) {
				empty = append(empty, i+1)
			}
		case token.AliasType:
			if !defined[anchorName(name)] {
				return nil, &Error{Problem: "found undefined alias '" + anchorName(name) + "'", Line: tk.Position.Line, Col: tk.Position.Column}
			}
		}
	}
	if len(empty) == 0 {
		return tokens, nil
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
	return out, nil
}

// anchorsNothing reports whether the anchor at token i (its name at i+1)
// is on an empty node: nothing follows it, or an indicator that ends the
// node, or a line indented no deeper than the key or entry it is on.
func anchorsNothing(tokens token.Tokens, i int) bool {
	next := i + 2
	for next < len(tokens) && tokens[next].Type == token.CommentType {
		next++
	}
	if next == len(tokens) {
		return true
	}
	switch tokens[next].Type {
	case token.MappingValueType, token.CollectEntryType, token.SequenceEndType, token.MappingEndType:
		return true
	}
	if tokens[next].Position.Line == tokens[i].Position.Line || i == 0 {
		return false
	}
	owner := tokens[i-1] // the entry or key the anchored node belongs to
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
