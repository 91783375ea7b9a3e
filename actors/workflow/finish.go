package workflow

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/dsl/expr"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// Ending a workflow: the completion check, success, failure,
// cancellation, pause (Mistral's engine/workflows.py).

// stateInfo turns a command or API message into the state_info text.
func stateInfo(msg any, has bool) (string, bool) {
	if !has || msg == nil {
		return "", false
	}
	switch m := msg.(type) {
	case string:
		return m, true
	case *value.Map:
		return string(value.AppendPy(nil, m)), true
	}
	return value.Str(msg), true
}

// setState changes the workflow state, refusing transitions the table
// forbids.
func (x *Execution) setState(state string, msg any, hasMsg bool) error {
	cur := x.Rec.State
	if !ValidTransition(cur, state) {
		return &storage.InvalidError{Msg: fmt.Sprintf("Can't change workflow execution state from %s to %s. [workflow=%s, execution_id=%s]",
			cur, state, x.Rec.WorkflowName, x.Rec.ID)}
	}
	x.Rec.State = state
	x.Rec.StateInfo, x.Rec.HasStateInfo = stateInfo(msg, hasMsg)
	x.touch()
	if cur != state {
		from := cur
		if from == Idle {
			from = ""
		}
		x.recordChange(nil, from)
	}
	if IsCompleted(state) {
		x.emit(&Finished{State: state})
	}
	return nil
}

// stop ends the workflow in state (SUCCESS, ERROR or CANCELLED) with msg.
func (x *Execution) stop(state string, msg any, hasMsg bool) error {
	switch state {
	case Success:
		return x.succeed(x.finalContext(), msg, hasMsg)
	case Error:
		return x.fail(x.finalContext(), msg, hasMsg)
	case Cancelled:
		x.cancel(msg, hasMsg)
		x.controlChildren(ChildCancel, msg, hasMsg)
	}
	return nil
}

// finalContext merges the outbound contexts of the end tasks (direct) or
// is the target task's outbound context (reverse).
func (x *Execution) finalContext() *value.Map {
	if x.Def.Spec.Type == dsl.Reverse {
		return x.reverseFinalContext()
	}
	ctx := value.NewMap(0)
	for _, t := range x.Tasks {
		if IsCompleted(t.Rec.State) && len(t.eng.Next) == 0 {
			ctx = value.Merged(ctx, outbound(t))
		}
	}
	return ctx
}

// evalOutput evaluates output (or output-on-error) against the final
// context; an absent or empty output is the final context itself.
func (x *Execution) evalOutput(d *expr.Data, final *value.Map) (*value.Map, error) {
	if d == nil {
		return final, nil
	}
	v, err := x.eval(d, nil, func() *value.Map { return x.outputCtx(final) })
	if err != nil {
		return nil, err
	}
	m, _ := v.(*value.Map)
	if m.Len() == 0 {
		return final, nil
	}
	return m, nil
}

func (x *Execution) succeed(final *value.Map, msg any, hasMsg bool) error {
	out, err := x.evalOutput(x.Def.Spec.Output, final)
	if err != nil {
		return err
	}
	if err := x.setState(Success, msg, hasMsg); err != nil {
		return err
	}
	x.Rec.Output = out
	x.notifyParent()
	return nil
}

func (x *Execution) fail(final *value.Map, msg any, hasMsg bool) error {
	if x.Rec.State == Paused || x.Completed() {
		return nil
	}
	outErr, err := x.evalOutput(x.Def.Spec.OutputOnError, final)
	if err != nil {
		msg = fmt.Sprintf("Failed to evaluate expression in output-on-error! (output-on-error: '%s', exception: '%s' Cause: '%s'",
			value.Str(x.Def.Spec.OutputOnError.Value()), err, value.Str(msg))
		hasMsg = true
		outErr = nil
	}
	if err := x.setState(Error, msg, hasMsg); err != nil {
		return err
	}
	if !hasMsg {
		msg = nil
	}
	x.Rec.Output = value.Merged(value.MapOf("result", msg), outErr)
	x.notifyParent()
	return nil
}

func (x *Execution) cancel(msg any, hasMsg bool) {
	if x.Completed() {
		return
	}
	if err := x.setState(Cancelled, msg, hasMsg); err != nil {
		return
	}
	if !hasMsg {
		msg = nil
	}
	x.Rec.Output = value.MapOf("result", msg)
	x.notifyParent()
}

// pause pauses the workflow (and, first, its running sub-workflows).
func (x *Execution) pause(msg any, hasMsg bool) error {
	x.controlChildren(ChildPause, msg, hasMsg)
	if x.Rec.State == Paused {
		return nil
	}
	if err := x.setState(Paused, msg, hasMsg); err != nil {
		return err
	}
	x.notifyParent()
	return nil
}

