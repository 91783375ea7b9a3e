package jinja

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mistral-go/mistral-go/value"
)

// lexer states
const (
	stRoot uint8 = iota
	stVariable
	stBlock
)

// lexer turns template source into tokens on demand, as Jinja2's lexer
// does with Mistral's settings (trim_blocks and lstrip_blocks on, default
// delimiters): an error is only reported when the parser reaches it.
type lexer struct {
	src     string
	pos     int
	line    int
	state   uint8
	balance []byte
	// lineStarting is true when the previous root match ended a line.
	lineStarting bool
	queue        []token
	done         bool
}

// normalizeNewlines converts \r\n and \r to \n and drops one trailing
// newline, as Jinja2 does before lexing (keep_trailing_newline off).
func normalizeNewlines(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	if strings.HasSuffix(s, "\n") {
		s = s[:len(s)-1]
	}
	return s
}

func newLexer(src string, state uint8) *lexer {
	return &lexer{src: normalizeNewlines(src), line: 1, state: state, lineStarting: true}
}

// isPySpace reports whether r is whitespace for Python's \s.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// rstripPy strips trailing Python whitespace.
func rstripPy(s string) string {
	return strings.TrimRightFunc(s, isPySpace)
}

func allSpace(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isPySpace(r) {
			return false
		}
	}
	return true
}

// spaceLen returns the length of the Python whitespace run at s[i:].
func spaceLen(s string, i int) int {
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !isPySpace(r) {
			break
		}
		j += n
	}
	return j - i
}

func (l *lexer) errTok(msg string) token {
	l.done = true
	return token{typ: tError, line: l.line, val: msg}
}

// next returns the next token; after tEOF or tError it keeps returning
// tEOF.
func (l *lexer) next() token {
	if len(l.queue) > 0 {
		t := l.queue[0]
		l.queue = l.queue[1:]
		return t
	}
	if l.done {
		return token{typ: tEOF, line: l.line}
	}
	switch l.state {
	case stRoot:
		return l.lexRoot()
	case stVariable:
		return l.lexTag(false)
	default:
		return l.lexTag(true)
	}
}

// lexRoot scans template data up to the next tag.
func (l *lexer) lexRoot() token {
	src := l.src
	start := l.pos
	for i := start; ; {
		j := strings.IndexByte(src[i:], '{')
		if j < 0 || i+j+1 >= len(src) {
			break
		}
		i += j
		switch src[i+1] {
		case '{', '%', '#':
			if t, ok := l.openTag(start, i); ok {
				return t
			}
		}
		i++
	}
	if start >= len(src) {
		l.done = true
		return token{typ: tEOF, line: l.line}
	}
	text := src[start:]
	l.pos = len(src)
	t := token{typ: tData, line: l.line, val: text}
	l.line += strings.Count(text, "\n")
	return t
}

// openTag handles the tag opener at src[at:]; data is src[start:at].
func (l *lexer) openTag(start, at int) (token, bool) {
	src := l.src
	kind := src[at+1]
	p := at + 2
	var sign byte
	if p < len(src) && (src[p] == '-' || src[p] == '+') {
		sign = src[p]
		p++
	}
	raw := false
	if kind == '%' {
		if end, ok := l.rawOpener(p); ok {
			raw = true
			p = end
		}
	}
	text := src[start:at]
	stripped := 0
	if sign == '-' {
		t := rstripPy(text)
		stripped = strings.Count(text[len(t):], "\n")
		text = t
	} else if sign != '+' && kind != '{' {
		lpos := strings.LastIndexByte(text, '\n') + 1
		if (lpos > 0 || l.lineStarting) && allSpace(text[lpos:]) {
			text = text[:lpos]
		}
	}
	line := l.line
	var out []token
	if text != "" {
		out = append(out, token{typ: tData, line: line, val: text})
	}
	l.line += strings.Count(text, "\n") + stripped
	l.pos = p
	l.lineStarting = false
	switch {
	case raw:
		// the raw opener may swallow trailing whitespace
		l.lineStarting = p > at && src[p-1] == '\n'
		l.line += strings.Count(src[at:p], "\n")
		t, ok := l.rawBody()
		if !ok {
			return t[0], true
		}
		out = append(out, t...)
		if len(out) == 0 {
			return l.next(), true
		}
	case kind == '#':
		if t, ok := l.comment(); !ok {
			return t, true
		}
		if len(out) == 0 {
			return l.next(), true
		}
	case kind == '{':
		l.state = stVariable
		out = append(out, token{typ: tVariableBegin, line: l.line})
	default:
		l.state = stBlock
		out = append(out, token{typ: tBlockBegin, line: l.line})
	}
	l.queue = append(l.queue, out[1:]...)
	return out[0], true
}

