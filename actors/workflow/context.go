package workflow

import (
	"slices"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/dsl/expr"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// Expression contexts (dsl.md §14.3): a layered view, the first layer
// holding a key giving its value. They are built only when an expression
// is actually evaluated.

func (x *Execution) envLayer() *value.Map { return value.MapOf("__env", x.env) }

func taskLayer(t *Task) *value.Map {
	return value.MapOf("__task_execution", value.MapOf("id", t.Rec.ID, "name", t.Rec.Name))
}

// taskCtx is the view of task input, action/workflow names, with-items
// and policy values: __task_execution · __env · extra · inbound context ·
// global context · input.
func (x *Execution) taskCtx(t *Task, extra *value.Map) *value.Map {
	return actions.Layered(taskLayer(t), x.envLayer(), extra, t.Rec.InContext, x.Rec.Context, x.Rec.Input)
}

// publishCtx is the view of publish blocks: __task_execution · inbound
// context · __env · global context · input.
func (x *Execution) publishCtx(t *Task) *value.Map {
	return actions.Layered(taskLayer(t), t.Rec.InContext, x.envLayer(), x.Rec.Context, x.Rec.Input)
}

// outboundCtx is the view of transition guards and retry conditions:
// __task_execution · outbound context · __env · global context · input.
func (x *Execution) outboundCtx(t *Task, outbound *value.Map) *value.Map {
	return actions.Layered(taskLayer(t), outbound, x.envLayer(), x.Rec.Context, x.Rec.Input)
}

// outputCtx is the view of the workflow output: final context · __env ·
// global context · input.
func (x *Execution) outputCtx(final *value.Map) *value.Map {
	return actions.Layered(final, x.envLayer(), x.Rec.Context, x.Rec.Input)
}

// eval evaluates d with the root built by root (called only when d holds
// an expression); t is the task "task()" refers to (nil for none).
func (x *Execution) eval(d *expr.Data, t *Task, root func() *value.Map) (any, error) {
	if d == nil {
		return nil, nil
	}
	if d.IsConst() {
		return d.Value(), nil
	}
	return d.Eval(&expr.Context{Root: root(), Funcs: &funcs{x: x, t: t}, ContextView: true})
}

// funcs implements Mistral's expression functions for one evaluation.
type funcs struct {
	x *Execution
	t *Task
}

func (f *funcs) Env() *value.Map {
	if f.x.env == nil {
		return value.NewMap(0)
	}
	return f.x.env
}

func (f *funcs) Execution() (any, error) { return f.x.executionDict(), nil }

func (f *funcs) Task(name string) (any, error) {
	if f.t != nil && (name == "" || name == f.t.Rec.Name) {
		return f.x.taskDict(f.t), nil
	}
	if name == "" {
		return nil, nil
	}
	t := f.x.lastTaskNamed(name)
	if t == nil {
		return nil, nil
	}
	return f.x.taskDict(t), nil
}

func (f *funcs) Tasks(wfExID string, recursive bool, state string, flat bool) (any, error) {
	if wfExID != f.x.Rec.ID || recursive {
		out, err := f.x.host.Tasks(TasksQuery{Project: f.x.Rec.ProjectID, WorkflowExecutionID: wfExID, Recursive: recursive, State: state, Flat: flat})
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = []any{}
		}
		return out, nil
	}
	out := []any{}
	for _, t := range f.x.Tasks {
		if state != "" && t.Rec.State != state {
			continue
		}
		if flat && t.Rec.Type == "WORKFLOW" {
			keep := true
			for _, c := range t.Children {
				if c.State == t.Rec.State {
					keep = false
				}
			}
			if !keep {
				continue
			}
		}
		out = append(out, f.x.taskDict(t))
	}
	return out, nil
}

func (f *funcs) Executions(id, rootExecutionID, state, fromTime, toTime string) (any, error) {
	out, err := f.x.host.Executions(ExecutionsQuery{Project: f.x.Rec.ProjectID, ID: id, RootExecutionID: rootExecutionID, State: state, FromTime: fromTime, ToTime: toTime})
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []any{}
	}
	return out, nil
}

func (f *funcs) Global(name string) (any, error) {
	v, _ := f.x.Rec.Context.Get(name)
	return v, nil
}

func nullableInfo(s string, ok bool) any {
	if !ok {
		return nil
	}
	return s
}

func timeText(sec int64) any {
	if sec == 0 {
		return nil
	}
	return storage.FormatTime(sec)
}

// executionDict is execution().
func (x *Execution) executionDict() *value.Map {
	return value.MapOf(
		"id", x.Rec.ID,
		"name", x.Rec.WorkflowName,
		"spec", x.Def.Spec.Spec,
		"input", x.Rec.Input,
		"params", x.Rec.Params,
		"created_at", timeText(x.Rec.CreatedAt),
		"updated_at", timeText(x.Rec.UpdatedAt),
		"root_execution_id", nullText(x.Rec.RootExecutionID),
	)
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// taskDict is the task dictionary of task() and tasks().
func (x *Execution) taskDict(t *Task) *value.Map {
	pub := any(t.Rec.Published)
	if t.Rec.Published == nil {
		pub = value.NewMap(0)
	}
	return value.MapOf(
		"id", t.Rec.ID,
		"name", t.Rec.Name,
		"spec", t.Spec.Spec,
		"state", t.Rec.State,
		"state_info", nullableInfo(t.Rec.StateInfo, t.Rec.HasStateInfo),
		"result", x.taskResult(t),
		"published", pub,
		"type", t.Rec.Type,
		"workflow_execution_id", t.Rec.WorkflowExecutionID,
		"created_at", timeText(t.Rec.CreatedAt),
		"updated_at", timeText(t.Rec.UpdatedAt),
	)
}

// taskResult computes the task result (dsl.md §14.4): the accepted
// action (or sub-workflow) results ordered by index; a single one
// unwrapped unless the task has with-items.
func (x *Execution) taskResult(t *Task) any {
	type item struct {
		idx int
		v   any
	}
	var items []item
	for _, a := range t.Actions {
		if !a.Rec.Accepted {
			continue
		}
		var v any
		if a.Rec.Output.Len() > 0 {
			v, _ = a.Rec.Output.Get("result")
		}
		items = append(items, item{a.Rec.Index, v})
	}
	for _, c := range t.Children {
		if !c.Accepted {
			continue
		}
		var v any
		if c.Output != nil {
			v = c.Output
		}
		items = append(items, item{c.Index, v})
	}
	slices.SortStableFunc(items, func(a, b item) int { return a.idx - b.idx })
	if len(t.Spec.WithItems) == 0 && len(items) == 1 {
		return items[0].v
	}
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it.v
	}
	return out
}

// refreshResult stores the current task result in the task record.
func (x *Execution) refreshResult(t *Task) {
	t.Rec.Result = x.taskResult(t)
	x.touchTask(t)
}
