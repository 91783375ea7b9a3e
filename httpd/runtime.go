package httpd

import (
	"errors"
	"slices"

	"github.com/mistral-go/mistral-go/storage"
)

// The runtime API: executions, tasks and action executions. Reads go
// straight to the stored records (Config.Runtime); every change goes
// through the engine (Config.Engine), which answers once it is durable.

// runtimeRoutes returns the routes of executions, tasks and action
// executions, or none when the server has no engine.
func (s *Server) runtimeRoutes() []route {
	if s.cfg.Runtime == nil || s.cfg.Engine == nil {
		return nil
	}
	var table []route
	table = append(table, s.executionRoutes()...)
	table = append(table, s.taskRoutes()...)
	table = append(table, s.actionExecutionRoutes()...)
	return table
}

// Completed reports whether an execution, task or action execution state
// is final.
func completed(state string) bool {
	return state == "SUCCESS" || state == "ERROR" || state == "CANCELLED"
}

// execution reads an execution the caller may see, or Mistral's 404.
func (s *Server) execution(c *call, id string) (*storage.Execution, error) {
	ex, err := s.cfg.Runtime.Executions.Get(id)
	if errors.Is(err, storage.ErrNotFound) || err == nil && !c.visibleRun(ex.ProjectID) {
		return nil, notFound("WorkflowExecution not found [id=%s]", id)
	}
	return ex, err
}

// task reads a task execution the caller may see, or Mistral's 404.
func (s *Server) task(c *call, id string) (*storage.Task, error) {
	t, err := s.cfg.Runtime.Tasks.Get(id)
	if errors.Is(err, storage.ErrNotFound) || err == nil && !c.visibleRun(t.ProjectID) {
		return nil, notFound("Task execution not found [id=%s]", id)
	}
	return t, err
}

// actionExecution reads an action execution the caller may see, or
// Mistral's 404.
func (s *Server) actionExecution(c *call, id string) (*storage.ActionExecution, error) {
	a, err := s.cfg.Runtime.ActionExecutions.Get(id)
	if errors.Is(err, storage.ErrNotFound) || err == nil && !c.visibleRun(a.ProjectID) {
		return nil, notFound("ActionExecution not found [id=%s]", id)
	}
	return a, err
}

// pathUUID returns path segment seg, which Mistral types as a uuid
// argument named arg: anything else is a 400 in its words.
func (c *call) pathUUID(seg, arg string) (string, error) {
	v := c.ps.ByName(seg)
	if err := checkParam(param{arg, pUUID}, v); err != nil {
		return "", err
	}
	return uuidValue(v), nil
}

// nullsParam decodes nulls= (executions only): the set of columns that
// must be null. Unknown and non-nullable columns are 400s (500s in
// Mistral).
func (c *call) nullsParam(spec *listSpec) (map[string]bool, error) {
	if spec.nullable == nil || !c.has("nulls") {
		return nil, nil
	}
	out := map[string]bool{}
	for _, n := range splitList(c.get("nulls"), false) {
		switch {
		case n == "id":
			return nil, invalid("The field '%s' can't hold None value.", n)
		case !slices.Contains(spec.nullable, n):
			return nil, invalid("'%s' is not a valid field name.", n)
		}
		out[n] = true
	}
	return out, nil
}

// parentFilter restricts the list to field = v (a nested route's
// parent). The filter goes first, so that its index is used; in the next
// link it follows the filter parameters of before that are present, as
// Mistral builds it.
func (lr *listRequest) parentFilter(c *call, field, v string, before ...param) {
	n := 0
	for _, p := range before {
		if c.has(p.name) {
			n++
		}
	}
	lr.query.Filters = slices.Insert(lr.query.Filters, 0, storage.Filter{Field: field, Op: storage.Eq, Value: v})
	lr.filterArgs = slices.Insert(lr.filterArgs, min(n, len(lr.filterArgs)), field+"=eq:"+v)
}
