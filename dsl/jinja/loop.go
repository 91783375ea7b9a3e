package jinja

import (
	"github.com/mistral-go/mistral-go/value"
)

// loopObj is the `loop` variable of a for loop.
type loopObj struct {
	items []any
	i     int
	depth int
	body  *forStmt
	last  []any // for changed()
	seen  bool
}

func (l *loopObj) PyRepr() string {
	return "<LoopContext " + itoa(l.i+1) + "/" + itoa(len(l.items)) + ">"
}

func (l *loopObj) attr(name string) (any, bool) {
	n := int64(len(l.items))
	i := int64(l.i)
	switch name {
	case "index0":
		return i, true
	case "index":
		return i + 1, true
	case "revindex":
		return n - i, true
	case "revindex0":
		return n - i - 1, true
	case "first":
		return i == 0, true
	case "last":
		return i == n-1, true
	case "length":
		return n, true
	case "depth":
		return int64(l.depth), true
	case "depth0":
		return int64(l.depth - 1), true
	case "previtem":
		if i == 0 {
			return &Undefined{hint: "there is no previous item", name: "previtem", strict: true}, true
		}
		return l.items[i-1], true
	case "nextitem":
		if i == n-1 {
			return &Undefined{hint: "there is no next item", name: "nextitem", strict: true}, true
		}
		return l.items[i+1], true
	case "cycle":
		return &boundMethod{recv: l, name: "cycle", fn: loopCycle}, true
	case "changed":
		return &boundMethod{recv: l, name: "changed", fn: loopChanged}, true
	}
	return nil, false
}

func loopCycle(s *state, recv any, args []any, kw *value.Map) (any, error) {
	l := recv.(*loopObj)
	if len(args) == 0 {
		return nil, errorf("no items for cycling given")
	}
	return args[l.i%len(args)], nil
}

func loopChanged(s *state, recv any, args []any, kw *value.Map) (any, error) {
	l := recv.(*loopObj)
	if l.seen {
		same, err := seqEqual(l.last, args)
		if err != nil {
			return nil, err
		}
		if same {
			return false, nil
		}
	}
	l.seen = true
	l.last = append([]any(nil), args...)
	return true, nil
}

// call renders a recursive loop over a new iterable: loop(children).
func (l *loopObj) call(s *state, args []any, kw *value.Map) (any, error) {
	if l.body == nil || !l.body.recursive {
		return nil, errorf("Tried to call non recursive loop.  Maybe you forgot the 'recursive' modifier.")
	}
	if len(args) != 1 {
		return nil, errorf("loop() takes exactly one argument")
	}
	s.depth++
	defer func() { s.depth-- }()
	if s.depth > maxCallDepth {
		return nil, errorf("maximum recursion depth exceeded")
	}
	saved := s.out
	s.out = nil
	err := l.body.run(s, args[0], l.depth+1)
	text := string(s.out)
	s.out = saved
	return text, err
}

func (n *forStmt) render(s *state) error {
	it, err := n.iter.eval(s)
	if err != nil {
		return err
	}
	return n.run(s, it, 1)
}

// run executes the loop over the iterable it at the given depth.
func (n *forStmt) run(s *state, it any, depth int) error {
	items, err := iterate(s, it)
	if err != nil {
		return err
	}
	outer := s.frame
	defer func() { s.frame = outer }()
	if n.test != nil {
		var kept []any
		tf := &frame{parent: outer}
		for _, x := range items {
			if err := s.charge(1); err != nil {
				return err
			}
			tf.reset()
			s.frame = tf
			if err := assign(s, n.target, x); err != nil {
				return err
			}
			v, err := n.test.eval(s)
			if err != nil {
				return err
			}
			ok, err := truthy(v)
			if err != nil {
				return err
			}
			if ok {
				kept = append(kept, x)
			}
		}
		items = kept
		s.frame = outer
	}
	if len(items) == 0 {
		if n.els == nil {
			return nil
		}
		s.frame = &frame{parent: outer}
		return renderBody(s, n.els)
	}
	loop := &loopObj{items: items, depth: depth, body: n}
	f := &frame{parent: outer}
	for i, x := range items {
		if err := s.charge(1); err != nil {
			return err
		}
		loop.i = i
		f.reset()
		s.frame = f
		f.set("loop", loop)
		if err := assign(s, n.target, x); err != nil {
			return err
		}
		if err := renderBody(s, n.body); err != nil {
			return err
		}
	}
	return nil
}

// macro is a callable defined by {% macro %} (or the caller of a call
// block).
type macro struct {
	def     *macroDef
	closure *frame
}

func (m *macro) PyRepr() string { return "<Macro '" + m.def.name + "'>" }

func (m *macro) call(s *state, args []any, kw *value.Map) (any, error) {
	d := m.def
	s.depth++
	defer func() { s.depth-- }()
	if s.depth > maxCallDepth {
		return nil, errorf("maximum recursion depth exceeded while calling a Python object")
	}
	if len(args) > len(d.params) && !d.usesVarargs {
		return nil, errorf("macro '" + d.name + "' takes not more than " + itoa(len(d.params)) + " argument(s)")
	}
	f := &frame{parent: m.closure}
	vals := make([]any, len(d.params))
	set := make([]bool, len(d.params))
	for i := 0; i < len(args) && i < len(d.params); i++ {
		vals[i], set[i] = args[i], true
	}
	var extraKw *value.Map
	var caller any
	if kw != nil {
		for i := 0; i < kw.Len(); i++ {
			k, v := kw.At(i)
			idx := -1
			for j, p := range d.params {
				if p == k {
					idx = j
				}
			}
			switch {
			case idx >= 0:
				if set[idx] {
					return nil, errorf("macro '" + d.name + "' got multiple values for argument '" + k + "'")
				}
				vals[idx], set[idx] = v, true
			case k == "caller" && d.usesCaller:
				caller = v
			case d.usesKwargs:
				if extraKw == nil {
					extraKw = value.NewMap(1)
				}
				extraKw.Set(k, v)
			default:
				return nil, errorf("macro '" + d.name + "' takes no keyword argument '" + k + "'")
			}
		}
	}
	saved := s.frame
	s.frame = f
	defer func() { s.frame = saved }()
	firstDefault := len(d.params) - len(d.defaults)
	for i, p := range d.params {
		v := vals[i]
		if !set[i] {
			if i >= firstDefault {
				x, err := d.defaults[i-firstDefault].eval(s)
				if err != nil {
					return nil, err
				}
				v = x
			} else {
				v = &Undefined{hint: "parameter " + value.Repr(p) + " was not provided", name: p, strict: true}
			}
		}
		f.set(p, v)
	}
	if d.usesVarargs {
		var extra Tuple
		if len(args) > len(d.params) {
			extra = append(Tuple{}, args[len(d.params):]...)
		} else {
			extra = Tuple{}
		}
		f.set("varargs", extra)
	}
	if d.usesKwargs {
		if extraKw == nil {
			extraKw = value.NewMap(0)
		}
		f.set("kwargs", extraKw)
	}
	if d.usesCaller {
		if caller == nil {
			caller = &Undefined{hint: "No caller defined", name: "caller", strict: true}
		}
		f.set("caller", caller)
	}
	savedOut := s.out
	s.out = nil
	err := renderBody(s, d.body)
	text := string(s.out)
	s.out = savedOut
	if err != nil {
		return nil, err
	}
	return text, nil
}
