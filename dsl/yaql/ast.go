package yaql

// node is a parsed expression. Nodes are immutable after parsing and
// shared by every evaluation. recv is the receiver when a name(…) call is
// the right side of '.', else noValue.
type node interface {
	eval(ec *evalCtx, sc *scope, recv any) (any, error)
}

// constNode is a literal: number, quoted string, true/false/null, or a bare
// word (keyword is then true: yaql's KeywordConstant).
type constNode struct {
	val     any
	keyword bool
}

// varNode is $, $1, $name.
type varNode struct {
	name string // normalised: "$" is "$1"
}

// wrapNode is a parenthesised expression.
type wrapNode struct{ x node }

// emptyNode is an omitted argument: f(1,,2).
type emptyNode struct{}

// ruleNode is `key => value` in an argument list.
type ruleNode struct {
	key, x node
}

// callNode is name(args) as written; it becomes a method call when it is
// the right side of '.'.
type callNode struct {
	name string
	args []node
	site siteCache
}

// opNode is an operator, an indexer, or a list or map literal: yaql
// resolves them as calls of #operator_+, #indexer, #list, #map, … .
// fast, when set, evaluates the common cases directly with the result
// the overload resolution would give; it reports ok=false to fall back.
type opNode struct {
	name string
	args []node
	fast fastFn
	site siteCache
}

func (n *constNode) eval(ec *evalCtx, sc *scope, recv any) (any, error) { return n.val, nil }

func (n *varNode) eval(ec *evalCtx, sc *scope, recv any) (any, error) {
	return sc.get(n.name), nil
}

func (n *wrapNode) eval(ec *evalCtx, sc *scope, recv any) (any, error) {
	return n.x.eval(ec, sc, recv)
}

func (emptyNode) eval(ec *evalCtx, sc *scope, recv any) (any, error) { return noValue, nil }

func (n *ruleNode) eval(ec *evalCtx, sc *scope, recv any) (any, error) {
	k, err := n.key.eval(ec, sc, recv)
	if err != nil {
		return nil, err
	}
	v, err := n.x.eval(ec, sc, recv)
	if err != nil {
		return nil, err
	}
	return mappingRule{k, v}, nil
}

// pushArgs places the arguments of a call on the evaluation's argument
// stack (saving an allocation per call); popArgs releases them.
func (ec *evalCtx) pushArgs(nodes []node) ([]argVal, int) {
	base := len(ec.argStack)
	for _, a := range nodes {
		ec.argStack = append(ec.argStack, nodeArg(a))
	}
	return ec.argStack[base:len(ec.argStack):len(ec.argStack)], base
}

func (ec *evalCtx) popArgs(base int) {
	clear(ec.argStack[base:])
	ec.argStack = ec.argStack[:base]
}

func (n *callNode) eval(ec *evalCtx, sc *scope, recv any) (any, error) {
	if err := ec.step(); err != nil {
		return nil, err
	}
	if err := ec.enter(); err != nil {
		return nil, err
	}
	defer ec.leave()
	args, base := ec.pushArgs(n.args)
	defer ec.popArgs(base)
	return ec.invokeSite(sc, n.name, recv, args, nil, &n.site)
}

func (n *opNode) eval(ec *evalCtx, sc *scope, recv any) (any, error) {
	if err := ec.step(); err != nil {
		return nil, err
	}
	if err := ec.enter(); err != nil {
		return nil, err
	}
	defer ec.leave()
	args, base := ec.pushArgs(n.args)
	defer ec.popArgs(base)
	if n.fast != nil && !ec.defs {
		v, ok, err := n.fast(ec, sc, args)
		if ok || err != nil {
			return v, err
		}
	}
	return ec.invokeSite(sc, n.name, noValue, args, nil, &n.site)
}
