package jinja

import (
	"strings"
)

// maxDepth bounds the nesting of expressions and statements, so hostile
// input cannot exhaust the stack.
const maxDepth = 100

// SyntaxError is a template or expression that does not parse. Msg is
// Jinja2's message (TemplateSyntaxError).
type SyntaxError struct {
	Msg  string
	Line int
}

func (e *SyntaxError) Error() string { return e.Msg }

// parser is a recursive-descent parser with Jinja2's grammar and error
// messages.
type parser struct {
	lx       *lexer
	cur      token
	pushed   []token
	depth    int
	tagStack []string
	endStack [][]string
	err      *SyntaxError
}

// bailout is the panic value used to unwind the parser on the first
// error; it never escapes the package.
type bailout struct{}

func newParser(src string, state uint8) *parser {
	return &parser{lx: newLexer(src, state)}
}

// start reads the first token; it is called inside run.
func (p *parser) start() {
	p.cur = p.lx.next()
	p.checkErr()
}

// run calls f, turning a parse failure into an error.
func (p *parser) run(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			err = p.err
		}
	}()
	p.start()
	f()
	return nil
}

func (p *parser) fail(msg string) {
	p.err = &SyntaxError{Msg: msg, Line: p.cur.line}
	panic(bailout{})
}

func (p *parser) checkErr() {
	if p.cur.typ == tError {
		p.err = &SyntaxError{Msg: p.cur.val, Line: p.cur.line}
		panic(bailout{})
	}
}

// advance moves to the next token and returns the previous one. A lexer
// error becomes a syntax error as soon as it becomes current.
func (p *parser) advance() token {
	prev := p.cur
	if len(p.pushed) > 0 {
		p.cur = p.pushed[0]
		p.pushed = p.pushed[1:]
	} else if p.cur.typ != tEOF {
		p.cur = p.lx.next()
	}
	p.checkErr()
	return prev
}

// look returns the token after the current one.
func (p *parser) look() token {
	old := p.cur
	p.advance()
	nxt := p.cur
	p.pushed = append(p.pushed, nxt)
	p.cur = old
	return nxt
}

// test reports whether the current token matches expr: a type name or
// "name:value".
func (p *parser) is(t tokType) bool { return p.cur.typ == t }

func (p *parser) isName(v string) bool { return p.cur.isName(v) }

func (p *parser) skipIf(t tokType) bool {
	if p.cur.typ == t {
		p.advance()
		return true
	}
	return false
}

func (p *parser) skipName(v string) bool {
	if p.cur.isName(v) {
		p.advance()
		return true
	}
	return false
}

// expect consumes a token of type t or fails with Jinja2's message.
func (p *parser) expect(t tokType) token {
	if p.cur.typ != t {
		p.expectFail(t.describe())
	}
	return p.advance()
}

// expectName consumes the name token v.
func (p *parser) expectName(v string) token {
	if !p.cur.isName(v) {
		p.expectFail(v)
	}
	return p.advance()
}

func (p *parser) expectFail(want string) {
	if p.cur.typ == tEOF {
		p.fail("unexpected end of template, expected '" + want + "'.")
	}
	p.fail("expected token '" + want + "', got '" + p.cur.describe() + "'")
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.fail("expression nested too deeply")
	}
}

func (p *parser) leave() { p.depth-- }

// ---- templates ----

// parseTemplate parses a whole template.
func (p *parser) parseTemplate() []stmt {
	return p.subparse(nil)
}

func (p *parser) subparse(endTokens []string) []stmt {
	var body []stmt
	var out *outputStmt
	flush := func() {
		if out != nil {
			body = append(body, out)
			out = nil
		}
	}
	if endTokens != nil {
		p.endStack = append(p.endStack, endTokens)
		defer func() { p.endStack = p.endStack[:len(p.endStack)-1] }()
	}
	for p.cur.typ != tEOF || len(p.pushed) > 0 {
		switch p.cur.typ {
		case tData:
			if out == nil {
				out = &outputStmt{}
			}
			if p.cur.val != "" {
				out.parts = append(out.parts, outPart{data: p.cur.val})
			}
			p.advance()
		case tVariableBegin:
			p.advance()
			x := p.parseTuple(false, true, nil, false)
			p.expect(tVariableEnd)
			if out == nil {
				out = &outputStmt{}
			}
			out.parts = append(out.parts, outPart{x: x})
		case tBlockBegin:
			flush()
			p.advance()
			if endTokens != nil && p.cur.typ == tName {
				for _, e := range endTokens {
					if p.cur.val == e {
						return body
					}
				}
			}
			body = append(body, p.parseStatement()...)
			p.expect(tBlockEnd)
		default:
			p.fail("internal parsing error")
		}
	}
	flush()
	return body
}

