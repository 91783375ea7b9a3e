package yaql

// libEntry holds the standard library's overloads of one name.
type libEntry struct {
	funcs    []*overload // callable as functions
	methods  []*overload // callable as methods
	fallback []*overload // an outer layer, tried when funcs match nothing
}

// stdlib is the standard library as Mistral configures it, by name.
var stdlib = map[string]*libEntry{}

// ob builds one overload.
type ob struct {
	o        *overload
	fallback bool
	genKind  string
}

func newOb(name string, fn, meth bool) *ob {
	return &ob{o: &overload{name: name, fn: fn, meth: meth}}
}

// fn starts a plain function, meth a method, ext an extension method
// (callable both ways).
func fn(name string) *ob   { return newOb(name, true, false) }
func meth(name string) *ob { return newOb(name, false, true) }
func ext(name string) *ob  { return newOb(name, true, true) }

// T is a parameter type that rejects null, N one that accepts it.
func T(k pkind) ptype { return ptype{kind: k} }
func N(k pkind) ptype { return ptype{kind: k, nullable: true} }

// p adds a required positional parameter.
func (b *ob) p(name string, t ptype) *ob {
	b.o.pos = append(b.o.pos, param{name: name, t: t, def: noDefault})
	return b
}

// d adds a positional parameter with a default.
func (b *ob) d(name string, t ptype, def any) *ob {
	b.o.pos = append(b.o.pos, param{name: name, t: t, def: def})
	return b
}

// va adds *args.
func (b *ob) va(name string, t ptype) *ob {
	b.o.varargs = &param{name: name, t: t, def: noDefault}
	return b
}

// kwo adds a keyword-only parameter.
func (b *ob) kwo(name string, t ptype, def any) *ob {
	b.o.kwonly = append(b.o.kwonly, param{name: name, t: t, def: def})
	return b
}

// vkw adds **kwargs.
func (b *ob) vkw(name string, t ptype) *ob {
	b.o.varkw = &param{name: name, t: t, def: noDefault}
	return b
}

func (b *ob) noKw() *ob { b.o.noKwargs = true; return b }

func (b *ob) inFallback() *ob { b.fallback = true; return b }

// gen marks a Python generator function: its arguments are taken at the
// call, but its body runs only when the first item is drawn (so, for
// instance, an orderBy it consumes is not sorted before that).
func (b *ob) gen(kind string) *ob { b.genKind = kind; return b }

// do registers the overload with its implementation.
func (b *ob) do(f func(c *callCtx) (any, error)) {
	if kind := b.genKind; kind != "" {
		body := f
		f = func(c *callCtx) (any, error) {
			var it *iterator
			return newIter(kind, func() (any, bool, error) {
				if it == nil {
					v, err := body(c)
					if err != nil {
						return nil, false, err
					}
					it = v.(*iterator)
				}
				return it.Next()
			}), nil
		}
	}
	b.o.call = f
	e := stdlib[b.o.name]
	if e == nil {
		e = &libEntry{}
		stdlib[b.o.name] = e
	}
	switch {
	case b.fallback:
		e.fallback = append(e.fallback, b.o)
	default:
		if b.o.fn {
			e.funcs = append(e.funcs, b.o)
		}
		if b.o.meth {
			e.methods = append(e.methods, b.o)
		}
	}
}
