package workflow

import (
	"fmt"
	"time"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// Scheduling the action(s) or sub-workflow(s) of a running task
// (RegularTask._schedule_actions and the engine's Action classes).

// scheduleActions evaluates the task input and schedules its action or
// sub-workflow (with-items: the next iterations).
func (x *Execution) scheduleActions(t *Task) error {
	if len(t.Spec.WithItems) > 0 {
		return x.scheduleWithItems(t)
	}
	input, err := x.actionInput(t, nil)
	if err != nil {
		return err
	}
	if err := x.evalTarget(t, input); err != nil {
		return err
	}
	return x.scheduleOne(t, input, 0)
}

// actionInput evaluates the task input (with extra layered in for
// with-items) and adds the env's __actions defaults of the action.
func (x *Execution) actionInput(t *Task, extra *value.Map) (*value.Map, error) {
	var input *value.Map
	if t.Spec.Input != nil {
		v, err := x.eval(t.Spec.Input, t, func() *value.Map { return x.taskCtx(t, extra) })
		if err != nil {
			return nil, err
		}
		m, ok := v.(*value.Map)
		if !ok {
			return nil, fmt.Errorf("Wrong dynamic input for task: %s. Dict type is expected. Actual type: <class '%s'>. Actual value: %s",
				t.Spec.Name, value.TypeName(v), value.Str(v))
		}
		input = m
	} else {
		input = value.NewMap(0)
	}
	if t.Spec.Kind == dsl.ActionTask && t.Spec.Action != "" {
		if acts, ok := getMap(x.Rec.Params, "env").Get("__actions"); ok {
			if am, ok := acts.(*value.Map); ok {
				if d, ok := am.Get(t.Spec.Action); ok {
					if dm, ok := d.(*value.Map); ok && dm.Len() > 0 {
						input = value.MergedKeep(input, dm)
					}
				}
			}
		}
	}
	return input, nil
}

// evalTarget evaluates the task's target (only for its errors: one node
// runs every action).
func (x *Execution) evalTarget(t *Task, input *value.Map) error {
	if t.Spec.Target == nil || t.Spec.Target.IsConst() {
		return nil
	}
	_, err := x.eval(t.Spec.Target, t, func() *value.Map {
		return actions.Layered(input, t.Rec.InContext, x.envLayer(), x.Rec.Context, x.Rec.Input)
	})
	return err
}

// evalName evaluates the action or workflow name of a task.
func (x *Execution) evalName(t *Task) (string, error) {
	raw := t.Spec.Action
	if t.Spec.Kind == dsl.WorkflowTask {
		raw = t.Spec.Workflow
	}
	if t.Spec.NameExpr == nil || t.Spec.NameExpr.IsConst() {
		if raw == "" && t.Spec.Kind == dsl.ActionTask {
			return "std.noop", nil
		}
		return raw, nil
	}
	v, err := x.eval(t.Spec.NameExpr, t, func() *value.Map { return x.taskCtx(t, nil) })
	if err != nil {
		return "", err
	}
	if !value.Truthy(v) && t.Spec.Kind == dsl.ActionTask {
		return "std.noop", nil
	}
	return value.Str(v), nil
}

// scheduleOne schedules one action execution or sub-workflow execution
// of the task with the given input and with-items index.
func (x *Execution) scheduleOne(t *Task, input *value.Map, index int) error {
	name, err := x.evalName(t)
	if err != nil {
		return err
	}
	if t.Spec.Kind == dsl.WorkflowTask {
		return x.startChild(t, name, input, index)
	}
	def, err := x.findAction(name)
	if err != nil {
		return err
	}
	var call *actions.Call
	if def.AdHoc != nil {
		data := actions.Layered(t.Rec.InContext, x.envLayer(), x.Rec.Context)
		call, err = def.AdHoc.Bind(input, data, &funcs{x: x, t: t})
		// Mistral fills the ad-hoc defaults into the input it stores.
		input = def.AdHoc.WithDefaults(input)
	} else {
		call, err = def.Std.Bind(input)
	}
	if err != nil {
		return err
	}
	safe, err := x.safeRerun(t)
	if err != nil {
		return err
	}
	timeout, err := x.timeout(t)
	if err != nil {
		return err
	}
	a := &Action{Task: t, Def: def, Seq: len(x.actions), SafeRerun: safe, Async: def.Async()}
	a.Rec = &storage.ActionExecution{
		ID:                  x.host.NewID(),
		Name:                def.Name(),
		WorkflowName:        t.Rec.WorkflowName,
		WorkflowNamespace:   t.Rec.WorkflowNamespace,
		TaskName:            t.Rec.Name,
		TaskExecutionID:     t.Rec.ID,
		WorkflowExecutionID: x.Rec.ID,
		State:               Running,
		ProjectID:           x.Rec.ProjectID,
		Input:               input,
		Index:               index,
		CreatedAt:           x.nowSec(),
	}
	t.Actions = append(t.Actions, a)
	t.noteCreated(a.Rec.State)
	x.actions[a.Rec.ID] = a
	x.touchAction(a)
	x.emit(&RunAction{Action: a, Call: call, Timeout: timeout, Context: x.execContext(t, a)})
	return nil
}

func (x *Execution) execContext(t *Task, a *Action) actions.ExecContext {
	return actions.ExecContext{
		WorkflowName:        x.Rec.WorkflowName,
		WorkflowNamespace:   x.Rec.WorkflowNamespace,
		WorkflowExecutionID: x.Rec.ID,
		TaskExecutionID:     t.Rec.ID,
		ActionExecutionID:   a.Rec.ID,
	}
}

// findAction finds an action for a task of this execution: "<wb>.<name>"
// first when the workflow comes from a workbook, then the name.
func (x *Execution) findAction(name string) (*ActionDef, error) {
	ns := x.Rec.WorkflowNamespace
	if wb := x.Def.Workbook; wb != "" {
		def, err := x.host.FindAction(x.Rec.ProjectID, ns, wb+"."+name)
		if err != nil || def != nil {
			return def, err
		}
	}
	def, err := x.host.FindAction(x.Rec.ProjectID, ns, name)
	if err != nil {
		return nil, err
	}
	if def == nil {
		return nil, fmt.Errorf("Failed to find action [action_name=%s, namespace=%s]", name, ns)
	}
	return def, nil
}

// safeRerun evaluates the task's safe-rerun flag.
func (x *Execution) safeRerun(t *Task) (bool, error) {
	v, err := x.eval(t.Spec.SafeRerun, t, func() *value.Map { return x.taskCtx(t, nil) })
	if err != nil {
		return false, err
	}
	return value.Truthy(v), nil
}

// timeout evaluates the timeout policy passed to the action run.
func (x *Execution) timeout(t *Task) (time.Duration, error) {
	p := t.Spec.Policies.Timeout
	if p == nil {
		return 0, nil
	}
	v, err := x.eval(p, t, func() *value.Map {
		return actions.Layered(t.Rec.InContext, x.Rec.Context, x.Rec.Input)
	})
	if err != nil {
		return 0, err
	}
	switch n := v.(type) {
	case int64:
		if n > 0 {
			return time.Duration(n) * time.Second, nil
		}
	case float64:
		if n > 0 {
			return time.Duration(n * float64(time.Second)), nil
		}
	}
	return 0, nil
}

// startChild starts a sub-workflow execution for the task
// (WorkflowAction.schedule): resolve the workflow, split the input into
// input and params, and create the child in this same event.
func (x *Execution) startChild(t *Task, name string, input *value.Map, index int) error {
	ns := getStr(x.Rec.Params, "namespace")
	var def *Definition
	var err error
	if wb := x.Def.Workbook; wb != "" {
		if def, err = x.host.FindWorkflow(x.Rec.ProjectID, ns, wb+"."+name); err != nil {
			return err
		}
	}
	if def == nil {
		if def, err = x.host.FindWorkflow(x.Rec.ProjectID, ns, name); err != nil {
			return err
		}
	}
	if def == nil {
		return fmt.Errorf("Failed to find workflow [name=%s] [namespace=%s]", name, ns)
	}
	root := x.Rec.RootExecutionID
	if root == "" {
		root = x.Rec.ID
	}
	params := value.NewMap(6)
	params.Set("root_execution_id", root)
	params.Set("task_execution_id", t.Rec.ID)
	params.Set("index", int64(index))
	params.Set("namespace", ns)
	if n, ok := x.Rec.Params.Get("notify"); ok {
		params.Set("notify", n)
	}
	childInput := value.NewMap(input.Len())
	for i := 0; i < input.Len(); i++ {
		k, v := input.At(i)
		if declared(def.Spec, k) {
			childInput.Set(k, v)
		} else {
			params.Set(k, v)
		}
	}
	mark := len(x.out.Effects)
	child, err := Start(x.host, StartParams{
		ID:              x.host.NewID(),
		Def:             def,
		Input:           childInput,
		Params:          params,
		Description:     "sub-workflow execution",
		ProjectID:       x.Rec.ProjectID,
		ParentID:        x.Rec.ID,
		TaskExecutionID: t.Rec.ID,
		RootExecutionID: root,
		Index:           index,
		RootEnv:         x.env,
	}, x.out)
	if err != nil {
		return err
	}
	c := &Child{ID: child.Rec.ID, Name: def.Name, Task: t, Index: index, State: child.Rec.State}
	t.Children = append(t.Children, c)
	t.noteCreated(c.State)
	x.children[c.ID] = c
	x.touchTask(t)
	// The child's own effects are released by its actor.
	effects := append([]Effect(nil), x.out.Effects[mark:]...)
	clear(x.out.Effects[mark:])
	x.out.Effects = x.out.Effects[:mark]
	x.emit(&SpawnChild{Child: child, Effects: effects})
	return nil
}

func declared(w *dsl.Workflow, name string) bool {
	for _, p := range w.Input {
		if p.Name == name {
			return true
		}
	}
	return false
}
