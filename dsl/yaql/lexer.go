package yaql

import (
	"strconv"
	"strings"
	"unicode"
)

// tokKind is the kind of a lexical token.
type tokKind uint8

const (
	tkEOF     tokKind = iota
	tkDollar          // $, $1, $name
	tkNumber          // 12, 3.5
	tkFunc            // name( — a function call opener
	tkKeyword         // bare word: a string constant
	tkString          // '…', "…", `…`
	tkTrue
	tkFalse
	tkNull
	tkOp      // an operator symbol or word
	tkMapping // =>
	tkIndexer // [
	tkMap     // {
	tkLParen  // (
	tkRParen  // )
	tkRBrack  // ]
	tkRBrace  // }
	tkComma   // ,
	tkLexErr  // an illegal character: reported when the parser reaches it
)

// token is one lexeme. pos is its offset in characters (runes), as
// Python counts string positions.
type token struct {
	kind tokKind
	pos  int
	text string // name, symbol or decoded string
	num  any    // int64 or float64 for tkNumber
}

// display is the token value as yaql prints it in a parse error.
func (t token) display() string {
	switch t.kind {
	case tkTrue:
		return "True"
	case tkFalse:
		return "False"
	case tkNull:
		return "None"
	case tkNumber:
		return pyStr(t.num)
	}
	return t.text
}

// wordOps are the operators spelled as words.
var wordOps = map[string]bool{"mod": true, "in": true, "not": true, "and": true, "or": true}

// symOps lists symbolic operators, longest first so that a longer symbol
// wins over its prefix (as yaql's lexer orders its rules).
var symOps = []string{"?.", "=~", "!~", ">=", "<=", "!=", "->", "=>", ".", "+", "-", "*", "[", "/", ">", "<", "=", "{"}

// lexer turns expression text into tokens.
type lexer struct {
	src []rune
	pos int
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

func isDigitRune(r rune) bool {
	if r >= '0' && r <= '9' {
		return true
	}
	return r > 0x7f && unicode.Is(unicode.Nd, r)
}

func (l *lexer) at(i int) rune {
	if i < len(l.src) {
		return l.src[i]
	}
	return 0
}

func (l *lexer) isWordAt(i int) bool {
	return i >= 0 && i < len(l.src) && isWordRune(l.src[i])
}

// boundary reports a \b position: a word character on exactly one side.
func (l *lexer) boundary(i int) bool {
	return l.isWordAt(i-1) != l.isWordAt(i)
}

func lexError(ch rune, pos int) error {
	return &GrammarError{Msg: "Lexical error: illegal character '" + string(ch) + "' at position " + strconv.Itoa(pos)}
}

// tokenize splits src into tokens, ending with tkEOF, or with tkLexErr
// at an illegal character. yaql's lexer runs on demand, so a parse error
// before the illegal character is the one reported; the parser raises
// lexErr only when it reaches the tkLexErr token.
func tokenize(text string) (toks []token, lexErr error) {
	l := &lexer{src: []rune(text)}
	toks = make([]token, 0, len(l.src)/2+1)
	for {
		t, err := l.next()
		if err != nil {
			return append(toks, token{kind: tkLexErr, pos: l.pos}), err
		}
		toks = append(toks, t)
		if t.kind == tkEOF {
			return toks, nil
		}
	}
}

func (l *lexer) next() (token, error) {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			break
		}
		l.pos++
	}
	if l.pos >= len(l.src) {
		return token{kind: tkEOF, pos: l.pos}, nil
	}
	start := l.pos
	c := l.src[start]
	// $name
	if c == '$' {
		i := start + 1
		for i < len(l.src) && isWordRune(l.src[i]) {
			i++
		}
		l.pos = i
		return token{kind: tkDollar, pos: start, text: string(l.src[start:i])}, nil
	}
	if t, ok := l.number(start); ok {
		return t, nil
	}
	if isWordRune(c) && !isDigitRune(c) && l.boundary(start) {
		i := start + 1
		for i < len(l.src) && isWordRune(l.src[i]) {
			i++
		}
		name := string(l.src[start:i])
		if l.at(i) == '(' {
			l.pos = i + 1
			return token{kind: tkFunc, pos: start, text: name}, nil
		}
		if !strings.HasPrefix(name, "__") {
			l.pos = i
			t := token{kind: tkKeyword, pos: start, text: name}
			switch {
			case wordOps[name]:
				t.kind = tkOp
			case name == "true":
				t.kind = tkTrue
			case name == "false":
				t.kind = tkFalse
			case name == "null":
				t.kind = tkNull
			}
			return t, nil
		}
	}
	switch c {
	case '\'', '"', '`':
		if t, ok, err := l.quoted(start, c); ok || err != nil {
			return t, err
		}
	}
	for _, op := range symOps {
		if l.hasPrefix(start, op) {
			l.pos = start + len(op)
			t := token{kind: tkOp, pos: start, text: op}
			switch op {
			case "=>":
				t.kind = tkMapping
			case "[":
				t.kind = tkIndexer
			case "{":
				t.kind = tkMap
			}
			return t, nil
		}
	}
	kinds := map[rune]tokKind{'(': tkLParen, ')': tkRParen, ']': tkRBrack, '}': tkRBrace, ',': tkComma}
	if k, ok := kinds[c]; ok {
		l.pos = start + 1
		return token{kind: k, pos: start, text: string(c)}, nil
	}
	return token{}, lexError(c, start)
}

