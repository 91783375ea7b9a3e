package workflow

import "github.com/mistral-go/mistral-go/value"

// Reverse workflows (dsl.md §12): run every task the target needs, each
// as soon as all it requires has succeeded.

func (x *Execution) target() string { return getStr(x.Rec.Params, "task_name") }

// reverseNext returns the commands to run after task t completed (t nil
// at start and resume).
func (x *Execution) reverseNext(t *Task) []*command {
	var cmds []*command
	if t == nil {
		for _, te := range x.Tasks {
			if te.Rec.State == Idle {
				cmds = append(cmds, &command{kind: cmdRunExisting, spec: te.Spec, task: te, reset: true, ctx: te.Rec.InContext})
			}
		}
	}
	target := x.Def.Spec.Task(x.target())
	for _, s := range x.Def.Spec.RequiredTasks(target) {
		if x.lastTaskNamed(s.Name) != nil {
			continue
		}
		var ups []*Task
		ok := true
		for _, r := range s.Requires {
			found := false
			for _, te := range x.Tasks {
				if te.Rec.Name == r.Name && te.Rec.State == Success {
					found = true
					ups = append(ups, te)
				}
			}
			if !found {
				ok = false
				break
			}
		}
		if ok {
			cmds = append(cmds, &command{kind: cmdRunTask, spec: s, ctx: upstreamContext(ups)})
		}
	}
	return cmds
}

func (x *Execution) reverseFinalContext() *value.Map {
	if t := x.lastTaskNamed(x.target()); t != nil {
		return outbound(t)
	}
	return value.NewMap(0)
}
