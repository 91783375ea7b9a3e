package jinja

import (
	"strconv"

	"github.com/mistral-go/mistral-go/value"
)

// Jinja's default globals: range (the sandbox's bounded one), dict,
// cycler, joiner and namespace.

func defaultGlobals() map[string]any {
	return map[string]any{
		"range":     &builtin{name: "range", fn: globalRange},
		"dict":      &builtin{name: "dict", fn: globalDict},
		"cycler":    &builtin{name: "Cycler", fn: globalCycler},
		"joiner":    &builtin{name: "Joiner", fn: globalJoiner},
		"namespace": &builtin{name: "Namespace", fn: globalNamespace},
	}
}

func globalRange(s *state, args []any, kw *value.Map) (any, error) {
	if err := noKwargs("range", kw); err != nil {
		return nil, err
	}
	if len(args) == 0 {
		return nil, errorf("range expected at least 1 argument, got 0")
	}
	if len(args) > 3 {
		return nil, errorf("range expected at most 3 arguments, got " + strconv.Itoa(len(args)))
	}
	n := make([]int64, len(args))
	for i, a := range args {
		v, err := toInt(a, "")
		if err != nil {
			return nil, err
		}
		n[i] = v
	}
	r := rangeVal{step: 1}
	switch len(n) {
	case 1:
		r.stop = n[0]
	case 2:
		r.start, r.stop = n[0], n[1]
	default:
		r.start, r.stop, r.step = n[0], n[1], n[2]
		if r.step == 0 {
			return nil, errorf("range() arg 3 must not be zero")
		}
	}
	if r.len() > maxRange {
		return nil, errorf("Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).")
	}
	return r, nil
}

// dictFrom implements dict(*args, **kwargs).
func dictFrom(s *state, name string, args []any, kw *value.Map) (*value.Map, error) {
	if len(args) > 1 {
		return nil, errorf(name + " expected at most 1 argument, got " + strconv.Itoa(len(args)))
	}
	m := value.NewMap(0)
	if len(args) == 1 {
		switch src := args[0].(type) {
		case *value.Map:
			for i := 0; i < src.Len(); i++ {
				k, v := src.At(i)
				m.Set(k, v)
			}
		default:
			items, err := iterate(s, src)
			if err != nil {
				return nil, err
			}
			for i, it := range items {
				pair, err := iterate(s, it)
				if err != nil {
					return nil, errorf("cannot convert dictionary update sequence element #" + strconv.Itoa(i) + " to a sequence")
				}
				if len(pair) != 2 {
					return nil, errorf("dictionary update sequence element #" + strconv.Itoa(i) + " has length " + strconv.Itoa(len(pair)) + "; 2 is required")
				}
				k, err := dictKey(pair[0])
				if err != nil {
					return nil, err
				}
				m.Set(k, pair[1])
			}
		}
	}
	if kw != nil {
		for i := 0; i < kw.Len(); i++ {
			k, v := kw.At(i)
			m.Set(k, v)
		}
	}
	return m, nil
}

func globalDict(s *state, args []any, kw *value.Map) (any, error) {
	return dictFrom(s, "dict", args, kw)
}

func globalNamespace(s *state, args []any, kw *value.Map) (any, error) {
	m, err := dictFrom(s, "dict", args, kw)
	if err != nil {
		return nil, err
	}
	return &Namespace{m: m}, nil
}

// cycler is Jinja's Cycler.
type cycler struct {
	items []any
	pos   int
}

func (c *cycler) PyRepr() string { return "<jinja2.utils.Cycler object at 0x7f0000000000>" }

func (c *cycler) attr(name string) (any, bool) {
	switch name {
	case "items":
		return append([]any(nil), c.items...), true
	case "pos":
		return int64(c.pos), true
	case "current":
		return c.items[c.pos], true
	case "next", "__next__":
		return &boundMethod{recv: c, name: "next", fn: func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			v := c.items[c.pos]
			c.pos = (c.pos + 1) % len(c.items)
			return v, nil
		}}, true
	case "reset":
		return &boundMethod{recv: c, name: "reset", fn: func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			c.pos = 0
			return nil, nil
		}}, true
	}
	return nil, false
}

func globalCycler(s *state, args []any, kw *value.Map) (any, error) {
	if err := noKwargs("Cycler", kw); err != nil {
		return nil, err
	}
	if len(args) == 0 {
		return nil, errorf("at least one item has to be provided")
	}
	return &cycler{items: append([]any(nil), args...)}, nil
}

// joiner is Jinja's Joiner: "" on the first call, the separator after.
type joiner struct {
	sep  string
	used bool
}

func (j *joiner) PyRepr() string { return "<jinja2.utils.Joiner object at 0x7f0000000000>" }

var joinerSig = &sig{name: "Joiner.__init__", params: []string{"self", "sep"}, required: 1}

func globalJoiner(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(joinerSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	sep, err := str(arg(a[1], ", "))
	if err != nil {
		return nil, err
	}
	return &joiner{sep: sep}, nil
}

func (j *joiner) call(args []any) (any, error) {
	if len(args) > 0 {
		return nil, errorf("Joiner.__call__() takes 1 positional argument but " + strconv.Itoa(len(args)+1) + " were given")
	}
	if !j.used {
		j.used = true
		return "", nil
	}
	return j.sep, nil
}
