package storage

import "github.com/mistral-go/mistral-go/value"

// The records of running work: workflow executions, task executions and
// action executions. The engine (package actors) is their only writer; the
// API reads them. Field names follow the API (api.md §8–§10); times are
// Unix seconds (0 = null); a text field that may be null has a Has… flag.

// Execution is a stored workflow execution (sub-workflows included).
type Execution struct {
	ID                string
	WorkflowID        string
	WorkflowName      string
	WorkflowNamespace string
	Description       string
	Tags              []string
	// Params always holds "namespace" and "env" (api.md §8.3).
	Params *value.Map
	// TaskExecutionID and RootExecutionID are "" (null) for top-level
	// executions.
	TaskExecutionID   string
	RootExecutionID   string
	SourceExecutionID string
	State             string
	StateInfo         string
	HasStateInfo      bool
	// Input is the input after defaults were applied.
	Input *value.Map
	// Output is {} until the execution finishes.
	Output    *value.Map
	ProjectID string
	CreatedAt int64
	UpdatedAt int64
	// Context is the execution's global context (vars, globally published
	// variables); published_global is derived from it.
	Context *value.Map
	// Engine is the controller's own bookkeeping, opaque to the API.
	Engine []byte
}

// Task is a stored task execution.
type Task struct {
	ID                  string
	Name                string
	Type                string // "ACTION" or "WORKFLOW"
	WorkflowName        string
	WorkflowNamespace   string
	WorkflowID          string
	WorkflowExecutionID string
	Tags                []string
	State               string
	StateInfo           string
	HasStateInfo        bool
	ProjectID           string
	RuntimeContext      *value.Map
	// Result is the task result (dsl.md §14.4) as of the last change.
	Result    any
	Published *value.Map
	// PublishedGlobal is what the task's publish block put into the
	// workflow's global context (nil when the block has no global part),
	// for published_global of GET /v2/tasks/{id}.
	PublishedGlobal *value.Map
	Processed       bool
	CreatedAt       int64
	UpdatedAt       int64
	// StartedAt and FinishedAt are 0 (null) until set.
	StartedAt  int64
	FinishedAt int64
	// InContext is the inbound branch context.
	InContext *value.Map
	// Engine is the controller's own bookkeeping, opaque to the API.
	Engine []byte
}

// ActionExecution is a stored action execution: one run of an action for
// a task, or for POST /v2/action_executions (then TaskExecutionID and
// WorkflowExecutionID are "").
type ActionExecution struct {
	ID                  string
	Name                string
	WorkflowName        string
	WorkflowNamespace   string
	TaskName            string
	TaskExecutionID     string
	WorkflowExecutionID string
	State               string
	StateInfo           string
	HasStateInfo        bool
	Tags                []string
	Description         string
	ProjectID           string
	Accepted            bool
	Input               *value.Map
	// Output is {"result": …} once finished (nil while running).
	Output    *value.Map
	Params    *value.Map
	CreatedAt int64
	UpdatedAt int64
	// Index is the with-items iteration (0 otherwise).
	Index int
	// Engine is the controller's own bookkeeping, opaque to the API.
	Engine []byte
}
