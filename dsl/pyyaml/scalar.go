package pyyaml

import (
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

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
		return nil, err.at(n)
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