// controlChildren sends op to every unfinished sub-workflow that is not
// known to be there already (a message racing a child's own pause or
// resume must not undo it).
func (x *Execution) controlChildren(op ChildOp, msg any, hasMsg bool) {
	info, has := stateInfo(msg, hasMsg)
	for _, t := range x.Tasks {
		for _, c := range t.Children {
			if (op == ChildPause && c.State == Paused) || (op == ChildResume && c.State != Paused) {
				continue
			}
			if !IsCompleted(c.State) {
				x.emit(&ControlChild{ID: c.ID, Op: op, Msg: info, HasMsg: has})
				switch op {
				case ChildPause:
					c.State = Paused
				case ChildResume:
					c.State = Running
				}
				c.Task.acc.valid = false
			}
		}
	}
}

// notifyParent reports this sub-workflow's state to its parent.
func (x *Execution) notifyParent() {
	if x.eng.ParentID == "" {
		return
	}
	x.emit(&NotifyParent{
		ParentID: x.eng.ParentID, TaskID: x.Rec.TaskExecutionID, ChildID: x.Rec.ID,
		State: x.Rec.State, Output: x.Rec.Output, StateInfo: x.Rec.StateInfo, HasStateInfo: x.Rec.HasStateInfo,
	})
}

// checkAndComplete ends the workflow when no task is left to run
// (states.md §3.2).
func (x *Execution) checkAndComplete() {
	if x.Rec.State == Paused || x.Completed() {
		return
	}
	for _, t := range x.Tasks {
		if !IsCompleted(t.Rec.State) {
			return
		}
	}
	var err error
	switch {
	case x.anyCancelled():
		x.cancel(x.cancelMessage(), true)
	case x.allErrorsHandled():
		err = x.succeed(x.finalContext(), nil, false)
	default:
		msg := x.failureMessage()
		err = x.fail(x.finalContext(), msg, true)
	}
	if err != nil {
		_ = x.stop(Error, fmt.Sprintf("Failed to check and complete [wf_ex_id=%s, wf_name=%s]: %s", x.Rec.ID, x.Rec.WorkflowName, err), true)
	}
}

func (x *Execution) anyCancelled() bool {
	for _, t := range x.Tasks {
		if t.Rec.State == Cancelled {
			return true
		}
	}
	return false
}

func (x *Execution) allErrorsHandled() bool {
	for _, t := range x.Tasks {
		if t.Rec.State == Error && (x.Def.Spec.Type == dsl.Reverse || !t.eng.ErrorHandled) {
			return false
		}
	}
	return true
}

// tasksIn returns the tasks in state, sorted by name.
func (x *Execution) tasksIn(state string) []*Task {
	var out []*Task
	for _, t := range x.Tasks {
		if t.Rec.State == state {
			out = append(out, t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rec.Name < out[j].Rec.Name })
	return out
}

func (x *Execution) cancelMessage() string {
	var names []string
	for _, t := range x.tasksIn(Cancelled) {
		names = append(names, t.Rec.Name)
	}
	return "Cancelled tasks: " + strings.Join(names, ", ")
}

// failureMessage words a workflow failed by its tasks (dsl.md §14.6).
func (x *Execution) failureMessage() string {
	var failed []*Task
	for _, t := range x.tasksIn(Error) {
		if x.Def.Spec.Type == dsl.Reverse || !t.Spec.HasErrorHandler() {
			failed = append(failed, t)
		}
	}
	var b strings.Builder
	b.WriteString("Failure caused by error in tasks: ")
	for i, t := range failed {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.Rec.Name)
	}
	b.WriteString("\n")
	for _, t := range failed {
		info := "None"
		if t.Rec.HasStateInfo {
			info = t.Rec.StateInfo
		}
		fmt.Fprintf(&b, "\n  %s [task_ex_id=%s] -> %s\n", t.Rec.Name, t.Rec.ID, info)
		for i, a := range t.Actions {
			if a.Rec.State == Error {
				fmt.Fprintf(&b, "    [action_ex_id=%s, idx=%d]: %s\n", a.Rec.ID, i, resultText(a.Rec.Output))
			}
		}
		for i, c := range t.Children {
			if c.State == Error {
				fmt.Fprintf(&b, "    [wf_ex_id=%s, idx=%d]: %s\n", c.ID, i, resultText(c.Output))
			}
		}
	}
	return b.String()
}

// resultText is str(output.get('result', 'Unknown')).
func resultText(out *value.Map) string {
	v, ok := out.Get("result")
	if !ok {
		return "Unknown"
	}
	return value.Str(v)
}
