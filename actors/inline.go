package actors

import (
	"context"

	"github.com/mistral-go/mistral-go/actors/workflow"
	"github.com/mistral-go/mistral-go/value"
)

// Pure actions (std.noop, and std.echo without a delay, directly or as
// the base of an ad-hoc action) have no effect outside the engine and
// finish at once. The actor runs them inline, before the batch holding
// their action execution is committed: the RUNNING state never needs to
// be durable first, since running one twice or not at all before a
// crash is indistinguishable. A chain of such tasks then costs one
// batch instead of one per task. Everything else goes to the executor.

// inlineLimit bounds the inline runs of one event, so a workflow looping
// over pure tasks forever still yields its actor.
const inlineLimit = 1000

func pureAction(ra *workflow.RunAction) bool {
	def := ra.Action.Def
	if def == nil {
		return false
	}
	name := ""
	switch {
	case def.Std != nil:
		name = def.Std.Name
	case def.AdHoc != nil:
		name = def.AdHoc.Base.Name
	}
	switch name {
	case "std.noop":
		return true
	case "std.echo":
		if def.AdHoc != nil {
			return false // the delay is in the evaluated base input
		}
		d, _ := ra.Action.Rec.Input.Get("delay")
		return !value.Truthy(d)
	}
	return false
}

// runInline runs the pure actions among the effects of the event now,
// feeding their results back to the controller.
func (a *execActor) runInline() {
	if a.e.cfg.NoInline || a.x == nil {
		return
	}
	o := &a.out
	for n := 0; n < inlineLimit; n++ {
		i := -1
		for j, ef := range o.Effects {
			if ra, ok := ef.(*workflow.RunAction); ok && pureAction(ra) {
				i = j
				break
			}
		}
		if i < 0 {
			return
		}
		ra := o.Effects[i].(*workflow.RunAction)
		copy(o.Effects[i:], o.Effects[i+1:])
		o.Effects[len(o.Effects)-1] = nil
		o.Effects = o.Effects[:len(o.Effects)-1]
		res := ra.Call.Run(context.Background(), &ra.Context, 0)
		a.x.OnActionResult(o, ra.Action.Rec.ID, res.State, res.Data)
	}
}
