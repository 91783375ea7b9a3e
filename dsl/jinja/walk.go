package jinja

// AST walking, for the checks Jinja2 makes when it compiles a template.

// visitor is called for every expression; soft is true inside if
// statements and conditional expressions, where Jinja2 defers unknown
// filters and tests to run time. Returning false stops the walk.
type visitor func(x expr, soft bool) bool

func walkArgs(a *callArgs, soft bool, v visitor) bool {
	for _, x := range a.args {
		if !walkExpr(x, soft, v) {
			return false
		}
	}
	for _, k := range a.kwargs {
		if !walkExpr(k.x, soft, v) {
			return false
		}
	}
	return walkExpr(a.dynArgs, soft, v) && walkExpr(a.dynKwargs, soft, v)
}

func walkExpr(x expr, soft bool, v visitor) bool {
	if x == nil {
		return true
	}
	if !v(x, soft) {
		return false
	}
	switch n := x.(type) {
	case *getattrExpr:
		return walkExpr(n.x, soft, v)
	case *getitemExpr:
		return walkExpr(n.x, soft, v) && walkExpr(n.arg, soft, v)
	case *sliceExpr:
		return walkExpr(n.lo, soft, v) && walkExpr(n.hi, soft, v) && walkExpr(n.step, soft, v)
	case *callExpr:
		return walkExpr(n.fn, soft, v) && walkArgs(&n.callArgs, soft, v)
	case *filterExpr:
		return walkExpr(n.x, soft, v) && walkArgs(&n.callArgs, soft, v)
	case *testExpr:
		return walkExpr(n.x, soft, v) && walkArgs(&n.callArgs, soft, v)
	case *notExpr:
		return walkExpr(n.x, soft, v)
	case *negExpr:
		return walkExpr(n.x, soft, v)
	case *posExpr:
		return walkExpr(n.x, soft, v)
	case *binExpr:
		return walkExpr(n.l, soft, v) && walkExpr(n.r, soft, v)
	case *concatExpr:
		for _, a := range n.args {
			if !walkExpr(a, soft, v) {
				return false
			}
		}
	case *compareExpr:
		if !walkExpr(n.x, soft, v) {
			return false
		}
		for _, op := range n.ops {
			if !walkExpr(op.y, soft, v) {
				return false
			}
		}
	case *andExpr:
		return walkExpr(n.l, soft, v) && walkExpr(n.r, soft, v)
	case *orExpr:
		return walkExpr(n.l, soft, v) && walkExpr(n.r, soft, v)
	case *condExpr:
		return walkExpr(n.then, true, v) && walkExpr(n.test, true, v) && walkExpr(n.els, true, v)
	case *listExpr:
		for _, a := range n.items {
			if !walkExpr(a, soft, v) {
				return false
			}
		}
	case *tupleExpr:
		for _, a := range n.items {
			if !walkExpr(a, soft, v) {
				return false
			}
		}
	case *dictExpr:
		for i := range n.keys {
			if !walkExpr(n.keys[i], soft, v) || !walkExpr(n.vals[i], soft, v) {
				return false
			}
		}
	}
	return true
}

func walkBody(body []stmt, soft bool, v visitor) bool {
	for _, st := range body {
		if !walkStmt(st, soft, v) {
			return false
		}
	}
	return true
}

func walkStmt(st stmt, soft bool, v visitor) bool {
	switch n := st.(type) {
	case *outputStmt:
		for _, p := range n.parts {
			if !walkExpr(p.x, soft, v) {
				return false
			}
		}
	case *ifStmt:
		for i := range n.tests {
			if !walkExpr(n.tests[i], true, v) || !walkBody(n.bodies[i], true, v) {
				return false
			}
		}
		return walkBody(n.els, true, v)
	case *forStmt:
		return walkExpr(n.test, false, v) && walkExpr(n.iter, soft, v) &&
			walkBody(n.body, false, v) && walkBody(n.els, false, v)
	case *assignStmt:
		return walkExpr(n.x, soft, v)
	case *assignBlockStmt:
		return walkBody(n.body, soft, v) && walkFilter(n.filter, soft, v)
	case *macroStmt:
		return walkMacro(n.m, v)
	case *callBlockStmt:
		return walkExpr(n.call, soft, v) && walkMacro(n.caller, v)
	case *filterBlockStmt:
		return walkFilter(n.filter, soft, v) && walkBody(n.body, soft, v)
	case *withStmt:
		for _, x := range n.values {
			if !walkExpr(x, soft, v) {
				return false
			}
		}
		return walkBody(n.body, soft, v)
	case *scopeStmt:
		return walkBody(n.body, soft, v)
	}
	return true
}

func walkFilter(f *filterExpr, soft bool, v visitor) bool {
	if f == nil {
		return true
	}
	return walkExpr(f, soft, v)
}

func walkMacro(m *macroDef, v visitor) bool {
	for _, d := range m.defaults {
		if !walkExpr(d, false, v) {
			return false
		}
	}
	return walkBody(m.body, false, v)
}

// scan records which special names the macro body uses.
func (m *macroDef) scan() {
	walkBody(m.body, false, func(x expr, _ bool) bool {
		if n, ok := x.(*nameExpr); ok {
			switch n.name {
			case "caller":
				m.usesCaller = true
			case "varargs":
				m.usesVarargs = true
			case "kwargs":
				m.usesKwargs = true
			}
		}
		return true
	})
}

// checkFilters reports the first unknown filter or test outside
// conditional code, as Jinja2's compiler does.
func (e *Env) checkFilters(body []stmt) error {
	var err error
	walkBody(body, false, func(x expr, soft bool) bool {
		if soft {
			return true
		}
		switch n := x.(type) {
		case *filterExpr:
			if e.filter(n.name) == nil {
				err = errorf("No filter named '" + n.name + "'.")
				return false
			}
		case *testExpr:
			if e.test(n.name) == nil {
				err = errorf("No test named '" + n.name + "'.")
				return false
			}
		}
		return true
	})
	return err
}