// rawOpener matches `\s*raw\s*(-%}\s*|%})` at p and returns its end.
func (l *lexer) rawOpener(p int) (int, bool) {
	src := l.src
	p += spaceLen(src, p)
	if !strings.HasPrefix(src[p:], "raw") {
		return 0, false
	}
	p += 3
	p += spaceLen(src, p)
	if strings.HasPrefix(src[p:], "-%}") {
		p += 3
		return p + spaceLen(src, p), true
	}
	if strings.HasPrefix(src[p:], "%}") {
		return p + 2, true
	}
	return 0, false
}

// rawBody scans the body of a raw block up to its endraw tag.
func (l *lexer) rawBody() ([]token, bool) {
	src := l.src
	for i := l.pos; ; {
		j := strings.Index(src[i:], "{%")
		if j < 0 {
			return []token{l.errTok("Missing end of raw directive")}, false
		}
		i += j
		p := i + 2
		var sign byte
		if p < len(src) && (src[p] == '-' || src[p] == '+') {
			sign = src[p]
			p++
		}
		p += spaceLen(src, p)
		if !strings.HasPrefix(src[p:], "endraw") {
			i++
			continue
		}
		p += 6
		p += spaceLen(src, p)
		end, ok := l.blockEnd(p)
		if !ok {
			i++
			continue
		}
		text := src[l.pos:i]
		if sign == '-' {
			text = rstripPy(text)
		} else if sign != '+' {
			lpos := strings.LastIndexByte(text, '\n') + 1
			if (lpos > 0 || l.lineStarting) && allSpace(text[lpos:]) {
				text = text[:lpos]
			}
		}
		var out []token
		if text != "" {
			out = append(out, token{typ: tData, line: l.line, val: text})
		}
		l.line += strings.Count(src[l.pos:end], "\n")
		l.lineStarting = end > l.pos && src[end-1] == '\n'
		l.pos = end
		return out, true
	}
}

// blockEnd matches `+%}`, `-%}\s*` or `%}\n?` at p.
func (l *lexer) blockEnd(p int) (int, bool) {
	src := l.src
	switch {
	case strings.HasPrefix(src[p:], "+%}"):
		return p + 3, true
	case strings.HasPrefix(src[p:], "-%}"):
		p += 3
		return p + spaceLen(src, p), true
	case strings.HasPrefix(src[p:], "%}"):
		p += 2
		if p < len(src) && src[p] == '\n' {
			p++
		}
		return p, true
	}
	return 0, false
}

// comment skips a comment body and its end tag.
func (l *lexer) comment() (token, bool) {
	src := l.src
	for i := l.pos; i < len(src); i++ {
		var end int
		switch {
		case strings.HasPrefix(src[i:], "+#}"):
			end = i + 3
		case strings.HasPrefix(src[i:], "-#}"):
			end = i + 3
			end += spaceLen(src, end)
		case strings.HasPrefix(src[i:], "#}"):
			end = i + 2
			if end < len(src) && src[end] == '\n' {
				end++
			}
		default:
			continue
		}
		l.line += strings.Count(src[l.pos:end], "\n")
		l.lineStarting = src[end-1] == '\n'
		l.pos = end
		return token{}, true
	}
	return l.errTok("Missing end of comment tag"), false
}

