package jinja

// Expression grammar, following Jinja2's parser (precedence from lowest):
// conditional, or, and, not, comparisons, + -, ~, * / // %, **, unary,
// primary with postfix (attribute, subscript, call) then filters/tests.

func (p *parser) parseExpression(withCondexpr bool) expr {
	p.enter()
	defer p.leave()
	if withCondexpr {
		return p.parseCondexpr()
	}
	return p.parseOr()
}

func (p *parser) parseCondexpr() expr {
	line := p.cur.line
	x := p.parseOr()
	for p.skipName("if") {
		test := p.parseOr()
		var els expr
		if p.skipName("else") {
			p.enter()
			els = p.parseCondexpr()
			p.leave()
		}
		x = &condExpr{test: test, then: x, els: els, line: line}
		line = p.cur.line
	}
	return x
}

func (p *parser) parseOr() expr {
	x := p.parseAnd()
	for p.skipName("or") {
		x = &orExpr{l: x, r: p.parseAnd()}
	}
	return x
}

func (p *parser) parseAnd() expr {
	x := p.parseNot()
	for p.skipName("and") {
		x = &andExpr{l: x, r: p.parseNot()}
	}
	return x
}

func (p *parser) parseNot() expr {
	if p.isName("not") {
		p.advance()
		p.enter()
		defer p.leave()
		return &notExpr{x: p.parseNot()}
	}
	return p.parseCompare()
}

func (p *parser) parseCompare() expr {
	x := p.parseMath1()
	var ops []cmpOp
	for {
		var op string
		switch p.cur.typ {
		case tEq:
			op = "eq"
		case tNe:
			op = "ne"
		case tLt:
			op = "lt"
		case tLtEq:
			op = "lteq"
		case tGt:
			op = "gt"
		case tGtEq:
			op = "gteq"
		}
		if op != "" {
			p.advance()
		} else if p.skipName("in") {
			op = "in"
		} else if p.isName("not") && p.look().isName("in") {
			p.advance()
			p.advance()
			op = "notin"
		} else {
			break
		}
		ops = append(ops, cmpOp{op: op, y: p.parseMath1()})
	}
	if len(ops) == 0 {
		return x
	}
	return &compareExpr{x: x, ops: ops}
}

func (p *parser) parseMath1() expr {
	x := p.parseConcat()
	for p.cur.typ == tAdd || p.cur.typ == tSub {
		op := p.advance().typ
		x = &binExpr{op: op, l: x, r: p.parseConcat()}
	}
	return x
}

func (p *parser) parseConcat() expr {
	x := p.parseMath2()
	if p.cur.typ != tTilde {
		return x
	}
	args := []expr{x}
	for p.cur.typ == tTilde {
		p.advance()
		args = append(args, p.parseMath2())
	}
	return &concatExpr{args: args}
}

func (p *parser) parseMath2() expr {
	x := p.parsePow()
	for p.cur.typ == tMul || p.cur.typ == tDiv || p.cur.typ == tFloorDiv || p.cur.typ == tMod {
		op := p.advance().typ
		x = &binExpr{op: op, l: x, r: p.parsePow()}
	}
	return x
}

func (p *parser) parsePow() expr {
	x := p.parseUnary(true)
	for p.cur.typ == tPow {
		p.advance()
		x = &binExpr{op: tPow, l: x, r: p.parseUnary(true)}
	}
	return x
}

func (p *parser) parseUnary(withFilter bool) expr {
	p.enter()
	defer p.leave()
	var x expr
	switch p.cur.typ {
	case tSub:
		p.advance()
		x = &negExpr{x: p.parseUnary(false)}
	case tAdd:
		p.advance()
		x = &posExpr{x: p.parseUnary(false)}
	default:
		x = p.parsePrimary()
	}
	x = p.parsePostfix(x)
	if withFilter {
		x = p.parseFilterExpr(x)
	}
	return x
}

