package expr

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// dumpYAML is PyYAML's safe_dump(v, default_flow_style=False): block
// style, keys sorted, two-space indentation, lines folded at 80 columns,
// non-ASCII characters escaped in double quotes, and the same choice of
// plain, single- or double-quoted scalars PyYAML's emitter makes.
func dumpYAML(v any) string {
	e := &yamlEmitter{indent: -1, whitespace: true, indention: true}
	e.node(v, nodeCtx{root: true})
	// document end
	e.writeIndent()
	if e.openEnded {
		e.writeIndicator("...", true, false, false)
		e.writeIndent()
	}
	return e.b.String()
}

const (
	yamlBestIndent = 2
	yamlBestWidth  = 80
)

type nodeCtx struct {
	root, sequence, mapping, simpleKey bool
}

// yamlEmitter holds the state of PyYAML's Emitter that block-style
// output depends on.
type yamlEmitter struct {
	b          strings.Builder
	indent     int // -1 for None
	indents    []int
	flowLevel  int
	column     int
	whitespace bool
	indention  bool
	openEnded  bool
	ctx        nodeCtx
}

func (e *yamlEmitter) increaseIndent(flow, indentless bool) {
	e.indents = append(e.indents, e.indent)
	switch {
	case e.indent < 0:
		if flow {
			e.indent = yamlBestIndent
		} else {
			e.indent = 0
		}
	case !indentless:
		e.indent += yamlBestIndent
	}
}

func (e *yamlEmitter) popIndent() {
	e.indent = e.indents[len(e.indents)-1]
	e.indents = e.indents[:len(e.indents)-1]
}

func (e *yamlEmitter) write(s string) {
	e.b.WriteString(s)
	e.column += runeLen(s)
}

func runeLen(s string) int { return len([]rune(s)) }

func (e *yamlEmitter) writeIndicator(ind string, needWhitespace, whitespace, indention bool) {
	data := ind
	if !e.whitespace && needWhitespace {
		data = " " + ind
	}
	e.whitespace = whitespace
	e.indention = e.indention && indention
	e.openEnded = false
	e.write(data)
}

func (e *yamlEmitter) writeIndent() {
	indent := e.indent
	if indent < 0 {
		indent = 0
	}
	if !e.indention || e.column > indent || (e.column == indent && !e.whitespace) {
		e.writeLineBreak("")
	}
	if e.column < indent {
		e.whitespace = true
		e.b.WriteString(strings.Repeat(" ", indent-e.column))
		e.column = indent
	}
}

func (e *yamlEmitter) writeLineBreak(data string) {
	if data == "" {
		data = "\n"
	}
	e.whitespace = true
	e.indention = true
	e.column = 0
	e.b.WriteString(data)
}

// node is expect_node.
func (e *yamlEmitter) node(v any, ctx nodeCtx) {
	e.ctx = ctx
	switch t := v.(type) {
	case []any:
		if e.flowLevel > 0 || len(t) == 0 {
			e.writeIndicator("[", true, true, false)
			e.flowLevel++
			e.increaseIndent(true, false)
			for i, x := range t {
				if i > 0 {
					e.writeIndicator(",", false, false, false)
				}
				if e.column > yamlBestWidth {
					e.writeIndent()
				}
				e.node(x, nodeCtx{sequence: true})
			}
			e.popIndent()
			e.flowLevel--
			e.writeIndicator("]", false, false, false)
			return
		}
		e.increaseIndent(false, ctx.mapping && !e.indention)
		for _, x := range t {
			e.writeIndent()
			e.writeIndicator("-", true, false, true)
			e.node(x, nodeCtx{sequence: true})
		}
		e.popIndent()
	case *value.Map:
		if e.flowLevel > 0 || t.Len() == 0 {
			e.writeIndicator("{", true, true, false)
			e.writeIndicator("}", false, false, false)
			return
		}
		keys := append([]string(nil), t.Keys()...)
		sort.Strings(keys)
		e.increaseIndent(false, false)
		for _, k := range keys {
			x, _ := t.Get(k)
			e.writeIndent()
			if e.simpleKey(k) {
				e.node(k, nodeCtx{mapping: true, simpleKey: true})
				e.writeIndicator(":", false, false, false)
				e.node(x, nodeCtx{mapping: true})
			} else {
				e.writeIndicator("?", true, false, true)
				e.node(k, nodeCtx{mapping: true})
				e.writeIndent()
				e.writeIndicator(":", true, false, true)
				e.node(x, nodeCtx{mapping: true})
			}
		}
		e.popIndent()
	default:
		text, implicit := representScalar(v)
		e.increaseIndent(true, false)
		e.scalar(text, implicit)
		e.popIndent()
	}
}