var statementKeywords = map[string]bool{
	"for": true, "if": true, "block": true, "extends": true, "print": true,
	"macro": true, "include": true, "from": true, "import": true, "set": true,
	"with": true, "autoescape": true, "call": true, "filter": true,
}

func (p *parser) parseStatement() []stmt {
	p.enter()
	defer p.leave()
	tok := p.cur
	if tok.typ != tName {
		p.fail("tag name expected")
	}
	if !statementKeywords[tok.val] {
		p.failUnknownTag(tok.val)
	}
	p.tagStack = append(p.tagStack, tok.val)
	defer func() { p.tagStack = p.tagStack[:len(p.tagStack)-1] }()
	switch tok.val {
	case "for":
		return []stmt{p.parseFor()}
	case "if":
		return []stmt{p.parseIf()}
	case "set":
		return []stmt{p.parseSet()}
	case "macro":
		return []stmt{p.parseMacro()}
	case "call":
		return []stmt{p.parseCallBlock()}
	case "filter":
		return []stmt{p.parseFilterBlock()}
	case "with":
		return []stmt{p.parseWith()}
	case "block":
		return []stmt{p.parseBlock()}
	case "print":
		return []stmt{p.parsePrint()}
	case "autoescape":
		p.advance()
		opt := p.parseExpression(true)
		body := p.parseStatements([]string{"endautoescape"}, true)
		return []stmt{&scopeStmt{body: body, autoescape: opt}}
	case "extends":
		p.advance()
		p.parseExpression(true)
		return []stmt{&failStmt{msg: errNoLoader}}
	case "include":
		return []stmt{p.parseInclude()}
	case "import":
		return []stmt{p.parseImport()}
	default: // from
		return []stmt{p.parseFrom()}
	}
}

const errNoLoader = "no loader for this environment specified"

func describeExpected(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	return strings.Join(q, " or ")
}

// failUnknownTag reports an unknown tag or a premature end, with
// Jinja2's hints about what it was looking for.
func (p *parser) failUnknownTag(name string) {
	p.failUT(name, p.endStack)
}

func (p *parser) failEOF(endTokens []string) {
	stack := append([][]string(nil), p.endStack...)
	if endTokens != nil {
		stack = append(stack, endTokens)
	}
	p.failUT("", stack)
}

func (p *parser) failUT(name string, stack [][]string) {
	var msg []string
	if name == "" {
		msg = append(msg, "Unexpected end of template.")
	} else {
		msg = append(msg, "Encountered unknown tag '"+name+"'.")
	}
	if len(stack) > 0 {
		looking := describeExpected(stack[len(stack)-1])
		expected := false
		for _, toks := range stack {
			for _, t := range toks {
				if t == name {
					expected = true
				}
			}
		}
		if name != "" && expected {
			msg = append(msg, "You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for "+looking+".")
		} else {
			msg = append(msg, "Jinja was looking for the following tags: "+looking+".")
		}
	}
	if len(p.tagStack) > 0 {
		msg = append(msg, "The innermost block that needs to be closed is '"+p.tagStack[len(p.tagStack)-1]+"'.")
	}
	p.fail(strings.Join(msg, " "))
}

// parseStatements parses a body up to one of endTokens.
func (p *parser) parseStatements(endTokens []string, dropNeedle bool) []stmt {
	p.skipIf(tColon)
	p.expect(tBlockEnd)
	body := p.subparse(endTokens)
	if p.cur.typ == tEOF && len(p.pushed) == 0 {
		p.failEOF(endTokens)
	}
	if dropNeedle {
		p.advance()
	}
	return body
}