func (p *parser) parsePrimary() expr {
	tok := p.cur
	switch tok.typ {
	case tName:
		p.advance()
		switch tok.val {
		case "true", "True":
			return &constExpr{v: true}
		case "false", "False":
			return &constExpr{v: false}
		case "none", "None":
			return &constExpr{v: nil}
		}
		return &nameExpr{name: tok.val}
	case tString:
		p.advance()
		s := tok.val
		for p.cur.typ == tString {
			s += p.advance().val
		}
		return &constExpr{v: s}
	case tInteger, tFloat:
		p.advance()
		return &constExpr{v: tok.num}
	case tLParen:
		p.advance()
		x := p.parseTuple(false, true, nil, true)
		p.expect(tRParen)
		return x
	case tLBracket:
		return p.parseList()
	case tLBrace:
		return p.parseDict()
	}
	p.fail("unexpected '" + tok.describe() + "'")
	return nil
}

// parseTuple parses an expression or, with commas, a tuple.
func (p *parser) parseTuple(simplified, withCondexpr bool, extraEnd []string, explicitParens bool) expr {
	var items []expr
	isTuple := false
	for {
		if len(items) > 0 {
			p.expect(tComma)
		}
		if p.isTupleEnd(extraEnd) {
			break
		}
		switch {
		case simplified:
			items = append(items, p.parsePrimary())
		default:
			items = append(items, p.parseExpression(withCondexpr))
		}
		if p.cur.typ == tComma {
			isTuple = true
		} else {
			break
		}
	}
	if !isTuple {
		if len(items) > 0 {
			return items[0]
		}
		if !explicitParens {
			p.fail("Expected an expression, got '" + p.cur.describe() + "'")
		}
	}
	return &tupleExpr{items: items}
}

func (p *parser) isTupleEnd(extraEnd []string) bool {
	switch p.cur.typ {
	case tVariableEnd, tBlockEnd, tRParen:
		return true
	}
	for _, e := range extraEnd {
		if p.cur.isName(e) {
			return true
		}
	}
	return false
}

func (p *parser) parseList() expr {
	p.expect(tLBracket)
	var items []expr
	for p.cur.typ != tRBracket {
		if len(items) > 0 {
			p.expect(tComma)
		}
		if p.cur.typ == tRBracket {
			break
		}
		items = append(items, p.parseExpression(true))
	}
	p.expect(tRBracket)
	return &listExpr{items: items}
}

func (p *parser) parseDict() expr {
	p.expect(tLBrace)
	d := &dictExpr{}
	for p.cur.typ != tRBrace {
		if len(d.keys) > 0 {
			p.expect(tComma)
		}
		if p.cur.typ == tRBrace {
			break
		}
		k := p.parseExpression(true)
		p.expect(tColon)
		v := p.parseExpression(true)
		d.keys = append(d.keys, k)
		d.vals = append(d.vals, v)
	}
	p.expect(tRBrace)
	return d
}

func (p *parser) parsePostfix(x expr) expr {
	for {
		switch p.cur.typ {
		case tDot, tLBracket:
			x = p.parseSubscript(x)
		case tLParen:
			x = p.parseCall(x)
		default:
			return x
		}
	}
}

func (p *parser) parseFilterExpr(x expr) expr {
	for {
		switch {
		case p.cur.typ == tPipe:
			x = p.parseFilter(x, false)
		case p.cur.isName("is"):
			x = p.parseTest(x)
		case p.cur.typ == tLParen:
			x = p.parseCall(x)
		default:
			return x
		}
	}
}

func (p *parser) parseSubscript(x expr) expr {
	tok := p.advance()
	if tok.typ == tDot {
		attr := p.cur
		p.advance()
		if attr.typ == tName {
			return &getattrExpr{x: x, attr: attr.val}
		}
		if attr.typ != tInteger {
			p.err = &SyntaxError{Msg: "expected name or number", Line: attr.line}
			panic(bailout{})
		}
		return &getitemExpr{x: x, arg: &constExpr{v: attr.num}}
	}
	// lbracket
	var args []expr
	for p.cur.typ != tRBracket {
		if len(args) > 0 {
			p.expect(tComma)
		}
		args = append(args, p.parseSubscribed())
	}
	p.expect(tRBracket)
	if len(args) == 1 {
		return &getitemExpr{x: x, arg: args[0]}
	}
	return &getitemExpr{x: x, arg: &tupleExpr{items: args}}
}

