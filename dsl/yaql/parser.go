package yaql

import "strconv"

// Operator levels, tightest first, as yaql 2.0's operator table orders
// them.
const (
	lvlDot     = 1  // . ?.
	lvlIndex   = 2  // x[…]
	lvlUnary   = 3  // unary + -
	lvlMatch   = 4  // =~ !~
	lvlMul     = 5  // * / mod
	lvlAdd     = 6  // + -
	lvlCmp     = 7  // > < >= <= != = in
	lvlNot     = 8  // not
	lvlAnd     = 9  // and
	lvlOr      = 10 // or
	lvlArrow   = 11 // -> (right associative)
	lvlLoosest = 12
)

var binaryLevel = map[string]int{
	".": lvlDot, "?.": lvlDot,
	"=~": lvlMatch, "!~": lvlMatch,
	"*": lvlMul, "/": lvlMul, "mod": lvlMul,
	"+": lvlAdd, "-": lvlAdd,
	">": lvlCmp, "<": lvlCmp, ">=": lvlCmp, "<=": lvlCmp, "!=": lvlCmp, "=": lvlCmp, "in": lvlCmp,
	"and": lvlAnd, "or": lvlOr, "->": lvlArrow,
}

// opFuncName is the function yaql resolves a binary operator to.
func opFuncName(op string) string {
	switch op {
	case "=":
		return "*equal"
	case "!=":
		return "*not_equal"
	}
	return "#operator_" + op
}

type parser struct {
	src    string
	toks   []token
	i      int
	depth  int
	lexErr error
}

// errLex is returned by the parser on reaching an illegal character.
var errLex = &GrammarError{}

func parse(text string) (n node, err error) {
	toks, lexErr := tokenize(text)
	p := &parser{src: text, toks: toks, lexErr: lexErr}
	defer func() {
		if err == errLex {
			n, err = nil, p.lexErr
		}
	}()
	n, err = p.expr(lvlLoosest)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tkEOF {
		return nil, p.unexpected(t)
	}
	return n, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tkEOF && t.kind != tkLexErr {
		p.i++
	}
	return t
}

func (p *parser) unexpected(t token) error {
	if t.kind == tkLexErr {
		return errLex
	}
	if t.kind == tkEOF {
		return &GrammarError{Msg: "Parse error: unexpected end of statement"}
	}
	return &GrammarError{Msg: "Parse error: unexpected '" + t.display() + "' at position " + strconv.Itoa(t.pos) + " of expression '" + p.src + "'"}
}

// expr parses an expression whose binary operators bind tighter than
// limit (or, for the right-associative ->, as tight).
func (p *parser) expr(limit int) (node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxParseDepth {
		return nil, &GrammarError{Msg: "Parse error: expression is nested too deeply"}
	}
	left, err := p.prefix()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		switch t.kind {
		case tkIndexer:
			if lvlIndex >= limit {
				return left, nil
			}
			p.next()
			args, err := p.args(tkRBrack)
			if err != nil {
				return nil, err
			}
			left = newOp("#indexer", append([]node{left}, args...))
			continue
		case tkOp:
		default:
			return left, nil
		}
		lvl, ok := binaryLevel[t.text]
		if !ok || lvl >= limit {
			return left, nil
		}
		p.next()
		rlimit := lvl
		if lvl == lvlArrow {
			rlimit = lvl + 1
		}
		right, err := p.expr(rlimit)
		if err != nil {
			return nil, err
		}
		left = newOp(opFuncName(t.text), []node{left, right})
	}
}

// prefix parses an operand: a literal, $var, (…), [list], {map}, f(…),
// or a prefix operator applied to its operand.
func (p *parser) prefix() (node, error) {
	t := p.next()
	switch t.kind {
	case tkNumber:
		return &constNode{val: t.num}, nil
	case tkString:
		return &constNode{val: t.text}, nil
	case tkKeyword:
		return &constNode{val: t.text, keyword: true}, nil
	case tkTrue:
		return &constNode{val: true}, nil
	case tkFalse:
		return &constNode{val: false}, nil
	case tkNull:
		return &constNode{val: nil}, nil
	case tkDollar:
		return &varNode{name: normVar(t.text)}, nil
	case tkLParen:
		x, err := p.expr(lvlLoosest)
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tkRParen {
			return nil, p.unexpected(c)
		}
		return &wrapNode{x: x}, nil
	case tkIndexer:
		args, err := p.args(tkRBrack)
		if err != nil {
			return nil, err
		}
		return newOp("#list", args), nil
	case tkMap:
		args, err := p.args(tkRBrace)
		if err != nil {
			return nil, err
		}
		return newOp("#map", args), nil
	case tkFunc:
		args, err := p.args(tkRParen)
		if err != nil {
			return nil, err
		}
		return &callNode{name: t.text, args: args}, nil
	case tkOp:
		lvl := 0
		switch t.text {
		case "+", "-":
			lvl = lvlUnary
		case "not":
			lvl = lvlNot
		}
		if lvl != 0 {
			x, err := p.expr(lvl)
			if err != nil {
				return nil, err
			}
			return newOp("#unary_operator_"+t.text, []node{x}), nil
		}
	}
	return nil, p.unexpected(t)
}

// args parses an argument list up to closer, the opening token already
// consumed. It accepts exactly what yaql's grammar accepts: positional
// arguments (with omitted ones: f(,1), f(1,,2)) followed by key => value
// arguments, separated from the positional ones by one or two commas.
func (p *parser) args(closer tokKind) ([]node, error) {
	var out []node
	if p.peek().kind == closer {
		p.next()
		return out, nil
	}
	sep := 0 // commas before the current item
	for p.peek().kind == tkComma {
		p.next()
		sep++
		out = append(out, emptyNode{})
	}
	named, npos, first := false, 0, true
	for {
		v, err := p.expr(lvlLoosest)
		if err != nil {
			return nil, err
		}
		if t := p.peek(); t.kind == tkMapping {
			ok := first && sep == 0 || named && sep == 1 || !named && npos > 0 && (sep == 1 || sep == 2)
			if !ok {
				return nil, p.unexpected(t)
			}
			p.next()
			x, err := p.expr(lvlLoosest)
			if err != nil {
				return nil, err
			}
			out = append(out, &ruleNode{key: v, x: x})
			named = true
		} else {
			if named {
				return nil, p.unexpected(t)
			}
			out = append(out, v)
			npos++
		}
		first = false
		t := p.next()
		switch t.kind {
		case closer:
			return out, nil
		case tkComma:
		default:
			return nil, p.unexpected(t)
		}
		sep = 1
		for p.peek().kind == tkComma {
			if named {
				return nil, p.unexpected(p.peek())
			}
			p.next()
			sep++
		}
		for i := 1; i < sep; i++ {
			out = append(out, emptyNode{})
		}
		if t := p.peek(); t.kind == closer {
			return nil, p.unexpected(t)
		}
	}
}

func newOp(name string, args []node) *opNode {
	n := &opNode{name: name, args: args}
	n.fast = fastFor(n)
	return n
}