func (p *parser) parseSet() stmt {
	p.advance()
	t := p.parseAssignTarget(true, false, nil, true)
	if p.skipIf(tAssign) {
		return &assignStmt{target: t, x: p.parseTuple(false, true, nil, false)}
	}
	f := p.parseFilter(nil, false)
	body := p.parseStatements([]string{"endset"}, true)
	var fe *filterExpr
	if f != nil {
		fe = f.(*filterExpr)
	}
	return &assignBlockStmt{target: t, filter: fe, body: body}
}

func (p *parser) parseFor() stmt {
	line := p.expectName("for").line
	t := p.parseAssignTarget(true, false, []string{"in"}, false)
	p.expectName("in")
	iter := p.parseTuple(false, false, []string{"recursive"}, false)
	var test expr
	if p.skipName("if") {
		test = p.parseExpression(true)
	}
	recursive := p.skipName("recursive")
	body := p.parseStatements([]string{"endfor", "else"}, false)
	var els []stmt
	if p.advance().val != "endfor" {
		els = p.parseStatements([]string{"endfor"}, true)
	}
	return &forStmt{target: t, iter: iter, body: body, els: els, test: test, recursive: recursive, line: line}
}

func (p *parser) parseIf() stmt {
	p.expectName("if")
	n := &ifStmt{}
	for {
		test := p.parseTuple(false, false, nil, false)
		body := p.parseStatements([]string{"elif", "else", "endif"}, false)
		n.tests = append(n.tests, test)
		n.bodies = append(n.bodies, body)
		tok := p.advance()
		if tok.isName("elif") {
			continue
		}
		if tok.isName("else") {
			n.els = p.parseStatements([]string{"endif"}, true)
		}
		break
	}
	return n
}

func (p *parser) parseWith() stmt {
	p.advance()
	n := &withStmt{}
	for p.cur.typ != tBlockEnd {
		if len(n.targets) > 0 {
			p.expect(tComma)
		}
		t := p.parseAssignTarget(true, false, nil, false)
		n.targets = append(n.targets, t)
		p.expect(tAssign)
		n.values = append(n.values, p.parseExpression(true))
	}
	n.body = p.parseStatements([]string{"endwith"}, true)
	return n
}

func (p *parser) parseBlock() stmt {
	p.advance()
	name := p.expect(tName).val
	p.skipName("scoped")
	required := p.skipName("required")
	if p.cur.typ == tSub {
		p.fail("Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.")
	}
	body := p.parseStatements([]string{"endblock"}, true)
	if required {
		for _, s := range body {
			o, ok := s.(*outputStmt)
			if !ok {
				p.fail("Required blocks can only contain comments or whitespace")
			}
			for _, part := range o.parts {
				if part.x != nil || !allSpace(part.data) {
					p.fail("Required blocks can only contain comments or whitespace")
				}
			}
		}
	}
	p.skipName(name)
	return &scopeStmt{body: body}
}

func (p *parser) parseImportContext() {
	if (p.isName("with") || p.isName("without")) && p.look().isName("context") {
		p.advance()
		p.advance()
	}
}

func (p *parser) parseInclude() stmt {
	p.advance()
	p.parseExpression(true)
	if p.isName("ignore") && p.look().isName("missing") {
		p.advance()
		p.advance()
	}
	p.parseImportContext()
	return &failStmt{msg: errNoLoader}
}

func (p *parser) parseImport() stmt {
	p.advance()
	p.parseExpression(true)
	p.expectName("as")
	p.parseAssignTarget(true, true, nil, false)
	p.parseImportContext()
	return &failStmt{msg: errNoLoader}
}

func (p *parser) parseFrom() stmt {
	p.advance()
	p.parseExpression(true)
	p.expectName("import")
	names := 0
	parseContext := func() bool {
		if (p.isName("with") || p.isName("without")) && p.look().isName("context") {
			p.advance()
			p.advance()
			return true
		}
		return false
	}
	for {
		if names > 0 {
			p.expect(tComma)
		}
		if p.cur.typ == tName {
			if parseContext() {
				break
			}
			t := p.parseAssignTarget(true, true, nil, false)
			if strings.HasPrefix(t.name, "_") {
				p.fail("names starting with an underline can not be imported")
			}
			if p.skipName("as") {
				p.parseAssignTarget(true, true, nil, false)
			}
			names++
			if parseContext() || p.cur.typ != tComma {
				break
			}
		} else {
			p.expect(tName)
		}
	}
	return &failStmt{msg: errNoLoader}
}

