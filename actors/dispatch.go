package actors

import (
	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/actors/workflow"
)

// dispatch hands an action to the executor; its result comes back to the
// execution's actor as a message. The action execution is already
// durable in RUNNING, so after a crash the engine knows it may have run.
func (e *Engine) dispatch(execID string, ra *workflow.RunAction) {
	id := ra.Action.Rec.ID
	job := actions.Job{
		Call:    ra.Call,
		Context: ra.Context,
		Timeout: ra.Timeout,
		Done: func(r actions.Result) {
			if r.State == actions.StatePending {
				return // an async action completes through the API
			}
			if e.stopping.Load() && r.State == actions.StateCancelled {
				return // cut short by Stop: recovery decides at the next Start
			}
			e.deliver(execID, &actionResultMsg{id: id, res: r})
		},
	}
	err := e.exec.TrySubmit(job)
	if err == actions.ErrQueueFull {
		go func() {
			if err := e.exec.Submit(e.ctx, job); err != nil && !e.stopping.Load() {
				e.deliver(execID, &actionResultMsg{id: id, res: actions.Result{State: actions.StateError, Data: err.Error()}})
			}
		}()
		return
	}
	if err != nil && !e.stopping.Load() {
		e.deliver(execID, &actionResultMsg{id: id, res: actions.Result{State: actions.StateError, Data: err.Error()}})
	}
}
