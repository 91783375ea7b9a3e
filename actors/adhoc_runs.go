package actors

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/actors/workflow"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// Actions run outside any workflow (POST /v2/action_executions) and the
// delivery of action results through the API (api.md §10.2, §10.3). An
// action execution of a workflow belongs to its execution's actor; one
// run outside any workflow is written by the engine under a per-id lock.

func paramTruthy(p *value.Map, k string) bool {
	v, _ := p.Get(k)
	return value.Truthy(v)
}

func paramTimeout(p *value.Map) time.Duration {
	v, _ := p.Get("timeout")
	switch n := v.(type) {
	case int64:
		return time.Duration(n) * time.Second
	case float64:
		return time.Duration(n * float64(time.Second))
	}
	return 0
}

// RunAction runs an action outside any workflow, following Mistral's
// decision table on run_sync, save_result and the action's own
// synchrony.
func (e *Engine) RunAction(ctx context.Context, req RunActionRequest) (*storage.ActionExecution, error) {
	if e.stopping.Load() {
		return nil, errStopping
	}
	def, err := e.host.FindAction(req.ProjectID, req.WorkflowNamespace, req.Name)
	if err != nil {
		return nil, &storage.InvalidError{Msg: err.Error()}
	}
	if def == nil {
		return nil, &storage.InvalidError{Msg: fmt.Sprintf("Failed to find action [action_name=%s]", req.Name)}
	}
	input := req.Input
	if input == nil {
		input = value.NewMap(0)
	}
	var call *actions.Call
	if def.AdHoc != nil {
		call, err = def.AdHoc.Bind(input, nil, nil)
	} else {
		call, err = def.Std.Bind(input)
	}
	if err != nil {
		return nil, &storage.InvalidError{Msg: err.Error()}
	}
	sync, save := paramTruthy(req.Params, "run_sync"), paramTruthy(req.Params, "save_result")
	if sync && def.Async() {
		return nil, &storage.InvalidError{Msg: "Action does not support synchronous execution."}
	}
	timeout := paramTimeout(req.Params)
	now := time.Now().Unix()
	rec := &storage.ActionExecution{
		Name: def.Name(), WorkflowNamespace: req.WorkflowNamespace, Description: req.Description,
		ProjectID: req.ProjectID, Input: input, CreatedAt: now,
	}
	if !sync && (save || def.Async()) {
		rec.ID, rec.State = e.host.NewID(), workflow.Running
		if err := e.putAdHoc(rec, nil); err != nil {
			return nil, err
		}
		id := rec.ID
		job := actions.Job{Call: call, Timeout: timeout, Context: actions.ExecContext{ActionExecutionID: id},
			Done: func(r actions.Result) { e.adhocResult(id, r) }}
		if err := e.exec.TrySubmit(job); err != nil {
			go func() {
				if err := e.exec.Submit(e.ctx, job); err != nil {
					e.adhocResult(id, actions.Result{State: actions.StateError, Data: err.Error()})
				}
			}()
		}
		return rec, nil
	}
	done := make(chan actions.Result, 1)
	ec := actions.ExecContext{}
	if save {
		rec.ID = e.host.NewID()
		ec.ActionExecutionID = rec.ID
	}
	job := actions.Job{Call: call, Timeout: timeout, Context: ec, Ctx: ctx, Done: func(r actions.Result) { done <- r }}
	if err := e.exec.Submit(ctx, job); err != nil {
		return nil, err
	}
	res := <-done
	rec.State = res.State.String()
	if res.State != actions.StateSuccess {
		rec.State = workflow.Error
	}
	rec.Output = value.MapOf("result", res.Data)
	if !save {
		rec.Name, rec.ProjectID, rec.CreatedAt = req.Name, "", 0
		return rec, nil
	}
	if err := e.putAdHoc(rec, nil); err != nil {
		return nil, err
	}
	return rec, nil
}

// putAdHoc writes an action execution run outside any workflow.
func (e *Engine) putAdHoc(rec, prev *storage.ActionExecution) error {
	b := e.rt.DB.NewBatch()
	if err := e.rt.ActionExecutions.PutInBatch(b, rec, prev); err != nil {
		b.Close()
		return err
	}
	return b.Commit()
}

