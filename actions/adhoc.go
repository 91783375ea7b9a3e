package actions

import (
	"context"
	"fmt"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/dsl/expr"
	"github.com/mistral-go/mistral-go/value"
)

// AdHoc is an ad-hoc action (dsl.md §13) resolved down to the std action
// it finally runs: a chain of ad-hoc levels, outermost first, each one's
// base being the next level, the last one's base being Base. It is
// immutable and may be shared.
type AdHoc struct {
	// Levels are the ad-hoc definitions, outermost first; Levels[0] is
	// the action that was asked for.
	Levels []*dsl.Action
	// Base is the std action at the bottom of the chain.
	Base *Action
	sig  *Signature
}

// AdHocFinder finds what the base of an ad-hoc level names: either an
// ad-hoc action (returned as a definition) or a std action. It returns
// two nils when nothing has that name.
type AdHocFinder func(from *dsl.Action, name string) (*dsl.Action, *Action, error)

// NewAdHoc resolves the chain of top, an action of namespace. A base that cannot be found gives
// "Failed to find base action [...]", a chain that comes back to one of
// its levels "Found a cycle in an ad-hoc action chain [...]".
func NewAdHoc(top *dsl.Action, namespace string, find AdHocFinder) (*AdHoc, error) {
	a := &AdHoc{Levels: []*dsl.Action{top}, sig: adHocSignature(top)}
	visited := map[string]bool{top.Name: true}
	cur := top
	for {
		if visited[cur.Base] {
			return nil, fmt.Errorf("Found a cycle in an ad-hoc action chain [action_name=%s, duplicate_action_name=%s]", top.Name, cur.Base)
		}
		visited[cur.Base] = true
		def, std, err := find(cur, cur.Base)
		if err != nil {
			return nil, err
		}
		switch {
		case std != nil:
			a.Base = std
			return a, nil
		case def != nil:
			visited[def.Name] = true
			a.Levels = append(a.Levels, def)
			cur = def
		default:
			return nil, fmt.Errorf("Failed to find base action [action_name=%s namespace=%s] ", cur.Base, namespace)
		}
	}
}

func adHocSignature(d *dsl.Action) *Signature {
	ps := make([]Param, len(d.Input))
	for i, p := range d.Input {
		ps[i] = Param{Name: p.Name, Required: !p.HasDefault, Default: p.Default}
	}
	return NewSignature(ps)
}

// Name returns the name of the outermost level.
func (a *AdHoc) Name() string { return a.Levels[0].Name }

// Async reports whether the action completes later, through the API (as
// its base does).
func (a *AdHoc) Async() bool { return a.Base.Async }

// Check checks input against the declared input of the outermost level:
// "Invalid input [name=…, class=mistral.actions.adhoc.AdHocAction, …]".
// An ad-hoc action without input accepts no parameters.
func (a *AdHoc) Check(input *value.Map) error {
	return a.sig.Check(a.Name(), AdHocClass, input)
}

// WithDefaults returns input with the declared defaults of the outermost
// level added for missing keys (input itself when none is missing).
func (a *AdHoc) WithDefaults(input *value.Map) *value.Map {
	out := input
	for _, p := range a.Levels[0].Input {
		if p.HasDefault && !out.Has(p.Name) {
			if out == input {
				out = input.Clone()
			}
			out.Set(p.Name, p.Default)
		}
	}
	return out
}

// Bind instantiates the chain with the given input: each level's input
// gets its declared defaults, then its base-input is evaluated with that
// input layered over data (the workflow's data: task context, env,
// globals; nil outside a workflow), giving the next level's input; the
// base action is bound to the last one. The returned Call runs the base
// action and transforms a successful result through each level's output,
// innermost first. funcs backs env(), task() and friends in base-input.
func (a *AdHoc) Bind(input, data *value.Map, funcs expr.Functions) (*Call, error) {
	if err := a.Check(input); err != nil {
		return nil, err
	}
	cur := input
	for _, lvl := range a.Levels {
		withDefaults := cur
		for _, p := range lvl.Input {
			if p.HasDefault && !withDefaults.Has(p.Name) {
				if withDefaults == cur {
					withDefaults = cur.Clone()
				}
				withDefaults.Set(p.Name, p.Default)
			}
		}
		next := value.NewMap(0)
		if lvl.BaseInput != nil {
			v, err := lvl.BaseInput.Eval(&expr.Context{Root: Layered(withDefaults, data), Funcs: funcs})
			if err != nil {
				return nil, err
			}
			m, ok := v.(*value.Map)
			if !ok {
				return nil, fmt.Errorf("Failed to instantiate an action [action_name=%s]: base-input is not a mapping", lvl.Name)
			}
			next = m
		}
		cur = next
	}
	base, err := a.Base.Bind(cur)
	if err != nil {
		return nil, err
	}
	outer := &Action{Name: a.Name(), Class: AdHocClass, Signature: a.sig, Async: a.Base.Async, repr: a.Base.repr}
	return &Call{Action: outer, run: func(ctx context.Context, ec *ExecContext) (any, error) {
		data, err := base.run(ctx, ec)
		if err != nil || a.Base.Async {
			return data, err
		}
		return a.Transform(data)
	}}, nil
}

// Transform applies the output of every level to a successful result of
// the base action, innermost level first ($ is the result so far). An
// asynchronous ad-hoc action's result delivered through the API goes
// through it too.
func (a *AdHoc) Transform(result any) (any, error) {
	for i := len(a.Levels) - 1; i >= 0; i-- {
		out := a.Levels[i].Output
		if out == nil {
			continue
		}
		v, err := out.Eval(&expr.Context{Root: result})
		if err != nil {
			return nil, err
		}
		result = v
	}
	return result, nil
}

// Layered returns the mapping a lookup through the layers sees: every key
// of every layer, the first layer holding a key giving its value (a
// shallow view: nested maps are not merged). Nil layers are skipped. The
// result may share the first non-empty layer when it is the only one.
func Layered(layers ...*value.Map) *value.Map {
	nonEmpty, total := 0, 0
	var first *value.Map
	for _, l := range layers {
		if l.Len() > 0 {
			nonEmpty++
			total += l.Len()
			if first == nil {
				first = l
			}
		}
	}
	switch nonEmpty {
	case 0:
		return value.NewMap(0)
	case 1:
		return first
	}
	out := value.NewMap(total)
	for _, l := range layers {
		for i := 0; i < l.Len(); i++ {
			k, v := l.At(i)
			if !out.Has(k) {
				out.Set(k, v)
			}
		}
	}
	return out
}
