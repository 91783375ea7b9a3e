package yaql

import "github.com/mistral-go/mistral-go/value"

// argVal is one argument on its way into a call: an expression not yet
// evaluated, an expression with its value, or a plain value (a method's
// receiver, or arguments passed by library code).
type argVal struct {
	n     node // nil for a plain value
	v     any
	has   bool // v is valid
	empty bool // an omitted argument (NO_VALUE)
}

func valArg(v any) argVal { return argVal{v: v, has: true} }

func nodeArg(n node) argVal {
	switch t := n.(type) {
	case *constNode:
		return argVal{n: n, v: t.val, has: true}
	case emptyNode:
		return argVal{n: n, empty: true}
	}
	return argVal{n: n}
}

// kwArg is a name => value argument.
type kwArg struct {
	name string
	a    argVal
}

// callCtx is what a library function sees.
type callCtx struct {
	ec    *evalCtx
	sc    *scope // the context the call is made in
	recv  any    // the receiver of a method call, else noValue
	name  string
	a     []any   // values of the positional then keyword-only parameters
	rest  []any   // *args
	kw    []kwVal // **kwargs in order
	inner *scope
}

// kwVal is one **kwargs entry.
type kwVal struct {
	name string
	v    any
}

// ctx is the fresh child context yaql creates for every call (what let,
// with and def return and lambdas are evaluated under).
func (c *callCtx) ctx() *scope {
	if c.inner == nil {
		c.inner = c.sc.child()
	}
	return c.inner
}

// candidate is an overload with its argument mapping.
type candidate struct {
	o    *overload
	pos  []*param
	lazy uint64 // bit i: positional argument i is lazy
	kwl  []string
}

// collectDefs gathers the overloads of name defined with def(), by
// layer, innermost first.
func collectDefs(sc *scope, name string, method bool, into [][]*overload) [][]*overload {
	for p := sc; p != nil; p = p.parent {
		if p.funcs == nil {
			continue
		}
		var layer []*overload
		for _, o := range p.funcs[name] {
			if (method && o.meth) || (!method && o.fn) {
				layer = append(layer, o)
			}
		}
		if len(layer) > 0 {
			into = append(into, layer)
		}
	}
	return into
}

// appendLib adds the standard library's layers of name.
func appendLib(into [][]*overload, name string, method bool) [][]*overload {
	if lib := stdlib[name]; lib != nil {
		if method && len(lib.methods) > 0 {
			into = append(into, lib.methods)
		} else if !method && len(lib.funcs) > 0 {
			into = append(into, lib.funcs)
		}
		if !method && len(lib.fallback) > 0 {
			into = append(into, lib.fallback)
		}
	}
	return into
}

// invoke resolves name among its overloads and calls the winner, as
// yaql's runner does: filter by arity and names, evaluate the eager
// arguments, check their types, prefer the innermost layer and the most
// specific overload.
func (ec *evalCtx) invoke(sc *scope, name string, recv any, args []argVal, named []kwArg) (any, error) {
	method := recv != noValue
	var layersBuf [4][]*overload
	layers := collectDefs(sc, name, method, layersBuf[:0])
	if !method && len(layers) == 0 && ec.fns != nil {
		if f, ok := ec.fns[name]; ok {
			return ec.callUser(sc, f, name, args, named)
		}
	}
	layers = appendLib(layers, name, method)
	if len(layers) == 0 {
		if method {
			return nil, errUnknownMethod(name, recv)
		}
		return nil, errUnknownFunction(name)
	}
	if method {
		args = append([]argVal{valArg(recv)}, args...)
	}
	noKw := layers[0][0].noKwargs
	pos, kw, err := translateArgs(noKw, args, named)
	if err != nil {
		return nil, err
	}
	var cands [][]candidate
	lazySet := false
	var lazy uint64
	var lazyKw []string
	for _, layer := range layers {
		var lv []candidate
		for _, o := range layer {
			if o.noKwargs != noKw {
				return nil, errAmbiguous(name, recv, method)
			}
			c, ok := mapArgs(o, pos, kw)
			if !ok {
				continue
			}
			if !lazySet {
				lazy, lazyKw, lazySet = c.lazy, c.kwl, true
			} else if lazy != c.lazy || !sameStrings(lazyKw, c.kwl) {
				return nil, errAmbiguous(name, recv, method)
			}
			lv = append(lv, c)
		}
		if len(lv) > 0 {
			cands = append(cands, lv)
		}
	}
	if len(cands) == 0 {
		if method {
			return nil, errNoMatchingMethod(name, recv)
		}
		return nil, errNoMatchingFunction(name)
	}
	// Evaluate the eager arguments, positional first.
	for i := range pos {
		if lazy&(1<<uint(min(i, 63))) != 0 {
			continue
		}
		if err := ec.evalArg(sc, &pos[i]); err != nil {
			return nil, err
		}
	}
	for i := range kw {
		if containsString(lazyKw, kw[i].name) {
			continue
		}
		if err := ec.evalArg(sc, &kw[i].a); err != nil {
			return nil, err
		}
	}
	var best *candidate
	var bestCall *callCtx
	for li := range cands {
		for ci := range cands[li] {
			c := &cands[li][ci]
			cc, ok := bind(ec, sc, recv, c.o, pos, kw)
			if !ok {
				continue
			}
			if best != nil {
				if isSpecialization(best, c) {
					continue
				}
				if !isSpecialization(c, best) {
					return nil, errAmbiguous(name, recv, method)
				}
			}
			best, bestCall = c, cc
		}
		if best != nil {
			break
		}
	}
	if best == nil {
		if method {
			return nil, errNoMatchingMethod(name, recv)
		}
		return nil, errNoMatchingFunction(name)
	}
	bestCall.name = name
	return best.o.call(bestCall)
}

