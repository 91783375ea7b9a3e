package jinja

// expr is a compiled Jinja expression.
type expr interface {
	eval(s *state) (any, error)
}

// stmt is a compiled template statement; it writes to s.out.
type stmt interface {
	render(s *state) error
}

type constExpr struct{ v any }

type nameExpr struct {
	name string
}

type getattrExpr struct {
	x    expr
	attr string
}

type getitemExpr struct {
	x   expr
	arg expr
}

type sliceExpr struct{ lo, hi, step expr }

// kwarg is a keyword argument in a call.
type kwarg struct {
	name string
	x    expr
}

// callArgs are the arguments of a call, filter or test.
type callArgs struct {
	args      []expr
	kwargs    []kwarg
	dynArgs   expr
	dynKwargs expr
}

type callExpr struct {
	fn expr
	callArgs
}

type filterExpr struct {
	x    expr // nil in a filter block: the body output
	name string
	callArgs
}

type testExpr struct {
	x    expr
	name string
	callArgs
}

type notExpr struct{ x expr }
type negExpr struct{ x expr }
type posExpr struct{ x expr }

type binExpr struct {
	op   tokType
	l, r expr
}

type concatExpr struct{ args []expr }

type cmpOp struct {
	op string // eq ne lt lteq gt gteq in notin
	y  expr
}

type compareExpr struct {
	x   expr
	ops []cmpOp
}

type andExpr struct{ l, r expr }
type orExpr struct{ l, r expr }

type condExpr struct {
	test, then, els expr
	line            int
}

type listExpr struct{ items []expr }
type tupleExpr struct{ items []expr }

type dictExpr struct {
	keys, vals []expr
}

// target is an assignment target: a name, a tuple of targets, or a
// namespace attribute.
type target struct {
	name  string
	attr  string // namespace attribute when ns is true
	ns    bool
	items []*target // tuple unpacking
	tuple bool
}

// statements

// outputStmt prints template data and expressions.
type outputStmt struct {
	parts []outPart
}

type outPart struct {
	data string
	x    expr // nil for data
}

type ifStmt struct {
	tests  []expr
	bodies [][]stmt
	els    []stmt
}

type forStmt struct {
	target    *target
	iter      expr
	body      []stmt
	els       []stmt
	test      expr
	recursive bool
	line      int
}

type assignStmt struct {
	target *target
	x      expr
}

type assignBlockStmt struct {
	target *target
	filter *filterExpr
	body   []stmt
}

type macroStmt struct {
	m *macroDef
}

type macroDef struct {
	name     string
	params   []string
	defaults []expr // for the last len(defaults) params
	body     []stmt
	// usesCaller, usesVarargs, usesKwargs reflect whether the body
	// refers to the special names.
	usesCaller, usesVarargs, usesKwargs bool
}

type callBlockStmt struct {
	caller *macroDef
	call   *callExpr
}

type filterBlockStmt struct {
	filter *filterExpr
	body   []stmt
}

type withStmt struct {
	targets []*target
	values  []expr
	body    []stmt
}

// scopeStmt renders its body in a new scope (blocks, autoescape).
type scopeStmt struct {
	body       []stmt
	autoescape expr // the {% autoescape %} option, nil for blocks
}

// failStmt fails at run time with a fixed message (template loading,
// which Mistral's environment cannot do).
type failStmt struct {
	msg string
}
