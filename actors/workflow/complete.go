package workflow

import (
	"fmt"
	"slices"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/value"
)

// Completing tasks: publishing, after-completion policies, transitions
// and the dispatch of the resulting commands (Task.complete,
// DirectWorkflowController, dispatcher.py).

// completeTask is Task.complete: set the final state, publish, apply the
// after-completion policies, then (unless delayed) decide and run what
// follows.
func (x *Execution) completeTask(t *Task, state, info string, hasInfo bool) error {
	if IsCompleted(t.Rec.State) {
		return nil
	}
	x.setTaskState(t, state, info, hasInfo, false, nil)
	if err := x.publish(t); err != nil {
		return err
	}
	if err := x.applyKeepResult(t); err != nil {
		return err
	}
	if err := x.afterTaskComplete(t); err != nil {
		return err
	}
	if t.Rec.State == Delayed {
		return nil
	}
	cmds, err := x.continueWorkflow(t)
	if err != nil {
		return err
	}
	t.eng.Next = t.eng.Next[:0]
	handled := false
	for _, c := range cmds {
		if c.handlesError {
			handled = true
		}
		if c.kind == cmdRunTask {
			ev := ""
			if len(c.triggeredBy) > 0 {
				ev = getStr(c.triggeredBy[0].(*value.Map), "event")
			}
			t.eng.Next = append(t.eng.Next, nextTask{c.spec.Name, ev})
		}
	}
	if t.Rec.State == Error {
		t.eng.ErrorHandled = handled
	}
	x.touchTask(t)
	if x.Rec.State == Paused {
		return nil
	}
	t.Rec.Processed = true
	if IsCompleted(t.Rec.State) && len(t.eng.Next) == 0 {
		x.needCheck = true
	}
	return x.dispatch(cmds)
}

// publish evaluates the task's publish (SUCCESS) or publish-on-error
// (ERROR) block: branch variables become the task's published, global
// ones are merged into the execution's global context.
func (x *Execution) publish(t *Task) error {
	var p dsl.Publish
	switch t.Rec.State {
	case Success:
		p = t.Spec.OnSuccessPublish
	case Error:
		p = t.Spec.OnErrorPublish
	default:
		return nil
	}
	if p.Branch == nil && p.Global == nil {
		return nil
	}
	var view *value.Map
	root := func() *value.Map {
		if view == nil {
			view = x.publishCtx(t)
		}
		return view
	}
	// Like Mistral, a publish block without a branch part leaves the
	// task's published null.
	var branch *value.Map
	if p.Branch != nil {
		v, err := x.eval(p.Branch, t, root)
		if err != nil {
			return err
		}
		if branch, _ = v.(*value.Map); branch == nil {
			branch = value.NewMap(0)
		}
	}
	t.Rec.Published = branch
	x.touchTask(t)
	if p.Global != nil {
		v, err := x.eval(p.Global, t, root)
		if err != nil {
			return err
		}
		m, _ := v.(*value.Map)
		if m == nil {
			m = value.NewMap(0)
		}
		t.Rec.PublishedGlobal = m
		if m.Len() > 0 {
			x.Rec.Context = value.Merged(x.Rec.Context, m)
			x.touch()
		}
	}
	return nil
}

// applyKeepResult empties the action outputs of a task with
// keep-result: false.
func (x *Execution) applyKeepResult(t *Task) error {
	if t.Spec.KeepResult == nil {
		return nil
	}
	v, err := x.eval(t.Spec.KeepResult, t, func() *value.Map { return x.taskCtx(t, nil) })
	if err != nil {
		return err
	}
	if !value.Truthy(v) {
		// Emptied once the event is over: the tasks it starts still see
		// the result (Mistral's transaction-cached task()).
		x.wipe = append(x.wipe, t)
	}
	return nil
}

