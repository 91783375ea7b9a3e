package dsl

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	goyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	yamlparser "github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/mistral-go/mistral-go/value"
)

// Limits that keep hostile input cheap to reject.
const (
	// MaxDefinitionSize is the largest definition text accepted, in bytes.
	MaxDefinitionSize = 8 << 20
	// maxDepth bounds the nesting of collections in a document.
	maxDepth = 200
)

// yamlError is a YAML problem with its 1-based position (0 if unknown).
type yamlError struct {
	msg       string
	line, col int
}

func (e *yamlError) Error() string { return e.msg }

// document is one parsed YAML document and where its parts were written.
type document struct {
	root any
	pm   *plainMarkers
	// timestamps tells whether the text holds a timestamp scalar.
	timestamps bool
	maps       map[*value.Map]*mapPos
	seqs       map[*any][]int
}

// mapPos records the lines of a mapping and of each of its keys, and the
// original keys that were not strings (nil when all were).
type mapPos struct {
	line    int
	keys    []int
	nonStrs map[int]any
}

// lineOfKey returns the line of key i of m (0 if unknown).
func (d *document) lineOfKey(m *value.Map, i int) int {
	if d == nil {
		return 0
	}
	if p := d.maps[m]; p != nil && i >= 0 && i < len(p.keys) {
		return p.keys[i]
	}
	return 0
}

// lineOfMap returns the line where m starts (0 if unknown).
func (d *document) lineOfMap(m *value.Map) int {
	if d == nil {
		return 0
	}
	if p := d.maps[m]; p != nil {
		return p.line
	}
	return 0
}

// lineOfItem returns the line of element i of list l (0 if unknown).
func (d *document) lineOfItem(l []any, i int) int {
	if d == nil || len(l) == 0 || i < 0 || i >= len(l) {
		return 0
	}
	if lines := d.seqs[&l[0]]; i < len(lines) {
		return lines[i]
	}
	return 0
}

// nonStringKey returns the original key i of m when it was not a string.
func (d *document) nonStringKey(m *value.Map, i int) (any, bool) {
	if d == nil {
		return nil, false
	}
	if p := d.maps[m]; p != nil && p.nonStrs != nil {
		k, ok := p.nonStrs[i]
		return k, ok
	}
	return nil, false
}

// parseYAML reads text as PyYAML's safe loader (with Mistral's changes)
// would: YAML 1.1 scalars, anchors and aliases as plain text, plain
// scalars starting with '@'. An empty or false-ish document is {}.
func parseYAML(text string) (*document, *Error) {
	if len(text) > MaxDefinitionSize {
		return nil, errorf("Definition could not be parsed: the definition is larger than %d bytes", MaxDefinitionSize)
	}
	if !utf8.ValidString(text) {
		return nil, errorf("Definition could not be parsed: the definition is not valid UTF-8 text")
	}
	if err := checkPrintable(text); err != nil {
		return nil, &Error{Msg: "Definition could not be parsed: " + err.msg + "\n", Line: err.line}
	}
	text = strings.TrimPrefix(text, "\ufeff")
	d := &document{maps: map[*value.Map]*mapPos{}, seqs: map[*any][]int{}}
	root, yerr := d.load(text)
	if yerr != nil {
		return nil, parseError(text, yerr)
	}
	if !value.Truthy(root) {
		root = value.NewMap(0)
	}
	d.root = root
	return d, nil
}

// parseError renders a YAML problem as Mistral does: the message, then
// where it is, as PyYAML marks it.
func parseError(text string, e *yamlError) *Error {
	var b strings.Builder
	b.WriteString("Definition could not be parsed: ")
	b.WriteString(e.msg)
	if e.line > 0 {
		fmt.Fprintf(&b, "\n  in \"<unicode string>\", line %d, column %d:\n", e.line, e.col)
		b.WriteString(snippet(text, e.line, e.col))
	}
	b.WriteByte('\n')
	return &Error{Msg: b.String(), Line: e.line}
}

// snippet shows the line of a position with a caret under its column, as
// PyYAML's Mark.get_snippet does.
func snippet(text string, line, col int) string {
	lines := strings.Split(text, "\n")
	if line-1 >= len(lines) {
		return ""
	}
	l := []rune(strings.TrimRight(lines[line-1], "\r"))
	ptr := col - 1
	if ptr > len(l) {
		ptr = len(l)
	}
	if ptr < 0 {
		ptr = 0
	}
	const maxLen = 75
	head, tail := "", ""
	start, end := 0, len(l)
	for ptr-start > maxLen/2-1 {
		head = " ... "
		start++
	}
	if head != "" {
		start += 5
	}
	for end-ptr > maxLen/2-1 {
		tail = " ... "
		end--
	}
	if tail != "" {
		end -= 5
	}
	if start > ptr {
		start = ptr
	}
	if end < ptr {
		end = ptr
	}
	pad := strings.Repeat(" ", 4)
	caret := pad + strings.Repeat(" ", ptr-start+len(head)) + "^"
	return pad + head + string(l[start:end]) + tail + "\n" + caret
}

// checkPrintable rejects characters PyYAML's reader does not accept.
func checkPrintable(text string) *yamlError {
	line, pos := 1, 0
	for _, r := range text {
		ok := r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7e) || r == 0x85 ||
			(r >= 0xa0 && r <= 0xd7ff) || (r >= 0xe000 && r <= 0xfffd) || (r >= 0x10000 && r <= 0x10ffff)
		if !ok {
			return &yamlError{
				msg:  fmt.Sprintf("unacceptable character #x%04x: special characters are not allowed\n  in \"<unicode string>\", position %d", r, pos),
				line: line,
			}
		}
		if r == '\n' {
			line++
		}
		pos++
	}
	return nil
}

