package actions

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
)

// DynamicRepr is the start of the Python repr Mistral prints for a
// dynamic action in exception texts.
const DynamicRepr = "<mistral.actions.dynamic_action.DynamicAction object at 0x7f"

// DynamicDef is a dynamic action as stored: the class Class of the
// Python module Module (the code source's name), whose text is Source.
type DynamicDef struct {
	ID        string
	Name      string
	Namespace string
	Module    string
	Source    string
	// SourceVersion is the code source's version.
	SourceVersion int64
	Class         string
	// Input is the class's parameter spec and Description its docstring,
	// as inspected when the action was stored; when Inspected is false the
	// action accepts any input and the class decides.
	Input          string
	Description    string
	HasDescription bool
	Inspected      bool
}

// Action makes the runnable action of d: it checks input against the
// inspected parameter spec (reporting the class as "<module>.<class>",
// as Mistral does) and runs the class in a python3 subprocess.
func (p *Python) Action(d *DynamicDef) (*Action, error) {
	spec := d.Input
	if !d.Inspected {
		spec = "**kwargs"
	}
	sig, err := ParseSignature(spec)
	if err != nil {
		return nil, err
	}
	a := &Action{
		Name:        d.Name,
		Class:       d.Module + "." + d.Class,
		Description: d.Description,
		Signature:   sig,
		repr:        DynamicRepr + strconv.FormatUint(rand.Uint64()&0xfffffffff0|0x8000000000, 16) + ">",
	}
	module, source, class := d.Module, d.Source, d.Class
	a.bind = func(args Args) (runFunc, error) {
		input := args.Input()
		return func(ctx context.Context, ec *ExecContext) (any, error) {
			return p.Run(ctx, module, source, class, input, ec)
		}, nil
	}
	return a, nil
}

// Finder finds actions that a Registry does not hold: the engine asks it
// for names it does not know (after the std and ad-hoc actions). ok is
// false when there is no such action.
type Finder interface {
	FindAction(project, namespace, name string) (a *Action, ok bool, err error)
}

// DynamicLoader loads the dynamic action named name in namespace as
// visible to project (nil, nil when there is none).
type DynamicLoader func(project, namespace, name string) (*DynamicDef, error)

// DynamicActions is the Finder of dynamic actions: it loads their
// definitions with a DynamicLoader and keeps the built actions until
// their definition changes. It is safe for concurrent use.
type DynamicActions struct {
	py   *Python
	load DynamicLoader

	mu    sync.Mutex
	built map[string]builtDynamic
}

// maxBuiltDynamic bounds the built actions kept.
const maxBuiltDynamic = 4096

type builtDynamic struct {
	def DynamicDef
	a   *Action
}

// NewDynamicActions returns the Finder of the dynamic actions load
// loads, run by py.
func NewDynamicActions(py *Python, load DynamicLoader) *DynamicActions {
	return &DynamicActions{py: py, load: load, built: map[string]builtDynamic{}}
}

// FindAction implements Finder.
func (d *DynamicActions) FindAction(project, namespace, name string) (*Action, bool, error) {
	def, err := d.load(project, namespace, name)
	if err != nil || def == nil {
		return nil, false, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if b, ok := d.built[def.ID]; ok && b.def == *def {
		return b.a, true, nil
	}
	a, err := d.py.Action(def)
	if err != nil {
		return nil, false, err
	}
	if len(d.built) >= maxBuiltDynamic {
		// Forget actions that may have been deleted since.
		clear(d.built)
	}
	d.built[def.ID] = builtDynamic{def: *def, a: a}
	return a, true, nil
}
