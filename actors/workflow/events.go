package workflow

import (
	"fmt"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/value"
)

// Events from the runtime: action results, sub-workflow results, timers.

// begin binds the output of one event.
func (x *Execution) begin(out *Output) { x.out = out }

// finish runs what the event scheduled for after its commands: the
// completion check and the join re-evaluations, until nothing is left.
func (x *Execution) finish() {
	for x.needCheck || len(x.refresh) > 0 {
		if x.needCheck {
			x.needCheck = false
			x.checkAndComplete()
			continue
		}
		t := x.refresh[0]
		x.refresh = x.refresh[1:]
		x.refreshTaskState(t)
	}
	x.wipeResults()
	x.out = nil
}

// OnActionResult records the result of an action execution and
// continues its task. StatePending (an async action started) changes
// nothing. Results for unknown or already completed action executions
// are ignored.
func (x *Execution) OnActionResult(out *Output, id string, st actions.State, data any) {
	a := x.actions[id]
	if a == nil || IsCompleted(a.Rec.State) || st == actions.StatePending {
		return
	}
	x.begin(out)
	defer x.finish()
	x.completeAction(a, st, data)
}

// completeAction is RegularAction.complete followed by the task's
// on_action_complete.
func (x *Execution) completeAction(a *Action, st actions.State, data any) {
	prev := a.Rec.State
	switch st {
	case actions.StateSuccess:
		a.Rec.State = Success
	case actions.StateCancelled:
		a.Rec.State = Cancelled
	default:
		a.Rec.State = Error
	}
	a.Rec.Output = value.MapOf("result", data)
	a.Task.noteAccepted(a.Rec.Accepted, prev, a.Rec.State)
	a.Rec.Accepted = true
	x.touchAction(a)
	x.taskActionDone(a.Task, a.Rec.State, data, a.Rec.Name)
}

// taskActionDone continues a task after one of its action or
// sub-workflow executions completed with state and result.
func (x *Execution) taskActionDone(t *Task, state string, result any, actionName string) {
	var err error
	if len(t.Spec.WithItems) > 0 {
		err = x.onWithItemsResult(t)
	} else {
		x.refreshResult(t)
		info, has := "", false
		if state != Success && value.Truthy(result) {
			info, has = value.Str(result), true
		}
		err = x.completeTask(t, state, info, has)
	}
	if err != nil {
		x.forceFailTask(t, fmt.Sprintf("Failed to handle action completion [error=%s, wf=%s, task=%s, action=%s]",
			err, x.Rec.WorkflowName, t.Rec.Name, actionName))
		return
	}
	x.checkAffected(t)
}

// OnChildResult handles a sub-workflow's report: completed (SUCCESS,
// ERROR, CANCELLED) or PAUSED / RUNNING again.
func (x *Execution) OnChildResult(out *Output, n *NotifyParent) {
	if x.children[n.ChildID] == nil {
		return
	}
	x.begin(out)
	defer x.finish()
	if n.Rerun {
		x.childRerun(n.ChildID)
		return
	}
	x.childResult(n)
}

func (x *Execution) childResult(n *NotifyParent) {
	c := x.children[n.ChildID]
	t := c.Task
	if !IsCompleted(n.State) {
		t.acc.valid = false
		c.State = n.State
		x.childStateChanged(t, n.State)
		return
	}
	if IsCompleted(c.State) && c.Accepted {
		return
	}
	prev := c.State
	c.State, c.Output, c.StateInfo, c.HasStateInfo = n.State, n.Output, n.StateInfo, n.HasStateInfo
	t.noteAccepted(c.Accepted, prev, c.State)
	c.Accepted = true
	x.touchTask(t)
	var result any
	if n.Output != nil {
		result, _ = n.Output.Get("result")
	}
	x.taskActionDone(t, n.State, result, c.Name)
}

// childStateChanged is Task.update for a sub-workflow (or an async
// action) paused or resumed, then the workflow follows (states.md §4.4).
func (x *Execution) childStateChanged(t *Task, state string) {
	if IsCompleted(t.Rec.State) || !ValidTransition(t.Rec.State, state) {
		return
	}
	if state == Running && x.taskHasPausedChild(t) {
		return
	}
	x.setTaskState(t, state, "", false, false, nil)
	switch state {
	case Paused:
		_ = x.pause(nil, false)
	case Running:
		for _, te := range x.Tasks {
			if te.Rec.State == Paused {
				return
			}
		}
		_ = x.resume(nil)
	}
}

func (x *Execution) taskHasPausedChild(t *Task) bool {
	for _, a := range t.Actions {
		if a.Rec.State == Paused {
			return true
		}
	}
	for _, c := range t.Children {
		if c.State == Paused {
			return true
		}
	}
	return false
}

// OnTimer fires a task timer armed earlier (ArmTimer). A timer that is no
// longer pending is ignored.
func (x *Execution) OnTimer(out *Output, taskID string, kind TimerKind, due int64) {
	t := x.byID[taskID]
	if t == nil {
		return
	}
	i := -1
	for j, tm := range t.eng.Timers {
		if tm.Kind == kind && tm.Due == due {
			i = j
			break
		}
	}
	if i < 0 {
		return
	}
	x.begin(out)
	defer x.finish()
	tm := t.eng.Timers[i]
	t.eng.Timers = append(t.eng.Timers[:i:i], t.eng.Timers[i+1:]...)
	x.touchTask(t)
	if x.Completed() {
		return
	}
	switch kind {
	case TimerContinue:
		if t.Rec.State == Delayed {
			x.continueTask(t)
		}
	case TimerRefresh:
		x.refreshTaskState(t)
	case TimerComplete:
		if t.Rec.State == Delayed {
			x.completeHeld(t, tm.State, tm.StateInfo, tm.HasInfo)
		}
	case TimerTimeout:
		if !IsCompleted(t.Rec.State) {
			x.completeHeld(t, Error, fmt.Sprintf("Task timed out [timeout(s)=%s].", tm.State), true)
		}
	}
}

// completeHeld is complete_task: complete a task outside an action
// result (timeout, wait-after), failing the workflow on engine errors.
func (x *Execution) completeHeld(t *Task, state, info string, has bool) {
	if err := x.completeTask(t, state, info, has); err != nil {
		x.forceFailTask(t, fmt.Sprintf("Failed to complete task [error=%s, wf=%s, task=%s]", err, x.Rec.WorkflowName, t.Rec.Name))
		return
	}
	x.checkAffected(t)
}
