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

// endOf is the line and column of the end of text, as PyYAML marks the
// end of the stream.
func endOf(text string) (line, col int) {
	return 1 + strings.Count(text, "\n"), 1 + utf8.RuneCountInString(text[strings.LastIndexByte(text, '\n')+1:])
}
