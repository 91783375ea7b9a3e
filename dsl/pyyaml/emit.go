package pyyaml

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The writers of PyYAML's Emitter that block-style output uses, and its
// choice of scalar style (analyze_scalar, choose_scalar_style).

func (e *emitter) write(s string) {
	e.b.WriteString(s)
	e.column += utf8.RuneCountInString(s)
}

func (e *emitter) writeIndicator(ind string, needWhitespace, whitespace, indention bool) {
	if !e.whitespace && needWhitespace {
		ind = " " + ind
	}
	e.whitespace = whitespace
	e.indention = e.indention && indention
	e.openEnded = false
	e.write(ind)
}

func (e *emitter) indentOrZero() int {
	if e.indent < 0 {
		return 0
	}
	return e.indent
}

func (e *emitter) writeIndent() {
	indent := e.indentOrZero()
	if !e.indention || e.column > indent || (e.column == indent && !e.whitespace) {
		e.writeLineBreak("\n")
	}
	if e.column < indent {
		e.whitespace = true
		e.b.WriteString(strings.Repeat(" ", indent-e.column))
		e.column = indent
	}
}

func (e *emitter) writeLineBreak(br string) {
	e.whitespace = true
	e.indention = true
	e.column = 0
	e.b.WriteString(br)
}

type scalarAnalysis struct {
	empty, multiline                                         bool
	allowFlowPlain, allowBlockPlain, allowSingle, allowBlock bool
}

func isBreakRune(c rune) bool {
	return c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029
}

func isSpaceZ(c rune) bool {
	return c == 0 || c == ' ' || c == '\t' || c == '\r' || isBreakRune(c)
}

// analyzeScalar is PyYAML's analyze_scalar with allow_unicode off.
func analyzeScalar(s []rune) scalarAnalysis {
	if len(s) == 0 {
		return scalarAnalysis{empty: true, allowBlockPlain: true, allowSingle: true}
	}
	var blockInd, flowInd, lineBreaks, special bool
	var leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak bool
	str := string(s)
	if strings.HasPrefix(str, "---") || strings.HasPrefix(str, "...") {
		blockInd, flowInd = true, true
	}
	preceded := true
	followed := len(s) == 1 || isSpaceZ(s[1])
	prevSpace, prevBreak := false, false
	for i, ch := range s {
		if i == 0 {
			if strings.ContainsRune("#,[]{}&*!|>'\"%@`", ch) {
				flowInd, blockInd = true, true
			}
			if ch == '?' || ch == ':' {
				flowInd = true
				if followed {
					blockInd = true
				}
			}
			if ch == '-' && followed {
				flowInd, blockInd = true, true
			}
		} else {
			if strings.ContainsRune(",?[]{}", ch) {
				flowInd = true
			}
			if ch == ':' {
				flowInd = true
				if followed {
					blockInd = true
				}
			}
			if ch == '#' && preceded {
				flowInd, blockInd = true, true
			}
		}
		if isBreakRune(ch) {
			lineBreaks = true
		}
		if !(ch == '\n' || (ch >= 0x20 && ch <= 0x7e)) {
			special = true
		}
		switch {
		case ch == ' ':
			if i == 0 {
				leadingSpace = true
			}
			if i == len(s)-1 {
				trailingSpace = true
			}
			if prevBreak {
				breakSpace = true
			}
			prevSpace, prevBreak = true, false
		case isBreakRune(ch):
			if i == 0 {
				leadingBreak = true
			}
			if i == len(s)-1 {
				trailingBreak = true
			}
			if prevSpace {
				spaceBreak = true
			}
			prevSpace, prevBreak = false, true
		default:
			prevSpace, prevBreak = false, false
		}
		preceded = isSpaceZ(ch)
		followed = i+2 >= len(s) || isSpaceZ(s[i+2])
	}
	a := scalarAnalysis{multiline: lineBreaks, allowFlowPlain: true, allowBlockPlain: true, allowSingle: true, allowBlock: true}
	if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
		a.allowFlowPlain, a.allowBlockPlain = false, false
	}
	if trailingSpace {
		a.allowBlock = false
	}
	if breakSpace {
		a.allowFlowPlain, a.allowBlockPlain, a.allowSingle = false, false, false
	}
	if spaceBreak || special {
		a.allowFlowPlain, a.allowBlockPlain, a.allowSingle, a.allowBlock = false, false, false, false
	}
	if lineBreaks {
		a.allowFlowPlain, a.allowBlockPlain = false, false
	}
	if flowInd {
		a.allowFlowPlain = false
	}
	if blockInd {
		a.allowBlockPlain = false
	}
	return a
}

