package pyyaml

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"

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
	tokens = emptyNodes(tokens)
	f, perr := parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
	if perr != nil {
		e := goccyError(perr, text, tokens)
		e.Problem = l.pm.str(e.Problem)
		return nil, e
	}
	var body ast.Node
	for _, doc := range f.Docs {
		if doc == nil {
			continue
		}
		if body != nil {
			e := errAt(doc.Body, "but found another document")
			e.Context = "expected a single document in the stream"
			return nil, e
		}
		body = doc.Body
	}
	return l.convert(body, 0)
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

// sequence converts a sequence, recording the lines of its items.
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
