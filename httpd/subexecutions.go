package httpd

import (
	"net/http"
	"strconv"

	"github.com/mistral-go/mistral-go/storage"
)

// The execution tree: GET /v2/executions/{id}/report and the flattened
// sub-executions of an execution or a task.

// subExecutionParams are the parameters of the sub-execution routes.
var subExecutionParams = []param{{"errors_only", pBool}, {"max_depth", pInt}, {"include_output", pBool}}

// treeOptions are the parameters of a walk down the execution tree.
type treeOptions struct {
	errorsOnly bool
	// maxDepth < 0 is unlimited.
	maxDepth int
}

func (c *call) treeOptions() treeOptions {
	o := treeOptions{errorsOnly: c.flag("errors_only"), maxDepth: -1}
	if c.has("max_depth") {
		o.maxDepth, _ = strconv.Atoi(c.get("max_depth"))
	}
	return o
}

// deeper reports whether depth exceeds the limit.
func (o treeOptions) deeper(depth int) bool { return o.maxDepth >= 0 && depth > o.maxDepth }

// tasksOf returns the tasks of an execution in creation order.
func (s *Server) tasksOf(exID string) ([]*storage.Task, error) {
	var out []*storage.Task
	err := s.cfg.Runtime.Tasks.Scan(storage.IndexWorkflowExecution, exID, func(t *storage.Task) bool {
		out = append(out, t)
		return true
	})
	return out, err
}

// childExecutions returns the sub-workflow executions a task started.
func (s *Server) childExecutions(taskID string) ([]*storage.Execution, error) {
	var out []*storage.Execution
	err := s.cfg.Runtime.Executions.Scan(storage.IndexParentTask, taskID, func(e *storage.Execution) bool {
		out = append(out, e)
		return true
	})
	return out, err
}

// actionsOf returns the action executions of a task.
func (s *Server) actionsOf(taskID string) ([]*storage.ActionExecution, error) {
	var out []*storage.ActionExecution
	err := s.cfg.Runtime.ActionExecutions.Scan(storage.IndexTask, taskID, func(a *storage.ActionExecution) bool {
		out = append(out, a)
		return true
	})
	return out, err
}

// subExecutions appends ex and, depth first, the executions below it.
func (s *Server) subExecutions(out []*storage.Execution, ex *storage.Execution, o treeOptions, depth int) ([]*storage.Execution, error) {
	if o.deeper(depth) {
		return out, nil
	}
	out = append(out, ex)
	tasks, err := s.tasksOf(ex.ID)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		if out, err = s.taskSubExecutionList(out, t, o, depth+1); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// taskSubExecutionList appends the executions below task t.
func (s *Server) taskSubExecutionList(out []*storage.Execution, t *storage.Task, o treeOptions, depth int) ([]*storage.Execution, error) {
	if o.errorsOnly && t.State != "ERROR" {
		return out, nil
	}
	children, err := s.childExecutions(t.ID)
	if err != nil {
		return nil, err
	}
	for _, ch := range children {
		if out, err = s.subExecutions(out, ch, o, depth); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Server) executionSubExecutions(c *call) error {
	id, err := c.pathUUID("id", "id")
	if err != nil {
		return err
	}
	ex, err := s.execution(c, id)
	if err != nil {
		return err
	}
	list, err := s.subExecutions(nil, ex, c.treeOptions(), 0)
	if err != nil {
		return err
	}
	return writeSubExecutions(c, list)
}

func (s *Server) taskSubExecutions(c *call) error {
	id, err := c.pathUUID("id", "id")
	if err != nil {
		return err
	}
	t, err := s.task(c, id)
	if err != nil {
		return err
	}
	list, err := s.taskSubExecutionList(nil, t, c.treeOptions(), 0)
	if err != nil {
		return err
	}
	return writeSubExecutions(c, list)
}

func writeSubExecutions(c *call, list []*storage.Execution) error {
	want := without("output", "published_global", "source_execution_id")
	if c.flag("include_output") {
		want = without("published_global", "source_execution_id")
	}
	b := listKey(make([]byte, 0, 768*len(list)+32), "executions")
	for i, ex := range list {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendObject(b, executionFields, &executionView{Execution: ex}, want)
	}
	writeJSON(c.w, http.StatusOK, append(b, "]}"...))
	return nil
}

// taskExecutionList is GET /v2/tasks/{id}/workflow_executions: the
// executions a task started, listed like executions (its next link
// points at /v2/executions).
var taskExecutionList = &listSpec{
	collection: "executions",
	fields:     names(executionFields),
	filters: withoutParam(withoutParam(withoutParam(executionFilters, "task_execution_id"),
		"project_id"), "root_execution_id"),
	defaultSort:    "created_at",
	markerNotFound: executionList.markerNotFound,
}

func (s *Server) listTaskWorkflowExecutions(c *call) error {
	id, err := c.pathUUID("id", "task_execution_id")
	if err != nil {
		return err
	}
	lr, err := c.listRequest(taskExecutionList, s.cfg.Runtime.Executions)
	if err != nil {
		return err
	}
	lr.parentFilter(c, "task_execution_id", id)
	// Mistral loads neither params, input nor output here.
	base := without("params", "input", "output", "published_global", "source_execution_id")
	return s.writeExecutionList(c, lr, wantFields(lr, base, executionHidden...))
}