// simpleKey is check_simple_key for a string key.
func (e *yamlEmitter) simpleKey(k string) bool {
	a := analyzeScalar([]rune(k))
	return runeLen(k) < 128 && !a.empty && !a.multiline
}

// representScalar is SafeRepresenter for scalars: the text and whether
// the plain form would read back as the same type (implicit[0]).
func representScalar(v any) (string, bool) {
	switch t := v.(type) {
	case nil:
		return "null", true
	case bool:
		if t {
			return "true", true
		}
		return "false", true
	case int64:
		return strconv.FormatInt(t, 10), true
	case float64:
		switch {
		case math.IsNaN(t):
			return ".nan", true
		case math.IsInf(t, 1):
			return ".inf", true
		case math.IsInf(t, -1):
			return "-.inf", true
		}
		s := strings.ToLower(string(value.AppendFloat(nil, t)))
		if !strings.Contains(s, ".") && strings.Contains(s, "e") {
			s = strings.Replace(s, "e", ".0e", 1)
		}
		return s, true
	case string:
		return t, resolvePlain(t) == tagStr
	}
	return value.Str(v), false
}

type scalarAnalysis struct {
	empty, multiline                             bool
	allowFlowPlain, allowBlockPlain, allowSingle bool
	allowDouble, allowBlock                      bool
}

func isYAMLBreak(c rune) bool {
	return c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029
}

func isYAMLSpaceOrEnd(c rune) bool {
	return c == 0 || c == ' ' || c == '\t' || c == '\r' || isYAMLBreak(c)
}

