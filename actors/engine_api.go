package actors

import (
	"context"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// API is what the REST layer asks of the engine. Every method returns
// only after what it reports is durable. Errors are the storage error
// kinds (NotFoundError, InvalidError, ForbiddenError, ConflictError),
// whose Msg is Mistral's faultstring.
type API interface {
	// StartExecution starts a workflow (POST /v2/executions).
	StartExecution(ctx context.Context, req StartRequest) (*storage.Execution, error)
	// UpdateExecution pauses, resumes, cancels, fails, succeeds, or
	// changes the description or env of an execution (PUT /v2/executions/{id}).
	UpdateExecution(ctx context.Context, id string, upd ExecutionUpdate) (*storage.Execution, error)
	// DeleteExecution deletes a finished execution with its tasks, action
	// executions and sub-executions; force deletes a running one.
	DeleteExecution(ctx context.Context, id string, force bool) error
	// RerunTask reruns a failed task (PUT /v2/tasks/{id}).
	RerunTask(ctx context.Context, id string, req RerunRequest) (*storage.Task, error)
	// RunAction runs an action outside any workflow (POST /v2/action_executions).
	RunAction(ctx context.Context, req RunActionRequest) (*storage.ActionExecution, error)
	// UpdateActionExecution delivers the result or a state of an action
	// execution (PUT /v2/action_executions/{id}).
	UpdateActionExecution(ctx context.Context, id string, upd ActionUpdate) (*storage.ActionExecution, error)
}

// StartRequest is the body of POST /v2/executions, decoded.
type StartRequest struct {
	// ID is a caller-chosen id ("" for a new one): an existing execution
	// with that id is returned unchanged.
	ID                string
	WorkflowID        string
	WorkflowName      string
	WorkflowNamespace string
	Input             *value.Map
	Params            *value.Map
	Description       string
	SourceExecutionID string
	ProjectID         string
	// Definition, when not empty, is the text of the workflow definition
	// to run instead of the workflow's current one: a past version (the
	// v1 API executes workflow registrations, storage.Registration).
	// Workbook is the workbook that text came from ("" for a standalone
	// workflow). WorkflowID still names the workflow.
	Definition string
	Workbook   string
}

// ExecutionUpdate is the body of PUT /v2/executions/{id}; nil pointers are
// absent fields.
type ExecutionUpdate struct {
	State       *string
	StateInfo   *string
	Description *string
	Env         *value.Map
}

// RerunRequest is the body of PUT /v2/tasks/{id}.
type RerunRequest struct {
	State string
	Reset *bool
	Env   *value.Map
}

// RunActionRequest is the body of POST /v2/action_executions.
type RunActionRequest struct {
	Name              string
	Input             *value.Map
	Params            *value.Map
	Description       string
	WorkflowNamespace string
	ProjectID         string
}

// ActionUpdate is the body of PUT /v2/action_executions/{id}.
type ActionUpdate struct {
	State  string
	Output any
	// HasOutput tells an absent output from a null one.
	HasOutput bool
}
