package dsl

import (
	"github.com/mistral-go/mistral-go/dsl/expr"
	"github.com/mistral-go/mistral-go/value"
)

// Workflow types.
const (
	Direct  = "direct"
	Reverse = "reverse"
)

// Workbook is a parsed workbook.
type Workbook struct {
	Name        string
	Description string
	Tags        []string
	Workflows   []*Workflow
	Actions     []*Action
	// Definition is the uploaded text.
	Definition string
	// Spec is the workbook mapping as Mistral keeps it.
	Spec *value.Map
}

// Param is one declared input of a workflow or an ad-hoc action.
type Param struct {
	Name string
	// Default is the default value (meaningful when HasDefault).
	Default    any
	HasDefault bool
}

// Workflow is a parsed, validated workflow. It is immutable.
type Workflow struct {
	// Name is the stored name: "wb.wf" for a workflow of workbook "wb".
	Name string
	// Workbook is the workbook the workflow comes from ("" if none).
	Workbook    string
	Type        string // Direct or Reverse
	Description string
	Tags        []string
	// Definition is the text stored as the workflow's definition (see
	// api.md §7.2); ParseWorkflowDefinition reads it back.
	Definition string

	// Input lists the declared inputs in order.
	Input []Param
	// Output, OutputOnError and Vars are the compiled mappings (nil when
	// not given).
	Output        *expr.Data
	OutputOnError *expr.Data
	Vars          *expr.Data
	// TaskDefaults is the task-defaults section (nil when not given).
	TaskDefaults *TaskDefaults
	// Tasks are the tasks in definition order.
	Tasks []*Task
	// StartTasks are, for direct workflows, the tasks no transition points
	// to (they all run when the workflow starts).
	StartTasks []*Task

	// Spec is the workflow mapping as Mistral keeps it (with "name" and
	// "version" added), for execution().spec.
	Spec *value.Map

	tasks map[string]*Task
}

// Task returns the task named name, or nil.
func (w *Workflow) Task(name string) *Task { return w.tasks[name] }

// TaskKind says what a task runs.
type TaskKind uint8

// Task kinds.
const (
	ActionTask TaskKind = iota
	WorkflowTask
)

func (k TaskKind) String() string {
	if k == WorkflowTask {
		return "WORKFLOW"
	}
	return "ACTION"
}

// JoinAll is Task.Join for "join: all".
const JoinAll = -1

// Task is one task of a workflow, with every default already applied
// (policies, safe-rerun, transitions and requires fall back to
// task-defaults as Mistral does). It is immutable.
type Task struct {
	Name        string
	Index       int // position in Workflow.Tasks
	Description string
	Tags        []string

	Kind TaskKind
	// Action is the action name (ActionTask; "std.noop" when the task
	// names neither an action nor a workflow); Workflow the sub-workflow
	// name (WorkflowTask). Either may be an expression.
	Action   string
	Workflow string
	// NameExpr is the compiled Action or Workflow name; it is constant
	// unless the name is an expression.
	NameExpr *expr.Data
	// Input is the task input: a mapping (inline parameters of the action
	// or workflow merged over "input", the inline value winning), or,
	// when DynamicInput, one expression that must evaluate to a mapping.
	// nil when there is none.
	Input        *expr.Data
	DynamicInput bool

	// OnSuccessPublish and OnErrorPublish are what the task publishes when
	// it ends in SUCCESS or ERROR: "publish"/"publish-on-error" merged
	// with the advanced publish of the transition clauses as Mistral
	// merges them.
	OnSuccessPublish Publish
	OnErrorPublish   Publish

	// WithItems lists the with-items variables (empty when none).
	WithItems []WithItem
	// Policies are the policies that apply, after task-defaults.
	Policies Policies
	// Join is 0 (no join), JoinAll, or the number of inbound tasks to
	// wait for ("one" is 1).
	Join int
	// Requires (reverse workflows) are the tasks this one needs, with
	// task-defaults' requires added and the task itself removed.
	Requires []*Task
	// KeepResult and SafeRerun are booleans or expressions; Target is
	// nil when not given.
	KeepResult *expr.Data
	SafeRerun  *expr.Data
	Target     *expr.Data

	// OnSuccess, OnError and OnComplete are the transitions, in order,
	// after the task-defaults fallback (§6).
	OnSuccess  []*Transition
	OnError    []*Transition
	OnComplete []*Transition
	// Inbound are the tasks whose transitions name this task (regardless
	// of guards), in definition order; Outbound the tasks this one names.
	Inbound  []*Task
	Outbound []*Task

	// Spec is the task mapping as Mistral keeps it, for task().spec.
	Spec *value.Map
}