func (p *parser) parseSignature() (params []string, defaults []expr) {
	p.expect(tLParen)
	for p.cur.typ != tRParen {
		if len(params) > 0 {
			p.expect(tComma)
		}
		t := p.parseAssignTarget(true, true, nil, false)
		if p.skipIf(tAssign) {
			defaults = append(defaults, p.parseExpression(true))
		} else if len(defaults) > 0 {
			p.fail("non-default argument follows default argument")
		}
		params = append(params, t.name)
	}
	p.expect(tRParen)
	return params, defaults
}

func (p *parser) parseCallBlock() stmt {
	p.advance()
	m := &macroDef{name: "caller"}
	if p.cur.typ == tLParen {
		m.params, m.defaults = p.parseSignature()
	}
	x := p.parseExpression(true)
	call, ok := x.(*callExpr)
	if !ok {
		p.fail("expected call")
	}
	m.body = p.parseStatements([]string{"endcall"}, true)
	m.scan()
	return &callBlockStmt{caller: m, call: call}
}

func (p *parser) parseFilterBlock() stmt {
	p.advance()
	f := p.parseFilter(nil, true).(*filterExpr)
	body := p.parseStatements([]string{"endfilter"}, true)
	return &filterBlockStmt{filter: f, body: body}
}

func (p *parser) parseMacro() stmt {
	p.advance()
	m := &macroDef{}
	m.name = p.parseAssignTarget(true, true, nil, false).name
	m.params, m.defaults = p.parseSignature()
	m.body = p.parseStatements([]string{"endmacro"}, true)
	m.scan()
	return &macroStmt{m: m}
}

func (p *parser) parsePrint() stmt {
	p.advance()
	o := &outputStmt{}
	for p.cur.typ != tBlockEnd {
		if len(o.parts) > 0 {
			p.expect(tComma)
		}
		o.parts = append(o.parts, outPart{x: p.parseExpression(true)})
	}
	return o
}

// parseAssignTarget parses a name, a tuple of names or (withNamespace)
// a namespace attribute.
func (p *parser) parseAssignTarget(withTuple, nameOnly bool, extraEnd []string, withNamespace bool) *target {
	if withNamespace && p.look().typ == tDot {
		name := p.expect(tName).val
		p.advance()
		attr := p.expect(tName).val
		return &target{name: name, attr: attr, ns: true}
	}
	if nameOnly {
		name := p.expect(tName).val
		t := &target{name: name}
		p.checkAssign(t, "name")
		return t
	}
	var x expr
	if withTuple {
		x = p.parseTuple(true, true, extraEnd, false)
	} else {
		x = p.parsePrimary()
	}
	return p.toTarget(x)
}

func (p *parser) checkAssign(t *target, kind string) {
	switch t.name {
	case "true", "false", "none", "True", "False", "None":
		p.fail("can't assign to '" + kind + "'")
	}
}

func (p *parser) toTarget(x expr) *target {
	switch n := x.(type) {
	case *nameExpr:
		t := &target{name: n.name}
		p.checkAssign(t, "name")
		return t
	case *tupleExpr:
		t := &target{tuple: true}
		for _, it := range n.items {
			sub, ok := p.tryTarget(it)
			if !ok {
				p.fail("can't assign to 'tuple'")
			}
			t.items = append(t.items, sub)
		}
		return t
	}
	p.fail("can't assign to '" + nodeKind(x) + "'")
	return nil
}

func (p *parser) tryTarget(x expr) (*target, bool) {
	switch n := x.(type) {
	case *nameExpr:
		switch n.name {
		case "true", "false", "none", "True", "False", "None":
			return nil, false
		}
		return &target{name: n.name}, true
	case *tupleExpr:
		t := &target{tuple: true}
		for _, it := range n.items {
			sub, ok := p.tryTarget(it)
			if !ok {
				return nil, false
			}
			t.items = append(t.items, sub)
		}
		return t, true
	}
	return nil, false
}

// nodeKind is the lower-cased Jinja2 node class name, for "can't assign"
// messages.
func nodeKind(x expr) string {
	switch x.(type) {
	case *constExpr:
		return "const"
	case *listExpr:
		return "list"
	case *dictExpr:
		return "dict"
	case *tupleExpr:
		return "tuple"
	}
	return "expr"
}