// wipeResults empties the action outputs of the tasks with keep-result
// false completed by the event.
func (x *Execution) wipeResults() {
	for _, t := range x.wipe {
		for _, a := range t.Actions {
			a.Rec.Output = value.NewMap(0)
			x.touchAction(a)
		}
		x.refreshResult(t)
	}
	x.wipe = x.wipe[:0]
}

// continueWorkflow finds the commands following a completed task.
func (x *Execution) continueWorkflow(t *Task) ([]*command, error) {
	if x.Completed() {
		return nil, nil
	}
	if x.Def.Spec.Type == dsl.Reverse {
		return x.reverseNext(t), nil
	}
	return x.nextCommands(t)
}

// nextCommands evaluates the transitions of a completed task (dsl.md
// §7.2) into commands.
func (x *Execution) nextCommands(t *Task) ([]*command, error) {
	out := outbound(t)
	var view *value.Map
	root := func() *value.Map {
		if view == nil {
			view = x.outboundCtx(t, out)
		}
		return view
	}
	var cmds []*command
	add := func(trs []*dsl.Transition, event string) error {
		for _, tr := range trs {
			if tr.Guard != nil {
				ok, err := x.eval(tr.Guard, t, root)
				if err != nil {
					return err
				}
				if !value.Truthy(ok) {
					continue
				}
			}
			params, err := x.eval(tr.Params, t, root)
			if err != nil {
				return err
			}
			cmds = append(cmds, x.transitionCommand(t, tr, params, out, event))
		}
		return nil
	}
	st := t.Rec.State
	if st == Error {
		if err := add(t.Spec.OnError, "on-error"); err != nil {
			return nil, err
		}
	}
	if st == Success {
		if err := add(t.Spec.OnSuccess, "on-success"); err != nil {
			return nil, err
		}
	}
	if IsCompleted(st) && st != Cancelled {
		if err := add(t.Spec.OnComplete, "on-complete"); err != nil {
			return nil, err
		}
	}
	return cmds, nil
}

func (x *Execution) transitionCommand(t *Task, tr *dsl.Transition, params any, ctx *value.Map, event string) *command {
	c := &command{
		spec:         t.Spec,
		ctx:          ctx,
		triggeredBy:  []any{value.MapOf("task_id", t.Rec.ID, "event", event)},
		handlesError: event == "on-error",
	}
	switch tr.Command {
	case dsl.RunTask:
		c.kind = cmdRunTask
		c.spec = tr.Task
		c.wait = tr.Task.Join != 0
	case dsl.Noop:
		c.kind = cmdNoop
	case dsl.Fail:
		c.kind = cmdFail
	case dsl.Succeed:
		c.kind = cmdSucceed
	case dsl.Pause:
		c.kind = cmdPause
	}
	if pm, ok := params.(*value.Map); ok {
		c.msg, c.hasMsg = pm.Get("msg")
	}
	return c
}

// dispatch runs the commands saved by a pause, then cmds.
func (x *Execution) dispatch(cmds []*command) error {
	if len(x.eng.Backlog) > 0 {
		backlog := x.eng.Backlog
		x.eng.Backlog = nil
		x.touch()
		if err := x.processCommands(backlog); err != nil {
			return err
		}
	}
	return x.processCommands(cmds)
}

