package storage

import "github.com/mistral-go/mistral-go/value"

// Runtime holds the collections of running work: workflow executions,
// task executions and action executions. The engine writes them through
// Batches; the API reads and lists them.
type Runtime struct {
	DB               *DB
	Executions       *Collection[Execution]
	Tasks            *Collection[Task]
	ActionExecutions *Collection[ActionExecution]
	// Specs are the definition texts executions run (see SpecText).
	Specs *Collection[SpecText]
}

// OpenRuntime registers the runtime collections in db.
func OpenRuntime(db *DB) (*Runtime, error) {
	r := &Runtime{DB: db}
	var err error
	if r.Executions, err = NewCollection(db, executionSchema); err != nil {
		return nil, err
	}
	if r.Tasks, err = NewCollection(db, taskSchema); err != nil {
		return nil, err
	}
	if r.ActionExecutions, err = NewCollection(db, actionExecutionSchema); err != nil {
		return nil, err
	}
	if r.Specs, err = NewCollection(db, specTextSchema); err != nil {
		return nil, err
	}
	return r, nil
}

// nullText returns nil for "", else s (text fields Mistral shows as null
// when unset).
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// pyJSON returns v as Python json.dumps text (the form KindJSON filters
// compare), or nil for a nil map.
func pyJSON(m *value.Map) any {
	if m == nil {
		return nil
	}
	return string(value.AppendPy(nil, m))
}

// Index names of the runtime collections.
const (
	// IndexState indexes executions by state (recovery finds the
	// unfinished ones).
	IndexState = "state"
	// IndexRoot indexes executions by root_execution_id.
	IndexRoot = "root_execution_id"
	// IndexParentTask indexes executions by task_execution_id (the
	// sub-workflows of a task).
	IndexParentTask = "task_execution_id"
	// IndexWorkflowExecution indexes tasks and action executions by
	// workflow_execution_id.
	IndexWorkflowExecution = "workflow_execution_id"
	// IndexTask indexes action executions by task_execution_id.
	IndexTask = "task_execution_id"
	// IndexAdHocRunning indexes the action executions run outside any
	// workflow that are RUNNING (value "1"), for recovery.
	IndexAdHocRunning = "adhoc_running"
)

var executionSchema = Schema[Execution]{
	Keyspace: "wx",
	Codec:    executionCodec{},
	ID:       func(r *Execution) string { return r.ID },
	Created:  func(r *Execution) int64 { return r.CreatedAt },
	Fields: []Field[Execution]{
		{Name: "id", Kind: KindText, Get: func(r *Execution) any { return r.ID }},
		{Name: "workflow_id", Kind: KindUUID, Get: func(r *Execution) any { return r.WorkflowID }},
		{Name: "workflow_name", Kind: KindText, Get: func(r *Execution) any { return r.WorkflowName }},
		{Name: "workflow_namespace", Kind: KindText, Get: func(r *Execution) any { return r.WorkflowNamespace }},
		{Name: "description", Kind: KindText, Get: func(r *Execution) any { return r.Description }},
		{Name: "tags", Kind: KindTags, Get: func(r *Execution) any { return r.Tags }},
		{Name: "params", Kind: KindJSON, Get: func(r *Execution) any { return pyJSON(r.Params) }},
		{Name: "task_execution_id", Kind: KindUUID, Get: func(r *Execution) any { return nullText(r.TaskExecutionID) }},
		{Name: "root_execution_id", Kind: KindUUID, Get: func(r *Execution) any { return nullText(r.RootExecutionID) }},
		{Name: "source_execution_id", Kind: KindUUID, Get: func(r *Execution) any { return nullText(r.SourceExecutionID) }},
		{Name: "state", Kind: KindText, Get: func(r *Execution) any { return r.State }},
		{Name: "state_info", Kind: KindText, Get: func(r *Execution) any { return nullString(r.StateInfo, r.HasStateInfo) }},
		{Name: "input", Kind: KindJSON, Get: func(r *Execution) any { return pyJSON(r.Input) }},
		{Name: "output", Kind: KindJSON, Get: func(r *Execution) any { return pyJSON(r.Output) }},
		{Name: "project_id", Kind: KindUUID, Get: func(r *Execution) any { return r.ProjectID }},
		{Name: "created_at", Kind: KindTime, Get: func(r *Execution) any { return r.CreatedAt }},
		{Name: "updated_at", Kind: KindTime, Get: func(r *Execution) any { return nullTime(r.UpdatedAt) }},
	},
	Indexes: []Index{{Field: IndexState}, {Field: IndexRoot}, {Field: IndexParentTask}, {Field: "workflow_name"}},
}

