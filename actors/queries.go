package actors

import (
	"github.com/mistral-go/mistral-go/actors/workflow"
	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// The tasks() and executions() expression functions over other
// executions read what is durable.

func timeOrNull(sec int64) any {
	if sec == 0 {
		return nil
	}
	return storage.FormatTime(sec)
}

func infoOrNull(s string, ok bool) any {
	if !ok {
		return nil
	}
	return s
}

func textOrNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// specs caches the parsed workflow of executions during one query.
type specs map[string]*dsl.Workflow

func (h *host) taskSpec(cache specs, t *storage.Task) any {
	w, ok := cache[t.WorkflowExecutionID]
	if !ok {
		if rec, err := h.e.rt.Executions.Get(t.WorkflowExecutionID); err == nil {
			if d, err := h.definitionOf(rec); err == nil {
				w = d.Spec
			}
		}
		cache[t.WorkflowExecutionID] = w
	}
	if w == nil {
		return nil
	}
	if s := w.Task(t.Name); s != nil {
		return s.Spec
	}
	return nil
}

func (h *host) taskDict(cache specs, t *storage.Task) *value.Map {
	pub := any(t.Published)
	if t.Published == nil {
		pub = value.NewMap(0)
	}
	return value.MapOf(
		"id", t.ID,
		"name", t.Name,
		"spec", h.taskSpec(cache, t),
		"state", t.State,
		"state_info", infoOrNull(t.StateInfo, t.HasStateInfo),
		"result", t.Result,
		"published", pub,
		"type", t.Type,
		"workflow_execution_id", t.WorkflowExecutionID,
		"created_at", timeOrNull(t.CreatedAt),
		"updated_at", timeOrNull(t.UpdatedAt),
	)
}

// Tasks is tasks(workflow_execution_id, recursive, state, flat).
func (h *host) Tasks(q workflow.TasksQuery) ([]any, error) {
	cache := specs{}
	var out []any
	var walk func(wfID string) error
	keep := func(t *storage.Task) bool {
		if q.State != "" && t.State != q.State {
			return false
		}
		if q.Flat && t.Type == "WORKFLOW" {
			same := false
			_ = h.e.rt.Executions.Scan(storage.IndexParentTask, t.ID, func(c *storage.Execution) bool {
				same = same || c.State == t.State
				return true
			})
			return !same
		}
		return true
	}
	walk = func(wfID string) error {
		var tasks []*storage.Task
		err := h.e.rt.Tasks.Scan(storage.IndexWorkflowExecution, wfID, func(t *storage.Task) bool {
			tasks = append(tasks, t)
			return true
		})
		if err != nil {
			return err
		}
		var nested []string
		for _, t := range tasks {
			if keep(t) {
				out = append(out, h.taskDict(cache, t))
			}
			if q.Recursive && t.Type == "WORKFLOW" {
				err := h.e.rt.Executions.Scan(storage.IndexParentTask, t.ID, func(c *storage.Execution) bool {
					nested = append(nested, c.ID)
					return true
				})
				if err != nil {
					return err
				}
			}
		}
		for _, id := range nested {
			if err := walk(id); err != nil {
				return err
			}
		}
		return nil
	}
	if q.WorkflowExecutionID != "" {
		return out, walk(q.WorkflowExecutionID)
	}
	err := h.e.rt.Tasks.ScanAll(func(t *storage.Task) bool {
		if t.ProjectID == q.Project && keep(t) {
			out = append(out, h.taskDict(cache, t))
		}
		return true
	})
	return out, err
}

// Executions is executions(id, root_execution_id, state, from_time,
// to_time).
func (h *host) Executions(q workflow.ExecutionsQuery) ([]any, error) {
	var from, to int64
	var okFrom, okTo bool
	if q.FromTime != "" {
		from, okFrom = storage.ParseTime(q.FromTime)
	}
	if q.ToTime != "" {
		to, okTo = storage.ParseTime(q.ToTime)
	}
	var out []any
	err := h.e.rt.Executions.ScanAll(func(r *storage.Execution) bool {
		switch {
		case r.ProjectID != q.Project,
			q.ID != "" && r.ID != q.ID,
			q.RootExecutionID != "" && r.RootExecutionID != q.RootExecutionID,
			q.State != "" && r.State != q.State,
			okFrom && r.CreatedAt < from,
			okTo && r.CreatedAt >= to:
			return true
		}
		out = append(out, executionDict(r))
		return true
	})
	return out, err
}

func executionDict(r *storage.Execution) *value.Map {
	return value.MapOf(
		"id", r.ID,
		"workflow_id", r.WorkflowID,
		"workflow_name", r.WorkflowName,
		"workflow_namespace", r.WorkflowNamespace,
		"description", r.Description,
		"tags", tagsValue(r.Tags),
		"params", r.Params,
		"task_execution_id", textOrNull(r.TaskExecutionID),
		"root_execution_id", textOrNull(r.RootExecutionID),
		"state", r.State,
		"state_info", infoOrNull(r.StateInfo, r.HasStateInfo),
		"input", r.Input,
		"output", r.Output,
		"project_id", r.ProjectID,
		"created_at", timeOrNull(r.CreatedAt),
		"updated_at", timeOrNull(r.UpdatedAt),
	)
}

func tagsValue(tags []string) any {
	if tags == nil {
		return nil
	}
	out := make([]any, len(tags))
	for i, t := range tags {
		out[i] = t
	}
	return out
}
