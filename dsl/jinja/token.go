package jinja

// tokType is the kind of a lexer token; the names mirror Jinja2's token
// types because they appear in syntax error messages.
type tokType uint8

const (
	tEOF tokType = iota
	tData
	tVariableBegin
	tVariableEnd
	tBlockBegin
	tBlockEnd
	tName
	tString
	tInteger
	tFloat
	// operators
	tAdd
	tSub
	tDiv
	tFloorDiv
	tMul
	tMod
	tPow
	tTilde
	tLBracket
	tRBracket
	tLParen
	tRParen
	tLBrace
	tRBrace
	tEq
	tNe
	tGt
	tGtEq
	tLt
	tLtEq
	tAssign
	tDot
	tColon
	tPipe
	tComma
	tSemicolon
	// tError carries a lexer error, raised when the parser reaches it
	// (Jinja2's lexer is lazy, so earlier parse errors win).
	tError
)

// operators maps operator text to token types, longest first when
// scanning (see lexOperator).
var operatorText = [...]string{
	tAdd: "+", tSub: "-", tDiv: "/", tFloorDiv: "//", tMul: "*", tMod: "%",
	tPow: "**", tTilde: "~", tLBracket: "[", tRBracket: "]", tLParen: "(",
	tRParen: ")", tLBrace: "{", tRBrace: "}", tEq: "==", tNe: "!=", tGt: ">",
	tGtEq: ">=", tLt: "<", tLtEq: "<=", tAssign: "=", tDot: ".", tColon: ":",
	tPipe: "|", tComma: ",", tSemicolon: ";",
}

// describe returns Jinja2's description of a token type, as used in
// syntax error messages.
func (t tokType) describe() string {
	if t >= tAdd && t <= tSemicolon {
		return operatorText[t]
	}
	switch t {
	case tEOF:
		return "end of template"
	case tData:
		return "template data / text"
	case tVariableBegin:
		return "begin of print statement"
	case tVariableEnd:
		return "end of print statement"
	case tBlockBegin:
		return "begin of statement block"
	case tBlockEnd:
		return "end of statement block"
	case tName:
		return "name"
	case tString:
		return "string"
	case tInteger:
		return "integer"
	case tFloat:
		return "float"
	}
	return "error"
}

// token is one lexer token.
type token struct {
	typ  tokType
	line int
	val  string // name, string value, data text, or error message
	num  any    // int64 or float64 for numbers
}

// describe is Jinja2's describe_token: a name token shows its value.
func (t token) describe() string {
	if t.typ == tName {
		return t.val
	}
	return t.typ.describe()
}

// isName reports whether t is the name token s.
func (t token) isName(s string) bool { return t.typ == tName && t.val == s }