var taskSchema = Schema[Task]{
	Keyspace: "tx",
	Codec:    taskCodec{},
	ID:       func(r *Task) string { return r.ID },
	Created:  func(r *Task) int64 { return r.CreatedAt },
	Fields: []Field[Task]{
		{Name: "id", Kind: KindText, Get: func(r *Task) any { return r.ID }},
		{Name: "name", Kind: KindText, Get: func(r *Task) any { return r.Name }},
		{Name: "type", Kind: KindText, Get: func(r *Task) any { return r.Type }},
		{Name: "workflow_name", Kind: KindText, Get: func(r *Task) any { return r.WorkflowName }},
		{Name: "workflow_namespace", Kind: KindText, Get: func(r *Task) any { return r.WorkflowNamespace }},
		{Name: "workflow_id", Kind: KindUUID, Get: func(r *Task) any { return r.WorkflowID }},
		{Name: "workflow_execution_id", Kind: KindUUID, Get: func(r *Task) any { return r.WorkflowExecutionID }},
		{Name: "tags", Kind: KindTags, Get: func(r *Task) any { return r.Tags }},
		{Name: "state", Kind: KindText, Get: func(r *Task) any { return r.State }},
		{Name: "state_info", Kind: KindText, Get: func(r *Task) any { return nullString(r.StateInfo, r.HasStateInfo) }},
		{Name: "project_id", Kind: KindUUID, Get: func(r *Task) any { return r.ProjectID }},
		{Name: "runtime_context", Kind: KindJSON, Get: func(r *Task) any { return pyJSON(r.RuntimeContext) }},
		{Name: "result", Kind: KindJSON, Get: func(r *Task) any { return string(value.AppendPy(nil, r.Result)) }},
		{Name: "published", Kind: KindJSON, Get: func(r *Task) any { return pyJSON(r.Published) }},
		{Name: "processed", Kind: KindBool, Get: func(r *Task) any { return r.Processed }},
		{Name: "created_at", Kind: KindTime, Get: func(r *Task) any { return r.CreatedAt }},
		{Name: "updated_at", Kind: KindTime, Get: func(r *Task) any { return nullTime(r.UpdatedAt) }},
		{Name: "started_at", Kind: KindTime, Get: func(r *Task) any { return nullTime(r.StartedAt) }},
		{Name: "finished_at", Kind: KindTime, Get: func(r *Task) any { return nullTime(r.FinishedAt) }},
	},
	Indexes: []Index{{Field: IndexWorkflowExecution}},
}

var actionExecutionSchema = Schema[ActionExecution]{
	Keyspace: "ax",
	Codec:    actionExecutionCodec{},
	ID:       func(r *ActionExecution) string { return r.ID },
	Created:  func(r *ActionExecution) int64 { return r.CreatedAt },
	Fields: []Field[ActionExecution]{
		{Name: "id", Kind: KindText, Get: func(r *ActionExecution) any { return r.ID }},
		{Name: "name", Kind: KindText, Get: func(r *ActionExecution) any { return r.Name }},
		{Name: "workflow_name", Kind: KindText, Get: func(r *ActionExecution) any { return nullText(r.WorkflowName) }},
		{Name: "workflow_namespace", Kind: KindText, Get: func(r *ActionExecution) any { return r.WorkflowNamespace }},
		{Name: "task_name", Kind: KindText, Get: func(r *ActionExecution) any { return nullText(r.TaskName) }},
		{Name: "task_execution_id", Kind: KindUUID, Get: func(r *ActionExecution) any { return nullText(r.TaskExecutionID) }},
		{Name: "workflow_execution_id", Kind: KindUUID, Get: func(r *ActionExecution) any { return nullText(r.WorkflowExecutionID) }},
		{Name: "state", Kind: KindText, Get: func(r *ActionExecution) any { return r.State }},
		{Name: "state_info", Kind: KindText, Get: func(r *ActionExecution) any { return nullString(r.StateInfo, r.HasStateInfo) }},
		{Name: "tags", Kind: KindTags, Get: func(r *ActionExecution) any { return r.Tags }},
		{Name: "description", Kind: KindText, Get: func(r *ActionExecution) any { return r.Description }},
		{Name: "project_id", Kind: KindUUID, Get: func(r *ActionExecution) any { return r.ProjectID }},
		{Name: "accepted", Kind: KindBool, Get: func(r *ActionExecution) any { return r.Accepted }},
		{Name: "input", Kind: KindJSON, Get: func(r *ActionExecution) any { return pyJSON(r.Input) }},
		{Name: "output", Kind: KindJSON, Get: func(r *ActionExecution) any { return pyJSON(r.Output) }},
		{Name: "params", Kind: KindJSON, Get: func(r *ActionExecution) any { return pyJSON(r.Params) }},
		{Name: "created_at", Kind: KindTime, Get: func(r *ActionExecution) any { return r.CreatedAt }},
		{Name: "updated_at", Kind: KindTime, Get: func(r *ActionExecution) any { return nullTime(r.UpdatedAt) }},
		{Name: IndexAdHocRunning, Kind: KindText, Hidden: true, Get: func(r *ActionExecution) any {
			if r.WorkflowExecutionID == "" && r.State == "RUNNING" {
				return "1"
			}
			return nil
		}},
	},
	Indexes: []Index{{Field: IndexTask}, {Field: IndexWorkflowExecution}, {Field: IndexAdHocRunning}},
}