func (ec *evalCtx) evalArg(sc *scope, a *argVal) error {
	if a.has || a.empty || a.n == nil {
		return nil
	}
	v, err := a.n.eval(ec, sc, noValue)
	if err != nil {
		return err
	}
	a.v, a.has = v, true
	return nil
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !containsString(b, a[i]) {
			return false
		}
	}
	return true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// translateArgs moves key => value arguments into keyword arguments
// unless the overloads take none.
func translateArgs(noKw bool, args []argVal, named []kwArg) ([]argVal, []kwArg, error) {
	if noKw {
		if len(named) > 0 {
			return nil, nil, errArgument(named[0].name)
		}
		return args, nil, nil
	}
	hasRule := false
	for _, a := range args {
		if _, ok := a.n.(*ruleNode); ok {
			hasRule = true
			break
		}
	}
	if !hasRule {
		return args, named, nil
	}
	pos := make([]argVal, 0, len(args))
	kw := append([]kwArg(nil), named...)
	for _, a := range args {
		r, ok := a.n.(*ruleNode)
		if !ok {
			pos = append(pos, a)
			continue
		}
		k, ok := r.key.(*constNode)
		if !ok || !k.keyword {
			return nil, nil, errMappingTranslation()
		}
		name := k.val.(string)
		dup := false
		for j := len(named); j < len(kw); j++ {
			if kw[j].name == name {
				kw[j].a, dup = nodeArg(r.x), true
			}
		}
		for _, x := range named {
			if x.name == name {
				return nil, nil, errMappingTranslation()
			}
		}
		if !dup {
			kw = append(kw, kwArg{name: name, a: nodeArg(r.x)})
		}
	}
	return pos, kw, nil
}

// mapArgs is yaql's first, static matching of arguments to parameters:
// arity, names and the types of constants and plain values.
func mapArgs(o *overload, args []argVal, kw []kwArg) (candidate, bool) {
	c := candidate{o: o}
	var posBuf [8]*param
	pos := posBuf[:0]
	for range args {
		pos = append(pos, o.varargs)
	}
	var used uint64 // kw entries consumed by named parameters
	find := func(name string) int {
		for i := range kw {
			if used&(1<<uint(i)) == 0 && kw[i].name == name {
				return i
			}
		}
		return -1
	}
	for i := range o.pos {
		p := &o.pos[i]
		switch {
		case i < len(args) && !args[i].empty:
			if find(p.name) >= 0 {
				return c, false
			}
			pos[i] = p
		case find(p.name) >= 0:
			k := find(p.name)
			used |= 1 << uint(k)
			if p.t.kind.lazy() {
				c.kwl = append(c.kwl, p.name)
			}
		case p.def == noDefault:
			return c, false
		case i < len(args):
			pos[i] = p
		}
	}
	for i := range o.kwonly {
		p := &o.kwonly[i]
		if k := find(p.name); k >= 0 {
			used |= 1 << uint(k)
			if p.t.kind.lazy() {
				c.kwl = append(c.kwl, p.name)
			}
		} else if p.def == noDefault {
			return c, false
		}
	}
	for i := range kw {
		if used&(1<<uint(i)) != 0 {
			continue
		}
		if o.varkw == nil {
			return c, false
		}
		if !precheck(o.varkw.t, kw[i].a) {
			return c, false
		}
		if o.varkw.t.kind.lazy() {
			c.kwl = append(c.kwl, kw[i].name)
		}
	}
	for i, p := range pos {
		if p == nil {
			return c, false
		}
		a := args[i]
		if a.empty {
			if p.def == noDefault {
				if p.t.kind != pObject {
					return c, false
				}
			} else if !checkValue(p.t, p.def) {
				return c, false
			}
		} else if !precheck(p.t, a) {
			return c, false
		}
		if p.t.kind.lazy() && i < 64 {
			c.lazy |= 1 << uint(i)
		}
	}
	c.pos = append([]*param(nil), pos...)
	return c, true
}

