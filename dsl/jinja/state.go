package jinja

import (
	"github.com/mistral-go/mistral-go/value"
)

// Limits bound the cost of one evaluation so a hostile template ends in
// an error instead of a hang or an out-of-memory crash.
const (
	// maxSteps is the evaluation budget: one step per loop iteration,
	// call, per 16 bytes of strings and per item of lists produced.
	maxSteps = 10_000_000
	// maxOutput bounds the size of any string or output produced.
	maxOutput = 64 << 20
	// maxCallDepth bounds macro recursion.
	maxCallDepth = 64
	// maxRange is the sandbox's range() limit.
	maxRange = 100000
)

// Error is an evaluation error; Msg is the Python exception text Mistral
// would report.
type Error struct {
	Msg       string
	undefined bool
}

func (e *Error) Error() string { return e.Msg }

func errorf(msg string) error { return &Error{Msg: msg} }

var errBudget = &Error{Msg: "template evaluation exceeded its budget"}
var errTooBig = &Error{Msg: "template output too large"}

// Vars resolves the variables an evaluation starts with (Mistral's _,
// __env, __execution, __task_execution).
type Vars interface {
	Var(name string) (any, bool)
}

// ObjectTyper is implemented by Vars that supply objects Python would
// name differently from their plain type (Mistral's data context is a
// ContextView, a dict subclass): ObjectType returns the text Jinja2's
// object_type_repr gives for obj, as in "'… object' has no attribute".
type ObjectTyper interface {
	ObjectType(obj any) (string, bool)
}

// frame is one scope of template variables. Most scopes hold a few
// names, kept inline to avoid allocations.
type frame struct {
	parent *frame
	n      int
	inl    [4]binding
	more   []binding
}

type binding struct {
	name string
	val  any
}

func (f *frame) set(name string, v any) {
	for i := 0; i < f.n; i++ {
		if f.inl[i].name == name {
			f.inl[i].val = v
			return
		}
	}
	for i := range f.more {
		if f.more[i].name == name {
			f.more[i].val = v
			return
		}
	}
	if f.n < len(f.inl) {
		f.inl[f.n] = binding{name, v}
		f.n++
		return
	}
	f.more = append(f.more, binding{name, v})
}

func (f *frame) get(name string) (any, bool) {
	for i := len(f.more) - 1; i >= 0; i-- {
		if f.more[i].name == name {
			return f.more[i].val, true
		}
	}
	for i := f.n - 1; i >= 0; i-- {
		if f.inl[i].name == name {
			return f.inl[i].val, true
		}
	}
	return nil, false
}

// reset empties the frame for reuse.
func (f *frame) reset() {
	for i := 0; i < f.n; i++ {
		f.inl[i] = binding{}
	}
	f.n = 0
	f.more = f.more[:0]
}

// state is the per-evaluation state.
type state struct {
	root  frame
	env   *Env
	vars  Vars
	user  any
	frame *frame
	out   []byte
	steps int64
	depth int
	// autoescape is on inside {% autoescape true %}.
	autoescape bool
}

func (s *state) charge(n int64) error {
	s.steps += n
	if s.steps > maxSteps {
		return errBudget
	}
	return nil
}

// chargeBytes accounts for producing n bytes of data.
func (s *state) chargeBytes(n int) error {
	if n > maxOutput {
		return errTooBig
	}
	return s.charge(int64(n>>4) + 1)
}

// lookup resolves a name: template scopes, then the evaluation's
// variables, then the environment's and Jinja's globals.
func (s *state) lookup(name string) any {
	for f := s.frame; f != nil; f = f.parent {
		if v, ok := f.get(name); ok {
			return v
		}
	}
	if s.vars != nil {
		if v, ok := s.vars.Var(name); ok {
			return v
		}
	}
	if v, ok := s.env.globals[name]; ok {
		return v
	}
	return undefinedName(name)
}

// push opens a new scope.
func (s *state) push() *frame {
	f := &frame{parent: s.frame}
	s.frame = f
	return f
}

func (s *state) pop(f *frame) { s.frame = f.parent }

// write appends the Python str() of v to the output.
func (s *state) write(v any) error {
	n := len(s.out)
	var err error
	if _, safe := v.(Markup); s.autoescape && !safe {
		var str string
		if str, err = toStr(v); err != nil {
			return err
		}
		s.out = append(s.out, escapeHTML(str)...)
	} else {
		s.out, err = appendStr(s.out, v)
	}
	if err != nil {
		return err
	}
	if len(s.out) > maxOutput {
		return errTooBig
	}
	return s.chargeBytes(len(s.out) - n)
}

func toStr(v any) (string, error) { return str(v) }

// mapOf builds a dict from alternating keys and values.
func mapOf(kv ...any) *value.Map { return value.MapOf(kv...) }
