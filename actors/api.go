package actors

import (
	"context"
	"errors"
	"fmt"

	"github.com/mistral-go/mistral-go/actors/workflow"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// errStopping is returned once Stop has begun.
var errStopping = &storage.UnavailableError{Msg: "The engine is stopping."}

// call runs fn in the actor of execution id and waits for its reply,
// which comes once what fn changed is durable.
func (e *Engine) call(ctx context.Context, id string, fn func(x *workflow.Execution, out *workflow.Output) (any, error)) (any, error) {
	if e.stopping.Load() {
		return nil, errStopping
	}
	reply := make(chan apiReply, 1)
	if err := e.send(id, &apiMsg{fn: fn, reply: reply}); err != nil {
		if errors.Is(err, errGone) {
			return nil, executionNotFound(id)
		}
		return nil, err
	}
	select {
	case r := <-reply:
		if errors.Is(r.err, errGone) {
			return nil, executionNotFound(id)
		}
		return r.v, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func executionNotFound(id string) error {
	return &storage.NotFoundError{Msg: fmt.Sprintf("WorkflowExecution not found [id=%s]", id)}
}

// snapshotExecution copies an execution record for a reply.
func snapshotExecution(x *workflow.Execution) *storage.Execution {
	c := *x.Rec
	c.Engine = nil
	return &c
}

func snapshotTask(t *storage.Task) *storage.Task {
	c := *t
	c.Engine = nil
	if t.RuntimeContext != nil {
		c.RuntimeContext = value.DeepCopy(t.RuntimeContext).(*value.Map)
	}
	return &c
}

// StartExecution starts a workflow (POST /v2/executions).
func (e *Engine) StartExecution(ctx context.Context, req StartRequest) (*storage.Execution, error) {
	if e.stopping.Load() {
		return nil, errStopping
	}
	if req.ID != "" {
		if ex, err := e.rt.Executions.Get(req.ID); err == nil {
			return ex, nil
		}
	}
	if req.WorkflowID == "" && req.WorkflowName == "" {
		return nil, &storage.InvalidError{Msg: "Workflow ID or workflow name must be provided. Workflow ID is recommended."}
	}
	ident := req.WorkflowID
	if ident == "" {
		ident = req.WorkflowName
	}
	w, err := e.defs.FindWorkflow(req.ProjectID, req.WorkflowNamespace, ident)
	if err != nil {
		return nil, err
	}
	def, err := e.host.definition(w)
	if err != nil {
		return nil, err
	}
	if req.Definition != "" {
		// A past version of the workflow (v1 registrations).
		spec, err := e.host.parse(req.Definition, req.Workbook)
		if err != nil {
			return nil, &storage.InvalidError{Msg: err.Error()}
		}
		d := *def
		d.Spec, d.Text, d.Workbook, d.TextID = spec, req.Definition, req.Workbook, textID(req.Definition, req.Workbook)
		def = &d
	}
	id := req.ID
	if id == "" {
		id = e.host.NewID()
	}
	params := req.Params
	if params == nil {
		params = value.NewMap(0)
	}
	if req.WorkflowNamespace != "" && !params.Has("namespace") {
		params = params.Clone()
		params.Set("namespace", req.WorkflowNamespace)
	}
	p := workflow.StartParams{
		ID: id, Def: def, Input: req.Input, Params: params, Description: req.Description,
		ProjectID: req.ProjectID, SourceExecutionID: req.SourceExecutionID,
	}
	reply := make(chan apiReply, 1)
	start := func(a *execActor) {
		if a.x != nil {
			a.pend.replies = append(a.pend.replies, pendingReply{reply, apiReply{v: snapshotExecution(a.x)}})
			return
		}
		x, err := workflow.Start(e.host, p, &a.out)
		if err != nil {
			a.out.Reset()
			reply <- apiReply{err: err}
			a.close()
			return
		}
		a.x = x
		// The answer shows the execution as started (RUNNING), as
		// Mistral's does, even when pure actions finish it at once.
		snap := snapshotExecution(x)
		a.absorb()
		a.pend.replies = append(a.pend.replies, pendingReply{reply, apiReply{v: snap}})
	}
	_, created, err := e.spawn(id, nil, start)
	if err != nil {
		return nil, err
	}
	if !created {
		// Another request registered the id first: answer what it made.
		v, err := e.call(ctx, id, func(x *workflow.Execution, _ *workflow.Output) (any, error) {
			return snapshotExecution(x), nil
		})
		if err != nil {
			return nil, err
		}
		return v.(*storage.Execution), nil
	}
	select {
	case r := <-reply:
		if r.err != nil {
			return nil, r.err
		}
		return r.v.(*storage.Execution), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// UpdateExecution pauses, resumes, stops, or changes the description or
// env of an execution (PUT /v2/executions/{id}); httpd validated the
// combination of fields.
func (e *Engine) UpdateExecution(ctx context.Context, id string, upd ExecutionUpdate) (*storage.Execution, error) {
	v, err := e.call(ctx, id, func(x *workflow.Execution, out *workflow.Output) (any, error) {
		var err error
		// A description comes alone or with env (the API refuses it
		// with a state); both are applied, as Mistral does.
		if upd.Description != nil {
			x.UpdateDescription(out, *upd.Description)
		}
		switch {
		case upd.State != nil:
			switch *upd.State {
			case workflow.Paused:
				err = x.Pause(out)
			case workflow.Running:
				err = x.Resume(out, upd.Env)
			case workflow.Success, workflow.Error, workflow.Cancelled:
				msg, has := "", false
				if upd.StateInfo != nil {
					msg, has = *upd.StateInfo, true
				}
				err = x.Stop(out, *upd.State, msg, has)
			default:
				err = &storage.InvalidError{Msg: fmt.Sprintf("Cannot change state to %s. Allowed states are: 'RUNNING, PAUSED, SUCCESS, ERROR, CANCELLED", *upd.State)}
			}
		case upd.Env != nil:
			err = x.UpdateEnv(out, upd.Env)
		}
		return snapshotExecution(x), err
	})
	if err != nil {
		return nil, err
	}
	return v.(*storage.Execution), nil
}

// DeleteExecution deletes an execution with its tasks, action executions
// and sub-workflow executions (DELETE /v2/executions/{id}); a running
// one only with force.
func (e *Engine) DeleteExecution(ctx context.Context, id string, force bool) error {
	if e.stopping.Load() {
		return errStopping
	}
	rec, err := e.rt.Executions.Get(id)
	if errors.Is(err, storage.ErrNotFound) {
		return executionNotFound(id)
	}
	if err != nil {
		return err
	}
	if !force && !workflow.IsCompleted(rec.State) {
		return &storage.ForbiddenError{Msg: fmt.Sprintf("Only completed executions can be deleted. Use --force to override this. Execution %s is in %s state", id, rec.State)}
	}
	return e.deleteTree(ctx, id, force)
}

// deleteTree deletes the sub-workflow executions of id (depth first),
// then id itself, each through its own actor.
func (e *Engine) deleteTree(ctx context.Context, id string, force bool) error {
	var tasks []string
	err := e.rt.Tasks.Scan(storage.IndexWorkflowExecution, id, func(t *storage.Task) bool {
		if t.Type == "WORKFLOW" {
			tasks = append(tasks, t.ID)
		}
		return true
	})
	if err != nil {
		return err
	}
	for _, t := range tasks {
		var children []string
		err := e.rt.Executions.Scan(storage.IndexParentTask, t, func(c *storage.Execution) bool {
			children = append(children, c.ID)
			return true
		})
		if err != nil {
			return err
		}
		for _, c := range children {
			if err := e.deleteTree(ctx, c, true); err != nil {
				return err
			}
		}
	}
	reply := make(chan error, 1)
	if err := e.send(id, &deleteMsg{force: force, reply: reply}); err != nil {
		if errors.Is(err, errGone) {
			return nil
		}
		return err
	}
	select {
	case err := <-reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// delete deletes the execution's records in the actor's batch and stops
// it once that is durable.
func (a *execActor) delete(m *deleteMsg) {
	if a.x == nil || a.failed {
		m.reply <- nil
		return
	}
	x := a.x
	if !m.force && !x.Completed() {
		m.reply <- &storage.ForbiddenError{Msg: fmt.Sprintf("Only completed executions can be deleted. Use --force to override this. Execution %s is in %s state", x.ID(), x.Rec.State)}
		return
	}
	if a.pend.b == nil {
		a.pend.b = a.e.rt.DB.NewBatch()
	}
	rt := a.e.rt
	var err error
	for _, t := range x.Tasks {
		for _, ac := range t.Actions {
			if err == nil {
				err = rt.ActionExecutions.DeleteInBatch(a.pend.b, ac.Rec)
			}
		}
		if err == nil {
			err = rt.Tasks.DeleteInBatch(a.pend.b, t.Rec)
		}
	}
	if err == nil {
		prev := *x.Rec
		prev.State = x.SavedState
		err = rt.Executions.DeleteInBatch(a.pend.b, &prev)
	}
	if err != nil {
		m.reply <- err
		a.fail(err)
		return
	}
	a.pend.effects = nil
	ch := make(chan apiReply, 1)
	a.pend.replies = append(a.pend.replies, pendingReply{ch, apiReply{}})
	go func() { r := <-ch; m.reply <- r.err }()
	a.x = nil
	a.close()
}

// RerunTask reruns a failed task (PUT /v2/tasks/{id}); httpd checked the
// body, the task's state and the names.
func (e *Engine) RerunTask(ctx context.Context, id string, req RerunRequest) (*storage.Task, error) {
	t, err := e.rt.Tasks.Get(id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, &storage.NotFoundError{Msg: fmt.Sprintf("Task execution not found [id=%s]", id)}
	}
	if err != nil {
		return nil, err
	}
	if req.Reset == nil {
		return nil, &storage.InvalidError{Msg: "Invalid input for field/attribute reset. Value: 'None'. Mandatory field missing."}
	}
	reset := *req.Reset
	v, err := e.call(ctx, t.WorkflowExecutionID, func(x *workflow.Execution, out *workflow.Output) (any, error) {
		tk := x.Task(id)
		if tk == nil {
			return nil, &storage.NotFoundError{Msg: fmt.Sprintf("Task execution not found [id=%s]", id)}
		}
		if tk.Rec.State != workflow.Error {
			return nil, &storage.InvalidError{Msg: "The current task execution must be in ERROR for rerun. Only updating task to rerun is supported."}
		}
		if !reset && len(tk.Spec.WithItems) == 0 {
			return nil, &storage.InvalidError{Msg: "Only with-items task has the option to not reset."}
		}
		err := x.Rerun(out, id, reset, req.Env)
		return snapshotTask(tk.Rec), err
	})
	if err != nil {
		return nil, err
	}
	return v.(*storage.Task), nil
}
