package dsl

import (
	"strings"

	"github.com/goccy/go-yaml/token"
)

// fixTokens gives goccy's token stream Mistral's YAML flavour: Mistral's
// loader reads anchors ("&a"), aliases ("*a") and scalars starting with
// "@" as plain scalars, so each such token and whatever PyYAML's plain
// scalar scanner would take with it become one plain string token.
func fixTokens(text string, tokens token.Tokens) (token.Tokens, *yamlError) {
	need := false
	for _, tk := range tokens {
		if isPlainStart(tk) {
			need = true
			break
		}
	}
	if !need {
		return tokens, nil
	}
	runes := []rune(text)
	out := make(token.Tokens, 0, len(tokens))
	flow := 0
	for i := 0; i < len(tokens); i++ {
		tk := tokens[i]
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			if flow > 0 {
				flow--
			}
		}
		if !isPlainStart(tk) {
			out = append(out, tk)
			continue
		}
		start := tk.Position.Offset - 1
		if start < 0 || start >= len(runes) {
			out = append(out, tk)
			continue
		}
		val, end, multiLine := scanPlain(runes, start, flow, blockIndent(out))
		j := i + 1
		for j < len(tokens) && tokens[j].Position.Offset-1 < end {
			j++
		}
		pos := *tk.Position
		lead := tk.Origin[:len(tk.Origin)-len(strings.TrimLeft(tk.Origin, " \t\n\r"))]
		nt := &token.Token{
			Type:          token.StringType,
			CharacterType: token.CharacterTypeMiscellaneous,
			Indicator:     token.NotIndicator,
			Value:         val,
			Origin:        lead + string(runes[start:end]),
			Position:      &pos,
		}
		out = append(out, nt)
		if multiLine && flow == 0 && j < len(tokens) && tokens[j].Type == token.MappingValueType {
			p := tokens[j].Position
			return nil, &yamlError{msg: "mapping values are not allowed here", line: p.Line, col: p.Column}
		}
		i = j - 1
	}
	for i, tk := range out {
		tk.Prev, tk.Next = nil, nil
		if i > 0 {
			tk.Prev = out[i-1]
		}
		if i+1 < len(out) {
			tk.Next = out[i+1]
		}
	}
	return out, nil
}

// isPlainStart reports whether tk starts what Mistral's loader reads as a
// plain scalar but goccy does not.
func isPlainStart(tk *token.Token) bool {
	switch tk.Type {
	case token.AnchorType, token.AliasType:
		return true
	case token.InvalidType:
		return strings.TrimLeft(tk.Value, " \t") == "@" || strings.Contains(tk.Error, "'@'")
	}
	return false
}

// blockIndent approximates PyYAML's current block indentation before the
// next token: the column of the key owning the value, or of the sequence
// entry, whichever comes last; -1 at the top level.
func blockIndent(prev token.Tokens) int {
	for i := len(prev) - 1; i >= 0; i-- {
		switch prev[i].Type {
		case token.MappingValueType:
			if i > 0 {
				return prev[i-1].Position.Column - 1
			}
			return 0
		case token.SequenceEntryType:
			return prev[i].Position.Column - 1
		}
	}
	return -1
}

func isBreak(r []rune, i int) bool {
	if i >= len(r) {
		return false
	}
	switch r[i] {
	case '\r', '\n', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

func isBlankZ(r []rune, i int) bool {
	if i >= len(r) {
		return true
	}
	switch r[i] {
	case 0, ' ', '\t', '\r', '\n', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// scanPlain scans a plain scalar starting at r[start] with PyYAML's
// rules; it returns the folded value, the end offset and whether the
// scalar spans several lines.
func scanPlain(r []rune, start, flow, indent int) (string, int, bool) {
	var b strings.Builder
	spaces := ""
	pos, end := start, start
	multi, broke := false, false
	for {
		if pos < len(r) && r[pos] == '#' {
			break
		}
		n := 0
		for {
			i := pos + n
			if isBlankZ(r, i) {
				break
			}
			ch := r[i]
			if ch == ':' && (isBlankZ(r, i+1) || (flow > 0 && strings.ContainsRune(",[]{}", r[i+1]))) {
				break
			}
			if flow > 0 && strings.ContainsRune(",?[]{}", ch) {
				break
			}
			n++
		}
		if n == 0 {
			break
		}
		if broke {
			multi = true
		}
		b.WriteString(spaces)
		b.WriteString(string(r[pos : pos+n]))
		pos += n
		end = pos
		var ok bool
		spaces, pos, ok, broke = scanPlainSpaces(r, pos)
		if !ok || (pos < len(r) && r[pos] == '#') || (flow == 0 && column(r, pos) < indent+1) {
			break
		}
	}
	return b.String(), end, multi
}

func column(r []rune, pos int) int {
	c := 0
	for i := pos - 1; i >= 0 && !isBreak(r, i); i-- {
		c++
	}
	return c
}

func docMarker(r []rune, pos int) bool {
	if pos+3 > len(r) {
		return false
	}
	p := string(r[pos : pos+3])
	return (p == "---" || p == "...") && isBlankZ(r, pos+3)
}

func lineBreak(r []rune, pos int) (string, int) {
	switch r[pos] {
	case '\r':
		if pos+1 < len(r) && r[pos+1] == '\n' {
			return "\n", pos + 2
		}
		return "\n", pos + 1
	case '\n', 0x85:
		return "\n", pos + 1
	}
	return string(r[pos]), pos + 1
}

// scanPlainSpaces is PyYAML's scan_plain_spaces: the whitespace between
// two chunks of a plain scalar, folded; ok is false where the scalar ends,
// broke tells whether it crossed a line break.
func scanPlainSpaces(r []rune, pos int) (chunk string, next int, ok, broke bool) {
	n := 0
	for pos+n < len(r) && r[pos+n] == ' ' {
		n++
	}
	ws := string(r[pos : pos+n])
	pos += n
	if isBreak(r, pos) {
		lb, p := lineBreak(r, pos)
		pos = p
		if docMarker(r, pos) {
			return "", pos, false, true
		}
		var breaks []string
		for pos < len(r) && (r[pos] == ' ' || isBreak(r, pos)) {
			if r[pos] == ' ' {
				pos++
				continue
			}
			var br string
			br, pos = lineBreak(r, pos)
			breaks = append(breaks, br)
			if docMarker(r, pos) {
				return "", pos, false, true
			}
		}
		var b strings.Builder
		if lb != "\n" {
			b.WriteString(lb)
		} else if len(breaks) == 0 {
			b.WriteByte(' ')
		}
		for _, br := range breaks {
			b.WriteString(br)
		}
		return b.String(), pos, true, true
	}
	if ws != "" {
		return ws, pos, true, false
	}
	return "", pos, false, false
}
