package httpd

import (
	"net/http"

	"github.com/mistral-go/mistral-go/actors"
)

// taskFilters are the filter parameters of GET /v2/tasks in the order
// Mistral's controller builds them. result, reset and env are 500s in
// Mistral (no such columns): result filters on the stored result, reset
// and env are refused.
var taskFilters = []param{
	{"created_at", pText}, {"workflow_name", pText}, {"workflow_id", pUUID}, {"tags", pUniqueList},
	{"state", pText}, {"state_info", pText}, {"updated_at", pText}, {"name", pText},
	{"workflow_execution_id", pUUID}, {"result", pText}, {"published", pJSON},
	{"processed", pBool}, {"reset", pBool}, {"env", pJSON},
}

var taskList = &listSpec{
	collection:     "tasks",
	fields:         taskAttrNames,
	filters:        taskFilters,
	defaultSort:    "created_at",
	markerNotFound: func(id string) error { return notFound("Task execution not found [id=%s]", id) },
}

// executionTaskList is GET /v2/executions/{id}/tasks: the task list of
// one execution (its next link points at /v2/tasks).
var executionTaskList = &listSpec{
	collection:     "tasks",
	fields:         taskAttrNames,
	filters:        withoutParam(taskFilters, "workflow_execution_id"),
	defaultSort:    "created_at",
	markerNotFound: taskList.markerNotFound,
}

// taskHidden are the task attributes fields= never brings (not columns).
var taskHidden = []string{"published_global", "reset", "env"}

// withoutParam returns ps without the parameter named n.
func withoutParam(ps []param, n string) []param {
	out := make([]param, 0, len(ps))
	for _, p := range ps {
		if p.name != n {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) taskRoutes() []route {
	none := []param{}
	return []route{
		{method: "GET", path: "/v2/tasks", produces: jsonType, errors: shapeWSME, params: taskList.params(), h: s.listTasks},
		{method: "GET", path: "/v2/tasks/:id", produces: jsonType, errors: shapeWSME, params: none, h: s.getTask},
		{method: "PUT", path: "/v2/tasks/:id", produces: jsonType, errors: shapeWSME, params: none, h: s.rerunTask},
		{method: "GET", path: "/v2/tasks/:id/action_executions", produces: jsonType, errors: shapeWSME,
			params: taskActionExecutionList.params(param{"include_output", pBool}, param{"task_execution_id", pUUID}),
			h:      s.listTaskActionExecutions},
		{method: "GET", path: "/v2/tasks/:id/action_executions/:aid", produces: jsonType, errors: shapeWSME,
			params: none, h: s.getTaskActionExecution},
		{method: "GET", path: "/v2/tasks/:id/workflow_executions", produces: jsonType, errors: shapeWSME,
			params: taskExecutionList.params(), h: s.listTaskWorkflowExecutions},
		{method: "GET", path: "/v2/tasks/:id/executions", produces: jsonType, errors: shapeWSME,
			params: subExecutionParams, h: s.taskSubExecutions},
	}
}

// taskListWant is the field set of task lists: no result, no
// published_global.
func taskListWant(lr *listRequest) func(string) bool {
	return wantFields(lr, without("result", "published_global"), taskHidden...)
}

func (s *Server) listTasks(c *call) error {
	lr, err := c.listRequest(taskList, s.cfg.Runtime.Tasks)
	if err != nil {
		return err
	}
	return s.writeTaskList(c, lr)
}

func (s *Server) listExecutionTasks(c *call) error {
	id, err := c.pathUUID("id", "workflow_execution_id")
	if err != nil {
		return err
	}
	lr, err := c.listRequest(executionTaskList, s.cfg.Runtime.Tasks)
	if err != nil {
		return err
	}
	lr.parentFilter(c, "workflow_execution_id", id)
	return s.writeTaskList(c, lr)
}

func (s *Server) writeTaskList(c *call, lr *listRequest) error {
	recs, err := s.cfg.Runtime.Tasks.List(lr.query)
	if err != nil {
		return lr.listError(err)
	}
	want := taskListWant(lr)
	b := listKey(make([]byte, 0, 768*len(recs)+64), "tasks")
	last := ""
	for i, r := range recs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendObject(b, taskFields, &taskView{Task: r}, want)
		last = r.ID
	}
	b = append(b, ']')
	b = lr.appendNext(b, c, len(recs), last)
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}

func (s *Server) getTask(c *call) error {
	t, err := s.task(c, c.ps.ByName("id"))
	if err != nil {
		return err
	}
	v := &taskView{Task: t, global: taskGlobal(t)}
	writeJSON(c.w, http.StatusOK, appendObject(make([]byte, 0, 1024), taskFields, v, withGlobal(v.global != nil)))
	return nil
}

// withGlobal is the field set of a single task: published_global only
// when there is one.
func withGlobal(global bool) func(string) bool {
	if global {
		return nil
	}
	return without("published_global")
}

// rerunTask serves PUT /v2/tasks/{id}: the body and the checks Mistral's
// API makes (names, target state, task in ERROR); the engine decides the
// rest (with-items reset, env and the execution's state).
func (s *Server) rerunTask(c *call) error {
	m, err := c.runtimeBody("task", taskAttrs, "reset")
	if err != nil {
		return err
	}
	id := c.ps.ByName("id")
	t, err := s.task(c, id)
	if err != nil {
		return err
	}
	if n := bodyText(m, "name"); n != "" && n != t.Name {
		return invalid("Task name does not match.")
	}
	if n := bodyText(m, "workflow_name"); n != "" {
		ex, err := s.execution(c, t.WorkflowExecutionID)
		if err != nil {
			return err
		}
		if n != ex.WorkflowName {
			return invalid("Workflow name does not match.")
		}
	}
	state := bodyText(m, "state")
	if state != "RUNNING" {
		return invalid("Invalid task state. Only updating task to rerun is supported.")
	}
	if t.State != "ERROR" {
		return invalid("The current task execution must be in ERROR for rerun. Only updating task to rerun is supported.")
	}
	reset, _ := m.Get("reset")
	rb, _ := reset.(bool)
	req := actors.RerunRequest{State: state, Reset: &rb}
	if env := bodyMap(m, "env"); env != nil && env.Len() > 0 {
		req.Env = env
	}
	t, err = s.cfg.Engine.RerunTask(c.r.Context(), id, req)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(make([]byte, 0, 1024), taskFields, &taskView{Task: t}, without("published_global")))
	return nil
}
