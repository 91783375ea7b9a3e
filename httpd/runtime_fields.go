package httpd

import (
	"sync"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// Wire forms of the runtime resources (executions, tasks, action
// executions), field by field in Mistral's order. Which fields a response
// carries depends on the route (Mistral loads some columns lazily): each
// handler picks them with a want filter.

// executionView is an execution as the API shows it.
type executionView struct {
	*storage.Execution
	// global is published_global (single GET only).
	global *value.Map
}

var executionFields = []field[executionView]{
	{"id", func(b []byte, r *executionView) []byte { return appendStr(b, r.ID) }},
	{"workflow_id", func(b []byte, r *executionView) []byte { return appendStr(b, r.WorkflowID) }},
	{"workflow_name", func(b []byte, r *executionView) []byte { return appendStr(b, r.WorkflowName) }},
	{"workflow_namespace", func(b []byte, r *executionView) []byte { return appendStr(b, r.WorkflowNamespace) }},
	{"description", func(b []byte, r *executionView) []byte { return appendStr(b, r.Description) }},
	{"tags", func(b []byte, r *executionView) []byte { return appendTags(b, r.Tags) }},
	{"params", func(b []byte, r *executionView) []byte { return appendMapText(b, r.Params) }},
	{"task_execution_id", func(b []byte, r *executionView) []byte { return appendOptStr(b, r.TaskExecutionID) }},
	{"root_execution_id", func(b []byte, r *executionView) []byte { return appendOptStr(b, r.RootExecutionID) }},
	{"source_execution_id", func(b []byte, r *executionView) []byte { return appendOptStr(b, r.SourceExecutionID) }},
	{"state", func(b []byte, r *executionView) []byte { return appendStr(b, r.State) }},
	{"state_info", func(b []byte, r *executionView) []byte { return appendNullStr(b, r.StateInfo, r.HasStateInfo) }},
	{"input", func(b []byte, r *executionView) []byte { return appendMapText(b, r.Input) }},
	{"output", func(b []byte, r *executionView) []byte { return appendMapText(b, r.Output) }},
	{"created_at", func(b []byte, r *executionView) []byte { return appendTime(b, r.CreatedAt) }},
	{"updated_at", func(b []byte, r *executionView) []byte { return appendNullTime(b, r.UpdatedAt) }},
	{"project_id", func(b []byte, r *executionView) []byte { return appendStr(b, r.ProjectID) }},
	{"published_global", func(b []byte, r *executionView) []byte { return appendMapText(b, r.global) }},
}

// taskView is a task execution as the API shows it.
type taskView struct {
	*storage.Task
	// global is published_global: set on a single GET when the task's
	// publish block has a global part.
	global *value.Map
}

var taskFields = []field[taskView]{
	{"id", func(b []byte, r *taskView) []byte { return appendStr(b, r.ID) }},
	{"name", func(b []byte, r *taskView) []byte { return appendStr(b, r.Name) }},
	{"type", func(b []byte, r *taskView) []byte { return appendStr(b, r.Type) }},
	{"workflow_name", func(b []byte, r *taskView) []byte { return appendStr(b, r.WorkflowName) }},
	{"workflow_namespace", func(b []byte, r *taskView) []byte { return appendStr(b, r.WorkflowNamespace) }},
	{"workflow_id", func(b []byte, r *taskView) []byte { return appendStr(b, r.WorkflowID) }},
	{"workflow_execution_id", func(b []byte, r *taskView) []byte { return appendStr(b, r.WorkflowExecutionID) }},
	{"tags", func(b []byte, r *taskView) []byte { return appendTags(b, r.Tags) }},
	{"state", func(b []byte, r *taskView) []byte { return appendStr(b, r.State) }},
	{"state_info", func(b []byte, r *taskView) []byte { return appendNullStr(b, r.StateInfo, r.HasStateInfo) }},
	{"project_id", func(b []byte, r *taskView) []byte { return appendStr(b, r.ProjectID) }},
	{"runtime_context", func(b []byte, r *taskView) []byte { return appendMapText(b, r.RuntimeContext) }},
	{"result", func(b []byte, r *taskView) []byte { return appendPyText(b, r.Result) }},
	// A publish block with only a global part leaves published null.
	{"published", func(b []byte, r *taskView) []byte { return appendNullMapText(b, r.Published) }},
	{"published_global", func(b []byte, r *taskView) []byte { return appendMapText(b, r.global) }},
	{"processed", func(b []byte, r *taskView) []byte { return appendBool(b, r.Processed) }},
	{"created_at", func(b []byte, r *taskView) []byte { return appendTime(b, r.CreatedAt) }},
	{"updated_at", func(b []byte, r *taskView) []byte { return appendNullTime(b, r.UpdatedAt) }},
	{"started_at", func(b []byte, r *taskView) []byte { return appendNullTime(b, r.StartedAt) }},
	{"finished_at", func(b []byte, r *taskView) []byte { return appendNullTime(b, r.FinishedAt) }},
}

// taskAttrNames are the attributes of Mistral's Task resource (fields=
// may name them); reset and env are input-only and never shown.
var taskAttrNames = append(names(taskFields), "reset", "env")

// An action execution with an empty ID is the answer of a synchronous
// run whose result was not saved: Mistral shows its stored-only fields as
// null.
var actionExecutionFields = []field[storage.ActionExecution]{
	{"id", func(b []byte, r *storage.ActionExecution) []byte { return appendOptStr(b, r.ID) }},
	{"workflow_name", func(b []byte, r *storage.ActionExecution) []byte { return appendOptStr(b, r.WorkflowName) }},
	{"workflow_namespace", func(b []byte, r *storage.ActionExecution) []byte { return appendStr(b, r.WorkflowNamespace) }},
	{"task_name", func(b []byte, r *storage.ActionExecution) []byte { return appendOptStr(b, r.TaskName) }},
	{"task_execution_id", func(b []byte, r *storage.ActionExecution) []byte {
		return appendOptStr(b, r.TaskExecutionID)
	}},
	{"state", func(b []byte, r *storage.ActionExecution) []byte { return appendStr(b, r.State) }},
	{"state_info", func(b []byte, r *storage.ActionExecution) []byte {
		return appendNullStr(b, r.StateInfo, r.HasStateInfo)
	}},
	{"tags", func(b []byte, r *storage.ActionExecution) []byte {
		if r.Tags == nil {
			return append(b, "null"...)
		}
		return appendTags(b, r.Tags)
	}},
	{"name", func(b []byte, r *storage.ActionExecution) []byte { return appendStr(b, r.Name) }},
	{"description", func(b []byte, r *storage.ActionExecution) []byte {
		return appendNullStr(b, r.Description, r.ID != "")
	}},
	{"project_id", func(b []byte, r *storage.ActionExecution) []byte {
		return appendNullStr(b, r.ProjectID, r.ID != "")
	}},
	{"accepted", func(b []byte, r *storage.ActionExecution) []byte {
		if r.ID == "" {
			return append(b, "null"...)
		}
		return appendBool(b, r.Accepted)
	}},
	{"input", func(b []byte, r *storage.ActionExecution) []byte { return appendMapText(b, r.Input) }},
	{"output", func(b []byte, r *storage.ActionExecution) []byte {
		if r.Output == nil {
			return append(b, "null"...)
		}
		return appendPyText(b, r.Output)
	}},
	{"created_at", func(b []byte, r *storage.ActionExecution) []byte { return appendNullTime(b, r.CreatedAt) }},
	{"updated_at", func(b []byte, r *storage.ActionExecution) []byte { return appendNullTime(b, r.UpdatedAt) }},
	{"params", func(b []byte, r *storage.ActionExecution) []byte { return appendMapText(b, r.Params) }},
}

// appendOptStr appends s, or null when it is empty.
func appendOptStr(b []byte, s string) []byte { return appendNullStr(b, s, s != "") }

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// appendMapText appends m as a JSON-in-string field; a nil map is shown
// as an empty object, as Mistral's records always hold one.
func appendMapText(b []byte, m *value.Map) []byte {
	if m == nil {
		return append(b, `"{}"`...)
	}
	return appendPyText(b, m)
}

// appendNullMapText appends m as a JSON-in-string field, or null.
func appendNullMapText(b []byte, m *value.Map) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	return appendPyText(b, m)
}