// analyzeScalar is Emitter.analyze_scalar with allow_unicode off.
func analyzeScalar(s []rune) scalarAnalysis {
	if len(s) == 0 {
		return scalarAnalysis{empty: true, allowBlockPlain: true, allowSingle: true, allowDouble: true}
	}
	var blockInd, flowInd, lineBreaks, special bool
	var leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak bool
	str := string(s)
	if strings.HasPrefix(str, "---") || strings.HasPrefix(str, "...") {
		blockInd, flowInd = true, true
	}
	preceded := true
	followed := len(s) == 1 || isYAMLSpaceOrEnd(s[1])
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
		if isYAMLBreak(ch) {
			lineBreaks = true
		}
		if !(ch == '\n' || ch >= 0x20 && ch <= 0x7e) {
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
		case isYAMLBreak(ch):
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
		preceded = isYAMLSpaceOrEnd(ch)
		followed = i+2 >= len(s) || isYAMLSpaceOrEnd(s[i+2])
	}
	a := scalarAnalysis{multiline: lineBreaks, allowFlowPlain: true, allowBlockPlain: true,
		allowSingle: true, allowDouble: true, allowBlock: true}
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

// scalar is process_scalar with choose_scalar_style.
func (e *yamlEmitter) scalar(text string, implicit bool) {
	s := []rune(text)
	a := analyzeScalar(s)
	ctx := e.ctx
	split := !ctx.simpleKey
	style := byte('"')
	switch {
	case implicit && !(ctx.simpleKey && (a.empty || a.multiline)) &&
		(e.flowLevel > 0 && a.allowFlowPlain || e.flowLevel == 0 && a.allowBlockPlain):
		style = 0
	case a.allowSingle && !(ctx.simpleKey && a.multiline):
		style = '\''
	}
	switch style {
	case 0:
		e.writePlain(s, split)
	case '\'':
		e.writeSingleQuoted(s, split)
	default:
		e.writeDoubleQuoted(s, split)
	}
}

func (e *yamlEmitter) writePlain(s []rune, split bool) {
	if e.ctx.root {
		e.openEnded = true
	}
	if len(s) == 0 {
		return
	}
	if !e.whitespace {
		e.write(" ")
	}
	e.whitespace, e.indention = false, false
	spaces, breaks := false, false
	start := 0
	for end := 0; end <= len(s); end++ {
		var ch rune = -1
		if end < len(s) {
			ch = s[end]
		}
		switch {
		case spaces:
			if ch != ' ' {
				if start+1 == end && e.column > yamlBestWidth && split {
					e.writeIndent()
					e.whitespace, e.indention = false, false
				} else {
					e.write(string(s[start:end]))
				}
				start = end
			}
		case breaks:
			if !isYAMLBreak(ch) {
				e.writeBreaks(s[start:end])
				e.writeIndent()
				e.whitespace, e.indention = false, false
				start = end
			}
		default:
			if ch == -1 || ch == ' ' || isYAMLBreak(ch) {
				e.write(string(s[start:end]))
				start = end
			}
		}
		if ch != -1 {
			spaces = ch == ' '
			breaks = isYAMLBreak(ch)
		}
	}
}

// writeBreaks writes a run of line breaks as the quoted and plain
// writers do (an extra one for a leading \n).
func (e *yamlEmitter) writeBreaks(br []rune) {
	if len(br) > 0 && br[0] == '\n' {
		e.writeLineBreak("")
	}
	for _, c := range br {
		if c == '\n' {
			e.writeLineBreak("")
		} else {
			e.writeLineBreak(string(c))
		}
	}
}

func (e *yamlEmitter) writeSingleQuoted(s []rune, split bool) {
	e.writeIndicator("'", true, false, false)
	spaces, breaks := false, false
	start := 0
	for end := 0; end <= len(s); end++ {
		var ch rune = -1
		if end < len(s) {
			ch = s[end]
		}
		switch {
		case spaces:
			if ch != ' ' {
				if start+1 == end && e.column > yamlBestWidth && split && start != 0 && end != len(s) {
					e.writeIndent()
				} else {
					e.write(string(s[start:end]))
				}
				start = end
			}
		case breaks:
			if !isYAMLBreak(ch) {
				e.writeBreaks(s[start:end])
				e.writeIndent()
				start = end
			}
		default:
			if ch == -1 || ch == ' ' || isYAMLBreak(ch) || ch == '\'' {
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
		if ch != -1 {
			spaces = ch == ' '
			breaks = isYAMLBreak(ch)
		}
	}
	e.writeIndicator("'", false, false, false)
}

var yamlEscapes = map[rune]string{
	0: "0", 7: "a", 8: "b", 9: "t", 10: "n", 11: "v", 12: "f", 13: "r",
	0x1b: "e", '"': "\"", '\\': "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
}

func (e *yamlEmitter) writeDoubleQuoted(s []rune, split bool) {
	e.writeIndicator("\"", true, false, false)
	start := 0
	for end := 0; end <= len(s); end++ {
		var ch rune = -1
		if end < len(s) {
			ch = s[end]
		}
		if ch == -1 || ch == '"' || ch == '\\' || ch == 0x85 || ch == 0x2028 || ch == 0x2029 || ch == 0xfeff || !(ch >= 0x20 && ch <= 0x7e) {
			if start < end {
				e.write(string(s[start:end]))
				start = end
			}
			if ch != -1 {
				var data string
				if r, ok := yamlEscapes[ch]; ok {
					data = "\\" + r
				} else if ch <= 0xff {
					data = "\\x" + hexUpper(uint32(ch), 2)
				} else if ch <= 0xffff {
					data = "\\u" + hexUpper(uint32(ch), 4)
				} else {
					data = "\\U" + hexUpper(uint32(ch), 8)
				}
				e.write(data)
				start = end + 1
			}
		}
		if end > 0 && end < len(s)-1 && (ch == ' ' || start >= end) && e.column+(end-start) > yamlBestWidth && split {
			data := string(s[start:end]) + "\\"
			if start < end {
				start = end
			}
			e.write(data)
			e.writeIndent()
			e.whitespace, e.indention = false, false
			if s[start] == ' ' {
				e.write("\\")
			}
		}
	}
	e.writeIndicator("\"", false, false, false)
}

func hexUpper(v uint32, n int) string {
	s := strings.ToUpper(strconv.FormatUint(uint64(v), 16))
	for len(s) < n {
		s = "0" + s
	}
	return s
}
