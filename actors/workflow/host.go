package workflow

import (
	"time"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/value"
)

// Host is everything the controller needs from outside: the time, new
// ids, and read-only lookups. Lookups return two nils when nothing
// matches.
type Host interface {
	// Now is the current time.
	Now() time.Time
	// NewID returns a new execution, task or action execution id.
	NewID() string
	// FindWorkflow finds a workflow definition by name (or id) in
	// namespace, falling back to the default namespace "" (the
	// non-default namespace wins when both have it).
	FindWorkflow(project, namespace, name string) (*Definition, error)
	// FindAction finds an action by name: a std action, or an ad-hoc one
	// in namespace (falling back to "").
	FindAction(project, namespace, name string) (*ActionDef, error)
	// FindEnvironment returns the variables of a stored environment.
	FindEnvironment(project, name string) (*value.Map, error)
	// Tasks answers the tasks() expression function for executions other
	// than the one being evaluated (read from storage).
	Tasks(q TasksQuery) ([]any, error)
	// Executions answers the executions() expression function.
	Executions(q ExecutionsQuery) ([]any, error)
}

// Definition is a workflow definition ready to run.
type Definition struct {
	ID        string
	Name      string
	Namespace string
	Tags      []string
	// Spec is the parsed definition; Text and Workbook are what it was
	// parsed from. TextID, when set, names Text stored apart (the
	// execution keeps only the ID); otherwise the execution keeps Text.
	Spec     *dsl.Workflow
	Text     string
	Workbook string
	TextID   string
}

// ActionDef is a runnable action: a std action or an ad-hoc one.
type ActionDef struct {
	Std   *actions.Action
	AdHoc *actions.AdHoc
}

// Name returns the action's name.
func (a *ActionDef) Name() string {
	if a.AdHoc != nil {
		return a.AdHoc.Name()
	}
	return a.Std.Name
}

// Async reports whether the action completes through the API.
func (a *ActionDef) Async() bool {
	if a.AdHoc != nil {
		return a.AdHoc.Async()
	}
	return a.Std.Async
}

// TasksQuery is the arguments of tasks().
type TasksQuery struct {
	Project             string
	WorkflowExecutionID string
	Recursive           bool
	State               string
	Flat                bool
}

// ExecutionsQuery is the arguments of executions().
type ExecutionsQuery struct {
	Project         string
	ID              string
	RootExecutionID string
	State           string
	FromTime        string
	ToTime          string
}
