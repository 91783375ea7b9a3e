package actors

import (
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// Notification event names (api.md §13), as Mistral names them.
const (
	WorkflowLaunched  = "WORKFLOW_LAUNCHED"
	WorkflowSucceeded = "WORKFLOW_SUCCEEDED"
	WorkflowFailed    = "WORKFLOW_FAILED"
	WorkflowCancelled = "WORKFLOW_CANCELLED"
	WorkflowPaused    = "WORKFLOW_PAUSED"
	WorkflowResumed   = "WORKFLOW_RESUMED"
	WorkflowRerun     = "WORKFLOW_RERUN"
	TaskLaunched      = "TASK_LAUNCHED"
	TaskSucceeded     = "TASK_SUCCEEDED"
	TaskFailed        = "TASK_FAILED"
	TaskCancelled     = "TASK_CANCELLED"
	TaskPaused        = "TASK_PAUSED"
	TaskResumed       = "TASK_RESUMED"
	TaskRerun         = "TASK_RERUN"
)

// Event is the notification of one state change of a workflow execution
// or a task, for the publishers of the execution's params.notify. It is
// built when the change is made (a snapshot: later changes do not touch
// it) and handed to the Observer once the change is durable.
type Event struct {
	// Name is Mistral's event name (WORKFLOW_LAUNCHED, TASK_SUCCEEDED, …).
	Name string
	// ExecutionID is the workflow execution the event belongs to (the
	// task's execution for a task event); RootID is its root execution
	// (itself for a top-level one): events of one root are delivered in
	// order.
	ExecutionID string
	RootID      string
	// Publishers are the entries of params.notify whose event_types
	// admit the event (every entry is a JSON object: type, url, headers…).
	Publishers []*value.Map
	// Data is the payload Mistral posts, without "event".
	Data *value.Map
}

// Observer receives the notification events of the executions that ask
// for them (params.notify), in the order the changes were committed. It
// is called on the engine's hot path: it must not block.
type Observer interface {
	Notify(ev *Event)
}

// WorkflowEvent returns the event of execution ex entering its current
// state from state from ("" when it was just created), or nil when the
// execution asks for no notification, no publisher wants the event, or
// the change has none. It costs a map lookup when params has no notify.
func WorkflowEvent(ex *storage.Execution, from string) *Event {
	pubs, ok := notifyList(ex.Params)
	if !ok {
		return nil
	}
	name := workflowEventName(from, ex.State)
	if name == "" {
		return nil
	}
	want := wanting(pubs, name)
	if want == nil {
		return nil
	}
	data := value.NewMap(12)
	data.Set("id", ex.ID)
	data.Set("name", ex.WorkflowName)
	data.Set("workflow_name", ex.WorkflowName)
	data.Set("workflow_namespace", ex.WorkflowNamespace)
	data.Set("workflow_id", ex.WorkflowID)
	data.Set("state", ex.State)
	data.Set("state_info", textOrNil(ex.StateInfo, ex.HasStateInfo))
	data.Set("project_id", ex.ProjectID)
	data.Set("task_execution_id", textOrNil(ex.TaskExecutionID, ex.TaskExecutionID != ""))
	data.Set("root_execution_id", textOrNil(ex.RootExecutionID, ex.RootExecutionID != ""))
	data.Set("created_at", timeOrNil(ex.CreatedAt))
	data.Set("updated_at", timeOrNil(ex.UpdatedAt))
	return &Event{Name: name, ExecutionID: ex.ID, RootID: rootOf(ex), Publishers: want, Data: data}
}

// TaskEvent returns the event of task t (of execution ex) entering its
// current state from state from ("" when it was just created), or nil as
// WorkflowEvent does.
func TaskEvent(ex *storage.Execution, t *storage.Task, from string) *Event {
	pubs, ok := notifyList(ex.Params)
	if !ok {
		return nil
	}
	name := taskEventName(from, t.State)
	if name == "" {
		return nil
	}
	want := wanting(pubs, name)
	if want == nil {
		return nil
	}
	data := value.NewMap(14)
	data.Set("id", t.ID)
	data.Set("name", t.Name)
	data.Set("workflow_execution_id", t.WorkflowExecutionID)
	data.Set("workflow_name", t.WorkflowName)
	data.Set("workflow_namespace", t.WorkflowNamespace)
	data.Set("workflow_id", t.WorkflowID)
	data.Set("state", t.State)
	data.Set("state_info", textOrNil(t.StateInfo, t.HasStateInfo))
	data.Set("type", t.Type)
	data.Set("project_id", t.ProjectID)
	data.Set("created_at", timeOrNil(t.CreatedAt))
	data.Set("updated_at", timeOrNil(t.UpdatedAt))
	data.Set("started_at", timeOrNil(t.StartedAt))
	data.Set("finished_at", timeOrNil(t.FinishedAt))
	return &Event{Name: name, ExecutionID: ex.ID, RootID: rootOf(ex), Publishers: want, Data: data}
}

// workflowEventName maps a workflow state change to its event, as
// Mistral's notification_events does.
func workflowEventName(from, to string) string {
	switch to {
	case "RUNNING":
		switch from {
		case "PAUSED":
			return WorkflowResumed
		case "ERROR":
			return WorkflowRerun
		}
		return WorkflowLaunched
	case "SUCCESS":
		return WorkflowSucceeded
	case "ERROR":
		return WorkflowFailed
	case "CANCELLED":
		return WorkflowCancelled
	case "PAUSED":
		return WorkflowPaused
	}
	return ""
}

// taskEventName maps a task state change to its event.
func taskEventName(from, to string) string {
	switch to {
	case "RUNNING":
		switch from {
		case "IDLE", "PAUSED", "WAITING":
			return TaskResumed
		case "ERROR":
			return TaskRerun
		}
		return TaskLaunched
	case "SUCCESS":
		return TaskSucceeded
	case "ERROR":
		return TaskFailed
	case "CANCELLED":
		return TaskCancelled
	case "PAUSED":
		return TaskPaused
	}
	return ""
}

// notifyList returns params.notify when it is a non-empty list.
func notifyList(params *value.Map) ([]any, bool) {
	v, ok := params.Get("notify")
	if !ok {
		return nil, false
	}
	l, ok := v.([]any)
	return l, ok && len(l) > 0
}

// wanting keeps the publishers (objects) whose event_types is empty or
// names the event; it returns nil when none does.
func wanting(pubs []any, name string) []*value.Map {
	var out []*value.Map
	for _, p := range pubs {
		m, ok := p.(*value.Map)
		if !ok {
			continue
		}
		types, _ := m.Get("event_types")
		if l, isList := types.([]any); isList && len(l) > 0 {
			found := false
			for _, t := range l {
				if t == name {
					found = true
					break
				}
			}
			if !found {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

func rootOf(ex *storage.Execution) string {
	if ex.RootExecutionID != "" {
		return ex.RootExecutionID
	}
	return ex.ID
}

func textOrNil(s string, ok bool) any {
	if !ok {
		return nil
	}
	return s
}

func timeOrNil(sec int64) any {
	if sec == 0 {
		return nil
	}
	return storage.FormatTime(sec)
}
