package workflow

import (
	"fmt"
	"slices"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// Reloading an execution from its records, and recovering it after a
// restart.

// DefinitionText returns how to find the definition an execution was
// started with: the ID of its stored text (Definition.TextID) or the
// text itself, and its workbook.
func DefinitionText(rec *storage.Execution) (textID, text, workbook string, err error) {
	m, err := decodeBlob(rec.Engine)
	if err != nil {
		return "", "", "", err
	}
	return getStr(m, "definition_id"), getStr(m, "definition"), getStr(m, "workbook"), nil
}

// Records are the stored records of one execution.
type Records struct {
	Execution *storage.Execution
	Tasks     []*storage.Task
	Actions   []*storage.ActionExecution
	// Children are the sub-workflow executions of the tasks.
	Children []*storage.Execution
}

// Load rebuilds the controller state of an execution from its records.
func Load(host Host, def *Definition, r *Records) (*Execution, error) {
	x := &Execution{
		Rec:        r.Execution,
		Def:        def,
		host:       host,
		byID:       map[string]*Task{},
		actions:    map[string]*Action{},
		children:   map[string]*Child{},
		joins:      map[string]*Task{},
		Saved:      true,
		SavedState: r.Execution.State,
	}
	m, err := decodeBlob(r.Execution.Engine)
	if err != nil {
		return nil, err
	}
	if err := x.decodeEngineBase(m); err != nil {
		return nil, err
	}
	x.notify = wantsNotify(r.Execution.Params)
	if x.eng.ParentID != "" {
		x.env = x.eng.RootEnv
	} else {
		x.env = getMap(r.Execution.Params, "env")
	}
	if x.env == nil {
		x.env = value.NewMap(0)
	}
	for _, tr := range r.Tasks {
		spec := def.Spec.Task(tr.Name)
		if spec == nil {
			return nil, fmt.Errorf("load execution %s: task %q is not in its workflow", r.Execution.ID, tr.Name)
		}
		t := &Task{Rec: tr, Spec: spec, Saved: true, SavedState: tr.State}
		tm, err := decodeBlob(tr.Engine)
		if err != nil {
			return nil, err
		}
		t.decodeEngine(tm)
		x.Tasks = append(x.Tasks, t)
		x.byID[tr.ID] = t
		for _, c := range t.Children {
			x.children[c.ID] = c
		}
	}
	slices.SortStableFunc(x.Tasks, func(a, b *Task) int { return a.Seq - b.Seq })
	for _, t := range x.Tasks {
		if t.Spec.Join != 0 {
			x.joins[t.Spec.Name] = t
		}
	}
	type seqAction struct {
		a   *Action
		seq int
	}
	var acts []seqAction
	for _, ar := range r.Actions {
		t := x.byID[ar.TaskExecutionID]
		if t == nil {
			continue
		}
		a := &Action{Rec: ar, Task: t, Saved: true}
		am, err := decodeBlob(ar.Engine)
		if err != nil {
			return nil, err
		}
		a.decodeEngine(am)
		a.Seq = getInt(am, "seq")
		acts = append(acts, seqAction{a, a.Seq})
		x.actions[ar.ID] = a
	}
	slices.SortStableFunc(acts, func(a, b seqAction) int { return a.seq - b.seq })
	for _, sa := range acts {
		sa.a.Task.Actions = append(sa.a.Task.Actions, sa.a)
	}
	for _, cr := range r.Children {
		if c := x.children[cr.ID]; c != nil {
			c.Name = cr.WorkflowName
			c.State, c.Output = cr.State, cr.Output
			c.Task.acc.valid = false
			c.StateInfo, c.HasStateInfo = cr.StateInfo, cr.HasStateInfo
		}
	}
	if err := x.decodeBacklog(m); err != nil {
		return nil, err
	}
	return x, nil
}

func (x *Execution) decodeEngineBase(m *value.Map) error {
	x.eng.ParentID = getStr(m, "parent")
	x.eng.Index = getInt(m, "index")
	x.eng.RootEnv = getMap(m, "root_env")
	x.eng.Started = getBool(m, "started")
	return nil
}

// Recover resumes an execution loaded after a restart: actions that were
// dispatched but never reported are re-run when safe (else failed with
// Mistral's redelivery message), timers are re-armed at their original
// due time, sub-workflows that finished unseen are reported, waiting
// joins are re-evaluated, and a finished sub-workflow tells its parent
// again.
func (x *Execution) Recover(out *Output) {
	x.begin(out)
	defer x.finish()
	if x.Completed() {
		x.notifyParent()
		return
	}
	for _, t := range x.Tasks {
		for _, tm := range t.eng.Timers {
			x.emit(&ArmTimer{TaskID: t.Rec.ID, Kind: tm.Kind, Due: tm.Due})
		}
	}
	for _, t := range slices.Clone(x.Tasks) {
		if IsCompleted(t.Rec.State) {
			continue
		}
		if t.Rec.State == Waiting {
			x.scheduleRefresh(t)
			continue
		}
		for _, a := range slices.Clone(t.Actions) {
			if a.Rec.State != Running || a.Async {
				continue
			}
			x.redeliver(a)
		}
		for _, c := range slices.Clone(t.Children) {
			if IsCompleted(c.State) && !c.Accepted {
				x.childResult(&NotifyParent{ChildID: c.ID, State: c.State, Output: c.Output, StateInfo: c.StateInfo, HasStateInfo: c.HasStateInfo})
			}
		}
	}
	// Tasks completed but never processed (none should be left by a
	// crash: completion and processing are one event) follow their
	// transitions now.
	if x.Rec.State == Running {
		for _, t := range slices.Clone(x.Tasks) {
			if IsCompleted(t.Rec.State) && !t.Rec.Processed {
				cmds, err := x.nextCommands(t)
				if err == nil {
					t.Rec.Processed = true
					x.touchTask(t)
					err = x.dispatch(cmds)
				}
				if err != nil {
					x.forceFailTask(t, fmt.Sprintf("Failed to handle action completion [error=%s, wf=%s, task=%s, action=%s]", err, x.Rec.WorkflowName, t.Rec.Name, t.Spec.Action))
				}
			}
		}
	}
	x.needCheck = x.Rec.State == Running
}

// redeliver handles an action that may or may not have run before the
// restart.
func (x *Execution) redeliver(a *Action) {
	def, err := x.actionDef(a)
	if err == nil && def == nil {
		err = fmt.Errorf("Failed to find action [action_name=%s, namespace=%s]", a.Rec.Name, x.Rec.WorkflowNamespace)
	}
	var call *actions.Call
	if err == nil {
		if def.AdHoc != nil {
			call, err = def.AdHoc.Bind(a.Rec.Input, actions.Layered(a.Task.Rec.InContext, x.envLayer(), x.Rec.Context), &funcs{x: x, t: a.Task})
		} else {
			call, err = def.Std.Bind(a.Rec.Input)
		}
	}
	if err != nil {
		x.completeAction(a, actions.StateError, err.Error())
		return
	}
	if !a.SafeRerun {
		msg := fmt.Sprintf("Request to run an action was redelivered, but it cannot be re-run safely. The only safe thing to do is fail it [action=%s].", call.Action.Repr())
		x.completeAction(a, actions.StateError, msg)
		return
	}
	timeout, _ := x.timeout(a.Task)
	x.emit(&RunAction{Action: a, Call: call, Timeout: timeout, Context: x.execContext(a.Task, a)})
}

func (x *Execution) decodeBacklog(m *value.Map) error {
	x.eng.Backlog = nil
	for _, c := range getList(m, "backlog") {
		cm, _ := c.(*value.Map)
		cmd, err := x.commandFromMap(cm)
		if err != nil {
			return err
		}
		x.eng.Backlog = append(x.eng.Backlog, cmd)
	}
	return nil
}

// Seal encodes the engine bookkeeping of every record in o, ready to be
// persisted. Call it once the events feeding o are applied.
func (o *Output) Seal() {
	for _, x := range o.Execs {
		x.encodeEngine()
	}
	for _, t := range o.Tasks {
		t.encodeEngine()
	}
	for _, a := range o.Actions {
		a.encodeEngine()
	}
}