// load tokenizes, parses and converts text.
func (d *document) load(text string) (any, *yamlError) {
	hidden, pm := hidePlainIndicators(text)
	d.pm = pm
	tokens := lexer.Tokenize(hidden)
	if err := checkFlowDepth(tokens); err != nil {
		return nil, err
	}
	if err := checkTokens(hidden, tokens); err != nil {
		err.msg = pm.str(err.msg)
		return nil, err
	}
	f, err := yamlparser.Parse(tokens, 0, yamlparser.AllowDuplicateMapKey())
	if err != nil {
		ye := goccyError(err)
		ye.msg = pm.str(ye.msg)
		return nil, ye
	}
	var docs []*ast.DocumentNode
	for _, doc := range f.Docs {
		if doc == nil {
			continue
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		return nil, nil
	}
	if len(docs) > 1 {
		second := docs[1]
		line, col := 0, 0
		if second.Start != nil {
			line, col = second.Start.Position.Line, second.Start.Position.Column
		} else if second.Body != nil && second.Body.GetToken() != nil {
			p := second.Body.GetToken().Position
			line, col = p.Line, p.Column
		}
		return nil, &yamlError{msg: "expected a single document in the stream\nbut found another document", line: line, col: col}
	}
	return d.convert(docs[0].Body, 0)
}

// goccyError converts a goccy parse error.
func goccyError(err error) *yamlError {
	var se *goyaml.SyntaxError
	if errors.As(err, &se) {
		e := &yamlError{msg: se.Message}
		if se.Token != nil {
			e.line, e.col = se.Token.Position.Line, se.Token.Position.Column
		}
		return e
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return &yamlError{msg: msg}
}

// checkFlowDepth bounds the nesting of flow collections before goccy's
// recursive parser sees them.
func checkFlowDepth(tokens token.Tokens) *yamlError {
	depth := 0
	for _, tk := range tokens {
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			depth++
			if depth > maxDepth {
				return &yamlError{msg: fmt.Sprintf("collections are nested deeper than %d levels", maxDepth), line: tk.Position.Line, col: tk.Position.Column}
			}
		case token.SequenceEndType, token.MappingEndType:
			depth--
		}
	}
	return nil
}

func nodeError(n ast.Node, msg string) *yamlError {
	e := &yamlError{msg: msg}
	if n != nil {
		if tk := n.GetToken(); tk != nil {
			e.line, e.col = tk.Position.Line, tk.Position.Column
		}
	}
	return e
}

func nodeLine(n ast.Node) int {
	if n == nil {
		return 0
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Position.Line
	}
	return 0
}

// convert turns a goccy node into a value of the value model.
func (d *document) convert(n ast.Node, depth int) (any, *yamlError) {
	if depth > maxDepth {
		return nil, nodeError(n, fmt.Sprintf("collections are nested deeper than %d levels", maxDepth))
	}
	switch t := n.(type) {
	case nil:
		return nil, nil
	case *ast.DocumentNode:
		return d.convert(t.Body, depth)
	case *ast.MappingNode:
		return d.mapping(t, t.Values, depth)
	case *ast.MappingValueNode:
		return d.mapping(t, []*ast.MappingValueNode{t}, depth)
	case *ast.SequenceNode:
		out := make([]any, 0, len(t.Values))
		lines := make([]int, 0, len(t.Values))
		for _, v := range t.Values {
			x, err := d.convert(v, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, x)
			lines = append(lines, nodeLine(v))
		}
		if len(out) > 0 {
			d.seqs[&out[0]] = lines
		}
		return out, nil
	case *ast.TagNode:
		return d.tagged(t, depth)
	case *ast.LiteralNode:
		if t.Value == nil {
			return "", nil
		}
		return d.pm.str(t.Value.Value), nil
	case *ast.AnchorNode, *ast.AliasNode:
		return nil, nodeError(n, "unexpected anchor or alias")
	case *ast.MappingKeyNode:
		return d.convert(t.Value, depth)
	case *ast.CommentGroupNode, *ast.CommentNode:
		return nil, nil
	case ast.ScalarNode:
		return d.scalar(n)
	}
	return nil, nodeError(n, fmt.Sprintf("unexpected %s", n.Type()))
}

// scalar converts a scalar node: quoted scalars are strings, plain ones
// are resolved with YAML 1.1 rules.
func (d *document) scalar(n ast.Node) (any, *yamlError) {
	tk := n.GetToken()
	if tk == nil {
		return nil, nil
	}
	switch tk.Type {
	case token.SingleQuoteType, token.DoubleQuoteType:
		return d.pm.str(tk.Value), nil
	case token.ImplicitNullType:
		return nil, nil
	}
	text := tk.Value
	if s, ok := n.(*ast.StringNode); ok && tk.Type == token.StringType {
		text = s.Value
		if isMultiLinePlain(tk) {
			var ok bool
			if text, ok = plainComment(tk, text); !ok {
				return nil, nodeError(n, "while scanning a simple key\ncould not find expected ':'")
			}
		}
	}
	v, err := resolvePlain(d.pm.str(text))
	if _, ok := v.(timestamp); ok {
		d.timestamps = true
	}
	return v, asYAMLError(err, n)
}

func asYAMLError(err error, n ast.Node) *yamlError {
	if err == nil {
		return nil
	}
	var ye *yamlError
	if errors.As(err, &ye) {
		if ye.line == 0 {
			ne := nodeError(n, ye.msg)
			return ne
		}
		return ye
	}
	return nodeError(n, err.Error())
}
