package yaql

import (
	"sync/atomic"

	"github.com/mistral-go/mistral-go/value"
)

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
	abuf  [4]any
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
		if p.funcs() == nil {
			continue
		}
		var layer []*overload
		for _, o := range p.funcs()[name] {
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

// resolution is the static part of resolving a call: which overloads
// can take the arguments as written, before any is evaluated. It depends
// only on the call's shape (argument expressions, names) and, for a
// method, on the class of its receiver, so call sites cache it.
type resolution struct {
	fail   int     // failNone, or why resolution failed before evaluation
	posIdx []int   // positional arguments after translation: indexes into args
	kws    []kwRef // keyword arguments after translation
	layers [][]candidate
	lazy   uint64
	lazyKw []string
}

// kwRef locates a keyword argument: the value of a key => value argument
// (args[arg]) or a name => value passed by library code (named[named]).
type kwRef struct {
	name  string
	arg   int
	named int
}

const (
	failNone = iota
	failUnknown
	failNoMatch
	failAmbiguous
	failMapping
	failArgument
)

func (r *resolution) err(name string, recv any, method bool, named []kwArg) error {
	switch r.fail {
	case failUnknown:
		if method {
			return errUnknownMethod(name, recv)
		}
		return errUnknownFunction(name)
	case failNoMatch:
		if method {
			return errNoMatchingMethod(name, recv)
		}
		return errNoMatchingFunction(name)
	case failAmbiguous:
		return errAmbiguous(name, recv, method)
	case failMapping:
		return errMappingTranslation()
	case failArgument:
		return errArgument(named[0].name)
	}
	return nil
}

// argsOf builds the translated positional and keyword arguments.
func (r *resolution) argsOf(args []argVal, named []kwArg, pos []argVal, kw []kwArg) ([]argVal, []kwArg) {
	for _, i := range r.posIdx {
		pos = append(pos, args[i])
	}
	for _, k := range r.kws {
		if k.arg >= 0 {
			kw = append(kw, kwArg{name: k.name, a: nodeArg(args[k.arg].n.(*ruleNode).x)})
		} else {
			kw = append(kw, named[k.named])
		}
	}
	return pos, kw
}

// resolveStatic is yaql's overload filtering before evaluation.
func resolveStatic(layers [][]*overload, args []argVal, named []kwArg) *resolution {
	r := &resolution{}
	if len(layers) == 0 {
		r.fail = failUnknown
		return r
	}
	noKw := layers[0][0].noKwargs
	if !translateIdx(r, noKw, args, named) {
		return r
	}
	pos, kw := r.argsOf(args, named, nil, nil)
	lazySet := false
	for _, layer := range layers {
		var lv []candidate
		for _, o := range layer {
			if o.noKwargs != noKw {
				r.fail = failAmbiguous
				return r
			}
			c, ok := mapArgs(o, pos, kw)
			if !ok {
				continue
			}
			if !lazySet {
				r.lazy, r.lazyKw, lazySet = c.lazy, c.kwl, true
			} else if r.lazy != c.lazy || !sameStrings(r.lazyKw, c.kwl) {
				r.fail = failAmbiguous
				return r
			}
			lv = append(lv, c)
		}
		if len(lv) > 0 {
			r.layers = append(r.layers, lv)
		}
	}
	if len(r.layers) == 0 {
		r.fail = failNoMatch
	}
	return r
}

// translateIdx is translateArgs recording indexes.
func translateIdx(r *resolution, noKw bool, args []argVal, named []kwArg) bool {
	if noKw {
		if len(named) > 0 {
			r.fail = failArgument
			return false
		}
		for i := range args {
			r.posIdx = append(r.posIdx, i)
		}
		return true
	}
	for i, a := range args {
		rn, ok := a.n.(*ruleNode)
		if !ok {
			r.posIdx = append(r.posIdx, i)
			continue
		}
		k, ok := rn.key.(*constNode)
		if !ok || !k.keyword {
			r.fail = failMapping
			return false
		}
		name := k.val.(string)
		dup := false
		for j := range r.kws {
			if r.kws[j].name == name {
				r.kws[j].arg, dup = i, true
			}
		}
		if !dup {
			r.kws = append(r.kws, kwRef{name: name, arg: i, named: -1})
		}
	}
	for j, x := range named {
		for _, k := range r.kws {
			if k.name == x.name {
				r.fail = failMapping
				return false
			}
		}
		r.kws = append(r.kws, kwRef{name: x.name, arg: -1, named: j})
	}
	return true
}

// siteCache caches resolutions of one call site by receiver class.
type siteCache struct {
	byClass [numClasses + 1]atomic.Pointer[resolution]
}

// invoke resolves name among its overloads and calls the winner, as
// yaql's runner does: filter by arity and names, evaluate the eager
// arguments, check their types, prefer the innermost layer and the most
// specific overload.
func (ec *evalCtx) invoke(sc *scope, name string, recv any, args []argVal, named []kwArg) (any, error) {
	return ec.invokeSite(sc, name, recv, args, named, nil)
}

func (ec *evalCtx) invokeSite(sc *scope, name string, recv any, args []argVal, named []kwArg, site *siteCache) (any, error) {
	method := recv != noValue
	var layers [][]*overload
	if ec.defs {
		var layersBuf [4][]*overload
		layers = collectDefs(sc, name, method, layersBuf[:0])
	}
	if !method && len(layers) == 0 && ec.fns != nil {
		if f, ok := ec.fns[name]; ok {
			return ec.callUser(sc, f, name, args, named)
		}
	}
	base := len(ec.argStack)
	defer ec.popArgs(base)
	if method {
		ec.argStack = append(ec.argStack, valArg(recv))
		ec.argStack = append(ec.argStack, args...)
		args = ec.argStack[base:len(ec.argStack):len(ec.argStack)]
	}
	var r *resolution
	if site != nil && len(layers) == 0 && named == nil {
		cls := 0
		if method {
			cls = classOf(recv) + 1
		}
		if r = site.byClass[cls].Load(); r == nil {
			r = resolveStatic(appendLib(nil, name, method), args, named)
			site.byClass[cls].Store(r)
		}
	} else {
		r = resolveStatic(appendLib(layers, name, method), args, named)
	}
	if r.fail != failNone {
		return nil, r.err(name, recv, method, named)
	}
	mark := len(ec.argStack)
	for _, i := range r.posIdx {
		ec.argStack = append(ec.argStack, args[i])
	}
	pos := ec.argStack[mark:len(ec.argStack):len(ec.argStack)]
	var kw []kwArg
	if len(r.kws) > 0 {
		_, kw = r.argsOf(args, named, nil, nil)
		_ = kw
		kw = kw[:0:0]
		for _, k := range r.kws {
			if k.arg >= 0 {
				kw = append(kw, kwArg{name: k.name, a: nodeArg(args[k.arg].n.(*ruleNode).x)})
			} else {
				kw = append(kw, named[k.named])
			}
		}
	}
	// Evaluate the eager arguments, positional first.
	for i := range pos {
		if r.lazy&(1<<uint(min(i, 63))) != 0 {
			continue
		}
		if err := ec.evalArg(sc, &pos[i]); err != nil {
			return nil, err
		}
	}
	for i := range kw {
		if containsString(r.lazyKw, kw[i].name) {
			continue
		}
		if err := ec.evalArg(sc, &kw[i].a); err != nil {
			return nil, err
		}
	}
	var best *candidate
	var bestCall, spare *callCtx
	for li := range r.layers {
		for ci := range r.layers[li] {
			c := &r.layers[li][ci]
			cc, ok := bind(ec, sc, recv, c.o, pos, kw, spare)
			if !ok {
				spare = cc
				continue
			}
			spare = nil
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
func bind(ec *evalCtx, sc *scope, recv any, o *overload, args []argVal, kw []kwArg, reuse *callCtx) (c *callCtx, ok bool) {
	sc.captured = true
	if reuse != nil {
		*reuse = callCtx{ec: ec, sc: sc, recv: recv}
		c = reuse
	} else {
		c = &callCtx{ec: ec, sc: sc, recv: recv}
	}
	n := len(o.pos) + len(o.kwonly)
	if n <= len(c.abuf) {
		c.a = c.abuf[:n]
	} else {
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
				return c, false
			}
			c.a[i], ok = convert(c, p, args[i])
		case find(p.name) >= 0:
			k := find(p.name)
			used |= 1 << uint(k)
			c.a[i], ok = convert(c, p, kw[k].a)
		case p.def != noDefault:
			c.a[i], ok = p.def, checkValue(p.t, p.def)
		default:
			return c, false
		}
		if !ok {
			return c, false
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
			return c, false
		}
	}
	if len(args) > len(o.pos) {
		if o.varargs == nil {
			return c, false
		}
		c.rest = make([]any, 0, len(args)-len(o.pos))
		for _, a := range args[len(o.pos):] {
			if a.empty {
				c.rest = append(c.rest, noValue)
				continue
			}
			v, ok := convert(c, o.varargs, a)
			if !ok {
				return c, false
			}
			c.rest = append(c.rest, v)
		}
	}
	for i := range kw {
		if used&(1<<uint(i)) != 0 {
			continue
		}
		if o.varkw == nil {
			return c, false
		}
		v, ok := convert(c, o.varkw, kw[i].a)
		if !ok {
			return c, false
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