// isSpecialization is yaql's _is_specialization_of(a, b): a's parameter
// types are at least as specific as b's, and one strictly.
func isSpecialization(a, b *candidate) bool {
	res := false
	for i := 0; i < len(a.pos) && i < len(b.pos); i++ {
		if b.pos[i] == nil || a.pos[i] == nil {
			continue
		}
		ka, kb := a.pos[i].t.kind, b.pos[i].t.kind
		if specializes(kb, ka) {
			return false
		} else if specializes(ka, kb) {
			res = true
		}
	}
	return res
}

// bind is yaql's get_delegate: the final matching of evaluated arguments
// to parameters; ok is false when a type does not fit.
func bind(ec *evalCtx, sc *scope, recv any, o *overload, args []argVal, kw []kwArg) (*callCtx, bool) {
	c := &callCtx{ec: ec, sc: sc, recv: recv}
	n := len(o.pos) + len(o.kwonly)
	if n > 0 {
		c.a = make([]any, n)
	}
	var used uint64
	find := func(name string) int {
		for i := range kw {
			if used&(1<<uint(i)) == 0 && kw[i].name == name {
				return i
			}
		}
		return -1
	}
	for i := range o.pos {
		p := &o.pos[i]
		var ok bool
		switch {
		case i < len(args) && !args[i].empty:
			if find(p.name) >= 0 {
				return nil, false
			}
			c.a[i], ok = convert(c, p, args[i])
		case find(p.name) >= 0:
			k := find(p.name)
			used |= 1 << uint(k)
			c.a[i], ok = convert(c, p, kw[k].a)
		case p.def != noDefault:
			c.a[i], ok = p.def, checkValue(p.t, p.def)
		default:
			return nil, false
		}
		if !ok {
			return nil, false
		}
	}
	for j := range o.kwonly {
		p := &o.kwonly[j]
		var ok bool
		if k := find(p.name); k >= 0 {
			used |= 1 << uint(k)
			c.a[len(o.pos)+j], ok = convert(c, p, kw[k].a)
		} else if p.def != noDefault {
			c.a[len(o.pos)+j], ok = p.def, checkValue(p.t, p.def)
		}
		if !ok {
			return nil, false
		}
	}
	if len(args) > len(o.pos) {
		if o.varargs == nil {
			return nil, false
		}
		c.rest = make([]any, 0, len(args)-len(o.pos))
		for _, a := range args[len(o.pos):] {
			if a.empty {
				c.rest = append(c.rest, noValue)
				continue
			}
			v, ok := convert(c, o.varargs, a)
			if !ok {
				return nil, false
			}
			c.rest = append(c.rest, v)
		}
	}
	for i := range kw {
		if used&(1<<uint(i)) != 0 {
			continue
		}
		if o.varkw == nil {
			return nil, false
		}
		v, ok := convert(c, o.varkw, kw[i].a)
		if !ok {
			return nil, false
		}
		c.kw = append(c.kw, kwVal{kw[i].name, v})
	}
	return c, true
}

// callUser calls a function from Functions with evaluated arguments.
func (ec *evalCtx) callUser(sc *scope, f Func, name string, args []argVal, named []kwArg) (any, error) {
	pos, kw, err := translateArgs(false, args, named)
	if err != nil {
		return nil, err
	}
	vals := make([]any, 0, len(pos))
	for i := range pos {
		if err := ec.evalArg(sc, &pos[i]); err != nil {
			return nil, err
		}
		if pos[i].empty {
			vals = append(vals, nil)
			continue
		}
		v, err := ec.output(pos[i].v)
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
	}
	var kwm *value.Map
	for i := range kw {
		if err := ec.evalArg(sc, &kw[i].a); err != nil {
			return nil, err
		}
		v, err := ec.output(kw[i].a.v)
		if err != nil {
			return nil, err
		}
		if kwm == nil {
			kwm = value.NewMap(len(kw))
		}
		kwm.Set(kw[i].name, v)
	}
	out, err := f(ec.user, vals, kwm)
	if err != nil {
		if ee, ok := err.(*EvalError); ok {
			return nil, ee
		}
		return nil, pyErr("Exception", err.Error())
	}
	return out, nil
}