// lexTag scans one token inside {{ }} or {% %}.
func (l *lexer) lexTag(block bool) token {
	src := l.src
	for {
		p := l.pos
		if len(l.balance) == 0 {
			if block {
				if end, ok := l.blockEnd(p); ok {
					t := token{typ: tBlockEnd, line: l.line}
					l.line += strings.Count(src[p:end], "\n")
					l.lineStarting = src[end-1] == '\n'
					l.pos = end
					l.state = stRoot
					return t
				}
			} else {
				end := -1
				if strings.HasPrefix(src[p:], "-}}") {
					end = p + 3
					end += spaceLen(src, end)
				} else if strings.HasPrefix(src[p:], "}}") {
					end = p + 2
				}
				if end >= 0 {
					t := token{typ: tVariableEnd, line: l.line}
					l.line += strings.Count(src[p:end], "\n")
					l.lineStarting = src[end-1] == '\n'
					l.pos = end
					l.state = stRoot
					return t
				}
			}
		}
		if p >= len(src) {
			l.done = true
			return token{typ: tEOF, line: l.line}
		}
		if n := spaceLen(src, p); n > 0 {
			l.line += strings.Count(src[p:p+n], "\n")
			l.lineStarting = src[p+n-1] == '\n'
			l.pos = p + n
			continue
		}
		l.lineStarting = false
		c := src[p]
		if c >= '0' && c <= '9' {
			if t, ok := l.lexNumber(p); ok {
				return t
			}
		}
		if n := nameLen(src, p); n > 0 {
			name := src[p : p+n]
			l.pos = p + n
			r, _ := utf8.DecodeRuneInString(name)
			if !(r == '_' || unicode.IsLetter(r) || unicode.Is(unicode.Nl, r)) {
				return l.errTok("Invalid character in identifier")
			}
			return token{typ: tName, line: l.line, val: name}
		}
		if c == '\'' || c == '"' {
			if end, ok := stringEnd(src, p); ok {
				body := src[p+1 : end-1]
				line := l.line
				l.line += strings.Count(src[p:end], "\n")
				l.pos = end
				s, err := unescapePy(body)
				if err != "" {
					return l.errTok(err)
				}
				return token{typ: tString, line: line, val: s}
			}
		}
		if t, ok := l.lexOperator(p); ok {
			return t
		}
		r, _ := utf8.DecodeRuneInString(src[p:])
		return l.errTok("unexpected char " + value.Repr(string(r)) + " at " + strconv.Itoa(utf8.RuneCountInString(src[:p])))
	}
}

func (l *lexer) lexOperator(p int) (token, bool) {
	src := l.src
	var typ tokType
	n := 1
	two := ""
	if p+2 <= len(src) {
		two = src[p : p+2]
	}
	switch two {
	case "//":
		typ = tFloorDiv
	case "**":
		typ = tPow
	case "==":
		typ = tEq
	case "!=":
		typ = tNe
	case ">=":
		typ = tGtEq
	case "<=":
		typ = tLtEq
	}
	if typ != 0 {
		n = 2
	} else {
		switch src[p] {
		case '+':
			typ = tAdd
		case '-':
			typ = tSub
		case '/':
			typ = tDiv
		case '*':
			typ = tMul
		case '%':
			typ = tMod
		case '~':
			typ = tTilde
		case '[':
			typ = tLBracket
		case ']':
			typ = tRBracket
		case '(':
			typ = tLParen
		case ')':
			typ = tRParen
		case '{':
			typ = tLBrace
		case '}':
			typ = tRBrace
		case '>':
			typ = tGt
		case '<':
			typ = tLt
		case '=':
			typ = tAssign
		case '.':
			typ = tDot
		case ':':
			typ = tColon
		case '|':
			typ = tPipe
		case ',':
			typ = tComma
		case ';':
			typ = tSemicolon
		default:
			return token{}, false
		}
	}
	l.pos = p + n
	switch typ {
	case tLBrace:
		l.balance = append(l.balance, '}')
	case tLParen:
		l.balance = append(l.balance, ')')
	case tLBracket:
		l.balance = append(l.balance, ']')
	case tRBrace, tRParen, tRBracket:
		c := src[p]
		if len(l.balance) == 0 {
			return l.errTok("unexpected '" + string(c) + "'"), true
		}
		want := l.balance[len(l.balance)-1]
		l.balance = l.balance[:len(l.balance)-1]
		if want != c {
			return l.errTok("unexpected '" + string(c) + "', expected '" + string(want) + "'"), true
		}
	}
	return token{typ: typ, line: l.line}, true
}

