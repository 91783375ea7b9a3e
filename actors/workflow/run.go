package workflow

import (
	"fmt"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// Running tasks: Mistral's task_handler.run_task and the Task classes'
// run paths (engine/tasks.py).

// newTask creates a task execution in memory.
func (x *Execution) newTask(spec *dsl.Task, ctx *value.Map, triggeredBy []any, state, info string, hasInfo bool) *Task {
	now := x.nowSec()
	if ctx == nil {
		ctx = value.NewMap(0)
	}
	tags := spec.Tags
	if tags == nil {
		tags = []string{}
	}
	rc := value.NewMap(2)
	if len(triggeredBy) > 0 {
		rc.Set("triggered_by", triggeredBy)
	}
	t := &Task{
		Spec: spec,
		Seq:  len(x.Tasks),
		Rec: &storage.Task{
			ID:                  x.host.NewID(),
			Name:                spec.Name,
			Type:                spec.Kind.String(),
			WorkflowName:        x.Rec.WorkflowName,
			WorkflowNamespace:   x.Rec.WorkflowNamespace,
			WorkflowID:          x.Rec.WorkflowID,
			WorkflowExecutionID: x.Rec.ID,
			Tags:                tags,
			State:               state,
			StateInfo:           info,
			HasStateInfo:        hasInfo,
			ProjectID:           x.Rec.ProjectID,
			RuntimeContext:      rc,
			Result:              []any{},
			Published:           value.NewMap(0),
			CreatedAt:           now,
			InContext:           ctx,
		},
	}
	x.Tasks = append(x.Tasks, t)
	x.byID[t.Rec.ID] = t
	if spec.Join != 0 {
		x.joins[spec.Name] = t
	}
	x.touchTask(t)
	if state != "" {
		x.recordChange(t, "")
	}
	return t
}

// setTaskState is Task.set_state: it changes state and info, stamps
// started_at/finished_at, and optionally the processed flag. It returns
// whether anything changed.
func (x *Execution) setTaskState(t *Task, state, info string, hasInfo, rerun bool, processed *bool) {
	cur := t.Rec.State
	if cur == state && t.Rec.HasStateInfo == hasInfo && t.Rec.StateInfo == info {
		return
	}
	t.Rec.State, t.Rec.StateInfo, t.Rec.HasStateInfo = state, info, hasInfo
	now := x.nowSec()
	if state == Running && (cur == "" || cur == Waiting || rerun) {
		t.Rec.StartedAt = now
	}
	if IsCompleted(state) {
		t.Rec.FinishedAt = now
	}
	if rerun {
		t.Rec.FinishedAt = 0
	}
	if processed != nil {
		t.Rec.Processed = *processed
	}
	x.touchTask(t)
	if cur != state {
		x.recordChange(t, cur)
	}
}

var isFalse = false

// runTask runs a task command; an error while starting the task fails
// the task and forces the workflow to ERROR.
func (x *Execution) runTask(c *command) {
	t, err := x.runTaskCmd(c)
	if err != nil {
		name := c.spec.Name
		x.forceFailTask(t, fmt.Sprintf("Failed to run task [error=%s, wf=%s, task=%s]", err, x.Rec.WorkflowName, name))
		return
	}
	x.checkAffected(t)
}

func (x *Execution) runTaskCmd(c *command) (*Task, error) {
	if c.kind == cmdRunExisting {
		t := c.task
		if t.Spec.Join != 0 && c.rerun {
			x.setTaskState(t, Waiting, "Task is waiting.", true, false, nil)
			x.scheduleRefresh(t)
			return t, nil
		}
		return t, x.runExisting(t, c.reset, c.rerun, c.triggeredBy)
	}
	if c.wait {
		return x.deferJoin(c), nil
	}
	t := x.newTask(c.spec, c.ctx, c.triggeredBy, "", "", false)
	x.setTaskState(t, Running, "", false, false, nil)
	if err := x.beforeTaskStart(t); err != nil {
		return t, err
	}
	if t.Rec.State != Running {
		return t, nil
	}
	return t, x.scheduleActions(t)
}

// deferJoin puts a join task in WAITING: its one execution is created on
// the first trigger and reused by later ones (Task.defer).
func (x *Execution) deferJoin(c *command) *Task {
	t := x.joins[c.spec.Name]
	if t == nil {
		return x.newTask(c.spec, c.ctx, c.triggeredBy, Waiting, "Task is waiting.", true)
	}
	if t.Rec.State != Waiting {
		x.setTaskState(t, Waiting, "Task is waiting.", true, false, nil)
	}
	return t
}

// runExisting runs a task execution again: a join whose condition now
// holds, a task held by a policy, or a rerun (RegularTask._run_existing).
func (x *Execution) runExisting(t *Task, reset, rerun bool, triggeredBy []any) error {
	if t.Rec.State == Success {
		return fmt.Errorf("Rerunning succeeded tasks is not supported.")
	}
	x.setTaskState(t, Running, "", false, rerun, &isFalse)
	if rerun {
		if err := x.beforeTaskStart(t); err != nil {
			return err
		}
		if t.Rec.State != Running {
			return nil
		}
	}
	x.updateInboundContext(t)
	if len(triggeredBy) > 0 {
		x.runtimeContext(t).Set("triggered_by", triggeredBy)
	}
	x.resetActions(t, reset)
	return x.scheduleActions(t)
}

// updateInboundContext recomputes the inbound context of an existing
// task from its upstream executions and updates it (shallowly).
func (x *Execution) updateInboundContext(t *Task) {
	ctx := x.inboundContext(t.Spec)
	if ctx.Len() == 0 {
		return
	}
	in := t.Rec.InContext.Clone()
	in.Update(ctx)
	t.Rec.InContext = in
	x.touchTask(t)
}

// resetActions un-accepts the task's previous executions: all of them on
// reset, else only the failed or cancelled ones.
func (x *Execution) resetActions(t *Task, reset bool) {
	t.acc.valid = false
	for _, a := range t.Actions {
		if reset || (a.Rec.Accepted && (a.Rec.State == Error || a.Rec.State == Cancelled)) {
			if a.Rec.Accepted {
				a.Rec.Accepted = false
				x.touchAction(a)
			}
		}
	}
	for _, c := range t.Children {
		if reset || (c.Accepted && (c.State == Error || c.State == Cancelled)) {
			c.Accepted = false
		}
	}
	x.refreshResult(t)
}

// runtimeContext returns the task's runtime context for changing it.
func (x *Execution) runtimeContext(t *Task) *value.Map {
	if t.Rec.RuntimeContext == nil {
		t.Rec.RuntimeContext = value.NewMap(2)
	}
	x.touchTask(t)
	return t.Rec.RuntimeContext
}

// inboundContext is the context a task starts with when it is not
// triggered by one transition: the merge of its upstream executions'
// outbound contexts (data_flow.evaluate_upstream_context).
func (x *Execution) inboundContext(spec *dsl.Task) *value.Map {
	var ups []*Task
	if len(spec.Inbound) == 0 {
		return value.NewMap(0)
	}
	if spec.Join == 0 {
		first := spec.Inbound[0].Name
		for _, t := range x.Tasks {
			if t.Rec.Name == first && IsCompleted(t.Rec.State) && t.Rec.Processed {
				ups = append(ups, t)
			}
		}
	} else {
		for _, t := range x.Tasks {
			if !IsCompleted(t.Rec.State) || !isInbound(spec, t.Rec.Name) {
				continue
			}
			for _, n := range t.eng.Next {
				if n.Name == spec.Name {
					ups = append(ups, t)
					break
				}
			}
		}
	}
	return upstreamContext(ups)
}

func isInbound(spec *dsl.Task, name string) bool {
	for _, in := range spec.Inbound {
		if in.Name == name {
			return true
		}
	}
	return false
}

// upstreamContext merges the outbound contexts of ups, then all their
// published variables on top.
func upstreamContext(ups []*Task) *value.Map {
	ctx := value.NewMap(0)
	pub := value.NewMap(0)
	for _, t := range ups {
		pub = value.Merged(pub, t.Rec.Published)
		ctx = value.Merged(ctx, outbound(t))
	}
	return value.Merged(ctx, pub)
}

// outbound is a task's outbound context: its inbound context with its
// published variables replacing top-level keys.
func outbound(t *Task) *value.Map {
	if t.Rec.Published.Len() == 0 {
		if t.Rec.InContext == nil {
			return value.NewMap(0)
		}
		return t.Rec.InContext
	}
	out := t.Rec.InContext.Clone()
	out.Update(t.Rec.Published)
	return out
}
