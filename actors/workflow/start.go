package workflow

import (
	"fmt"
	"strings"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/dsl/expr"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// StartParams describes a new workflow execution.
type StartParams struct {
	// ID is the new execution's id.
	ID  string
	Def *Definition
	// Input is the workflow input as given; Params the execution params
	// (env, evaluate_env, task_name, notify, anything else).
	Input       *value.Map
	Params      *value.Map
	Description string
	ProjectID   string
	// SourceExecutionID is echoed in the record when given.
	SourceExecutionID string

	// Sub-workflows: the parent execution and task, the root execution,
	// the with-items index and the root's env.
	ParentID        string
	TaskExecutionID string
	RootExecutionID string
	Index           int
	RootEnv         *value.Map
}

// specClass is the spec class Mistral names in input errors.
func specClass(w *dsl.Workflow) string {
	if w.Type == dsl.Reverse {
		return "ReverseWorkflowSpec"
	}
	return "DirectWorkflowSpec"
}

// shortName is the workflow's name inside its definition (without the
// workbook prefix).
func shortName(d *Definition) string {
	if d.Workbook != "" {
		return strings.TrimPrefix(d.Spec.Name, d.Workbook+".")
	}
	return d.Spec.Name
}

// Start creates and starts a workflow execution (Workflow.start): it
// checks the input (an *storage.InvalidError, nothing created, when it
// does not fit), resolves the env, evaluates vars, sets the execution
// RUNNING and runs the start tasks. The records and effects go to out.
func Start(host Host, p StartParams, out *Output) (*Execution, error) {
	spec := p.Def.Spec
	input := p.Input
	if input == nil {
		input = value.NewMap(0)
	}
	if err := checkInput(p.Def, input); err != nil {
		return nil, err
	}
	params := p.Params.Clone()
	if !params.Has("namespace") {
		params.Set("namespace", p.Def.Namespace)
	}
	env, err := resolveEnv(host, p.ProjectID, params)
	if err != nil {
		return nil, err
	}
	params.Set("env", env)
	if spec.Type == dsl.Reverse {
		if err := checkTarget(p.Def, params); err != nil {
			return nil, err
		}
	}
	full := input.Clone()
	for _, in := range spec.Input {
		if in.HasDefault && !full.Has(in.Name) {
			full.Set(in.Name, in.Default)
		}
	}
	tags := p.Def.Tags
	now := host.Now().Unix()
	x := &Execution{
		Def:      p.Def,
		host:     host,
		out:      out,
		byID:     map[string]*Task{},
		actions:  map[string]*Action{},
		children: map[string]*Child{},
		joins:    map[string]*Task{},
		Rec: &storage.Execution{
			ID:                p.ID,
			WorkflowID:        p.Def.ID,
			WorkflowName:      p.Def.Name,
			WorkflowNamespace: p.Def.Namespace,
			Description:       p.Description,
			Tags:              tags,
			Params:            params,
			TaskExecutionID:   p.TaskExecutionID,
			RootExecutionID:   p.RootExecutionID,
			SourceExecutionID: p.SourceExecutionID,
			State:             Idle,
			Input:             full,
			Output:            value.NewMap(0),
			ProjectID:         p.ProjectID,
			CreatedAt:         now,
			Context:           value.MapOf("__execution", value.MapOf("id", p.ID)),
		},
	}
	x.eng.ParentID, x.eng.Index = p.ParentID, p.Index
	x.notify = wantsNotify(params)
	if p.ParentID != "" {
		x.env = p.RootEnv
		x.eng.RootEnv = p.RootEnv
	} else {
		x.env = env
	}
	if x.env == nil {
		x.env = value.NewMap(0)
	}
	if spec.Vars != nil {
		v, err := x.eval(spec.Vars, nil, func() *value.Map {
			return actions.Layered(x.envLayer(), x.Rec.Context, x.Rec.Input)
		})
		if err != nil {
			return nil, &storage.InvalidError{Msg: err.Error()}
		}
		if m, ok := v.(*value.Map); ok {
			x.Rec.Context = value.Merged(x.Rec.Context, m)
		}
	}
	x.touch()
	if err := x.setState(Running, nil, false); err != nil {
		return nil, err
	}
	x.eng.Started = true
	var cmds []*command
	if spec.Type == dsl.Reverse {
		cmds = x.reverseNext(nil)
	} else {
		for _, t := range spec.StartTasks {
			cmds = append(cmds, &command{kind: cmdRunTask, spec: t, ctx: value.NewMap(0), wait: t.Join != 0})
		}
	}
	if err := x.dispatch(cmds); err != nil {
		x.forceFailTask(nil, err.Error())
	}
	x.needCheck = true
	x.finish()
	return x, nil
}

// checkInput checks the workflow input: "Invalid input [name=wf,
// class=DirectWorkflowSpec, missing=['a'], unexpected=['b']]".
func checkInput(d *Definition, input *value.Map) error {
	ps := make([]actions.Param, len(d.Spec.Input))
	for i, in := range d.Spec.Input {
		ps[i] = actions.Param{Name: in.Name, Required: !in.HasDefault, Default: in.Default}
	}
	if err := actions.NewSignature(ps).Check(shortName(d), specClass(d.Spec), input); err != nil {
		return &storage.InvalidError{Msg: err.Error()}
	}
	return nil
}

// resolveEnv resolves params.env: a stored environment's name or a
// mapping, evaluated against itself unless evaluate_env is false.
func resolveEnv(host Host, project string, params *value.Map) (*value.Map, error) {
	raw, _ := params.Get("env")
	var env *value.Map
	switch e := raw.(type) {
	case nil:
		return value.NewMap(0), nil
	case *value.Map:
		if e.Len() == 0 {
			return value.NewMap(0), nil
		}
		env = e
	case string:
		if e == "" {
			return value.NewMap(0), nil
		}
		vars, err := host.FindEnvironment(project, e)
		if err != nil {
			return nil, err
		}
		if vars == nil {
			return nil, &storage.InvalidError{Msg: "Environment is not found: " + e}
		}
		env = vars
	default:
		if !value.Truthy(raw) {
			return value.NewMap(0), nil
		}
		return nil, &storage.InvalidError{Msg: fmt.Sprintf("Unexpected value type for environment [env=%s, type=<class '%s'>]", value.Str(raw), value.TypeName(raw))}
	}
	if ev, ok := params.Get("evaluate_env"); ok && !value.Truthy(ev) {
		return env, nil
	}
	x := &Execution{env: env, host: host}
	d, err := expr.Compile(env)
	if err != nil {
		return nil, &storage.InvalidError{Msg: err.Error()}
	}
	v, err := x.eval(d, nil, func() *value.Map { return value.MapOf("__env", env) })
	if err != nil {
		return nil, &storage.InvalidError{Msg: err.Error()}
	}
	m, _ := v.(*value.Map)
	return m, nil
}

// checkTarget checks the task_name param of a reverse workflow.
func checkTarget(d *Definition, params *value.Map) error {
	name, _ := params.Get("task_name")
	s, _ := name.(string)
	if s == "" || d.Spec.Task(s) == nil {
		shown := "None"
		if name != nil {
			shown = value.Str(name)
		}
		return &storage.InvalidError{Msg: fmt.Sprintf("Invalid task name [wf_spec=%s %s, task_name=%s]", specClass(d.Spec), value.Str(d.Spec.Spec), shown)}
	}
	return nil
}