// pyScratch holds the Python JSON text of a value while it is quoted.
var pyScratch = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// appendPyText appends v's Python json.dumps text as a JSON string (a
// nil v is the text "null"). json.dumps output is ASCII with control
// characters escaped, so quoting it only escapes quotes and backslashes.
func appendPyText(b []byte, v any) []byte {
	sp := pyScratch.Get().(*[]byte)
	text := value.AppendPy((*sp)[:0], v)
	b = append(b, '"')
	start := 0
	for i, c := range text {
		if c == '"' || c == '\\' {
			b = append(b, text[start:i]...)
			b = append(b, '\\', c)
			start = i + 1
		}
	}
	b = append(b, text[start:]...)
	b = append(b, '"')
	if cap(text) <= 64<<10 {
		*sp = text[:0]
		pyScratch.Put(sp)
	}
	return b
}

// wantFields combines a route's field set with fields= (nil: all of the
// set). Fields that are not stored columns in Mistral (hidden) never
// appear through fields=.
func wantFields(lr *listRequest, base func(string) bool, hidden ...string) func(string) bool {
	if lr == nil || lr.fields == nil {
		return base
	}
	return func(n string) bool {
		for _, h := range hidden {
			if n == h {
				return false
			}
		}
		return lr.wants(n)
	}
}