func (p *parser) parseSubscribed() expr {
	var parts [3]expr
	if p.cur.typ == tColon {
		p.advance()
	} else {
		x := p.parseExpression(true)
		if p.cur.typ != tColon {
			return x
		}
		p.advance()
		parts[0] = x
	}
	if p.cur.typ != tColon && p.cur.typ != tRBracket && p.cur.typ != tComma {
		parts[1] = p.parseExpression(true)
	}
	if p.cur.typ == tColon {
		p.advance()
		if p.cur.typ != tRBracket && p.cur.typ != tComma {
			parts[2] = p.parseExpression(true)
		}
	}
	return &sliceExpr{lo: parts[0], hi: parts[1], step: parts[2]}
}

func (p *parser) parseCallArgs() callArgs {
	p.expect(tLParen)
	var a callArgs
	requireComma := false
	ensure := func(ok bool) {
		if !ok {
			p.fail("invalid syntax for function call expression")
		}
	}
	for p.cur.typ != tRParen {
		if requireComma {
			p.expect(tComma)
			if p.cur.typ == tRParen {
				break
			}
		}
		switch {
		case p.cur.typ == tMul:
			ensure(a.dynArgs == nil && a.dynKwargs == nil)
			p.advance()
			a.dynArgs = p.parseExpression(true)
		case p.cur.typ == tPow:
			ensure(a.dynKwargs == nil)
			p.advance()
			a.dynKwargs = p.parseExpression(true)
		case p.cur.typ == tName && p.look().typ == tAssign:
			ensure(a.dynKwargs == nil)
			key := p.cur.val
			p.advance()
			p.advance()
			a.kwargs = append(a.kwargs, kwarg{name: key, x: p.parseExpression(true)})
		default:
			ensure(a.dynArgs == nil && a.dynKwargs == nil && len(a.kwargs) == 0)
			a.args = append(a.args, p.parseExpression(true))
		}
		requireComma = true
	}
	p.expect(tRParen)
	return a
}

func (p *parser) parseCall(x expr) expr {
	return &callExpr{fn: x, callArgs: p.parseCallArgs()}
}

// parseFilter parses "| name(args)" chains; startInline parses the first
// filter without a pipe (filter blocks).
func (p *parser) parseFilter(x expr, startInline bool) expr {
	for p.cur.typ == tPipe || startInline {
		if !startInline {
			p.advance()
		}
		name := p.expect(tName).val
		for p.cur.typ == tDot {
			p.advance()
			name += "." + p.expect(tName).val
		}
		var a callArgs
		if p.cur.typ == tLParen {
			a = p.parseCallArgs()
		}
		x = &filterExpr{x: x, name: name, callArgs: a}
		startInline = false
	}
	return x
}

func (p *parser) parseTest(x expr) expr {
	p.advance()
	negated := p.skipName("not")
	name := p.expect(tName).val
	for p.cur.typ == tDot {
		p.advance()
		name += "." + p.expect(tName).val
	}
	var a callArgs
	switch p.cur.typ {
	case tLParen:
		a = p.parseCallArgs()
	case tName, tString, tInteger, tFloat, tLBracket, tLBrace:
		if p.isName("else") || p.isName("or") || p.isName("and") {
			break
		}
		if p.isName("is") {
			p.fail("You cannot chain multiple tests with is")
		}
		arg := p.parsePostfix(p.parsePrimary())
		a.args = []expr{arg}
	}
	var t expr = &testExpr{x: x, name: name, callArgs: a}
	if negated {
		t = &notExpr{x: t}
	}
	return t
}
