package pyyaml

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	goyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/mistral-go/mistral-go/value"
)

// Bounds that keep hostile input cheap to reject.
const (
	// DefaultMaxDepth is the nesting of collections accepted when
	// LoadOptions.MaxDepth is 0.
	DefaultMaxDepth = 200
	// MaxAliasValues bounds the values built by expanding aliases.
	MaxAliasValues = 1_000_000
)

// LoadOptions choose between the two loaders Mistral uses.
type LoadOptions struct {
	// Hardened reads the text as Mistral's definition loader
	// (mistral.utils.safe_yaml) does: anchors ("&a"), aliases ("*a") and
	// scalars starting with "@" are plain text. Otherwise the text is
	// read as yaml.safe_load reads it: aliases are expanded, each time
	// anew, up to MaxAliasValues values in all.
	Hardened bool
	// Lines records where each mapping, key and list item was written,
	// and the keys that were not strings (see Document's methods).
	Lines bool
	// MaxDepth bounds the nesting of collections (0: DefaultMaxDepth).
	MaxDepth int
}

// Document is one loaded YAML document.
type Document struct {
	// Root is the value read: nil, bool, int64, float64, string,
	// Timestamp, []any or *value.Map, whose keys are written as Python's
	// json.dumps writes non-string keys (True as "true", 1.0 as "1.0").
	// It is nil for an empty document.
	Root any
	// Timestamps tells whether Root holds a Timestamp.
	Timestamps bool

	maps map[*value.Map]*mapPos
	seqs map[*any][]int
}

// loader converts goccy's syntax tree of one text.
type loader struct {
	LoadOptions
	doc      *Document
	pm       *plainMarkers
	anchors  map[string]*ast.AnchorNode
	aliasing int // how many alias expansions are under way
	built    int // values built by alias expansion
}

// Load reads text as PyYAML's safe loader would: YAML 1.1 scalars, one
// document at most, merge keys, the same errors (an *Error).
func Load(text string, opts LoadOptions) (*Document, error) {
	if opts.MaxDepth == 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	l := &loader{LoadOptions: opts, doc: &Document{}}
	if opts.Lines {
		l.doc.maps, l.doc.seqs = map[*value.Map]*mapPos{}, map[*any][]int{}
	}
	text = strings.TrimPrefix(text, "\ufeff")
	root, err := l.load(text)
	if err != nil {
		err.text = text
		return nil, err
	}
	l.doc.Root = root
	return l.doc, nil
}

// load checks, tokenizes, parses and converts text.
func (l *loader) load(text string) (any, *Error) {
	if !utf8.ValidString(text) {
		return nil, &Error{Problem: "the document is not valid UTF-8 text"}
	}
	if err := checkPrintable(text); err != nil {
		return nil, err
	}
	hidden := text
	if l.Hardened {
		hidden, l.pm = hidePlainIndicators(text)
	}
	tokens := lexer.Tokenize(hidden)
	fixTokens(tokens)
	if err := l.checkDepth(tokens); err != nil {
		return nil, err
	}
	if err := checkTokens(hidden, tokens); err != nil {
		err.Problem = l.pm.str(err.Problem)
		return nil, err
	}
	if !l.Hardened {
		var err *Error
		if tokens, err = checkAnchors(tokens); err != nil {
			return nil, err
		}
	}
	f, perr := parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
	if perr != nil {
		e := goccyError(perr)
		e.Problem = l.pm.str(e.Problem)
		return nil, e
	}
	var body ast.Node
	for _, doc := range f.Docs {
		if doc == nil {
			continue
		}
		if body != nil {
			return nil, errAt(doc.Body, "expected a single document in the stream\nbut found another document")
		}
		body = doc.Body
	}
	return l.convert(body, 0)
}

// checkPrintable rejects characters PyYAML's reader does not accept.
func checkPrintable(text string) *Error {
	line, pos := 1, 0
	for _, r := range text {
		ok := r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7e) || r == 0x85 ||
			(r >= 0xa0 && r <= 0xd7ff) || (r >= 0xe000 && r <= 0xfffd) || (r >= 0x10000 && r <= 0x10ffff)
		if !ok {
			return &Error{
				Problem: fmt.Sprintf("unacceptable character #x%04x: special characters are not allowed\n  in \"<unicode string>\", position %d", r, pos),
				Line:    line,
			}
		}
		if r == '\n' {
			line++
		}
		pos++
	}
	return nil
}