func (l *lexer) hasPrefix(i int, s string) bool {
	for _, r := range s {
		if i >= len(l.src) || l.src[i] != r {
			return false
		}
		i++
	}
	return true
}

// number matches \b\d+(\.?\d+)?\b.
func (l *lexer) number(start int) (token, bool) {
	if !isDigitRune(l.at(start)) || !l.boundary(start) {
		return token{}, false
	}
	i := start
	for i < len(l.src) && isDigitRune(l.src[i]) {
		i++
	}
	end := i
	if l.at(i) == '.' && isDigitRune(l.at(i+1)) {
		j := i + 1
		for j < len(l.src) && isDigitRune(l.src[j]) {
			j++
		}
		if l.boundary(j) {
			end = j
		}
	}
	if !l.boundary(end) {
		// A digit run glued to letters: no backtracking split can end on
		// a boundary either, since every shorter prefix is followed by a
		// digit.
		return token{}, false
	}
	var digits strings.Builder
	isFloat := false
	for _, r := range l.src[start:end] {
		if r == '.' {
			isFloat = true
			digits.WriteByte('.')
			continue
		}
		digits.WriteByte(byte('0' + digitValue(r)))
	}
	l.pos = end
	s := digits.String()
	t := token{kind: tkNumber, pos: start, text: string(l.src[start:end])}
	if isFloat {
		f, _ := strconv.ParseFloat(s, 64)
		t.num = f
	} else if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		t.num = n
	} else {
		f, _ := strconv.ParseFloat(s, 64)
		t.num = f
	}
	return t, true
}

// digitValue is the decimal value of a Unicode decimal digit.
func digitValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return 0
}

// quoted matches a quoted string starting at start with quote q.
func (l *lexer) quoted(start int, q rune) (token, bool, error) {
	i := start + 1
	for i < len(l.src) {
		c := l.src[i]
		if c == q {
			raw := l.src[start+1 : i]
			l.pos = i + 1
			t := token{kind: tkString, pos: start}
			if q == '`' {
				t.text = strings.ReplaceAll(string(raw), "\\`", "`")
				return t, true, nil
			}
			s, err := decodeEscapes(raw)
			if err != nil {
				return token{}, false, err
			}
			t.text = s
			return t, true, nil
		}
		if c == '\\' {
			if i+1 >= len(l.src) || l.src[i+1] == '\n' {
				return token{}, false, nil
			}
			i += 2
			continue
		}
		i++
	}
	return token{}, false, nil
}
