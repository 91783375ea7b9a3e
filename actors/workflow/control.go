package workflow

import (
	"fmt"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// API commands: pause, resume, stop, env and description updates, task
// rerun, action execution updates (states.md §3.4–§3.7, api.md §8.4,
// §9.3, §10.3).

// Pause pauses the execution and its running sub-workflows.
func (x *Execution) Pause(out *Output) error {
	x.begin(out)
	defer x.finish()
	return x.pause(nil, false)
}

// Resume resumes a PAUSED or IDLE execution, merging env into its env
// first; in any other state it does nothing.
func (x *Execution) Resume(out *Output, env *value.Map) error {
	if x.Rec.State != Paused && x.Rec.State != Idle {
		return nil
	}
	x.begin(out)
	defer x.finish()
	if err := x.updateEnv(env); err != nil {
		return err
	}
	x.controlChildren(ChildResume, nil, false)
	return x.resume(nil)
}

// resume sets the workflow RUNNING and continues it: tasks completed
// while paused follow their transitions, IDLE tasks run, saved commands
// run.
func (x *Execution) resume(env *value.Map) error {
	if err := x.setState(Running, nil, false); err != nil {
		return err
	}
	cmds, err := x.pendingCommands()
	if err != nil {
		return err
	}
	err = x.continueWith(cmds)
	x.notifyParent()
	return err
}

// pendingCommands is continue_workflow() without a task.
func (x *Execution) pendingCommands() ([]*command, error) {
	if x.Completed() {
		return nil, nil
	}
	if x.Def.Spec.Type == dsl.Reverse {
		return x.reverseNext(nil), nil
	}
	var cmds []*command
	for _, t := range x.Tasks {
		if t.Rec.State == Idle {
			cmds = append(cmds, &command{kind: cmdRunExisting, spec: t.Spec, task: t, reset: true, ctx: t.Rec.InContext})
		}
	}
	for _, t := range x.Tasks {
		if IsCompleted(t.Rec.State) && !t.Rec.Processed {
			next, err := x.nextCommands(t)
			if err != nil {
				return nil, err
			}
			cmds = append(cmds, next...)
		}
	}
	return cmds, nil
}

// continueWith is Workflow._continue_workflow.
func (x *Execution) continueWith(cmds []*command) error {
	kept := cmds[:0:0]
	for _, c := range cmds {
		if c.kind != cmdPause {
			kept = append(kept, c)
		}
	}
	for _, t := range x.Tasks {
		if IsCompleted(t.Rec.State) && !t.Rec.Processed {
			t.Rec.Processed = true
			x.touchTask(t)
		}
	}
	if len(kept) > 0 || len(x.eng.Backlog) > 0 {
		return x.dispatch(kept)
	}
	x.checkAndComplete()
	return nil
}

// Stop ends the execution in state SUCCESS (output computed now), ERROR
// (ignored when completed or paused) or CANCELLED (with its
// sub-workflows; ignored when completed).
func (x *Execution) Stop(out *Output, state, msg string, hasMsg bool) error {
	x.begin(out)
	defer x.finish()
	var m any
	if hasMsg {
		m = msg
	}
	return x.stop(state, m, hasMsg)
}

// UpdateDescription changes the description.
func (x *Execution) UpdateDescription(out *Output, d string) {
	x.begin(out)
	defer x.finish()
	x.Rec.Description = d
	x.touch()
}

// UpdateEnv merges env into the execution's env (IDLE, PAUSED or ERROR
// only: else a ForbiddenError).
func (x *Execution) UpdateEnv(out *Output, env *value.Map) error {
	x.begin(out)
	defer x.finish()
	return x.updateEnv(env)
}

func (x *Execution) updateEnv(env *value.Map) error {
	if env.Len() == 0 {
		return nil
	}
	switch x.Rec.State {
	case Idle, Paused, Error:
	default:
		return &storage.ForbiddenError{Msg: "Updating env to workflow execution is only permitted if it is in IDLE, PAUSED, or ERROR state."}
	}
	params := x.Rec.Params.Clone()
	merged := value.Merged(getMap(params, "env"), env)
	params.Set("env", merged)
	x.Rec.Params = params
	if x.eng.ParentID == "" {
		x.env = merged
	}
	x.touch()
	return nil
}

// Rerun reruns a failed task (the API checked it is in ERROR): nothing
// happens while the workflow is paused.
func (x *Execution) Rerun(out *Output, taskID string, reset bool, env *value.Map) error {
	t := x.byID[taskID]
	if t == nil {
		return &storage.NotFoundError{Msg: fmt.Sprintf("Task execution not found [id=%s]", taskID)}
	}
	if x.Rec.State == Paused {
		return nil
	}
	x.begin(out)
	defer x.finish()
	if err := x.updateEnv(env); err != nil {
		return err
	}
	if err := x.rerunUp(); err != nil {
		return err
	}
	t.Rec.RuntimeContext = value.NewMap(0)
	t.eng.Timers, t.eng.SkipWaitBefore, t.eng.SkipWaitAfter = nil, false, false
	x.touchTask(t)
	c := &command{kind: cmdRunExisting, spec: t.Spec, task: t, reset: reset, rerun: true, ctx: t.Rec.InContext, wait: t.Spec.Join != 0}
	return x.continueWith([]*command{c})
}

// rerunUp sets this workflow RUNNING and asks the parent (if any) to do
// the same and to set its task RUNNING.
func (x *Execution) rerunUp() error {
	if err := x.setState(Running, nil, false); err != nil {
		return err
	}
	if x.eng.ParentID != "" {
		x.emit(&NotifyParent{ParentID: x.eng.ParentID, TaskID: x.Rec.TaskExecutionID, ChildID: x.Rec.ID, State: Running, Rerun: true})
	}
	return nil
}

// childRerun handles a sub-workflow being rerun: the parent workflow
// goes RUNNING again, and so does the task that ran the child.
func (x *Execution) childRerun(childID string) {
	c := x.children[childID]
	if x.Rec.State != Running {
		if err := x.rerunUp(); err != nil {
			return
		}
	}
	c.State, c.Accepted = Running, false
	c.Task.acc.valid = false
	x.setTaskState(c.Task, Running, "", false, false, &isFalse)
}

// UpdateAction applies PUT /v2/action_executions/{id} to an action
// execution of this workflow: a result (SUCCESS, ERROR, CANCELLED) or a
// state change (PAUSED, RUNNING).
func (x *Execution) UpdateAction(out *Output, id, state string, output any, hasOutput bool) error {
	a := x.actions[id]
	if a == nil {
		return &storage.NotFoundError{Msg: fmt.Sprintf("ActionExecution not found [id=%s]", id)}
	}
	x.begin(out)
	defer x.finish()
	switch state {
	case Success, Error, Cancelled:
		if IsCompleted(a.Rec.State) {
			return &storage.ConflictError{Msg: fmt.Sprintf("Action %s is already completed", id)}
		}
		data := output
		st := actions.StateSuccess
		switch state {
		case Error:
			st = actions.StateError
			if !value.Truthy(output) {
				data = "Unknown error"
			}
		case Cancelled:
			st, data = actions.StateCancelled, nil
		}
		if st == actions.StateSuccess {
			def, err := x.actionDef(a)
			if err == nil && def != nil && def.AdHoc != nil {
				data, err = def.AdHoc.Transform(data)
			}
			if err != nil {
				msg := fmt.Sprintf("Failed to complete action [error=%s, action=%s, task=%s]", err, a.Rec.Name, a.Task.Rec.Name)
				a.Rec.State, a.Rec.Output = Error, value.MapOf("result", msg)
				a.Task.acc.valid = false
				x.touchAction(a)
				x.forceFailTask(a.Task, msg)
				return nil
			}
		}
		x.completeAction(a, st, data)
	case Paused, Running:
		if state == Paused && !a.Async {
			return &storage.InvalidError{Msg: "Transition to the PAUSED state is only supported for asynchronous action execution."}
		}
		if !ValidTransition(a.Rec.State, state) {
			return &storage.InvalidError{Msg: fmt.Sprintf("Invalid state transition from %s to %s.", a.Rec.State, state)}
		}
		a.Rec.State = state
		a.Task.acc.valid = false
		x.touchAction(a)
		x.childStateChanged(a.Task, state)
	default:
		return &storage.InvalidError{Msg: fmt.Sprintf("Error. Expected one of %s, actual: %s", "['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING']", state)}
	}
	return nil
}

// actionDef returns the definition of an action execution's action,
// looking it up after a reload.
func (x *Execution) actionDef(a *Action) (*ActionDef, error) {
	if a.Def != nil {
		return a.Def, nil
	}
	def, err := x.host.FindAction(x.Rec.ProjectID, x.Rec.WorkflowNamespace, a.Rec.Name)
	if err != nil {
		return nil, err
	}
	a.Def = def
	return def, nil
}

// Snapshot returns a copy of an action execution record as it is now.
func (x *Execution) Snapshot(id string) *storage.ActionExecution {
	a := x.actions[id]
	if a == nil {
		return nil
	}
	c := *a.Rec
	return &c
}