// nameLen returns the length of the identifier-character run at s[i:].
func nameLen(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				j++
				continue
			}
			break
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nl, unicode.Pc) || r == '·') {
			break
		}
		j += n
	}
	return j - i
}

// stringEnd finds the end of the quoted string starting at s[p].
func stringEnd(s string, p int) (int, bool) {
	q := s[p]
	for i := p + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return i + 1, true
		}
	}
	return 0, false
}

func isDigits(s string, i int, ok func(byte) bool) int {
	j := i
	for j < len(s) && ok(s[j]) {
		j++
	}
	return j - i
}

func isDec(c byte) bool { return c >= '0' && c <= '9' }
func isBin(c byte) bool { return c == '0' || c == '1' }
func isOct(c byte) bool { return c >= '0' && c <= '7' }
func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// digitRun matches (_?d)+ style runs: digits optionally separated by
// single underscores; first says whether a leading underscore is allowed.
func digitRun(s string, i int, ok func(byte) bool, leadUnderscore bool) int {
	j := i
	for {
		k := j
		if k < len(s) && s[k] == '_' && (leadUnderscore || k > i) {
			k++
		}
		if k < len(s) && ok(s[k]) {
			j = k + 1
			continue
		}
		return j - i
	}
}

// lexNumber matches Jinja2's float and integer literals at p.
func (l *lexer) lexNumber(p int) (token, bool) {
	src := l.src
	if p > 0 && src[p-1] == '.' {
		// float_re has a (?<!\.) lookbehind; integers are still fine
	} else if end, ok := floatEnd(src, p); ok {
		text := strings.ReplaceAll(src[p:end], "_", "")
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
				return l.errTok("invalid float literal"), true
			}
		}
		l.pos = end
		return token{typ: tFloat, line: l.line, num: f}, true
	}
	end, base := p, 10
	if src[p] == '0' && p+1 < len(src) {
		switch src[p+1] | 0x20 {
		case 'b':
			if n := digitRun(src, p+2, isBin, true); n > 0 {
				end, base = p+2+n, 2
			}
		case 'o':
			if n := digitRun(src, p+2, isOct, true); n > 0 {
				end, base = p+2+n, 8
			}
		case 'x':
			if n := digitRun(src, p+2, isHex, true); n > 0 {
				end, base = p+2+n, 16
			}
		}
	}
	if end == p {
		if src[p] == '0' {
			end = p + 1 + digitRun(src, p+1, func(c byte) bool { return c == '0' }, true)
		} else {
			end = p + 1 + digitRun(src, p+1, isDec, true)
		}
	}
	text := src[p:end]
	if base != 10 {
		text = text[2:]
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(text, "_", ""), base, 64)
	l.pos = end
	if err != nil {
		return l.errTok("integer literal too large"), true
	}
	return token{typ: tInteger, line: l.line, num: n}, true
}

// floatEnd matches (\d+_)*\d+ ((\.(\d+_)*\d+)? e[+-]?(\d+_)*\d+ | \.(\d+_)*\d+).
func floatEnd(s string, p int) (int, bool) {
	n := digitRun(s, p, isDec, false)
	if n == 0 {
		return 0, false
	}
	i := p + n
	frac := 0
	if i+1 < len(s) && s[i] == '.' {
		frac = digitRun(s, i+1, isDec, false)
	}
	j := i
	if frac > 0 {
		j = i + 1 + frac
	}
	if j < len(s) && s[j]|0x20 == 'e' {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if e := digitRun(s, k, isDec, false); e > 0 {
			return k + e, true
		}
	}
	if frac > 0 {
		return j, true
	}
	return 0, false
}