// processCommands runs commands in order (dispatcher._process_commands).
func (x *Execution) processCommands(cmds []*command) error {
	for _, c := range rearrange(cmds) {
		if x.Completed() {
			break
		}
		if x.Rec.State == Paused {
			x.eng.Backlog = append(x.eng.Backlog, c)
			x.touch()
			continue
		}
		var err error
		switch c.kind {
		case cmdRunTask, cmdRunExisting:
			x.runTask(c)
		case cmdFail:
			err = x.stop(Error, c.msg, c.hasMsg)
		case cmdSucceed:
			err = x.stop(Success, c.msg, c.hasMsg)
		case cmdPause:
			err = x.pause(c.msg, c.hasMsg)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// rearrange drops noops and applies the command-list rules (dsl.md
// §7.4): a state change first runs alone (pause keeps what follows);
// otherwise the tasks before it run, then it; join tasks run after the
// others.
func rearrange(cmds []*command) []*command {
	var out []*command
	state := -1
	for _, c := range cmds {
		if c.kind == cmdNoop {
			continue
		}
		if state < 0 && c.isStateChange() {
			state = len(out)
		}
		out = append(out, c)
	}
	if state < 0 {
		sortTaskCommands(out)
		return out
	}
	sc := out[state]
	if state == 0 && sc.kind != cmdPause {
		return out[:1]
	}
	res := append([]*command(nil), out[:state]...)
	sortTaskCommands(res)
	res = append(res, sc)
	if sc.kind == cmdPause {
		res = append(res, out[state+1:]...)
	}
	return res
}

// sortTaskCommands puts join (waiting) commands after the others, in
// task-name order, keeping the rest in place.
func sortTaskCommands(cmds []*command) {
	slices.SortStableFunc(cmds, func(a, b *command) int {
		aw, bw := a.kind == cmdRunTask && a.wait, b.kind == cmdRunTask && b.wait
		switch {
		case !aw && !bw:
			return 0
		case !aw:
			return -1
		case !bw:
			return 1
		}
		switch {
		case a.spec.Name < b.spec.Name:
			return -1
		case a.spec.Name > b.spec.Name:
			return 1
		}
		return 0
	})
}

// forceFailTask fails a task and forces the workflow to ERROR with msg
// (engine errors, dsl.md §15).
func (x *Execution) forceFailTask(t *Task, msg string) {
	if t != nil {
		x.setTaskState(t, Error, msg, true, false, nil)
	}
	_ = x.stop(Error, msg, true)
}

// checkAffected schedules a re-check of every join reachable from a
// completed task (_check_affected_tasks).
func (x *Execution) checkAffected(t *Task) {
	if t == nil || !IsCompleted(t.Rec.State) || x.Completed() {
		return
	}
	visited := map[string]bool{t.Spec.Name: true}
	queue := append([]*dsl.Task(nil), t.Spec.Outbound...)
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if visited[s.Name] {
			continue
		}
		visited[s.Name] = true
		if s.Join != 0 {
			if jt := x.joins[s.Name]; jt != nil {
				x.scheduleRefresh(jt)
				continue
			}
		}
		queue = append(queue, s.Outbound...)
	}
}

func (x *Execution) scheduleRefresh(t *Task) {
	if !slices.Contains(x.refresh, t) {
		x.refresh = append(x.refresh, t)
	}
}

// refreshTaskState re-evaluates a waiting task (a join) and runs or
// fails it when its condition is decided (_refresh_task_state).
func (x *Execution) refreshTaskState(t *Task) {
	if IsCompleted(t.Rec.State) || t.Rec.State == Running || x.Completed() {
		return
	}
	ls := x.logicalState(t)
	tb := ls.triggeredBy
	if tb == nil {
		tb = []any{}
	}
	x.runtimeContext(t).Set("triggered_by", tb)
	switch ls.state {
	case Running:
		x.continueTask(t)
	case Error:
		if err := x.completeTask(t, Error, ls.info, true); err != nil {
			x.forceFailTask(t, fmt.Sprintf("Failed to complete task [error=%s, wf=%s, task=%s]", err, x.Rec.WorkflowName, t.Rec.Name))
			return
		}
		x.checkAffected(t)
	}
}

// continueTask starts a task that was held (join ready, delay over).
func (x *Execution) continueTask(t *Task) {
	x.setTaskState(t, Running, "", false, false, nil)
	if err := x.runExisting(t, false, false, nil); err != nil {
		x.forceFailTask(t, fmt.Sprintf("Failed to run task [error=%s, wf=%s, task=%s]", err, x.Rec.WorkflowName, t.Rec.Name))
		return
	}
	x.checkAffected(t)
}