// goccyError converts a goccy parse error.
func goccyError(err error) *Error {
	var se *goyaml.SyntaxError
	if errors.As(err, &se) {
		e := &Error{Problem: se.Message}
		if se.Token != nil {
			e.Line, e.Col = se.Token.Position.Line, se.Token.Position.Column
		}
		return e
	}
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return &Error{Problem: msg}
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

// convert turns a goccy node into a value.
func (l *loader) convert(n ast.Node, depth int) (any, *Error) {
	if depth > l.MaxDepth {
		line, col := nodePos(n)
		return nil, l.tooDeep(line, col)
	}
	if l.aliasing > 0 {
		if l.built++; l.built > MaxAliasValues {
			return nil, errAt(n, "YAML document expands to too many values")
		}
	}
	switch t := n.(type) {
	case nil, *ast.CommentGroupNode, *ast.CommentNode:
		return nil, nil
	case *ast.DocumentNode:
		return l.convert(t.Body, depth)
	case *ast.MappingKeyNode:
		return l.convert(t.Value, depth)
	case *ast.MappingNode:
		return l.mapping(t, t.Values, depth)
	case *ast.MappingValueNode:
		return l.mapping(t, []*ast.MappingValueNode{t}, depth)
	case *ast.SequenceNode:
		return l.sequence(t, depth)
	case *ast.TagNode:
		return l.tagged(t, depth)
	case *ast.AnchorNode:
		return l.anchor(t, depth)
	case *ast.AliasNode:
		return l.alias(t, depth)
	case *ast.LiteralNode:
		if t.Value == nil {
			return "", nil
		}
		return l.pm.str(t.Value.Value), nil
	case ast.ScalarNode:
		return l.scalar(n)
	}
	return nil, errAt(n, fmt.Sprintf("unexpected %s", n.Type()))
}

func (l *loader) sequence(t *ast.SequenceNode, depth int) (any, *Error) {
	out := make([]any, 0, len(t.Values))
	for _, v := range t.Values {
		x, err := l.convert(v, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	if l.Lines && len(out) > 0 {
		lines := make([]int, len(t.Values))
		for i, v := range t.Values {
			lines[i], _ = nodePos(v)
		}
		l.doc.seqs[&out[0]] = lines
	}
	return out, nil
}

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

// scalar converts a scalar node: quoted scalars are strings, plain ones
// are resolved with YAML 1.1 rules.
func (l *loader) scalar(n ast.Node) (any, *Error) {
	tk := n.GetToken()
	if tk == nil {
		return nil, nil
	}
	switch tk.Type {
	case token.SingleQuoteType, token.DoubleQuoteType:
		return l.pm.str(quotedText(tk)), nil
	case token.ImplicitNullType:
		return nil, nil
	}
	text := tk.Value
	if s, ok := n.(*ast.StringNode); ok && tk.Type == token.StringType {
		text = s.Value
		if isMultiLinePlain(tk) {
			var ok bool
			if text, ok = plainComment(tk, text); !ok {
				return nil, errAt(n, "while scanning a simple key\ncould not find expected ':'")
			}
		}
	}
	return l.resolve(n, l.pm.str(text))
}

// resolve resolves a plain scalar written at node n.
func (l *loader) resolve(n ast.Node, text string) (any, *Error) {
	v, err := resolvePlain(text)
	if err != nil {
		if err.Line == 0 {
			err.Line, err.Col = nodePos(n)
		}
		return nil, err
	}
	if _, ok := v.(Timestamp); ok {
		l.doc.Timestamps = true
	}
	return v, nil
}

// quotedText is the value of a quoted scalar token. goccy folds the lines
// of a single-quoted scalar wrongly around an escaped quote, so those
// written over several lines are read again here as PyYAML reads them.
func quotedText(tk *token.Token) string {
	raw := strings.TrimLeft(tk.Origin, " \t\r\n")
	if tk.Type != token.SingleQuoteType || !strings.ContainsAny(raw, "\r\n") || len(raw) < 2 {
		return tk.Value
	}
	raw = raw[1 : len(raw)-1]
	var b strings.Builder
	for i := 0; i < len(raw); {
		switch c := raw[i]; {
		case c == '\'' && i+1 < len(raw) && raw[i+1] == '\'':
			b.WriteByte('\'')
			i += 2
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			// A run of blanks is kept unless a line break ends it: then
			// one break is a space, n breaks are n-1 newlines.
			j := i
			for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t') {
				j++
			}
			breaks := 0
			for j < len(raw) && (raw[j] == '\r' || raw[j] == '\n' || raw[j] == ' ' || raw[j] == '\t') {
				if raw[j] == '\n' || raw[j] == '\r' && (j+1 == len(raw) || raw[j+1] != '\n') {
					breaks++
				}
				j++
			}
			switch {
			case breaks == 0:
				b.WriteString(raw[i:j])
			case breaks == 1:
				b.WriteByte(' ')
			default:
				b.WriteString(strings.Repeat("\n", breaks-1))
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}