// HasErrorHandler reports whether an on-error clause (own or from
// task-defaults) exists for the task (Mistral's is_error_handled_for).
func (t *Task) HasErrorHandler() bool { return len(t.OnError) > 0 }

// Publish is what a task publishes: into its branch context and into the
// workflow's global context. Nil parts publish nothing.
type Publish struct {
	Branch *expr.Data
	Global *expr.Data
}

// WithItem is one with-items variable and the collection it iterates.
type WithItem struct {
	Var string
	// Values is a JSON array given literally, or an expression.
	Values *expr.Data
}

// Policies are the policies of a task. A nil field means the policy does
// not apply.
type Policies struct {
	Retry       *Retry
	WaitBefore  *expr.Data
	WaitAfter   *expr.Data
	Timeout     *expr.Data
	PauseBefore *expr.Data
	Concurrency *expr.Data
	FailOn      *expr.Data
}

// Retry is the retry policy. BreakOn and ContinueOn may be nil.
type Retry struct {
	Count      *expr.Data
	Delay      *expr.Data
	BreakOn    *expr.Data
	ContinueOn *expr.Data
}

// Command is what a transition entry does.
type Command uint8

// Transition commands: a task, or an engine command.
const (
	RunTask Command = iota
	Noop
	Fail
	Succeed
	Pause
)

func (c Command) String() string {
	switch c {
	case Noop:
		return "noop"
	case Fail:
		return "fail"
	case Succeed:
		return "succeed"
	case Pause:
		return "pause"
	}
	return "task"
}

// engineCommand returns the command a transition target name stands for.
// Engine commands win over tasks of the same name, as in Mistral 15.
func engineCommand(name string) Command {
	switch name {
	case "noop":
		return Noop
	case "fail":
		return Fail
	case "succeed":
		return Succeed
	case "pause":
		return Pause
	}
	return RunTask
}

// Transition is one entry of an on-success/on-error/on-complete clause.
type Transition struct {
	// Name is the target task or engine command as written.
	Name    string
	Command Command
	// Task is the target task when Command is RunTask.
	Task *Task
	// Guard is the entry's condition (nil: always taken).
	Guard *expr.Data
	// Params are the entry's inline parameters (e.g. msg of fail), a
	// mapping; nil when none.
	Params *expr.Data
}

// TaskDefaults is a workflow's task-defaults section as written; the
// effective values are already applied to each Task.
type TaskDefaults struct {
	Policies   Policies
	SafeRerun  *expr.Data
	OnSuccess  []*Transition
	OnError    []*Transition
	OnComplete []*Transition
	Requires   []string
	Spec       *value.Map
}

// Action is a parsed ad-hoc action.
type Action struct {
	// Name is the stored name: "wb.act" for an action of workbook "wb".
	Name        string
	Workbook    string
	Description string
	Tags        []string
	// Definition is the text stored as the action's definition.
	Definition string
	// Base is the base action name (inline parameters removed).
	Base string
	// BaseInput is base-input with the inline parameters of base merged
	// in (inline wins); nil when empty.
	BaseInput *expr.Data
	// Input lists the declared inputs in order.
	Input []Param
	// Output transforms the base result (nil when not given).
	Output *expr.Data
	// Spec is the action mapping as Mistral keeps it.
	Spec *value.Map
}
