package pyyaml

import (
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// Error is a document PyYAML would not load. Its Error() is the text of
// PyYAML's MarkedYAMLError: the context and where it started, then the
// problem and where it is, each place with the line it is on and a caret
// under its column.
type Error struct {
	// Context is what was being read ("while constructing a mapping"),
	// or "" when the problem needs none.
	Context string
	// ContextLine and ContextCol are where the context started (1-based,
	// 0 when unknown).
	ContextLine, ContextCol int
	// Problem is what is wrong.
	Problem string
	// Line and Col are where the problem is (1-based). Col 0 with a line
	// means a place PyYAML reports without a mark.
	Line, Col int

	text     string // the document, for the marks' snippets
	unmarked bool   // a Python ValueError: PyYAML gives no mark
}

// Error returns the message as PyYAML words it.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Context != "" {
		b.WriteString(e.Context)
		if e.ContextLine > 0 && (e.ContextLine != e.Line || e.ContextCol != e.Col) {
			b.WriteByte('\n')
			e.mark(&b, e.ContextLine, e.ContextCol)
		}
		b.WriteByte('\n')
	}
	b.WriteString(e.Problem)
	if e.Line > 0 && e.Col > 0 {
		b.WriteByte('\n')
		e.mark(&b, e.Line, e.Col)
	}
	return b.String()
}

// mark writes PyYAML's Mark: the place, then the line with a caret under
// the column (Mark.get_snippet, at most 75 characters around it).
func (e *Error) mark(b *strings.Builder, line, col int) {
	b.WriteString(`  in "<unicode string>", line `)
	b.WriteString(strconv.Itoa(line))
	b.WriteString(", column ")
	b.WriteString(strconv.Itoa(col))
	lines := strings.Split(e.text, "\n")
	if line > len(lines) {
		return
	}
	buf := []rune(lines[line-1])
	ptr := max(0, min(col-1, len(buf)))
	const half = 75/2.0 - 1
	head, tail := "", ""
	start := ptr
	for start > 0 && !isLineEnd(buf[start-1]) {
		start--
		if float64(ptr-start) > half {
			head, start = " ... ", start+5
			break
		}
	}
	end := ptr
	for end < len(buf) && !isLineEnd(buf[end]) {
		end++
		if float64(end-ptr) > half {
			tail, end = " ... ", end-5
			break
		}
	}
	b.WriteString(":\n    ")
	b.WriteString(head + string(buf[start:end]) + tail + "\n")
	b.WriteString(strings.Repeat(" ", 4+ptr-start+len(head)) + "^")
}

func isLineEnd(r rune) bool {
	return r == 0 || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029
}

// valueError is a problem Python raises as a plain ValueError while
// constructing a scalar: its message has no mark, only Line is set.
func valueError(problem string) *Error { return &Error{Problem: problem, unmarked: true} }

// at places e at node n if it has no place yet.
func (e *Error) at(n ast.Node) *Error {
	if e.Line == 0 {
		e.Line, e.Col = nodePos(n)
		if e.unmarked {
			e.Col = 0
		}
	}
	return e
}

// errAt is a problem at the start of node n.
func errAt(n ast.Node, problem string) *Error {
	e := &Error{Problem: problem}
	e.Line, e.Col = nodePos(n)
	return e
}

// constructErr is a problem met while constructing mapping m, at node n.
func constructErr(m, n ast.Node, problem string) *Error {
	e := errAt(n, problem)
	e.Context = "while constructing a mapping"
	e.ContextLine, e.ContextCol = nodePos(m)
	return e
}

// nodePos is the 1-based line and column where n starts (0, 0 if
// unknown).
func nodePos(n ast.Node) (int, int) {
	if n == nil {
		return 0, 0
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Position.Line, tk.Position.Column
	}
	return 0, 0
}