// scalar writes a scalar in the style PyYAML chooses.
func (e *emitter) scalar(text string, implicit bool, ctx nodeCtx) {
	s := []rune(text)
	a := analyzeScalar(s)
	split := !ctx.simpleKey
	plainOK := a.allowBlockPlain
	if e.flowLevel > 0 {
		plainOK = a.allowFlowPlain
	}
	switch {
	case implicit && !(ctx.simpleKey && (a.empty || a.multiline)) && plainOK:
		e.openEnded = e.openEnded || ctx.root
		e.writePlain(s, split)
	case a.allowSingle && !(ctx.simpleKey && a.multiline):
		e.writeSingleQuoted(s, split)
	default:
		e.writeDoubleQuoted(s, split)
	}
}

func (e *emitter) writePlain(s []rune, split bool) {
	if len(s) == 0 {
		return
	}
	if !e.whitespace {
		e.write(" ")
	}
	e.whitespace, e.indention = false, false
	spaces, breaks := false, false
	start, end := 0, 0
	for end <= len(s) {
		var ch rune = -1
		if end < len(s) {
			ch = s[end]
		}
		switch {
		case spaces:
			if ch != ' ' {
				if start+1 == end && e.column > bestWidth && split {
					e.writeIndent()
					e.whitespace, e.indention = false, false
				} else {
					e.write(string(s[start:end]))
				}
				start = end
			}
		case breaks:
			if ch < 0 || !isBreakRune(ch) {
				e.writeBreaks(s[start:end])
				e.writeIndent()
				e.whitespace, e.indention = false, false
				start = end
			}
		default:
			if ch < 0 || ch == ' ' || isBreakRune(ch) {
				e.write(string(s[start:end]))
				start = end
			}
		}
		if ch >= 0 {
			spaces = ch == ' '
			breaks = isBreakRune(ch)
		}
		end++
	}
}

// writeBreaks writes a run of line breaks as PyYAML does (a leading "\n"
// counts twice: folding would otherwise turn it into a space).
func (e *emitter) writeBreaks(brs []rune) {
	if brs[0] == '\n' {
		e.writeLineBreak("\n")
	}
	for _, br := range brs {
		if br == '\n' {
			e.writeLineBreak("\n")
		} else {
			e.writeLineBreak(string(br))
		}
	}
}

func (e *emitter) writeSingleQuoted(s []rune, split bool) {
	e.writeIndicator("'", true, false, false)
	spaces, breaks := false, false
	start, end := 0, 0
	for end <= len(s) {
		var ch rune = -1
		if end < len(s) {
			ch = s[end]
		}
		switch {
		case spaces:
			if ch != ' ' {
				if start+1 == end && e.column > bestWidth && split && start != 0 && end != len(s) {
					e.writeIndent()
				} else {
					e.write(string(s[start:end]))
				}
				start = end
			}
		case breaks:
			if ch < 0 || !isBreakRune(ch) {
				e.writeBreaks(s[start:end])
				e.writeIndent()
				start = end
			}
		default:
			if ch < 0 || ch == ' ' || isBreakRune(ch) || ch == '\'' {
				if start < end {
					e.write(string(s[start:end]))
					start = end
				}
			}
		}
		if ch == '\'' {
			e.write("''")
			start = end + 1
		}
		if ch >= 0 {
			spaces = ch == ' '
			breaks = isBreakRune(ch)
		}
		end++
	}
	e.writeIndicator("'", false, false, false)
}

var escapes = map[rune]string{
	0: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f",
	0x0d: "r", 0x1b: "e", '"': "\"", '\\': "\\", 0x85: "N", 0xa0: "_",
	0x2028: "L", 0x2029: "P",
}

func (e *emitter) writeDoubleQuoted(s []rune, split bool) {
	e.writeIndicator("\"", true, false, false)
	start, end := 0, 0
	for end <= len(s) {
		var ch rune = -1
		if end < len(s) {
			ch = s[end]
		}
		if ch < 0 || ch == '"' || ch == '\\' || ch == 0x85 || ch == 0x2028 || ch == 0x2029 || ch == 0xfeff ||
			!(ch >= 0x20 && ch <= 0x7e) {
			if start < end {
				e.write(string(s[start:end]))
				start = end
			}
			if ch >= 0 {
				var data string
				if r, ok := escapes[ch]; ok {
					data = "\\" + r
				} else if ch <= 0xff {
					data = fmt.Sprintf("\\x%02X", ch)
				} else if ch <= 0xffff {
					data = fmt.Sprintf("\\u%04X", ch)
				} else {
					data = fmt.Sprintf("\\U%08X", ch)
				}
				e.write(data)
				start = end + 1
			}
		}
		if end > 0 && end < len(s)-1 && (ch == ' ' || start >= end) &&
			e.column+(end-start) > bestWidth && split {
			data := "\\"
			if start < end { // (Python's text[start:end] is empty otherwise)
				data = string(s[start:end]) + data
				start = end
			}
			e.write(data)
			e.writeIndent()
			e.whitespace, e.indention = false, false
			if s[start] == ' ' {
				e.write("\\")
			}
		}
		end++
	}
	e.writeIndicator("\"", false, false, false)
}