// adhocResult records the executor's result of an action run outside any
// workflow (an async action's start leaves it RUNNING).
func (e *Engine) adhocResult(id string, r actions.Result) {
	if r.State == actions.StatePending || (e.stopping.Load() && r.State == actions.StateCancelled) {
		return
	}
	mu := &e.adhocLocks[shard(id)]
	mu.Lock()
	defer mu.Unlock()
	rec, err := e.rt.ActionExecutions.Get(id)
	if err != nil || workflow.IsCompleted(rec.State) {
		return
	}
	c := *rec
	c.State = r.State.String()
	c.Output, c.Accepted, c.UpdatedAt = value.MapOf("result", r.Data), true, time.Now().Unix()
	if err := e.putAdHoc(&c, rec); err != nil {
		e.log.Error("engine: cannot record action result", "id", id, "err", err)
	}
}

// errHeartbeat is the result of a run whose executor went away with the
// process, worded as Mistral's heartbeat check words it.
const errHeartbeat = "Heartbeat wasn't received."

// recoverAdHoc ends the runs outside any workflow that were RUNNING when
// the process stopped: their executor is gone, so a synchronous action
// fails as Mistral's heartbeat check fails it; an asynchronous one keeps
// waiting for its result through the API.
func (e *Engine) recoverAdHoc() (int, error) {
	var ids []string
	err := e.rt.ActionExecutions.Scan(storage.IndexAdHocRunning, "1", func(r *storage.ActionExecution) bool {
		if def, _ := e.host.FindAction(r.ProjectID, r.WorkflowNamespace, r.Name); def == nil || !def.Async() {
			ids = append(ids, r.ID)
		}
		return true
	})
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		e.adhocResult(id, actions.Result{State: actions.StateError, Data: errHeartbeat})
	}
	return len(ids), nil
}

// UpdateActionExecution delivers a result or a state for an action
// execution (PUT /v2/action_executions/{id}).
func (e *Engine) UpdateActionExecution(ctx context.Context, id string, upd ActionUpdate) (*storage.ActionExecution, error) {
	rec, err := e.rt.ActionExecutions.Get(id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, &storage.NotFoundError{Msg: fmt.Sprintf("ActionExecution not found [id=%s]", id)}
	}
	if err != nil {
		return nil, err
	}
	if rec.WorkflowExecutionID != "" {
		v, err := e.call(ctx, rec.WorkflowExecutionID, func(x *workflow.Execution, out *workflow.Output) (any, error) {
			err := x.UpdateAction(out, id, upd.State, upd.Output, upd.HasOutput)
			return x.Snapshot(id), err
		})
		if err != nil {
			return nil, err
		}
		if a, ok := v.(*storage.ActionExecution); ok && a != nil {
			return a, nil
		}
		return nil, &storage.NotFoundError{Msg: fmt.Sprintf("ActionExecution not found [id=%s]", id)}
	}
	return e.updateAdHoc(id, upd)
}

func (e *Engine) updateAdHoc(id string, upd ActionUpdate) (*storage.ActionExecution, error) {
	mu := &e.adhocLocks[shard(id)]
	mu.Lock()
	defer mu.Unlock()
	rec, err := e.rt.ActionExecutions.Get(id)
	if err != nil {
		return nil, err
	}
	c := *rec
	switch upd.State {
	case workflow.Success, workflow.Error, workflow.Cancelled:
		if workflow.IsCompleted(rec.State) {
			return nil, &storage.ConflictError{Msg: fmt.Sprintf("Action %s is already completed", id)}
		}
		data := upd.Output
		switch upd.State {
		case workflow.Error:
			if !value.Truthy(data) {
				data = "Unknown error"
			}
		case workflow.Cancelled:
			data = nil
		case workflow.Success:
			if def, _ := e.host.FindAction(rec.ProjectID, rec.WorkflowNamespace, rec.Name); def != nil && def.AdHoc != nil {
				if data, err = def.AdHoc.Transform(data); err != nil {
					upd.State, data = workflow.Error, err.Error()
				}
			}
		}
		c.State, c.Output, c.Accepted = upd.State, value.MapOf("result", data), true
	case workflow.Paused, workflow.Running:
		if upd.State == workflow.Paused {
			def, _ := e.host.FindAction(rec.ProjectID, rec.WorkflowNamespace, rec.Name)
			if def == nil || !def.Async() {
				return nil, &storage.InvalidError{Msg: "Transition to the PAUSED state is only supported for asynchronous action execution."}
			}
		}
		if !workflow.ValidTransition(rec.State, upd.State) {
			return nil, &storage.InvalidError{Msg: fmt.Sprintf("Invalid state transition from %s to %s.", rec.State, upd.State)}
		}
		c.State = upd.State
	default:
		return nil, &storage.InvalidError{Msg: fmt.Sprintf("Error. Expected one of ['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING'], actual: %s", upd.State)}
	}
	c.UpdatedAt = time.Now().Unix()
	if err := e.putAdHoc(&c, rec); err != nil {
		return nil, err
	}
	return &c, nil
}
